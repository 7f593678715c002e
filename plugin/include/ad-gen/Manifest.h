// A JSON description of the marked functions of a translation unit, for
// tools that call them from other languages (the Python package adcpp):
// names, parameters, which are active, and the name of each gradient.
// Written with -fplugin-arg-ad-manifest=FILE; the format is in
// docs/python.md.
#pragma once

#include "clang/AST/ASTContext.h"

#include <string>

namespace adgen {

// The manifest of every marked function outside system headers, as JSON
// text.
std::string describeMarkedFunctions(clang::ASTContext &Ctx);

} // namespace adgen
