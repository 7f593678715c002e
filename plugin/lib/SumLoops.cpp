// The shared recognisers of sum loops (SumLoops.h).
#include "SumLoops.h"
#include "ValueBinder.h"
#include "FunctionBuilder.h"

#include "clang/AST/ExprCXX.h"

using namespace clang;

namespace adgen {

const VarDecl *referencedVariable(const Expr *E) {
  if (const auto *Ref = dyn_cast<DeclRefExpr>(E->IgnoreParenImpCasts()))
    return dyn_cast<VarDecl>(Ref->getDecl());
  return nullptr;
}

// No call but to <cmath> and container reads: a user function might write
// anything.
bool callsOnlyMath(const Stmt *S) {
  if (const auto *E = dyn_cast<Expr>(S); E && isCallToUserCode(E))
    return false;
  if (isa<LambdaExpr, StmtExpr>(S))
    return false;
  for (const Stmt *Child : S->children())
    if (Child && !callsOnlyMath(Child))
      return false;
  return true;
}

bool readsVaried(const Stmt *S, const ActivityAnalysis &Activity) {
  if (const auto *Ref = dyn_cast<DeclRefExpr>(S))
    if (const auto *V = dyn_cast<VarDecl>(Ref->getDecl()); V && Activity.isVaried(V))
      return true;
  for (const Stmt *Child : S->children())
    if (Child && readsVaried(Child, Activity))
      return true;
  return false;
}

bool writesVaried(const Stmt *S, const ActivityAnalysis &Activity) {
  for (const VarDecl *V : Activity.variedVariables())
    if (writesVariable(S, V) || declaresVariable(S, V))
      return true;
  return false;
}

bool isSum(const Stmt *S, const ForStmt *Loop, const ActivityAnalysis &Activity) {
  const auto *B = dyn_cast<BinaryOperator>(S);
  if (!B || (B->getOpcode() != BO_AddAssign && B->getOpcode() != BO_SubAssign))
    return false;
  const VarDecl *Sum = referencedVariable(B->getLHS());
  return Sum && Activity.isVaried(Sum) && Sum->getType()->isRealFloatingType() &&
         !declaresVariable(Loop, Sum) && !hasSideEffects(B->getRHS());
}

// The sums of a loop body made only of sums, statements that touch no
// active variable (`int k = i / 2;`), if/else, break and continue; false if
// the body holds anything else.
bool collectSums(const Stmt *S, const ForStmt *Loop,
                 const ActivityAnalysis &Activity,
                 std::vector<const BinaryOperator *> &Sums) {
  if (!S || isa<NullStmt, BreakStmt, ContinueStmt>(S))
    return true;
  if (const auto *C = dyn_cast<CompoundStmt>(S)) {
    for (const Stmt *Child : C->body())
      if (!collectSums(Child, Loop, Activity, Sums))
        return false;
    return true;
  }
  if (const auto *If = dyn_cast<IfStmt>(S))
    return !If->getInit() && !If->getConditionVariable() && !If->isConsteval() &&
           !hasSideEffects(If->getCond()) &&
           collectSums(If->getThen(), Loop, Activity, Sums) &&
           collectSums(If->getElse(), Loop, Activity, Sums);
  if (const auto *D = dyn_cast<DeclStmt>(S)) {
    for (const Decl *Each : D->decls()) {
      const auto *V = dyn_cast<VarDecl>(Each);
      if (!V || Activity.isVaried(V) || V->isStaticLocal() ||
          V->getType()->isArrayType() || V->getType()->isReferenceType() ||
          (V->getInit() && hasSideEffects(V->getInit())))
        return false;
    }
    return true;
  }
  const auto *E = dyn_cast<Expr>(S);
  if (!E)
    return false;
  E = E->IgnoreParens();
  if (isSum(E, Loop, Activity)) {
    Sums.push_back(cast<BinaryOperator>(E));
    return true;
  }
  return !writesVaried(E, Activity) && !readsVaried(E, Activity) &&
         callsOnlyMath(E);
}

unsigned countReferences(const Stmt *S, const VarDecl *V) {
  unsigned N = 0;
  if (const auto *Ref = dyn_cast<DeclRefExpr>(S); Ref && Ref->getDecl() == V)
    ++N;
  for (const Stmt *Child : S->children())
    if (Child)
      N += countReferences(Child, V);
  return N;
}


} // namespace adgen
