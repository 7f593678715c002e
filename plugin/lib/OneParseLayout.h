// The layout of a file compiled in one parse (ad-gen/SingleParse.h,
// GeneratorOptions::DefinitionsAtEnd): f_grad's declaration after each
// marked function, with the shadow hooks its signature needs, and a
// generated region at the end of the main file holding the runtime headers
// the definitions use and the definitions, in their namespaces again.
#pragma once

#include "Pullbacks.h"
#include "TextPlacement.h"

#include "clang/AST/ASTContext.h"
#include "clang/Rewrite/Core/Rewriter.h"

#include <string>
#include <vector>

namespace adgen {

// f_grad's prototype (no `;`), from f's signature and attribute.
std::string gradientPrototype(clang::ASTContext &Ctx, const clang::FunctionDecl *FD,
                              const clang::AnnotateAttr *A, PullbackRegistry &Pullbacks);

// What follows f: the hooks its signature needs that Pullbacks has not
// written yet and the translation unit does not hold, then the prototype.
std::string declarationWithHooks(clang::ASTContext &Ctx, const clang::FunctionDecl *Def,
                                 const clang::AnnotateAttr *Attr, PullbackRegistry &Pullbacks);

// Appends the end region (End, after a line that endIncludes fills).
void placeAtEnd(clang::Rewriter &R, const clang::SourceManager &SM, const EndOfFileText &End);

// Main (the main file's rewritten text) with the end region's first line
// filled: a comment and the runtime headers the rewritten texts use.
std::string endIncludes(clang::ASTContext &Ctx, const std::vector<std::string> &Texts,
                        std::string Main);

} // namespace adgen
