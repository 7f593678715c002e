// Where generated text goes in the user's file, and how it keeps the
// user's line numbers: insertion after a line (with `#line` directives
// putting the rest of the file back on its own lines), the attribute
// hidden in a comment, and the generated regions numbered as lines of the
// generated file. Shared by every generation stage (a later stage rewrites
// an earlier stage's text, whose regions are then renumbered).
#pragma once

#include "clang/AST/Attr.h"
#include "clang/AST/DeclCXX.h"
#include "clang/Basic/SourceManager.h"
#include "clang/Rewrite/Core/Rewriter.h"

#include <string>
#include <vector>

namespace adgen {

// Path in double quotes, escaped for a #line directive or a string literal.
std::string quoted(llvm::StringRef Path);

// The include of the runtime that the generated code needs (ad/core.hpp,
// then the Extra headers), and how to get it if it is missing; ends with
// `#line 1 "MainName"`.
std::string runtimeInclude(llvm::StringRef MainName, const std::vector<std::string> &Extra);
// The headers after ad/core.hpp that a file needs: ad/vector.hpp, <array>
// and <optional> where the translation unit declares those templates or
// one of Texts (the rewritten files) names them.
std::vector<std::string> runtimeHeaders(clang::ASTContext &Ctx,
                                        llvm::ArrayRef<std::string> Texts);

// Turns `ad::differentiate(...)` into `/*differentiate(...)*/`, keeping the
// columns, so the output compiles without the plugin and without warnings.
void hideAttribute(clang::Rewriter &R, const clang::SourceManager &SM,
                   const clang::LangOptions &LangOpts, const clang::AnnotateAttr *A);
// Every [[ad::differentiate]] on F's declarations.
void hideAttributes(clang::Rewriter &R, const clang::SourceManager &SM,
                    const clang::LangOptions &LangOpts, const clang::FunctionDecl *F);

// Where a member function's gradient is defined: after its definition if
// that is outside the class, else after the outermost enclosing class.
clang::SourceLocation definitionPlace(const clang::CXXMethodDecl *M);

// Inserts Text (in a generated region) after the line holding Loc; with
// RightAfter, right after the `}` at Loc (as when a namespace closes on
// the same line).
void insertAfterLine(clang::Rewriter &R, const clang::SourceManager &SM, clang::SourceLocation Loc,
                     const std::string &Text, bool RightAfter = false);

// Generated text placed at the end of the main file (one parse,
// SingleParse.h): chunks in order, each in the namespaces of the
// declaration it goes with, opened again there (not `extern "C"` blocks: a
// definition keeps the linkage of the declaration before it, and the
// generated helpers include templates, which C linkage does not allow).
class EndOfFileText {
public:
  // False (nothing added) if Context is inside a class or a function.
  bool add(const clang::DeclContext *Context, const std::string &Text);
  bool empty() const { return Chunks.empty(); }
  std::string render() const;

private:
  struct Chunk {
    std::vector<std::string> Opening; // outermost first: `namespace w9 {`
    std::string Text;
  };
  std::vector<Chunk> Chunks;
};

// Numbers the generated regions' lines as lines of the generated file Name
// (new regions and those an earlier stage numbered).
std::string numberGeneratedLines(const std::string &Text, const std::string &Name);

} // namespace adgen
