#include "Purity.h"
#include "CustomRules.h"
#include "Handles.h"
#include "Activity.h"
#include "Locations.h"
#include "MathRules.h"
#include "Pullbacks.h"
#include "Types.h"

#include "clang/AST/ASTContext.h"
#include "clang/AST/DeclCXX.h"
#include "clang/Basic/Builtins.h"
#include "clang/AST/ExprCXX.h"
#include "clang/AST/RecursiveASTVisitor.h"
#include "llvm/ADT/DenseMap.h"

using namespace clang;

namespace adgen {

namespace {

thread_local llvm::DenseMap<const FunctionDecl *, bool> PureCache;

bool isPureFunction(const FunctionDecl *F);

// Standard functions that compute a value from their arguments.
bool isPureStd(const FunctionDecl *F) {
  if (!F->getIdentifier())
    return false;
  StringRef N = F->getName();
  static const char *const Pure[] = {
      "min",  "max",   "clamp", "abs",       "accumulate",  "inner_product",
      "size", "empty", "data",  "begin",     "end",         "cbegin",
      "cend", "front", "back",  "at",        "min_element", "max_element",
      "make_pair", "make_tuple",
      "operator[]", "capacity",
      "real", "imag",  "norm",  "distance",  "lower_bound", "upper_bound",
      "find", "count", "next",  "prev",      "move",        "forward"};
  for (const char *P : Pure)
    if (N == P)
      return true;
  return false;
}

class Writes : public RecursiveASTVisitor<Writes> {
public:
  // ThroughParameters: stores through pointer and reference parameters are
  // allowed (the function's outputs), not only stores into its locals.
  Writes(bool ThroughParameters, const VarDecl *Self)
      : ThroughParameters(ThroughParameters), Self(Self) {}
  bool Impure = false;
  // The first construct that made it impure, and why (for diagnostics).
  const Stmt *Where = nullptr;
  std::string Why;
  void because(const Stmt *S, std::string Reason) {
    if (!Where) {
      Where = S;
      Why = std::move(Reason);
    }
  }

