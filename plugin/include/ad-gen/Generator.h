// The derivative generator: from a parsed translation unit to the source text
// of its main file with `f_grad` inserted after every marked function `f`.
// It is independent of how it is driven: the compiler plugin and the
// `ad-gen` tool both call generateGradients().
#pragma once

#include "clang/AST/ASTContext.h"
#include "clang/Basic/SourceLocation.h"

namespace clang {
class Sema;
}

#include <map>
#include <set>
#include <string>
#include <vector>

namespace adgen {

// At most this many generation stages (a nested derivative of a nested
// derivative needs one per level).
inline constexpr unsigned kMaxStages = 4;

struct GeneratorOptions {
  // The file name that `#line` directives give to generated code, so that a
  // debugger stepping through f_grad shows the emitted file.
  std::string GeneratedFileName;
  // Where a header's generated text is named to be (generatedFileName):
  // the emit directory, or "" for beside the header.
  std::string HeaderDir;
  // A gradient with one real input is built in forward mode (f_jvp's
  // statements, JvpBuilder::setGradientOfOneInput) when forward mode
  // handles its body; false: always reverse mode.
  bool ForwardModeForOneInput = true;
  // Calls of helpers in split mode (docs/design.md, "Split calls"): Auto
  // where it pays (a loop over data and transcendental functions in the
  // helper), Always where it applies (for testing), Never.
  enum class SplitCalls { Auto, Always, Never } Split = SplitCalls::Auto;
  // The parse's semantic analysis, to instantiate a marked function template
  // for the types its gradient is called with (Templates.h); null: marked
  // templates are an error.
  clang::Sema *Sema = nullptr;

  // Generation runs in stages when second or nested derivatives are needed
  // (SecondOrder.h): each stage parses the text the previous one made.
  // Stage 0 parses the user's file; later stages get what the previous
  // stage left for them (GeneratedSource's Next).
  unsigned Stage = 0;
  // Marked functions of which only f_grad is built (f_hvp's cores).
  std::set<std::string> GradientOnly;
  // The names the earlier stages' generated regions have (#line).
  std::set<std::string> GeneratedNames;
  // Why a call of g_grad in a marked function cannot be differentiated,
  // per g (its f_hvp was not generated).
  std::map<std::string, std::string> NestedWhy;
  // The errors of the parse (where, and the message): the parse runs
  // before the generated functions exist, and Clang drops some invalid
  // expressions (`lib::g_grad(...)`) without a trace in the AST, so a
  // function whose body had one must not be differentiated as it parsed.
  std::vector<std::pair<clang::SourceLocation, std::string>> ParseErrors;
  // The layout of a file compiled in one parse (SingleParse.h): f_grad's
  // declaration (gradientDeclaration) after each marked function, every
  // definition at the end of the main file, in its namespaces again, and
  // the runtime headers other than ad/core.hpp included there.
  bool DefinitionsAtEnd = false;
  // Text the plugin added to the parsed files for one parse (per file as
  // the compiler names it, offset and length: the runtime include, the
  // pragmas), left out of the generated text.
  std::map<std::string, std::vector<std::pair<unsigned, unsigned>>> PluginText;
  // The declarations the plugin entered after each marked function (one
  // parse), which the generated text then holds as they were compiled.
  std::map<const clang::FunctionDecl *, std::string> Declared;
};

// A header of the user's that holds marked functions, rewritten.
struct GeneratedHeader {
  std::string Path;          // as the compiler names it
  std::string GeneratedName; // what `#line` calls its generated regions
  std::string Text;
};

struct GeneratedSource {
  bool Success = false; // false: errors were reported through Ctx's diagnostics
  bool HasGradients = false; // false: no marked function, Text is empty
  // The rewritten main file; after errors, with declarations of the
  // gradients that failed, so calls of them give no further error.
  std::string Text;
  std::vector<GeneratedHeader> Headers;
  // Another stage is needed: Text holds marked functions (deferred ones
  // that call derivatives not yet parsed, f_hvp's cores); parse it with
  // these options next.
  bool AnotherStage = false;
  // DefinitionsAtEnd: the end of Text that follows the user's file (from
  // its `#line` on), and why the layout could not be kept, if it could
  // not (a construct the planner did not foresee).
  std::string EndRegion;
  std::string NotAtEnd;
  std::set<std::string> GradientOnly;
  std::map<std::string, std::string> NestedWhy;
};

// DIR/name.ad.ext for Original = .../name.ext (Dir empty: beside Original).
std::string generatedFileName(llvm::StringRef Original, llvm::StringRef Dir);

// Errors (unsupported constructs, bad use of the attribute) are reported
// through Ctx.getDiagnostics() at the offending construct.
GeneratedSource generateGradients(clang::ASTContext &Ctx,
                                  const GeneratorOptions &Options);

// Path in double quotes, escaped for a #line directive or a string literal.
std::string quoted(llvm::StringRef Path);

// The runtime's include that opens the text of a file compiled in one
// parse (the other runtime headers come at its end).
std::string runtimeIncludeText(llvm::StringRef MainName);

// What goes after a marked function Def in the one-parse layout:
// f_grad's prototype, `;`, newline.
std::string gradientDeclaration(clang::ASTContext &Ctx, const clang::FunctionDecl *Def);

} // namespace adgen
