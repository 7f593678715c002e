// Whether a function may change the elements of a container it holds by
// value. A pullback binds the shadow of such a parameter straight to the
// caller's element shadows when the function only reads it (no copy, no
// add at the end); when the function changes its copy, the reverse sweep
// resets element adjoints as it undoes the writes, which must not touch
// the caller's, so the copy gets a shadow of its own (FunctionBuilder.cpp).
// Clang's ExprMutationAnalyzer takes every call of a non-const member as a
// change, and `v[i]` on a non-const vector is one; this walks each use of
// the variable up to what is done with it.
#pragma once

#include "clang/AST/ASTContext.h"
#include "clang/AST/Decl.h"

namespace adgen {

// False only if every use of V in Body reads it: an element read (`v[i]`,
// `v.at(i)`, `v.front()`, `v.data()[i]`, through `[]`, `*`), a const
// member call (`v.size()`), a copy, an argument by value or const
// reference, a range-for by value or const reference. Anything else
// (a store, a non-const reference, pointer or iterator taken, a mutating
// member) may change it.
bool mayChangeElements(const clang::Stmt *Body, const clang::VarDecl *V,
                       clang::ASTContext &Ctx);

} // namespace adgen