  // A store into anything but the function's own non-static locals.
  void store(const Expr *Target) {
    const VarDecl *V = assignedVariable(Target, Self);
    bool Through = V && isa<ParmVarDecl>(V) &&
                   (V->getType()->isPointerType() || V->getType()->isReferenceType()) &&
                   (V->getType()->isReferenceType() ||
                    !isa<DeclRefExpr>(Target->IgnoreParenImpCasts()));
    if (Through && ThroughParameters)
      return;
    if (!V || !V->isLocalVarDeclOrParm() || V->isStaticLocal() || Through) {
      Impure = true;
      because(Target, V ? "it stores into '" + V->getNameAsString() +
                              "', which is not its own local or argument"
                        : std::string("it stores through a pointer that is not its argument"));
    }
  }
  bool ThroughParameters;
  const VarDecl *Self; // `this` of a member function
  bool VisitBinaryOperator(BinaryOperator *B) {
    if (B->isAssignmentOp())
      store(B->getLHS());
    return !Impure;
  }
  bool VisitUnaryOperator(UnaryOperator *U) {
    if (U->isIncrementDecrementOp())
      store(U->getSubExpr());
    return !Impure;
  }
  bool VisitCallExpr(CallExpr *C) {
    // The compiler's own assignment of objects (`q = p`) stores into q.
    if (const auto *M = dyn_cast_or_null<CXXMethodDecl>(C->getDirectCallee());
        M && !M->isUserProvided() &&
        (M->isCopyAssignmentOperator() || M->isMoveAssignmentOperator()) &&
        isa<CXXOperatorCallExpr>(C)) {
      store(C->getArg(0));
      return !Impure;
    }
    // A standard container's member changing a local container changes
    // only the function's own state.
    if (const auto *M = dyn_cast<CXXMemberCallExpr>(C))
      if (const CXXMethodDecl *Method = M->getMethodDecl();
          Method && Method->getParent()->isInStdNamespace()) {
        store(M->getImplicitObjectArgument());
        return !Impure;
      }
    if (!ThroughParameters) {
      Impure |= !isPureCall(C);
      return !Impure;
    }
    const FunctionDecl *Callee = C->getDirectCallee();
    if (!changesOnlyItsArguments(Callee)) {
      Impure = true;
      auto [At, Reason] = impurity(Callee);
      if (At)
        because(At, Reason);
      else
        because(C, Callee ? "it calls '" + Callee->getNameAsString() +
                                "', whose definition is not visible or which is virtual"
                          : std::string("it calls through a function pointer"));
      return false;
    }
    // What it writes through its arguments must be this function's too.
    for (const CallArgument &A : callArguments(C)) {
      if (!writesThroughParameter(Callee, A.Param))
        continue;
      const Expr *Target = A.Arg->IgnoreParenImpCasts();
      if (const auto *U = dyn_cast<UnaryOperator>(Target); U && U->getOpcode() == UO_AddrOf)
        Target = U->getSubExpr();
      store(Target);
    }
    return !Impure;
  }
  bool VisitCXXNewExpr(CXXNewExpr *E) {
    // A class owning its values allocates them into its own object.
    const CXXRecordDecl *Class =
        Self ? Self->getType()->getPointeeType()->getAsCXXRecordDecl() : nullptr;
    if (Class && ThroughParameters && isHandleType(QualType(Class->getTypeForDecl(), 0)))
      return true;
    because(E, "it allocates memory with new (" +
                   (Class ? handleProblem(Class)
                          : std::string("keep the values in a std::vector")) +
                   ")");
    return !(Impure = true);
  }
  bool VisitCXXThrowExpr(CXXThrowExpr *E) {
    because(E, "it throws an exception");
    return !(Impure = true);
  }
  bool VisitGCCAsmStmt(GCCAsmStmt *S) {
    because(S, "it contains inline assembly");
    return !(Impure = true);
  }
};

bool isPureFunction(const FunctionDecl *F) {
  if (!F)
    return false;
  // Declared so (`__attribute__((const))`, builtins like __builtin_inff
  // behind INFINITY), or never returning (an assertion's failure ends the
  // program: the reverse sweep never runs it again).
  if (F->hasAttr<ConstAttr>() || F->hasAttr<PureAttr>() || F->isNoReturn())
    return true;
  if (unsigned ID = F->getBuiltinID()) {
    const Builtin::Context &Builtins = F->getASTContext().BuiltinInfo;
    if (Builtins.isConst(ID) || Builtins.isPure(ID))
      return true;
  }
  bool InStd = F->isInStdNamespace() ||
               (isa<CXXMethodDecl>(F) &&
                cast<CXXMethodDecl>(F)->getParent()->isInStdNamespace());
  if (findMathRule(F) || (InStd && isPureStd(F)))
    return true;
  // The standard library's functions of complex values (not the members,
  // which change their object): values from values.
  if (F->isInStdNamespace() && !isa<CXXMethodDecl>(F)) {
    bool Complex = isComplexType(F->getReturnType());
    for (const ParmVarDecl *P : F->parameters())
      Complex |= isComplexType(P->getType());
    if (Complex)
      return true;
  }
  if (const auto *M = dyn_cast<CXXMethodDecl>(F); M && M->isVirtual())
    return false;
  const FunctionDecl *Def = F->getDefinition();
  if (!Def || !Def->getBody())
    return false;
  auto It = PureCache.find(Def);
  if (It != PureCache.end())
    return It->second;
  PureCache[Def] = true; // recursion: assumed pure while it is looked at
  bool Pure = true;
  for (const ParmVarDecl *P : Def->parameters())
    Pure &= !writesThroughParameter(Def, P);
  if (Pure) {
    Writes W(false, selfParameter(Def));
    W.TraverseStmt(Def->getBody());
    Pure = !W.Impure;
  }
  PureCache[Def] = Pure;
  return Pure;
}

thread_local llvm::DenseMap<const FunctionDecl *, bool> OwnStateCache;
thread_local llvm::DenseMap<const FunctionDecl *, std::pair<const Stmt *, std::string>>
    OwnStateWhy;

} // namespace

bool changesOnlyItsArguments(const FunctionDecl *F) {
  if (!F)
    return false;
  if (isPureFunction(F))
    return true;
  // A custom derivative states that g is a function of its arguments
  // (contract §6): its body, if any, is not looked at.
  if (customRule(F, RuleKind::Pullback) || customRule(F, RuleKind::Tangent))
    return true;
  if (const auto *M = dyn_cast<CXXMethodDecl>(F); M && M->isVirtual())
    return false;
  const FunctionDecl *Def = F->getDefinition();
  if (!Def || !Def->getBody())
    return false;
  auto It = OwnStateCache.find(Def);
  if (It != OwnStateCache.end())
    return It->second;
  OwnStateCache[Def] = true; // recursion
  // A member function's object is one of its arguments.
  Writes W(true, selfParameter(Def));
  W.TraverseStmt(Def->getBody());
  OwnStateCache[Def] = !W.Impure;
  if (W.Impure)
    OwnStateWhy[Def] = {W.Where, W.Why};
  return !W.Impure;
}

std::pair<const Stmt *, std::string> impurity(const FunctionDecl *F) {
  const FunctionDecl *Def = F ? F->getDefinition() : nullptr;
  auto It = Def ? OwnStateWhy.find(Def) : OwnStateWhy.end();
  return It == OwnStateWhy.end() ? std::pair<const Stmt *, std::string>() : It->second;
}

void resetPurityCache() {
  PureCache.clear();
  OwnStateCache.clear();
  OwnStateWhy.clear();
}

bool isPureCall(const CallExpr *Call) {
  const FunctionDecl *F = Call->getDirectCallee();
  if (!F)
    return false;
  // Reads of std containers, whatever their bodies hold (assertions of
  // _GLIBCXX_ASSERTIONS call a function with no visible body).
  const Expr *Container, *Index;
  if (containerElement(Call, Container, Index) || containerOfPointer(Call) ||
      accessedObject(Call))
    return true;
  // A member function may change its object, unless it is const (or a
  // std container's accessor).
  if (const auto *M = dyn_cast<CXXMethodDecl>(F);
      M && !M->isStatic() && !M->isConst() &&
      !(M->getParent()->isInStdNamespace() && isPureStd(M)) &&
      !(isa<CXXOperatorCallExpr>(Call) &&
        cast<CXXOperatorCallExpr>(Call)->getOperator() == OO_Subscript &&
        M->getParent()->isInStdNamespace()))
    return false;
  return isPureFunction(F);
}

bool writesThroughArguments(const CallExpr *Call) {
  const FunctionDecl *Callee = Call->getDirectCallee();
  if (!Callee || isPureCall(Call))
    return false;
  if (const auto *M = dyn_cast<CXXMethodDecl>(Callee); M && M->getParent()->isInStdNamespace())
    return false;
  for (const CallArgument &A : callArguments(Call))
    if (writesThroughParameter(Callee, A.Param))
      return true;
  return false;
}

const CallExpr *impureCallIn(const Expr *E) {
  if (!E)
    return nullptr;
  if (isa<LambdaExpr>(E))
    return nullptr;
  if (const auto *Call = dyn_cast<CallExpr>(E)) {
    const FunctionDecl *Callee = Call->getDirectCallee();
    // A helper of the user's that only reads its arguments computes the
    // same value again (the generators call it, or its derivative, once).
    bool ReadsOnly = Callee && !Callee->isInStdNamespace() && Callee->hasBody() &&
                     changesOnlyItsArguments(Callee);
    if (ReadsOnly)
      for (const ParmVarDecl *P : Callee->parameters())
        ReadsOnly &= !isOutputParameterType(P->getType());
    if (!(Callee && (findMathRule(Callee) || isPureCall(Call) || ReadsOnly)))
      return Call;
  }
  for (const Stmt *Child : E->children())
    if (const auto *C = dyn_cast_or_null<Expr>(Child))
      if (const CallExpr *Found = impureCallIn(C))
        return Found;
  return nullptr;
}

} // namespace adgen
