// Whether a file can be compiled in one parse, read off its tokens before
// anything is parsed (docs/performance.md, "Compile time").
//
// The usual way compiles a file twice: an analysis parse, from which the
// generator makes the file's text with the gradients inserted, then the
// real compilation of that text. In one parse, the real compilation is
// also the analysis: the file is read with `;_Pragma("ad_declare")` after
// each marked function, where the plugin enters f_grad's declaration, and
// `_Pragma("ad_define")` at its end, where the plugin runs the generator
// on the whole translation unit and enters the definitions. The generated
// text then has that layout (GeneratorOptions::DefinitionsAtEnd): the
// prototypes right after each marked function, the definitions at the end
// of the file, in their namespaces again.
//
// That layout serves the plain case: every marked function defined in the
// main file at namespace scope, not a template, and nothing before the end
// of the file needing more than f_grad's declaration (a call of f_jvp,
// f_jacobian, f_hvp or f_hessian, a marked function calling a derivative).
// Anything else keeps two parses; the check errs towards two.
#pragma once

#include "clang/Basic/LangOptions.h"
#include "llvm/ADT/StringRef.h"

#include <string>
#include <vector>

namespace adgen {

struct SingleParsePlan {
  bool Eligible = false;
  bool NothingMarked = false; // no attribute at all: nothing to generate
  std::string Why; // why not, for -fplugin-arg-ad-parse=once's message
  // Offsets in the text just after the closing brace of each marked
  // function, in order.
  std::vector<unsigned> FunctionEnds;
};

SingleParsePlan planSingleParse(llvm::StringRef Text, const clang::LangOptions &LangOpts);

// The pragmas the plugin handles (ad_declare after a marked function,
// ad_define at the end of the file).
inline constexpr const char *kDeclarePragma = "ad_declare";
inline constexpr const char *kDefinePragma = "ad_define";

} // namespace adgen
