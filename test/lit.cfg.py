# lit configuration for ad's tests. Substitutions:
#   %adxx     the ad-clang++ wrapper, C++17, -Wall, with test/support on the path
#             (and the sanitizers with --param sanitize=1)
#   %clangxx  the same clang++ without the plugin
#   %plugin   the plugin's .so;  %runtime  the runtime's include directory
#   %gxx      g++ (for checking that generated code is portable)
#   %ad_src   the repository's root (to build the examples)
#   %adgen    the ad-gen tool
import os
import shutil
import lit.formats

config.name = "ad"
config.test_format = lit.formats.ShTest(execute_external=True)
config.suffixes = [".cpp", ".test"]
config.excludes = ["support", "unit", "Inputs"]
if shutil.which("gdb"):
    config.available_features.add("gdb")
config.test_source_root = os.path.dirname(__file__)
config.test_exec_root = os.path.join(config.ad_build_dir, "test")

support = os.path.join(config.test_source_root, "support")
wrapper = os.path.join(config.ad_build_dir, "bin", "ad-clang++")
# `lit --param sanitize=1`: programs built with %adxx run under
# AddressSanitizer and UndefinedBehaviorSanitizer (generated code and
# runtime), any report failing the test (scripts/test.sh runs the gradient
# tests this way too).
sanitize = ""
if lit_config.params.get("sanitize"):
    sanitize = " -fsanitize=address,undefined -fno-sanitize-recover=all -fno-omit-frame-pointer"
    config.environment["ASAN_OPTIONS"] = "detect_leaks=1:abort_on_error=0"
    config.environment["UBSAN_OPTIONS"] = "print_stacktrace=1"
config.substitutions.append(("%adxx", f"{wrapper} -std=c++17 -Wall -I{support}{sanitize}"))
config.substitutions.append(("%clangxx", f"{config.clangxx} -std=c++17 -Wall -I{support}"))
config.substitutions.append(("%plugin", config.plugin))
config.substitutions.append(("%runtime", config.runtime_include))
config.substitutions.append(("%gxx", f"g++ -std=c++17 -Wall -I{support}"))
config.substitutions.append(("%ad_src", config.ad_source_dir))
config.substitutions.append(("%clang_exe", config.clangxx))
config.substitutions.append(("%ad_build", config.ad_build_dir))
config.substitutions.append(("%adgen", os.path.join(config.ad_build_dir, "bin", "ad-gen")))

config.environment["PATH"] = os.pathsep.join(
    [config.llvm_tools_dir, config.environment.get("PATH", os.environ["PATH"])])
