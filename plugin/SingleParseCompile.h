// Compiling a file in one parse (ad-gen/SingleParse.h): the compiler reads
// the user's file with two pragmas added, and the plugin's handlers for
// them enter the generated declarations after each marked function and the
// generated definitions at the end, where the parse has seen the whole
// translation unit. No analysis parse: the compilation costs one parse of
// the file plus the gradients' own code (docs/performance.md).
#pragma once

#include "ad-gen/Generator.h"

#include "clang/Frontend/CompilerInstance.h"

#include <functional>
#include <string>
#include <vector>

namespace adplugin {

struct SingleParseSettings {
  adgen::GeneratorOptions Options; // GeneratedFileName: the emitted file's name
  bool Emit = false;               // write the generated text to Options.GeneratedFileName
  std::string ManifestPath;        // -fplugin-arg-ad-manifest, or ""
  std::function<void(const std::string &Path, const std::string &Text)> Write;
  // Headers the main file includes with quotes that mention the attribute
  // (their paths as the compiler names them): compiled in the one parse
  // too, if each allows it.
  std::vector<std::string> Headers;
};

// Replaces the main file's text with the one to parse and installs the
// pragma handlers. False, with Why, if the file needs two parses; then
// nothing is changed.
bool startSingleParse(clang::CompilerInstance &CI, SingleParseSettings Settings,
                      std::string &Why);

} // namespace adplugin
