// What the two rules for loops that only add terms into sums share
// (SumReduction.cpp: partials summed in the forward loop; ReplayedSums.cpp:
// the loop run forward again in the reverse sweep): recognising the sums
// and the statements around them.
#pragma once

#include "Activity.h"

#include "clang/AST/Expr.h"
#include "clang/AST/Stmt.h"

#include <vector>

namespace adgen {

// The variable E names, or null.
const clang::VarDecl *referencedVariable(const clang::Expr *E);
// No call but to <cmath> and container reads: a user function might write
// anything.
bool callsOnlyMath(const clang::Stmt *S);
bool readsVaried(const clang::Stmt *S, const ActivityAnalysis &Activity);
bool writesVaried(const clang::Stmt *S, const ActivityAnalysis &Activity);
// `s += term` or `s -= term`, s a varied real variable declared outside
// Loop, the term without side effects.
bool isSum(const clang::Stmt *S, const clang::ForStmt *Loop, const ActivityAnalysis &Activity);
// The sums of a loop body made only of sums, statements that touch no
// active variable (`int k = i / 2;`), if/else, break and continue; false if
// the body holds anything else.
bool collectSums(const clang::Stmt *S, const clang::ForStmt *Loop,
                 const ActivityAnalysis &Activity,
                 std::vector<const clang::BinaryOperator *> &Sums);
unsigned countReferences(const clang::Stmt *S, const clang::VarDecl *V);

} // namespace adgen
