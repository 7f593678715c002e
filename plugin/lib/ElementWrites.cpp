// ElementWrites.h: each use of a container variable, walked up through the
// expressions around it.
#include "ElementWrites.h"

#include "clang/AST/ExprCXX.h"
#include "clang/AST/ParentMapContext.h"
#include "clang/AST/RecursiveASTVisitor.h"
#include "clang/AST/StmtCXX.h"

using namespace clang;

namespace adgen {

namespace {

// The one parent of E, or null.
const Stmt *parentOf(const Stmt *E, ASTContext &Ctx) {
  auto Parents = Ctx.getParents(*E);
  return Parents.size() == 1 ? Parents[0].get<Stmt>() : nullptr;
}

const VarDecl *parentVariable(const Stmt *E, ASTContext &Ctx) {
  auto Parents = Ctx.getParents(*E);
  return Parents.size() == 1 ? Parents[0].get<VarDecl>() : nullptr;
}

bool isElementAccess(StringRef Name) {
  return Name == "operator[]" || Name == "at" || Name == "front" || Name == "back";
}

// True if the value E (the container, one of its elements, or a pointer
// into it) is only read where it is used.
bool onlyRead(const Expr *E, ASTContext &Ctx, bool Element, bool Pointer, int Depth = 0) {
  if (Depth > 16)
    return false;
  const Stmt *P = parentOf(E, Ctx);
  if (!P) {
    // `auto &&__range = v` of a range-for, or a local initialized from it.
    if (const VarDecl *V = parentVariable(E, Ctx)) {
      if (V->isImplicit()) { // the range of a range-for: its loop variable
        for (const auto &Up : Ctx.getParents(*V))
          if (const auto *DS = Up.get<DeclStmt>())
            for (const auto &Loop : Ctx.getParents(*DS))
              if (const auto *F = Loop.get<CXXForRangeStmt>()) {
                QualType T = F->getLoopVariable()->getType();
                return !T->isReferenceType() || T.getNonReferenceType().isConstQualified();
              }
        return false;
      }
      QualType T = V->getType();
      if (T->isReferenceType())
        return T.getNonReferenceType().isConstQualified();
      if (T->isPointerType())
        return T->getPointeeType().isConstQualified();
      return true; // a copy
    }
    return false;
  }
  if (const auto *C = dyn_cast<ImplicitCastExpr>(P)) {
    if (C->getCastKind() == CK_LValueToRValue && !Pointer)
      return true;
    return onlyRead(C, Ctx, Element, Pointer || C->getCastKind() == CK_ArrayToPointerDecay,
                    Depth + 1);
  }
  if (isa<ParenExpr, MaterializeTemporaryExpr, CXXBindTemporaryExpr, ExprWithCleanups>(P))
    return onlyRead(cast<Expr>(P), Ctx, Element, Pointer, Depth + 1);
  if (const auto *Copy = dyn_cast<CXXConstructExpr>(P))
    return Copy->getConstructor()->isCopyOrMoveConstructor() ||
           (Copy->getNumArgs() > 0 && Copy->getConstructor()->getParamDecl(0)->getType()
                                          .getNonReferenceType().isConstQualified());
  // `v.size()`, `v.data()`, `v.at(i)`: the member, then the call.
  if (const auto *M = dyn_cast<MemberExpr>(P)) {
    const auto *Call = dyn_cast_or_null<CXXMemberCallExpr>(parentOf(M, Ctx));
    const auto *Method = Call ? Call->getMethodDecl() : nullptr;
    if (!Method || Call->getCallee() != M)
      return false;
    if (!Element && isElementAccess(Method->getNameAsString()))
      return onlyRead(Call, Ctx, true, false, Depth + 1);
    if (!Element && (Method->getName() == "data" || Method->getName() == "begin"))
      return onlyRead(Call, Ctx, true, true, Depth + 1);
    return Method->isConst() || Method->getName() == "size" || Method->getName() == "empty";
  }
  if (const auto *Op = dyn_cast<CXXOperatorCallExpr>(P)) {
    if (!Element && Op->getOperator() == OO_Subscript && Op->getArg(0) == E)
      return onlyRead(Op, Ctx, true, false, Depth + 1);
    return false;
  }
  if (const auto *S = dyn_cast<ArraySubscriptExpr>(P); S && Pointer && S->getBase() == E)
    return onlyRead(S, Ctx, true, false, Depth + 1);
  if (const auto *U = dyn_cast<UnaryOperator>(P); U && Pointer && U->getOpcode() == UO_Deref)
    return onlyRead(U, Ctx, true, false, Depth + 1);
  if (const auto *Call = dyn_cast<CallExpr>(P)) {
    const FunctionDecl *Callee = Call->getDirectCallee();
    for (unsigned I = 0; Callee && I < Call->getNumArgs() && I < Callee->getNumParams(); ++I)
      if (Call->getArg(I) == E) {
        QualType T = Callee->getParamDecl(I)->getType();
        if (T->isReferenceType())
          return T.getNonReferenceType().isConstQualified();
        if (T->isPointerType())
          return T->getPointeeType().isConstQualified();
        return true; // by value
      }
    return false;
  }
  return false;
}

class Uses : public RecursiveASTVisitor<Uses> {
public:
  Uses(const VarDecl *V, ASTContext &Ctx) : V(V), Ctx(Ctx) {}
  bool VisitDeclRefExpr(DeclRefExpr *E) {
    if (E->getDecl() == V && !onlyRead(E, Ctx, false, false))
      Changed = true;
    return !Changed;
  }
  bool Changed = false;

private:
  const VarDecl *V;
  ASTContext &Ctx;
};

} // namespace

bool mayChangeElements(const Stmt *Body, const VarDecl *V, ASTContext &Ctx) {
  if (!Body)
    return false;
  Uses Finder(V, Ctx);
  Finder.TraverseStmt(const_cast<Stmt *>(Body));
  return Finder.Changed;
}

} // namespace adgen
