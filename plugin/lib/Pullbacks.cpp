#include "Pullbacks.h"
#include "Activity.h"
#include "Names.h"
#include "Types.h"

#include "clang/AST/Expr.h"
#include "clang/AST/ExprCXX.h"
#include "clang/AST/RecursiveASTVisitor.h"

using namespace clang;

namespace adgen {

std::string PullbackRegistry::request(const FunctionDecl *Callee,
                                      const std::vector<bool> &Active,
                                      SourceLocation CallSite, PullbackForm Form) {
  auto Key = std::make_tuple(Callee, Active, Form);
  auto It = Names.find(Key);
  if (It != Names.end())
    return It->second;
  std::string Name = claimFunctionName(
      functionIdentifier(Callee) + (Form == PullbackForm::Whole   ? "_pullback"
                                    : Form == PullbackForm::Lean  ? "_pullback_lean"
                                    : Form == PullbackForm::Split ? "_record"
                                                                  : "_restoring_record"),
      Used);
  Names[Key] = Name;
  All.push_back({Callee, Active, Name, CallSite, static_cast<int>(All.size()),
                 Current, Form});
  Pending.push_back(All.back());
  return Name;
}

std::vector<PullbackRequest> PullbackRegistry::takePending() {
  std::vector<PullbackRequest> Out;
  Out.swap(Pending);
  return Out;
}

bool isOutputParameterType(QualType T) {
  if (const auto *Ref = T->getAs<LValueReferenceType>())
    return !Ref->getPointeeType().isConstQualified();
  if (const auto *Ptr = T->getAs<PointerType>())
    return !Ptr->getPointeeType().isConstQualified();
  return false;
}

namespace {
class WriteFinder : public RecursiveASTVisitor<WriteFinder> {
public:
  explicit WriteFinder(const ParmVarDecl *P) : P(P) {}
  bool Found = false;

