// Output parameters a callee only overwrites (Pullbacks.h), and storage
// whose shape never changes: together they let a caller skip saving an
// output buffer before a call. The callee's pullback recomputes the values
// it writes there from its inputs and never reads what was there, so what
// the buffer holds when the pullback runs does not matter.
#include "Pullbacks.h"
#include "FunctionBuilder.h"

#include "Activity.h"
#include "Locations.h"
#include "SumLoops.h"
#include "Types.h"
#include "ValueBinder.h"

#include "clang/AST/Expr.h"
#include "clang/AST/ExprCXX.h"
#include "clang/AST/StmtCXX.h"

using namespace clang;

namespace adgen {

namespace {

bool isReferenceTo(const Expr *E, const VarDecl *V) {
  const auto *Ref = dyn_cast<DeclRefExpr>(E->IgnoreParenImpCasts());
  return Ref && Ref->getDecl() == V;
}

// `p[i]`, `*p` or `*(p + k)`: the location; Index gets i or k (null for *p).
bool isElementOf(const Expr *E, const VarDecl *P, const Expr *&Index) {
  E = E->IgnoreParens();
  if (const auto *Sub = dyn_cast<ArraySubscriptExpr>(E); Sub && isReferenceTo(Sub->getBase(), P)) {
    Index = Sub->getIdx();
    return true;
  }
  const auto *U = dyn_cast<UnaryOperator>(E);
  if (!U || U->getOpcode() != UO_Deref)
    return false;
  const Expr *Address = U->getSubExpr()->IgnoreParenImpCasts();
  Index = nullptr;
  if (isReferenceTo(Address, P))
    return true;
  const auto *Sum = dyn_cast<BinaryOperator>(Address);
  if (Sum && Sum->getOpcode() == BO_Add && isReferenceTo(Sum->getLHS(), P)) {
    Index = Sum->getRHS();
    return true;
  }
  return false;
}

// True if S uses P only as the target of plain stores `p[i] = v`.
bool onlyStoresThrough(const Stmt *S, const VarDecl *P) {
  if (!S)
    return true;
  if (const auto *B = dyn_cast<BinaryOperator>(S); B && B->getOpcode() == BO_Assign) {
    const Expr *Index = nullptr;
    if (isElementOf(B->getLHS(), P, Index))
      return onlyStoresThrough(Index, P) && onlyStoresThrough(B->getRHS(), P);
  }
  if (isa<DeclRefExpr>(S))
    return cast<DeclRefExpr>(S)->getDecl() != P;
  for (const Stmt *Child : S->children())
    if (!onlyStoresThrough(Child, P))
      return false;
  return true;
}

// True if every use of V in S is inside a store to V (`v[i] = v[i] + a`,
// `s += a`): what V holds flows nowhere else. InStore: S is in one.
bool flowsOnlyIntoItself(const Stmt *S, const VarDecl *V, bool InStore) {
  if (!S)
    return true;
  if (const auto *B = dyn_cast<BinaryOperator>(S);
      B && B->isAssignmentOp() && assignedVariable(B->getLHS()) == V)
    return flowsOnlyIntoItself(B->getLHS(), V, true) && flowsOnlyIntoItself(B->getRHS(), V, true);
  if (const auto *Ref = dyn_cast<DeclRefExpr>(S))
    return Ref->getDecl() != V || InStore;
  // A call may keep or read what it is given; a lambda may run anywhere.
  if (isa<CallExpr, LambdaExpr>(S) && !isa<CXXOperatorCallExpr>(S))
    InStore = false;
  for (const Stmt *Child : S->children())
    if (!flowsOnlyIntoItself(Child, V, InStore))
      return false;
  return true;
}

// True if S uses V only by reading or writing its elements (`v[i]`,
// `v.data()`, `v.size()`), so its storage stays where it is.
bool keepsStorage(const Stmt *S, const VarDecl *V) {
  if (!S)
    return true;
  if (const auto *Call = dyn_cast<CXXMemberCallExpr>(S);
      Call && isReferenceTo(Call->getImplicitObjectArgument(), V)) {
    const CXXMethodDecl *M = Call->getMethodDecl();
    bool Keeps = M && M->getIdentifier() &&
                 llvm::is_contained({"data", "size", "at", "front", "back", "begin", "end"},
                                    M->getName());
    if (!Keeps)
      return false;
    for (const Expr *Arg : Call->arguments())
      if (!keepsStorage(Arg, V))
        return false;
    return true;
  }
  if (const auto *Op = dyn_cast<CXXOperatorCallExpr>(S);
      Op && Op->getOperator() == OO_Subscript && isReferenceTo(Op->getArg(0), V))
    return keepsStorage(Op->getArg(1), V);
  if (isa<DeclRefExpr>(S))
    return cast<DeclRefExpr>(S)->getDecl() != V;
  for (const Stmt *Child : S->children())
    if (!keepsStorage(Child, V))
      return false;
  return true;
}

// True if V's declaration in S runs in a loop (a vector declared there gets
// new storage, of a size that may differ, in every iteration).
bool declaredInLoop(const Stmt *S, const VarDecl *V, bool InLoop) {
  if (!S)
    return false;
  if (const auto *D = dyn_cast<DeclStmt>(S))
    for (const Decl *Each : D->decls())
      if (Each == V)
        return InLoop;
  bool Loop = isa<ForStmt, WhileStmt, DoStmt, CXXForRangeStmt>(S);
  for (const Stmt *Child : S->children())
    if (declaredInLoop(Child, V, InLoop || Loop))
      return true;
  return false;
}

bool mentions(const Stmt *S, const VarDecl *V) { return countReferences(S, V) > 0; }

// True if E is linear in the elements of P, with coefficients that do not
// read P (`p[j] + l[k] * x[i]`, `2 * p[j] - a`): its adjoint reads no value
// of P.
bool linearIn(const Expr *E, const VarDecl *P) {
  E = E->IgnoreParenImpCasts();
  if (!mentions(E, P))
    return true;
  const Expr *Index = nullptr;
  if (isElementOf(E, P, Index))
    return !Index || !mentions(Index, P);
  if (const auto *U = dyn_cast<UnaryOperator>(E))
    return (U->getOpcode() == UO_Minus || U->getOpcode() == UO_Plus) &&
           linearIn(U->getSubExpr(), P);
  const auto *B = dyn_cast<BinaryOperator>(E);
  if (!B)
    return false;
  switch (B->getOpcode()) {
  case BO_Add:
  case BO_Sub:
    return linearIn(B->getLHS(), P) && linearIn(B->getRHS(), P);
  case BO_Mul:
    return (!mentions(B->getLHS(), P) && linearIn(B->getRHS(), P)) ||
           (!mentions(B->getRHS(), P) && linearIn(B->getLHS(), P));
  case BO_Div:
    return !mentions(B->getRHS(), P) && linearIn(B->getLHS(), P);
  default:
    return false;
  }
}

// True if every store through P in S is `p[i] = E`, `+=` or `-=` with E
// linear in P's elements.
bool storesLinearly(const Stmt *S, const VarDecl *P) {
  if (!S)
    return true;
  if (const auto *B = dyn_cast<BinaryOperator>(S);
      B && B->isAssignmentOp() && assignedVariable(B->getLHS()) == P) {
    BinaryOperatorKind Op = B->getOpcode();
    return (Op == BO_Assign || Op == BO_AddAssign || Op == BO_SubAssign) &&
           linearIn(B->getRHS(), P);
  }
  for (const Stmt *Child : S->children())
    if (!storesLinearly(Child, P))
      return false;
  return true;
}

// The parameter of Callee's definition that P is, when it points to
// numbers it may write (RealOnly: floating-point numbers); else null.
const ParmVarDecl *writableNumbersParameter(const FunctionDecl *Callee, const ParmVarDecl *P,
                                            bool RealOnly) {
  const FunctionDecl *Def = Callee->getDefinition();
  if (!Def || !Def->getBody() || isa<CXXMethodDecl>(Def) || P->getFunctionScopeIndex() >= Def->getNumParams())
    return nullptr;
  const ParmVarDecl *DefParam = Def->getParamDecl(P->getFunctionScopeIndex());
  QualType T = DefParam->getType();
  if (!T->isPointerType() || T->getPointeeType().isConstQualified() ||
      !(RealOnly ? T->getPointeeType()->isRealFloatingType() : T->getPointeeType()->isArithmeticType()))
    return nullptr;
  return DefParam;
}

} // namespace

// A lean pullback's reverse sweep reads nothing of P, and no other value
// comes from it, so what P's buffer holds while the pullback runs does not
// matter: its caller need not put P's old values back before the pullback
// (CallAdjoint.cpp), only after it. (The pullback's own stores into P are
// then dead, deadStore.) W4's Qtimesx: one copy of its output per call.
bool pullbackIgnoresValuesOf(const FunctionDecl *Callee, const ParmVarDecl *P) {
  const ParmVarDecl *Param = writableNumbersParameter(Callee, P, /*RealOnly=*/true);
  const Stmt *Body = Param ? Callee->getDefinition()->getBody() : nullptr;
  return Body && flowsOnlyIntoItself(Body, Param, false) && storesLinearly(Body, Param);
}

bool onlyOverwritesThroughParameter(const FunctionDecl *Callee, const ParmVarDecl *P) {
  const ParmVarDecl *Param = writableNumbersParameter(Callee, P, /*RealOnly=*/false);
  return Param && onlyStoresThrough(Callee->getDefinition()->getBody(), Param);
}

bool hasFixedStorage(const VarDecl *V, const FunctionDecl *In) {
  if (isExternalRoot(V) || !V->isLocalVarDecl() || V->getType()->isReferenceType())
    return false;
  if (V->getType()->isConstantArrayType())
    return true;
  return isStdVector(V->getType()) && !declaredInLoop(In->getBody(), V, false) &&
         keepsStorage(In->getBody(), V);
}

} // namespace adgen

