// Which calls the reverse sweep may evaluate again: the reverse sweep
// recomputes the operands that partial derivatives read, and that is only
// right for a call that returns the same value again and does nothing else.
// A call that fails this test (a random number generator's draw, a
// function that counts its calls in a global, one that writes through its
// arguments) has its value stored in the forward sweep instead (see
// Effects.cpp).
#pragma once

#include "clang/AST/Decl.h"
#include "clang/AST/Expr.h"

#include <string>
#include <utility>

namespace adgen {

// True if evaluating Call again gives the same value and has no effect:
// <cmath>, reads of std containers, std::min/max/clamp/abs, and functions
// whose visible bodies write nothing but their own locals and call only
// such functions.
bool isPureCall(const clang::CallExpr *Call);

// True if F changes nothing but its own locals and what its pointer and
// reference parameters point to: its pullback may run its body again.
bool changesOnlyItsArguments(const clang::FunctionDecl *F);

// Where F (for which changesOnlyItsArguments was false) first changes
// something else, and why, in the user's terms: the innermost construct
// along its calls. Null if unknown.
std::pair<const clang::Stmt *, std::string> impurity(const clang::FunctionDecl *F);

// True if Call, a call to user code, may store through one of its pointer
// or reference arguments or into its object (not a pure call, not a
// standard container's member, which has rules of its own).
bool writesThroughArguments(const clang::CallExpr *Call);

// Forgets what isPureCall learned (declarations belong to one translation
// unit).
void resetPurityCache();

// The first call in E that may change state or return a different value
// each time (`tick()`, `u(gen)`), besides <cmath>'s; null if none.
const clang::CallExpr *impureCallIn(const clang::Expr *E);

} // namespace adgen