  // A store through P: for a pointer, into what it points to (`p[i] = v`,
  // `*p += v`), not into P itself (`++p`, `p = q`: the callee's own copy).
  bool through(const Expr *Target) const {
    const VarDecl *V = assignedVariable(Target, self());
    bool Bare = isa<DeclRefExpr>(Target->IgnoreParenImpCasts());
    // A local reference or pointer into what P reaches (`auto &s = *ps;`).
    if (V && Aliases.count(V))
      return isLocalReference(V) || !Bare;
    if (V != P)
      return false;
    return P->getType()->isReferenceType() || !Bare;
  }
  bool VisitVarDecl(VarDecl *V) {
    if (const Expr *Init = V->getInit(); Init && isPointerLike(V)) {
      Init = Init->IgnoreParenImpCasts();
      if (const auto *U = dyn_cast<UnaryOperator>(Init); U && U->getOpcode() == UO_AddrOf)
        Init = U->getSubExpr();
      const VarDecl *From = assignedVariable(Init, self());
      if (From == P || Aliases.count(From))
        Aliases.insert(V);
    }
    return true;
  }
  bool VisitBinaryOperator(BinaryOperator *B) {
    if (B->isAssignmentOp() && through(B->getLHS()))
      Found = true;
    return !Found;
  }
  bool VisitUnaryOperator(UnaryOperator *U) {
    if (U->isIncrementDecrementOp() && through(U->getSubExpr()))
      Found = true;
    return !Found;
  }
  bool VisitCallExpr(CallExpr *C) {
    const FunctionDecl *Callee = C->getDirectCallee();
    // A member function changes its object unless it is const; an
    // operator's object is its first argument.
    const auto *Method = dyn_cast_or_null<CXXMethodDecl>(Callee);
    unsigned Shift = 0;
    if (Method && !Method->isStatic()) {
      const Expr *Object = nullptr;
      if (const auto *M = dyn_cast<CXXMemberCallExpr>(C))
        Object = M->getImplicitObjectArgument();
      else if (isa<CXXOperatorCallExpr>(C) && C->getNumArgs() > 0)
        Object = C->getArg(0), Shift = 1;
      if (Object && !Method->isConst() &&
          (Object->getType()->isPointerType() ? assignedVariable(Object, self()) == P
                                              : through(Object)))
        Found = true;
    }
    for (unsigned I = Shift; I < C->getNumArgs(); ++I) {
      const VarDecl *Passed = assignedVariable(C->getArg(I), self());
      if (Passed != P && !Aliases.count(Passed))
        continue;
      // Handed on: written if the callee writes through it (std::forward
      // into a constructor taking it by reference does not).
      bool Output = !Callee || I - Shift >= Callee->getNumParams() ||
                    writesThroughParameter(Callee, Callee->getParamDecl(I - Shift));
      Found |= Output;
    }
    return !Found;
  }

private:
  // `this` stands for P when P is a member function's `self`.
  const ParmVarDecl *self() const { return isSelfParameter(P) ? P : nullptr; }
  const ParmVarDecl *P;
  llvm::SmallPtrSet<const VarDecl *, 4> Aliases;
};
} // namespace

bool writesThroughParameter(const FunctionDecl *Callee, const ParmVarDecl *P) {
  if (!isOutputParameterType(P->getType()))
    return false;
  // Casts of their argument (builtins without a body in Clang 19).
  if (isStdFunction(Callee, {"forward", "move", "as_const", "addressof"}))
    return false;
  const FunctionDecl *Def = Callee->getDefinition();
  if (!Def || !Def->getBody())
    return true;
  const ParmVarDecl *DefParam = isSelfParameter(P)
                                    ? selfParameter(Def)
                                    : Def->getParamDecl(P->getFunctionScopeIndex());
  // Recursion (a function handing its parameter to itself): assumed to
  // write, the safe answer.
  static thread_local llvm::SmallPtrSet<const ParmVarDecl *, 8> InProgress;
  if (!InProgress.insert(DefParam).second)
    return true;
  WriteFinder Finder(DefParam);
  Finder.TraverseStmt(Def->getBody());
  InProgress.erase(DefParam);
  return Finder.Found;
}

QualType resultType(const FunctionDecl *F) {
  if (const auto *C = dyn_cast<CXXConstructorDecl>(F))
    return F->getASTContext().getRecordType(C->getParent());
  return F->getReturnType();
}

std::vector<CallArgument> callArguments(const CallExpr *Call) {
  std::vector<CallArgument> Out;
  const FunctionDecl *Callee = Call->getDirectCallee();
  if (!Callee)
    return Out;
  unsigned First = 0;
  // `f(t)` on a lambda: its object is not an argument (Closures.cpp).
  if (const auto *M = dyn_cast<CXXMethodDecl>(Callee);
      M && !M->isStatic() && M->getParent()->isLambda() && isa<CXXOperatorCallExpr>(Call))
    First = 1;
  if (const ParmVarDecl *Self = selfParameter(Callee)) {
    const Expr *Object = nullptr;
    if (const auto *M = dyn_cast<CXXMemberCallExpr>(Call))
      Object = M->getImplicitObjectArgument();
    else if (isa<CXXOperatorCallExpr>(Call) && Call->getNumArgs() > 0)
      Object = Call->getArg(0), First = 1;
    if (Object)
      Out.push_back({Self, Object, true});
  }
  for (unsigned I = First; I < Call->getNumArgs() && I - First < Callee->getNumParams(); ++I)
    Out.push_back({Callee->getParamDecl(I - First), Call->getArg(I), false});
  return Out;
}

Roots writtenRoots(const PointsTo &Points, const CallArgument &A) {
  bool Location = A.Param->getType()->isReferenceType() ||
                  (A.Object && !A.Arg->getType()->isPointerType());
  Roots R = Location ? Points.location(A.Arg) : Points.pointer(A.Arg);
  // A view handed over (by reference or by value) reaches what it points into.
  if (isViewType(A.Arg->getType()) && !A.Arg->getType()->isPointerType())
    R.add(Points.viewPointees(A.Arg));
  return R;
}

} // namespace adgen

namespace adgen {
bool pullbackTakesRedoLog(const FunctionDecl *Callee) {
  for (const ParmVarDecl *P : formalParameters(Callee))
    if (writesThroughParameter(Callee, P))
      return true;
  return false;
}
} // namespace adgen