namespace adgen {
bool hasStableStorage(const VarDecl *V, const FunctionDecl *In) {
  bool Parameter = isa<ParmVarDecl>(V);
  if (!V->isLocalVarDecl() && !Parameter)
    return true; // a global
  QualType T = V->getType().getNonReferenceType();
  if (!Parameter && V->getType()->isReferenceType())
    return false; // a local reference: to something not followed here
  // A parameter pointer: what it points to is the caller's, as large as it
  // is (a std::vector behind it may still be resized here).
  if (Parameter && T->isPointerType())
    T = T->getPointeeType();
  if (T->isArithmeticType() || T->isPointerType() || T->isConstantArrayType() ||
      isComplexType(T))
    return true;
  // A vector, the function's own or the caller's, moves when it is resized
  // or assigned (`v.push_back(x)` in f after a split call on v.data()).
  if (isStdVector(T))
    return Parameter ? keepsStorage(In->getBody(), V) : hasFixedStorage(V, In);
  // An object keeps its place; the vectors inside it keep theirs while it
  // is not made again (a local declared in a loop) and, for a view, only
  // what it points to is written.
  return shapeOf(T) == Shape::Record && (hasFixedShape(T) || isViewType(T)) &&
         (Parameter || !declaredInLoop(In->getBody(), V, false));
}
} // namespace adgen

