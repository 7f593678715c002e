// Whether generated definitions at the end of the file would call other
// functions than the user's code does (LateOverloads.cpp).
#pragma once

#include "clang/AST/ASTContext.h"

namespace clang {
class Sema;
}

#include <string>
#include <vector>

namespace adgen {

// "" if no function reachable from Marked calls a function of the user's
// whose name gets another overload after the caller; else which one.
// With S, a later overload counts only if resolving the call among every
// declaration now visible would choose another function.
std::string overloadDeclaredLater(clang::ASTContext &Ctx, clang::Sema *S,
                                  const std::vector<const clang::FunctionDecl *> &Marked);

} // namespace adgen
