#include "Activity.h"
#include "ad-gen/Attribute.h"
#include "MathRules.h"
#include "Pullbacks.h"

#include "clang/AST/ExprCXX.h"
#include "clang/AST/RecursiveASTVisitor.h"

using namespace clang;

namespace adgen {

bool holdsReals(QualType T) {
  T = T.getNonReferenceType();
  while (true) {
    if (const auto *Arr = T->getAsArrayTypeUnsafe())
      T = Arr->getElementType();
    else if (const auto *Ptr = T->getAs<PointerType>())
      T = Ptr->getPointeeType();
    else
      break;
  }
  return isRealType(T);
}

bool isContainerElement(const Expr *E, const Expr *&Container,
                        const Expr *&Index) {
  E = E->IgnoreParenImpCasts();
  if (const auto *Op = dyn_cast<CXXOperatorCallExpr>(E)) {
    if (Op->getOperator() != OO_Subscript || Op->getNumArgs() != 2 ||
        !isRealContainer(Op->getArg(0)->getType()))
      return false;
    Container = Op->getArg(0);
    Index = Op->getArg(1);
    return true;
  }
  if (const auto *Call = dyn_cast<CXXMemberCallExpr>(E)) {
    const auto *Method = Call->getMethodDecl();
    if (!Method || !Method->getIdentifier() || Method->getName() != "at" ||
        Call->getNumArgs() != 1 ||
        !isRealContainer(Call->getImplicitObjectArgument()->getType()))
      return false;
    Container = Call->getImplicitObjectArgument();
    Index = Call->getArg(0);
    return true;
  }
  return false;
}

const Expr *containerOfData(const Expr *E) {
  const auto *Call = dyn_cast<CXXMemberCallExpr>(E->IgnoreParenImpCasts());
  if (!Call)
    return nullptr;
  const auto *Method = Call->getMethodDecl();
  if (!Method || !Method->getIdentifier() || Method->getName() != "data" ||
      !isRealContainer(Call->getImplicitObjectArgument()->getType()))
    return nullptr;
  return Call->getImplicitObjectArgument();
}

const VarDecl *assignedVariable(const Expr *E) {
  E = E->IgnoreParenImpCasts();
  if (const auto *Ref = dyn_cast<DeclRefExpr>(E))
    return dyn_cast<VarDecl>(Ref->getDecl());
  if (const auto *Sub = dyn_cast<ArraySubscriptExpr>(E))
    return assignedVariable(Sub->getBase());
  if (const auto *Un = dyn_cast<UnaryOperator>(E))
    if (Un->getOpcode() == UO_Deref)
      return assignedVariable(Un->getSubExpr());
  if (const auto *Bin = dyn_cast<BinaryOperator>(E))
    if (Bin->isAdditiveOp())
      return assignedVariable(Bin->getLHS()->getType()->isPointerType()
                                  ? Bin->getLHS()
                                  : Bin->getRHS());
  return nullptr;
}

// Visits every write in the body once per fixed-point round.
class ActivityAnalysis::Propagator
    : public RecursiveASTVisitor<ActivityAnalysis::Propagator> {
public:
  explicit Propagator(ActivityAnalysis &A) : A(A) {}
  bool Changed = false;

  bool VisitBinaryOperator(BinaryOperator *B) {
    if (B->isAssignmentOp())
      Changed |= A.markVariable(assignedVariable(B->getLHS()),
                                B->isCompoundAssignmentOp() ? B : B->getRHS());
    return true;
  }
  bool VisitVarDecl(VarDecl *V) {
    Changed |= A.markVariable(V, V->getInit());
    return true;
  }
  bool VisitCXXForRangeStmt(CXXForRangeStmt *S) {
    Changed |= A.markVariable(S->getLoopVariable(), S->getRangeInit());
    return true;
  }
  bool VisitCallExpr(CallExpr *C) {
    Changed |= A.markCallOutputs(C);
    return true;
  }

private:
  ActivityAnalysis &A;
};

ActivityAnalysis::ActivityAnalysis(
    const FunctionDecl *FD, const std::vector<const ParmVarDecl *> &Active) {
  for (const ParmVarDecl *P : Active)
    Varied.insert(P);
  Stmt *Body = FD->getBody();
  for (bool Changed = Body != nullptr; Changed;) {
    Propagator P(*this);
    P.TraverseStmt(Body);
    Changed = P.Changed;
  }
}

// A call with an active argument may store active values through the
// pointers and references it is given.
bool ActivityAnalysis::markCallOutputs(const CallExpr *C) {
  const FunctionDecl *Callee = C->getDirectCallee();
  if (!Callee || findMathRule(Callee))
    return false;
  bool AnyActive = false;
  for (const Expr *Arg : C->arguments())
    AnyActive |= dependsOnVaried(Arg);
  if (!AnyActive)
    return false;
  bool Changed = false;
  for (unsigned I = 0; I < C->getNumArgs() && I < Callee->getNumParams(); ++I) {
    const ParmVarDecl *P = Callee->getParamDecl(I);
    if (!writesThroughParameter(Callee, P))
      continue;
    const VarDecl *V = assignedVariable(C->getArg(I));
    if (V && holdsReals(V->getType()) && Varied.insert(V).second)
      Changed = true; // whatever it stores there is taken as active
  }
  return Changed;
}

// V holds reals and receives Value, which depends on a varied variable.
bool ActivityAnalysis::markVariable(const VarDecl *V, const Expr *Value) {
  if (!V || !holdsReals(V->getType()) || Varied.count(V) ||
      !dependsOnVaried(Value))
    return false;
  Varied.insert(V);
  return true;
}

bool ActivityAnalysis::dependsOnVaried(const Expr *E) const {
  if (!E)
    return false;
  // `v.at(i)`, `v.data()`: the object carries the activity.
  if (const auto *Member = dyn_cast<MemberExpr>(E))
    return dependsOnVaried(Member->getBase());
  QualType T = E->getType();
  // Integers and bools carry no derivative, whatever they were computed from.
  if (!T->isDependentType() && !holdsReals(T) && !T->isRecordType())
    return false;
  if (const auto *Ref = dyn_cast<DeclRefExpr>(E)) {
    const auto *V = dyn_cast<VarDecl>(Ref->getDecl());
    return V && Varied.count(V);
  }
  if (const auto *Sub = dyn_cast<ArraySubscriptExpr>(E))
    return dependsOnVaried(Sub->getBase());
  // floor(x) and the like are piecewise constant: no derivative flows.
  if (const auto *Call = dyn_cast<CallExpr>(E))
    if (const MathRule *Rule = findMathRule(Call->getDirectCallee()))
      if (isPiecewiseConstant(*Rule))
        return false;
  for (const Stmt *Child : E->children())
    if (const auto *CE = dyn_cast_or_null<Expr>(Child))
      if (dependsOnVaried(CE))
        return true;
  return false;
}

bool ActivityAnalysis::isActive(const Expr *E) const {
  return isRealType(E->getType()) && dependsOnVaried(E);
}

} // namespace adgen
