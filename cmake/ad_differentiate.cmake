# ad_differentiate(TARGET): compile TARGET's sources with the ad plugin, so
# their [[ad::differentiate]] functions get f_grad. Needs Clang 19 as the
# project's C++ compiler (configure with -DCMAKE_CXX_COMPILER=clang++-19).
# Works inside this build (add_subdirectory) and through find_package(ad),
# which sets AD_PLUGIN_FILE and the ad::runtime target (adConfig.cmake).
function(ad_differentiate target)
  if(NOT CMAKE_CXX_COMPILER_ID STREQUAL "Clang" OR
     NOT CMAKE_CXX_COMPILER_VERSION MATCHES "^19\\.")
    message(FATAL_ERROR
      "ad_differentiate(${target}): the ad plugin runs inside Clang 19, but "
      "the C++ compiler is ${CMAKE_CXX_COMPILER_ID} ${CMAKE_CXX_COMPILER_VERSION}; "
      "configure with -DCMAKE_CXX_COMPILER=clang++-19")
  endif()
  target_compile_options(${target} PRIVATE "-fplugin=${AD_PLUGIN_FILE}")
  target_link_libraries(${target} PRIVATE ad::runtime)
  if(TARGET ad_plugin)
    add_dependencies(${target} ad_plugin)
  endif()
  # A new plugin means new gradients: recompile.
  get_target_property(sources ${target} SOURCES)
  set_property(SOURCE ${sources} TARGET_DIRECTORY ${target}
    APPEND PROPERTY OBJECT_DEPENDS ${AD_PLUGIN_FILE})
endfunction()
