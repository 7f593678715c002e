#include "Locations.h"
#include "Handles.h"
#include "Types.h"

#include "clang/AST/DeclCXX.h"
#include "clang/AST/ExprCXX.h"
#include "clang/AST/RecursiveASTVisitor.h"
#include "clang/AST/StmtCXX.h"

using namespace clang;

namespace adgen {

bool Roots::contains(const VarDecl *V) const {
  return std::find(Vars.begin(), Vars.end(), V) != Vars.end();
}

void Roots::add(const Roots &Other) {
  for (const VarDecl *V : Other.Vars)
    if (!contains(V))
      Vars.push_back(V);
  if (!Unknown)
    Unknown = Other.Unknown;
}

// Parentheses, implicit conversions (not array decay), temporaries and
// iterator copies, which designate the same location or pointer.
const Expr *stripToValue(const Expr *E) {
  while (true) {
    E = E->IgnoreParens();
    if (const auto *C = dyn_cast<ImplicitCastExpr>(E);
        C && C->getCastKind() != CK_ArrayToPointerDecay) {
      E = C->getSubExpr();
      continue;
    }
    if (const auto *M = dyn_cast<MaterializeTemporaryExpr>(E)) {
      E = M->getSubExpr();
      continue;
    }
    if (const auto *C = dyn_cast<CXXConstructExpr>(E);
        C && C->getNumArgs() == 1 && isVectorIterator(C->getType())) {
      E = C->getArg(0); // an iterator copied
      continue;
    }
    if (const auto *C = dyn_cast<ExprWithCleanups>(E)) {
      E = C->getSubExpr();
      continue;
    }
    return E;
  }
}

namespace {

StringRef methodName(const CXXMemberCallExpr *Call) {
  const CXXMethodDecl *M = Call->getMethodDecl();
  return M && M->getIdentifier() ? M->getName() : StringRef();
}

} // namespace

bool isStdFunction(const FunctionDecl *F, std::initializer_list<StringRef> Names) {
  if (!F || !F->getIdentifier() || !F->isInStdNamespace())
    return false;
  for (StringRef N : Names)
    if (F->getName() == N)
      return true;
  return false;
}

PointerOp pointerOp(const Expr *E) {
  PointerOp Op;
  E = E->IgnoreParens();
  if (const auto *U = dyn_cast<UnaryOperator>(E)) {
    if (U->getOpcode() == UO_Deref) {
      Op.K = PointerOp::Deref;
      Op.Pointer = U->getSubExpr();
    } else if (U->isIncrementDecrementOp() &&
               (U->getType()->isPointerType())) {
      Op.K = PointerOp::Step;
      Op.Pointer = U->getSubExpr();
      Op.Minus = U->isDecrementOp();
      Op.Prefix = U->isPrefix();
    }
    return Op;
  }
  if (const auto *Sub = dyn_cast<ArraySubscriptExpr>(E)) {
    Op.K = PointerOp::Subscript;
    Op.Pointer = Sub->getBase();
    Op.Index = Sub->getIdx();
    return Op;
  }
  if (const auto *B = dyn_cast<BinaryOperator>(E)) {
    if (B->isAdditiveOp() && B->getType()->isPointerType()) {
      bool Left = B->getLHS()->getType()->isPointerType();
      Op.K = PointerOp::Offset;
      Op.Pointer = Left ? B->getLHS() : B->getRHS();
      Op.Index = Left ? B->getRHS() : B->getLHS();
      Op.Minus = B->getOpcode() == BO_Sub;
    }
    return Op;
  }
  const auto *Call = dyn_cast<CXXOperatorCallExpr>(E);
  if (!Call || Call->getNumArgs() < 1 || !isVectorIterator(Call->getArg(0)->getType()))
    return Op;
  switch (Call->getOperator()) {
  case OO_Star:
    if (Call->getNumArgs() == 1) {
      Op.K = PointerOp::Deref;
      Op.Pointer = Call->getArg(0);
    }
    break;
  case OO_Subscript:
    Op.K = PointerOp::Subscript;
    Op.Pointer = Call->getArg(0);
    Op.Index = Call->getArg(1);
    break;
  case OO_Plus:
  case OO_Minus:
    if (Call->getNumArgs() == 2 && isVectorIterator(Call->getType())) {
      Op.K = PointerOp::Offset;
      Op.Pointer = Call->getArg(0);
      Op.Index = Call->getArg(1);
      Op.Minus = Call->getOperator() == OO_Minus;
    }
    break;
  case OO_PlusPlus:
  case OO_MinusMinus:
    Op.K = PointerOp::Step;
    Op.Pointer = Call->getArg(0);
    Op.Minus = Call->getOperator() == OO_MinusMinus;
    Op.Prefix = Call->getNumArgs() == 1;
    break;
  default:
    break;
  }
  return Op;
}

bool containerElement(const Expr *E, const Expr *&Container, const Expr *&Index) {
  E = E->IgnoreParenImpCasts();
  if (const auto *Op = dyn_cast<CXXOperatorCallExpr>(E)) {
    if (Op->getOperator() != OO_Subscript || Op->getNumArgs() != 2 ||
        !(isStdVector(Op->getArg(0)->getType()) || isStdArray(Op->getArg(0)->getType())))
      return false;
    Container = Op->getArg(0);
    Index = Op->getArg(1);
    return true;
  }
  if (const auto *Call = dyn_cast<CXXMemberCallExpr>(E)) {
    const Expr *Object = Call->getImplicitObjectArgument();
    if (!(isStdVector(Object->getType()) || isStdArray(Object->getType())))
      return false;
    StringRef Name = methodName(Call);
    if ((Name == "front" || Name == "back") && Call->getNumArgs() == 0) {
      Container = Object;
      Index = nullptr; // the first or last element (elementEnd)
      return true;
    }
    if (Name != "at" || Call->getNumArgs() != 1)
      return false;
    Container = Object;
    Index = Call->getArg(0);
    return true;
  }
  return false;
}

bool isLastElement(const Expr *E) {
  const auto *Call = dyn_cast<CXXMemberCallExpr>(E->IgnoreParenImpCasts());
  return Call && methodName(Call) == "back";
}

const Expr *containerOfPointer(const Expr *E, bool *End) {
  const auto *Call = dyn_cast<CXXMemberCallExpr>(stripToValue(E));
  if (!Call)
    return nullptr;
  const Expr *Object = Call->getImplicitObjectArgument();
  if (!(isStdVector(Object->getType()) || isStdArray(Object->getType())))
    return nullptr;
  StringRef Name = methodName(Call);
  if (End)
    *End = Name == "end" || Name == "cend";
  if (Name == "data" || Name == "begin" || Name == "cbegin" || Name == "end" ||
      Name == "cend")
    return Object;
  return nullptr;
}

bool isLocalReference(const VarDecl *V) {
  if (isa<ParmVarDecl>(V) || !V->getType()->isReferenceType())
    return false;
  if (!V->getInit()) // a range-for variable: bound to an element
    return true;
  const Expr *Init = V->getInit();
  if (const auto *C = dyn_cast<ExprWithCleanups>(Init))
    Init = C->getSubExpr();
  return !isa<MaterializeTemporaryExpr>(Init->IgnoreParens());
}

bool isPointerLike(const VarDecl *V) {
  QualType T = V->getType();
  return T->isPointerType() || isVectorIterator(T) || isLocalReference(V);
}

const Expr *withoutTemporaries(const Expr *E) {
  while (true) {
    E = E->IgnoreParens();
    if (const auto *C = dyn_cast<ExprWithCleanups>(E))
      E = C->getSubExpr();
    else if (const auto *M = dyn_cast<MaterializeTemporaryExpr>(E))
      E = M->getSubExpr();
    else if (const auto *B = dyn_cast<CXXBindTemporaryExpr>(E))
      E = B->getSubExpr();
    else if (const auto *F = dyn_cast<CXXFunctionalCastExpr>(E))
      E = F->getSubExpr();
    else if (const auto *D = dyn_cast<CXXDefaultInitExpr>(E))
      E = D->getExpr();
    else if (const auto *C = dyn_cast<ImplicitCastExpr>(E);
             C && (C->getCastKind() == CK_NoOp || C->getCastKind() == CK_LValueToRValue ||
                   C->getCastKind() == CK_ConstructorConversion))
      E = C->getSubExpr();
    else
      return E;
  }
}

std::vector<const VarDecl *> capturedVariables(const CXXRecordDecl *Closure) {
  std::vector<const VarDecl *> Out;
  if (!Closure || !Closure->isLambda())
    return Out;
  for (const LambdaCapture &C : Closure->captures())
    if (C.capturesVariable())
      if (const auto *V = dyn_cast<VarDecl>(C.getCapturedVar()))
        Out.push_back(V);
  return Out;
}

bool isViewVariable(const VarDecl *V) {
  return !isa<ParmVarDecl>(V) && !V->getType()->isReferenceType() &&
         isViewType(V->getType());
}

bool isExternalRoot(const VarDecl *V) {
  if (isSelfParameter(V) && isa<CXXConstructorDecl>(V->getDeclContext()))
    return false; // the object a constructor's pullback builds for itself
  return isa<ParmVarDecl>(V) &&
         (V->getType()->isPointerType() || V->getType()->isReferenceType() ||
          V->getType()->isArrayType());
}

namespace {
thread_local llvm::DenseMap<const FunctionDecl *, ParmVarDecl *> SelfParameters;
} // namespace

const ParmVarDecl *selfParameter(const FunctionDecl *F) {
  const auto *M = dyn_cast_or_null<CXXMethodDecl>(F);
  // A lambda's captures are the enclosing function's variables (Closures.cpp).
  if (!M || M->isStatic() || M->getParent()->isLambda())
    return nullptr;
  M = cast<CXXMethodDecl>(M->getCanonicalDecl());
  ParmVarDecl *&P = SelfParameters[M];
  if (!P) {
    ASTContext &Ctx = M->getASTContext();
    P = ParmVarDecl::Create(Ctx, const_cast<CXXMethodDecl *>(M), M->getLocation(),
                            M->getLocation(), &Ctx.Idents.get("self"),
                            M->getThisType(), nullptr, SC_None, nullptr);
  }
  return P;
}

bool isSelfParameter(const VarDecl *V) {
  const auto *P = dyn_cast_or_null<ParmVarDecl>(V);
  if (!P)
    return false;
  const auto *M = dyn_cast<CXXMethodDecl>(P->getDeclContext());
  return M && selfParameter(M) == P;
}

void resetSelfParameters() { SelfParameters.clear(); }

std::vector<const ParmVarDecl *> formalParameters(const FunctionDecl *F) {
  std::vector<const ParmVarDecl *> Out;
  // A constructor's pullback builds its own object (Constructors.cpp).
  if (const ParmVarDecl *Self = selfParameter(F); Self && !isa<CXXConstructorDecl>(F))
    Out.push_back(Self);
  for (const ParmVarDecl *P : F->parameters())
    Out.push_back(P);
  return Out;
}

PointsTo::PointsTo(const FunctionDecl *FD) : Self(selfParameter(FD)) {
  if (const auto *M = dyn_cast<CXXMethodDecl>(FD))
    for (const VarDecl *V : capturedVariables(M->getParent()))
      Captured.insert(V);
  // Each pointer-like variable's set grows with every value assigned to it,
  // to a fixed point (p = q + 1 takes q's set).
  class Walker : public RecursiveASTVisitor<Walker> {
  public:
    explicit Walker(PointsTo &P) : P(P) {}
    bool Changed = false;
    bool VisitVarDecl(VarDecl *V) {
      if (V->getInit() && (isPointerLike(V) || isViewVariable(V)))
        Changed |= P.assign(V, V->getInit());
      return true;
    }
    bool VisitCXXForRangeStmt(CXXForRangeStmt *S) {
      const VarDecl *V = S->getLoopVariable();
      if (isLocalReference(V)) {
        Roots R = P.location(S->getRangeInit());
        Roots &Set = P.Sets[V];
        size_t Before = Set.Vars.size();
        bool WasKnown = Set.known();
        Set.add(R);
        Changed |= Set.Vars.size() != Before || WasKnown != Set.known();
      }
      return true;
    }
    bool VisitBinaryOperator(BinaryOperator *B) {
      if (B->isAssignmentOp())
        if (const auto *Ref = dyn_cast<DeclRefExpr>(stripToValue(B->getLHS())))
          if (const auto *V = dyn_cast<VarDecl>(Ref->getDecl());
              V && isPointerLike(V) && !isLocalReference(V))
            Changed |= P.assign(V, B->getOpcode() == BO_Assign ? B->getRHS()
                                                               : B->getLHS());
      return true;
    }
    bool VisitCXXOperatorCallExpr(CXXOperatorCallExpr *C) {
      if (C->getOperator() == OO_Equal && C->getNumArgs() == 2)
        if (const auto *Ref = dyn_cast<DeclRefExpr>(stripToValue(C->getArg(0))))
          if (const auto *V = dyn_cast<VarDecl>(Ref->getDecl());
              V && isVectorIterator(V->getType()))
            Changed |= P.assign(V, C->getArg(1));
      return true;
    }

  private:
    PointsTo &P;
  };
  if (!FD->getBody())
    return;
  for (bool Changed = true; Changed;) {
    Walker W(*this);
    W.TraverseStmt(FD->getBody());
    Changed = W.Changed;
  }
}

bool PointsTo::assign(const VarDecl *V, const Expr *Value) {
  Roots R = isViewVariable(V)      ? viewRoots(Value)
            : isLocalReference(V) ? location(Value)
                                  : pointer(Value);
  Roots &Set = Sets[V];
  size_t Before = Set.Vars.size();
  bool WasKnown = Set.known();
  Set.add(R);
  return Set.Vars.size() != Before || WasKnown != Set.known();
}

Roots PointsTo::variable(const VarDecl *V) const {
  // A lambda's captured pointer is a given, like a parameter.
  if (isa<ParmVarDecl>(V) || !(isPointerLike(V) || isViewVariable(V)) || Captured.count(V)) {
    Roots R;
    R.Vars.push_back(V);
    return R;
  }
  auto It = Sets.find(V);
  return It == Sets.end() ? Roots() : It->second;
}

// What a view built from Value points into: the pointers and views among
// a constructor's arguments or a braced list's elements (nested), or those
// of the view it copies.
Roots PointsTo::viewRoots(const Expr *Value) const {
  Roots R;
  const Expr *E = withoutTemporaries(Value);
  auto Parts = [&](auto Range) {
    for (const Expr *Arg : Range) {
      if (isa<CXXDefaultArgExpr>(Arg))
        continue;
      QualType T = Arg->getType();
      if (T->isPointerType() && holdsReals(T))
        R.add(pointer(Arg));
      else if (isViewType(T))
        R.add(viewRoots(Arg));
    }
  };
  if (const auto *C = dyn_cast<CXXConstructExpr>(E)) {
    if (C->getNumArgs() == 1 && C->getConstructor()->isCopyOrMoveConstructor())
      return viewPointees(C->getArg(0));
    Parts(C->arguments());
    return R;
  }
  if (const auto *L = dyn_cast<InitListExpr>(E)) {
    Parts(L->inits());
    return R;
  }
  if (E->isGLValue() && isViewType(E->getType()))
    return viewPointees(E);
  R.Unknown = Value;
  return R;
}

Roots PointsTo::viewPointees(const Expr *Object) const {
  const Expr *E = stripToValue(Object);
  while (true) {
    const Expr *Container, *Index;
    if (const auto *M = dyn_cast<MemberExpr>(E); M && !M->isArrow())
      E = stripToValue(M->getBase());
    else if (containerElement(E, Container, Index))
      E = stripToValue(Container);
    else if (const auto *S = dyn_cast<ArraySubscriptExpr>(E);
             S && S->getBase()->getType()->isArrayType())
      E = stripToValue(S->getBase());
    else if (const auto *C = dyn_cast<ImplicitCastExpr>(E))
      E = C->getSubExpr();
    else
      break;
  }
  if (const auto *Ref = dyn_cast<DeclRefExpr>(E))
    if (const auto *V = dyn_cast<VarDecl>(Ref->getDecl()))
      if (isa<ParmVarDecl>(V) || isViewVariable(V) || Captured.count(V))
        return variable(V);
  Roots R;
  R.Unknown = Object;
  return R;
}

Roots PointsTo::location(const Expr *E) const {
  E = stripToValue(E);
  Roots R;
  if (const auto *Ref = dyn_cast<DeclRefExpr>(E)) {
    if (const auto *V = dyn_cast<VarDecl>(Ref->getDecl())) {
      if (isLocalReference(V))
        return variable(V);
      R.Vars.push_back(V);
      return R;
    }
    R.Unknown = E;
    return R;
  }
  PointerOp Op = pointerOp(E);
  if (Op.K == PointerOp::Deref || Op.K == PointerOp::Subscript)
    return pointer(Op.Pointer);
  const Expr *Container, *Index;
  if (containerElement(E, Container, Index))
    return location(Container);
  // A data member is part of its object: `p.a`, `q->a`; so is what an
  // accessor returns: `m(i, j)`.
  if (const auto *M = dyn_cast<MemberExpr>(E); M && isa<FieldDecl>(M->getMemberDecl()))
    return M->isArrow() ? pointer(M->getBase()) : location(M->getBase());
  if (const Expr *Object = accessedObject(E))
    return Object->getType()->isPointerType() ? pointer(Object) : location(Object);
  if (const auto *C = dyn_cast<ConditionalOperator>(E)) {
    R = location(C->getTrueExpr());
    R.add(location(C->getFalseExpr()));
    return R;
  }
  if (const auto *B = dyn_cast<BinaryOperator>(E)) {
    if (B->getOpcode() == BO_Comma)
      return location(B->getRHS());
    if (B->isAssignmentOp())
      return location(B->getLHS());
  }
  if (const auto *U = dyn_cast<UnaryOperator>(E); U && U->isPrefix() &&
                                                  U->isIncrementDecrementOp())
    return location(U->getSubExpr());
  if (const auto *Call = dyn_cast<CallExpr>(E)) {
    // std::min, std::max, std::clamp return one of their arguments.
    if (isStdFunction(Call->getDirectCallee(), {"min", "max", "clamp"})) {
      for (const Expr *Arg : Call->arguments())
        if (Arg->isGLValue() || isa<MaterializeTemporaryExpr>(Arg))
          R.add(location(Arg));
      return R;
    }
  }
  if (isa<MaterializeTemporaryExpr, CXXBindTemporaryExpr>(E) || E->isPRValue())
    return R; // a temporary: no variable's storage
  R.Unknown = E;
  return R;
}

Roots PointsTo::pointer(const Expr *E) const {
  E = stripToValue(E);
  Roots R;
  if (const auto *Cast = dyn_cast<CastExpr>(E)) {
    if (Cast->getCastKind() == CK_ArrayToPointerDecay)
      return location(Cast->getSubExpr());
    if (Cast->getCastKind() == CK_NullToPointer)
      return R;
    if (Cast->getCastKind() == CK_NoOp)
      return pointer(Cast->getSubExpr());
  }
  if (isa<CXXNullPtrLiteralExpr, GNUNullExpr>(E))
    return R;
  if (const auto *Ref = dyn_cast<DeclRefExpr>(E)) {
    if (const auto *V = dyn_cast<VarDecl>(Ref->getDecl()))
      return variable(V);
    R.Unknown = E;
    return R;
  }
  if (isa<CXXThisExpr>(E)) {
    if (Self)
      return variable(Self);
    R.Unknown = E;
    return R;
  }
  if (const auto *U = dyn_cast<UnaryOperator>(E); U && U->getOpcode() == UO_AddrOf)
    return location(U->getSubExpr());
  if (const auto *Op = dyn_cast<CXXOperatorCallExpr>(E);
      Op && Op->getOperator() == OO_Amp && Op->getNumArgs() == 1)
    return location(Op->getArg(0));
  PointerOp Op = pointerOp(E);
  if (Op.K == PointerOp::Offset || Op.K == PointerOp::Step)
    return pointer(Op.Pointer);
  if (const auto *B = dyn_cast<BinaryOperator>(E)) {
    if (B->getOpcode() == BO_Comma)
      return pointer(B->getRHS());
    if (B->isAssignmentOp())
      return pointer(B->getLHS());
  }
  if (const auto *C = dyn_cast<ConditionalOperator>(E)) {
    R = pointer(C->getTrueExpr());
    R.add(pointer(C->getFalseExpr()));
    return R;
  }
  if (const Expr *Container = containerOfPointer(E))
    return location(Container);
  // A handle's storage (Handles.h) is part of its object, as is what a
  // pointer accessor returns (`m.get_col(i)`).
  if (const auto *M = dyn_cast<MemberExpr>(E);
      M && isa<FieldDecl>(M->getMemberDecl()) && isHandleType(M->getBase()->getType()->isPointerType()
                                                         ? M->getBase()->getType()->getPointeeType()
                                                         : M->getBase()->getType()))
    return M->isArrow() ? pointer(M->getBase()) : location(M->getBase());
  if (const Expr *Object = pointerAccessedObject(E))
    return Object->getType()->isPointerType() ? pointer(Object) : location(Object);
  // A view's pointer member (`h.a`), or a pointer in a vector it holds.
  if (const auto *M = dyn_cast<MemberExpr>(E);
      M && !M->isArrow() && isa<FieldDecl>(M->getMemberDecl()))
    return viewPointees(M->getBase());
  if (const Expr *Container = nullptr, *Index = nullptr;
      containerElement(E, Container, Index))
    return viewPointees(Container);
  if (const auto *Call = dyn_cast<CallExpr>(E);
      Call && Call->getNumArgs() >= 1 &&
      isStdFunction(Call->getDirectCallee(),
                    {"min_element", "max_element", "find", "find_if",
                     "lower_bound", "upper_bound", "next", "prev"}))
    return pointer(Call->getArg(0));
  R.Unknown = E;
  return R;
}

} // namespace adgen
