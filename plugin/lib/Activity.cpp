#include "Activity.h"
#include "ad-gen/Attribute.h"
#include "LibraryRules.h"
#include "MathRules.h"
#include "Pullbacks.h"
#include "Purity.h"
#include "Types.h"

#include "clang/AST/ExprCXX.h"
#include "clang/AST/RecursiveASTVisitor.h"

using namespace clang;

namespace adgen {

bool isContainerElement(const Expr *E, const Expr *&Container,
                        const Expr *&Index) {
  return containerElement(E, Container, Index) &&
         isRealContainer(Container->getType());
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

bool isContainerMutation(const CXXMemberCallExpr *C) {
  if (!C)
    return false;
  const CXXMethodDecl *M = C->getMethodDecl();
  if (!M || !M->getIdentifier() ||
      !isStdVector(C->getImplicitObjectArgument()->getType()))
    return false;
  StringRef N = M->getName();
  return N == "resize" || N == "assign" || N == "push_back" ||
         N == "emplace_back" || N == "pop_back" || N == "clear" ||
         N == "insert" || N == "erase" || N == "swap" || N == "emplace";
}

const VarDecl *assignedVariable(const Expr *E, const VarDecl *Self) {
  E = E->IgnoreParenImpCasts();
  if (const auto *Ref = dyn_cast<DeclRefExpr>(E))
    return dyn_cast<VarDecl>(Ref->getDecl());
  if (const auto *Sub = dyn_cast<ArraySubscriptExpr>(E))
    return assignedVariable(Sub->getBase(), Self);
  if (const auto *Un = dyn_cast<UnaryOperator>(E))
    if (Un->getOpcode() == UO_Deref)
      return assignedVariable(Un->getSubExpr(), Self);
  if (const auto *Bin = dyn_cast<BinaryOperator>(E))
    if (Bin->isAdditiveOp())
      return assignedVariable(Bin->getLHS()->getType()->isPointerType()
                                  ? Bin->getLHS()
                                  : Bin->getRHS(),
                              Self);
  const Expr *Container, *Index;
  if (containerElement(E, Container, Index))
    return assignedVariable(Container, Self);
  // `v.front()`, `v.back()`: an element of v.
  if (const auto *Call = dyn_cast<CXXMemberCallExpr>(E))
    if (const CXXMethodDecl *M = Call->getMethodDecl();
        M && M->getIdentifier() && (M->getName() == "front" || M->getName() == "back") &&
        M->getParent()->isInStdNamespace())
      return assignedVariable(Call->getImplicitObjectArgument(), Self);
  if (const auto *M = dyn_cast<MemberExpr>(E); M && isa<FieldDecl>(M->getMemberDecl()))
    return assignedVariable(M->getBase(), Self);
  if (const Expr *Object = accessedObject(E))
    return assignedVariable(Object, Self);
  if (isa<CXXThisExpr>(E))
    return Self;
  return nullptr;
}

// Visits every write in the body once per fixed-point round.
class ActivityAnalysis::Propagator
    : public RecursiveASTVisitor<ActivityAnalysis::Propagator> {
public:
  explicit Propagator(ActivityAnalysis &A) : A(A) {}
  bool Changed = false;

  bool VisitBinaryOperator(BinaryOperator *B) {
    if (B->isAssignmentOp() &&
        A.dependsOnVaried(B->isCompoundAssignmentOp() ? B : B->getRHS()))
      Changed |= A.markRoots(A.Points.location(B->getLHS()));
    return true;
  }
  bool VisitUnaryOperator(UnaryOperator *U) {
    // `x++` on a varied real keeps it varied; nothing new.
    return true;
  }
  bool VisitVarDecl(VarDecl *V) {
    if (!isPointerLike(V))
      Changed |= A.markVariable(V, V->getInit());
    return true;
  }
  bool VisitCXXForRangeStmt(CXXForRangeStmt *S) {
    if (!isPointerLike(S->getLoopVariable()))
      Changed |= A.markVariable(S->getLoopVariable(), S->getRangeInit());
    return true;
  }
  bool VisitCXXOperatorCallExpr(CXXOperatorCallExpr *C) {
    // `v = w` on containers and other class types.
    if (C->getOperator() == OO_Equal && C->getNumArgs() == 2 &&
        A.dependsOnVaried(C->getArg(1)))
      Changed |= A.markRoots(A.Points.location(C->getArg(0)));
    return true;
  }
  bool VisitCXXMemberCallExpr(CXXMemberCallExpr *C) {
    Changed |= A.markContainerCall(C);
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
    const FunctionDecl *FD, const std::vector<const ParmVarDecl *> &Active,
    const VarSet &AlsoVaried)
    : Points(FD) {
  for (const ParmVarDecl *P : Active)
    Varied.insert(P);
  Varied.insert(AlsoVaried.begin(), AlsoVaried.end());
  class Collector : public RecursiveASTVisitor<Collector> {
  public:
    std::vector<const VarDecl *> &Out;
    explicit Collector(std::vector<const VarDecl *> &Out) : Out(Out) {}
    bool VisitVarDecl(VarDecl *V) {
      if (isPointerLike(V) || isViewVariable(V))
        Out.push_back(V);
      return true;
    }
  };
  Stmt *Body = FD->getBody();
  if (Body)
    Collector(PointerLike).TraverseStmt(Body);
  for (const ParmVarDecl *P : FD->parameters())
    if (isPointerLike(P))
      PointerLike.push_back(P);
  for (bool Changed = Body != nullptr; Changed;) {
    Propagator P(*this);
    P.TraverseStmt(Body);
    Changed = P.Changed;
    Changed |= unifyPointees();
  }
}

bool ActivityAnalysis::markRoots(const Roots &R) {
  bool Changed = false;
  for (const VarDecl *V : R.Vars)
    if (holdsReals(V->getType()) && Varied.insert(V).second)
      Changed = true;
  return Changed;
}

// A pointer into varied storage is varied, and then everything it may point
// into is (its shadow pointer needs a shadow wherever it points).
bool ActivityAnalysis::unifyPointees() {
  bool Changed = false;
  for (const VarDecl *V : PointerLike) {
    if (isa<ParmVarDecl>(V))
      continue;
    Roots R = Points.variable(V);
    bool Any = Varied.count(V);
    for (const VarDecl *Root : R.Vars)
      Any |= Varied.count(Root) > 0;
    // A pointer whose origin cannot be followed (`row(A, i)`, a helper
    // returning a pointer) but is computed from varied storage may point
    // into it: varied, so that using it needs its shadow, which the
    // generator then refuses to guess (never silently inactive).
    if (!R.known() && dependsOnVaried(R.Unknown))
      Any = true;
    if (!Any)
      continue;
    if (holdsReals(V->getType()) && Varied.insert(V).second)
      Changed = true;
    Changed |= markRoots(R);
  }
  return Changed;
}

// A call with an active argument may store active values through the
// pointers and references it is given.
bool ActivityAnalysis::markCallOutputs(const CallExpr *C) {
  const FunctionDecl *Callee = C->getDirectCallee();
  if (!Callee || findMathRule(Callee) || isPureCall(C))
    return false; // writes nothing
  if (algorithmOf(C) != Algorithm::None) {
    // std::fill, std::copy, std::swap: what they write takes their values.
    bool AnyActive = false;
    for (const Expr *Arg : C->arguments())
      AnyActive |= dependsOnVaried(Arg);
    bool Changed = false;
    if (AnyActive)
      for (const AlgorithmWrite &W : algorithmWrites(C))
        Changed |= markRoots(W.IsPointer ? Points.pointer(W.Target)
                                         : Points.location(W.Target));
    return Changed;
  }
  bool AnyActive = false;
  for (const Expr *Arg : C->arguments())
    AnyActive |= dependsOnVaried(Arg);
  // A member function may store into its object.
  const auto *Method = dyn_cast<CXXMethodDecl>(Callee);
  const Expr *Object = nullptr;
  if (const auto *M = dyn_cast<CXXMemberCallExpr>(C))
    Object = M->getImplicitObjectArgument();
  else if (isa<CXXOperatorCallExpr>(C) && Method && C->getNumArgs() > 0)
    Object = C->getArg(0);
  if (Object)
    AnyActive |= dependsOnVaried(Object);
  if (!AnyActive)
    return false;
  bool Changed = false;
  if (Object && Method && !Method->isConst() && !Method->isStatic() &&
      isContainerMutation(dyn_cast<CXXMemberCallExpr>(C)))
    return false; // markContainerCall's
  for (const CallArgument &A : callArguments(C))
    if (writesThroughParameter(Callee, A.Param))
      // Whatever it stores there is taken as active.
      Changed |= markRoots(writtenRoots(Points, A));
  return Changed;
}

// `v.push_back(x)`, `v.assign(n, x)`, `v.resize(n, x)` with x active.
bool ActivityAnalysis::markContainerCall(const CXXMemberCallExpr *C) {
  if (!isContainerMutation(C))
    return false;
  for (const Expr *Arg : C->arguments())
    if (dependsOnVaried(Arg))
      return markRoots(Points.location(C->getImplicitObjectArgument()));
  return false;
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
  if (!T->isDependentType() && !holdsReals(T))
    return false;
  if (const auto *Ref = dyn_cast<DeclRefExpr>(E)) {
    const auto *V = dyn_cast<VarDecl>(Ref->getDecl());
    return V && Varied.count(V);
  }
  if (isa<CXXThisExpr>(E))
    return Points.self() && Varied.count(Points.self());
  if (const auto *Sub = dyn_cast<ArraySubscriptExpr>(E))
    return dependsOnVaried(Sub->getBase());
  // floor(x) and the like are piecewise constant, ad::zeros_like(x) is a
  // zero: no derivative flows.
  if (const auto *Call = dyn_cast<CallExpr>(E)) {
    if (const MathRule *Rule = findMathRule(Call->getDirectCallee()))
      if (isPiecewiseConstant(*Rule))
        return false;
    if (isRuntimeZeros(Call->getDirectCallee()))
      return false;
  }
  for (const Stmt *Child : E->children())
    if (const auto *CE = dyn_cast_or_null<Expr>(Child))
      if (dependsOnVaried(CE))
        return true;
  return false;
}

bool ActivityAnalysis::isActive(const Expr *E) const {
  return (isRealType(E->getType()) || isComplexType(E->getType())) && dependsOnVaried(E);
}

} // namespace adgen