namespace adgen {
// An output buffer the callee only overwrites, in storage that stays where
// it is: its pullback recomputes the values, so the buffer's content is not
// something the reverse sweep reads (nothing is saved for it before the
// call, W6's k1 before `ode_fun(n, x, yf, k1.data())`).
// In a pullback's forward sweep, which runs the callee again for its
// reverse sweep, a store into what nothing reads again is not made: not
// the reverse sweep (V is not in Needed, so a lean pullback's caller
// restores V itself, and a restoring pullback would have it in Needed),
// not another statement (V's values flow only into V), and the store does
// nothing else (no calls but <cmath>). W4's Qtimesx pullback computed the
// product again only to throw it away: a fifth of the gradient.
bool FunctionBuilder::deadStore(const Expr *L, const Expr *R) const {
  if (Kind != AdjointKind::Pullback || Split)
    return false;
  const VarDecl *V = assignedVariable(L);
  if (!V || Needed.count(V) || V->getType()->isReferenceType() ||
      !V->isLocalVarDeclOrParm() || V->isStaticLocal())
    return false;
  if (isa<ParmVarDecl>(V) && !V->getType()->isPointerType())
    return false; // a by-value parameter: f's own copy, but keep it simple
  if (hasSideEffects(L) || hasSideEffects(R) || !callsOnlyMath(R) || !callsOnlyMath(L))
    return false;
  return flowsOnlyIntoItself(Def->getBody(), V, false);
}

bool FunctionBuilder::overwrittenOnly(const FunctionDecl *Callee, const ParmVarDecl *P,
                                      const CallArgument &A) {
  if (!P || !onlyOverwritesThroughParameter(Callee, P))
    return false;
  Roots R = writtenRoots(Activity.pointsTo(), A);
  if (!R.known() || R.Vars.empty())
    return false;
  for (const VarDecl *V : R.Vars)
    if (!hasFixedStorage(V, Def))
      return false;
  return true;
}

// The argument's reverse-sweep text, recording as read what gives its
// address (an index) but not the storage it points into.
std::string FunctionBuilder::revAddressOnly(const Expr *Arg, const CallArgument &A) {
  VarSet Reads;
  std::string Text = Printer.print(Arg, &Reads);
  Roots R = writtenRoots(Activity.pointsTo(), A);
  for (const VarDecl *V : Reads)
    if (!llvm::is_contained(R.Vars, V))
      ReverseReads.insert(V);
  return Text;
}

} // namespace adgen
