#include "AvailableValues.h"
#include "MathRules.h"

#include "clang/AST/RecursiveASTVisitor.h"
#include "clang/AST/StmtCXX.h"
#include "llvm/ADT/SmallPtrSet.h"

#include <optional>

using namespace clang;

namespace adgen {

namespace {

using Entry = AvailableValues::Entry;
using Env = std::vector<Entry>;
using Vars = llvm::SmallPtrSet<const VarDecl *, 8>;

const VarDecl *namedVariable(const Expr *E) {
  if (const auto *Ref = dyn_cast<DeclRefExpr>(E->IgnoreParens()))
    return dyn_cast<VarDecl>(Ref->getDecl());
  return nullptr;
}

// The variables of Def whose every use is a read, an assignment or a step:
// only a statement that names one can change it. (A RecursiveASTVisitor
// visits a parent before its children, so a reference's use is classified
// before the reference is visited.)
class Eligible : public RecursiveASTVisitor<Eligible> {
public:
  explicit Eligible(const FunctionDecl *Def) : Def(Def) {}
  Vars result() {
    Vars Out;
    for (const VarDecl *V : Named)
      if (!Escaping.count(V))
        Out.insert(V);
    return Out;
  }
  bool VisitImplicitCastExpr(ImplicitCastExpr *E) {
    if (E->getCastKind() == CK_LValueToRValue)
      markSafe(E->getSubExpr());
    return true;
  }
  bool VisitBinaryOperator(BinaryOperator *B) {
    if (B->isAssignmentOp())
      markSafe(B->getLHS());
    return true;
  }
  bool VisitUnaryOperator(UnaryOperator *U) {
    if (U->isIncrementDecrementOp())
      markSafe(U->getSubExpr());
    return true;
  }
  bool VisitLambdaExpr(LambdaExpr *L) {
    for (const LambdaCapture &C : L->captures())
      if (C.capturesVariable())
        if (const auto *V = dyn_cast<VarDecl>(C.getCapturedVar()))
          Escaping.insert(V);
    return true;
  }
  bool VisitDeclRefExpr(DeclRefExpr *Ref) {
    const auto *V = dyn_cast<VarDecl>(Ref->getDecl());
    if (!V)
      return true;
    QualType T = V->getType();
    bool Candidate = V->getDeclContext() == Def && V->hasLocalStorage() &&
                     !T->isReferenceType() && T->isArithmeticType() &&
                     !T.isVolatileQualified();
    if (!Candidate || !Safe.count(Ref))
      Escaping.insert(V);
    else
      Named.insert(V);
    return true;
  }

private:
  void markSafe(const Expr *E) {
    if (const auto *Ref = dyn_cast<DeclRefExpr>(E->IgnoreParens()))
      Safe.insert(Ref);
  }
  const FunctionDecl *Def;
  llvm::SmallPtrSet<const DeclRefExpr *, 32> Safe;
  Vars Named, Escaping;
};

// The variables E names.
void collectVariables(const Stmt *E, Vars &Out) {
  if (const auto *Ref = dyn_cast<DeclRefExpr>(E))
    if (const auto *V = dyn_cast<VarDecl>(Ref->getDecl()))
      Out.insert(V);
  for (const Stmt *Child : E->children())
    if (Child)
      collectVariables(Child, Out);
}

bool sameExpr(const Expr *A, const Expr *B) {
  A = A->IgnoreParens();
  B = B->IgnoreParens();
  if (A->getStmtClass() != B->getStmtClass() ||
      A->getType().getCanonicalType() != B->getType().getCanonicalType())
    return false;
  if (const auto *R = dyn_cast<DeclRefExpr>(A))
    return R->getDecl() == cast<DeclRefExpr>(B)->getDecl();
  if (const auto *L = dyn_cast<FloatingLiteral>(A))
    return L->getValue().bitwiseIsEqual(cast<FloatingLiteral>(B)->getValue());
  if (const auto *L = dyn_cast<IntegerLiteral>(A))
    return L->getValue() == cast<IntegerLiteral>(B)->getValue();
  if (const auto *C = dyn_cast<ImplicitCastExpr>(A))
    return C->getCastKind() == cast<ImplicitCastExpr>(B)->getCastKind() &&
           sameExpr(C->getSubExpr(), cast<ImplicitCastExpr>(B)->getSubExpr());
  if (const auto *U = dyn_cast<UnaryOperator>(A))
    return U->getOpcode() == cast<UnaryOperator>(B)->getOpcode() &&
           sameExpr(U->getSubExpr(), cast<UnaryOperator>(B)->getSubExpr());
  if (const auto *O = dyn_cast<BinaryOperator>(A)) {
    const auto *P = cast<BinaryOperator>(B);
    return O->getOpcode() == P->getOpcode() && sameExpr(O->getLHS(), P->getLHS()) &&
           sameExpr(O->getRHS(), P->getRHS());
  }
  return false;
}

// True if E is arithmetic on literals and eligible variables (collected in
// Out): nothing but those variables can change its value.
bool plainArgument(const Expr *E, const Vars &Eligible, Vars &Out) {
  E = E->IgnoreParens();
  if (isa<FloatingLiteral, IntegerLiteral>(E))
    return true;
  if (const VarDecl *V = namedVariable(E)) {
    Out.insert(V);
    return Eligible.count(V) > 0;
  }
  if (const auto *C = dyn_cast<ImplicitCastExpr>(E))
    return plainArgument(C->getSubExpr(), Eligible, Out);
  if (const auto *U = dyn_cast<UnaryOperator>(E))
    return (U->getOpcode() == UO_Minus || U->getOpcode() == UO_Plus) &&
           plainArgument(U->getSubExpr(), Eligible, Out);
  if (const auto *B = dyn_cast<BinaryOperator>(E))
    return B->isAdditiveOp() || B->isMultiplicativeOp()
               ? plainArgument(B->getLHS(), Eligible, Out) &&
                     plainArgument(B->getRHS(), Eligible, Out)
               : false;
  return false;
}

// A one-argument <cmath> call with a rule: its rule's name.
const MathRule *unaryMathRule(const CallExpr *Call) {
  const FunctionDecl *Callee = Call->getDirectCallee();
  if (!Callee || Call->getNumArgs() != 1 || Callee->getNumParams() != 1)
    return nullptr;
  const MathRule *Rule = findMathRule(Callee);
  return Rule && Rule->Arity == 1 && !isRuntimeFunction(Callee) ? Rule : nullptr;
}

QualType parameterType(const CallExpr *Call) {
  return Call->getDirectCallee()->getParamDecl(0)->getType().getCanonicalType().getUnqualifiedType();
}

// What `V = Value` makes V hold: Value's call, if it is a one-argument math
// call of a plain argument not naming V, of V's own type.
std::optional<Entry> holderEntry(const VarDecl *V, const Expr *Value, const Vars &Eligible) {
  if (!V || !Value || !Eligible.count(V))
    return std::nullopt;
  const auto *Call = dyn_cast<CallExpr>(Value->IgnoreParens());
  const MathRule *Rule = Call ? unaryMathRule(Call) : nullptr;
  if (!Rule || V->getType().getCanonicalType().getUnqualifiedType() !=
                   Call->getType().getCanonicalType().getUnqualifiedType())
    return std::nullopt;
  Vars Used;
  if (!plainArgument(Call->getArg(0), Eligible, Used) || Used.count(V))
    return std::nullopt;
  return Entry{Rule->Name, Call->getArg(0), parameterType(Call), V};
}

// The variables S writes or declares (outside lambdas, which cannot write
// eligible variables).
class Writes : public RecursiveASTVisitor<Writes> {
public:
  Vars Out;
  bool VisitBinaryOperator(BinaryOperator *B) {
    if (B->isAssignmentOp())
      add(B->getLHS());
    return true;
  }
  bool VisitUnaryOperator(UnaryOperator *U) {
    if (U->isIncrementDecrementOp())
      add(U->getSubExpr());
    return true;
  }
  bool VisitVarDecl(VarDecl *V) {
    Out.insert(V);
    return true;
  }
  bool TraverseLambdaExpr(LambdaExpr *) { return true; }

private:
  void add(const Expr *E) {
    if (const VarDecl *V = namedVariable(E))
      Out.insert(V);
  }
};

Vars writtenIn(const Stmt *S) {
  Writes W;
  if (S)
    W.TraverseStmt(const_cast<Stmt *>(S));
  return W.Out;
}

// The one-argument math calls in S, outside lambdas.
class MathCalls : public RecursiveASTVisitor<MathCalls> {
public:
  std::vector<const CallExpr *> Out;
  bool VisitCallExpr(CallExpr *Call) {
    if (unaryMathRule(Call))
      Out.push_back(Call);
    return true;
  }
  bool TraverseLambdaExpr(LambdaExpr *) { return true; }
};

bool hasJump(const Stmt *S);

class Walker {
public:
  Walker(const Vars &Eligible, llvm::DenseMap<const CallExpr *, Env> &AtCall,
         llvm::DenseMap<const CallExpr *, Env> &AfterCall,
         llvm::DenseSet<const Expr *> &FirstDefinitions)
      : Eligible(Eligible), AtCall(AtCall), AfterCall(AfterCall),
        FirstDefinitions(FirstDefinitions) {}

  void stmt(const Stmt *S, Env &E) {
    if (!S)
      return;
    if (const auto *C = dyn_cast<CompoundStmt>(S)) {
      if (LoopDepth == 0) {
        firstDefinitions(C);
        laterHolders(C);
      }
      for (const Stmt *Child : C->body())
        stmt(Child, E);
    } else if (const auto *D = dyn_cast<DeclStmt>(S)) {
      for (const Decl *Dl : D->decls())
        if (const auto *V = dyn_cast<VarDecl>(Dl)) {
          if (const Expr *Init = V->getInit())
            recordThenForget(Init, E);
          forget(E, Vars{V});
          define(E, V, V->getInit());
        }
    } else if (const auto *X = dyn_cast<Expr>(S)) {
      recordThenForget(X, E);
      if (const auto *B = dyn_cast<BinaryOperator>(X->IgnoreParens());
          B && B->getOpcode() == BO_Assign)
        if (const VarDecl *V = namedVariable(B->getLHS()))
          define(E, V, B->getRHS());
    } else if (const auto *I = dyn_cast<IfStmt>(S)) {
      stmt(I->getInit(), E);
      if (I->getConditionVariableDeclStmt())
        stmt(I->getConditionVariableDeclStmt(), E);
      else
        stmt(I->getCond(), E);
      Env Then = E, Else = E;
      stmt(I->getThen(), Then);
      stmt(I->getElse(), Else);
      forget(E, writtenIn(I->getThen()));
      forget(E, writtenIn(I->getElse()));
    } else if (isa<ForStmt, WhileStmt, DoStmt, CXXForRangeStmt>(S)) {
      loop(S, E);
    } else if (const auto *R = dyn_cast<ReturnStmt>(S)) {
      if (R->getRetValue())
        record(R->getRetValue(), E);
    } else {
      // switch, try, labels and the rest: what they write is forgotten,
      // and nothing inside them reads what came before.
      forget(E, writtenIn(S));
    }
  }

private:
  // Every iteration starts from what holds before the loop less what the
  // loop writes.
  void loop(const Stmt *S, Env &E) {
    if (const auto *F = dyn_cast<ForStmt>(S))
      stmt(F->getInit(), E);
    forget(E, writtenIn(S));
    Env Body = E;
    ++LoopDepth;
    struct Leave {
      unsigned &Depth;
      ~Leave() { --Depth; }
    } L{LoopDepth};
    if (const auto *F = dyn_cast<ForStmt>(S)) {
      if (F->getCond())
        record(F->getCond(), Body);
      stmt(F->getBody(), Body);
    } else if (const auto *W = dyn_cast<WhileStmt>(S)) {
      record(W->getCond(), Body);
      stmt(W->getBody(), Body);
    } else if (const auto *D = dyn_cast<DoStmt>(S)) {
      stmt(D->getBody(), Body);
    } else if (const auto *R = dyn_cast<CXXForRangeStmt>(S)) {
      stmt(R->getBody(), Body);
    }
  }

  // The calls of X see E, less what X itself writes (`t = 2, std::sin(t)`).
  void record(const Expr *X, const Env &E) { record(X, E, writtenIn(X)); }
  void record(const Expr *X, const Env &E, const Vars &Written) {
    MathCalls Calls;
    Calls.TraverseStmt(const_cast<Expr *>(X));
    if (Calls.Out.empty())
      return;
    Env Here = E;
    forget(Here, Written);
    for (const CallExpr *Call : Calls.Out)
      AtCall[Call] = Here;
  }
  // A statement: its calls see E less what it writes; then E forgets that.
  void recordThenForget(const Expr *X, Env &E) {
    Vars Written = writtenIn(X);
    record(X, E, Written);
    forget(E, Written);
  }

  static void forget(Env &E, const Vars &Written) {
    if (Written.empty())
      return;
    llvm::erase_if(E, [&](const Entry &En) {
      if (Written.count(En.Holder))
        return true;
      Vars Used;
      collectVariables(En.Argument, Used);
      for (const VarDecl *V : Used)
        if (Written.count(V))
          return true;
      return false;
    });
  }

  // After `V = Value`: V holds Value's call, if it is a plain one.
  void define(Env &E, const VarDecl *V, const Expr *Value) {
    if (std::optional<Entry> En = holderEntry(V, Value, Eligible))
      E.push_back(*En);
  }

  // `double s;` ... `s = e;`: the first statement of the block after the
  // declaration that names s assigns it, from e not naming s.
  void firstDefinitions(const CompoundStmt *C) {
    std::vector<const Stmt *> Body(C->body_begin(), C->body_end());
    std::vector<Vars> Named(Body.size());
    bool Computed = false;
    for (size_t I = 0; I < Body.size(); ++I) {
      const auto *D = dyn_cast<DeclStmt>(Body[I]);
      if (!D)
        continue;
      for (const Decl *Dl : D->decls()) {
        const auto *V = dyn_cast<VarDecl>(Dl);
        if (!V || V->hasInit() || !Eligible.count(V))
          continue;
        if (!Computed) { // the variables each statement names, once
          for (size_t J = 0; J < Body.size(); ++J)
            collectVariables(Body[J], Named[J]);
          Computed = true;
        }
        for (size_t J = I + 1; J < Body.size(); ++J) {
          if (!Named[J].count(V))
            continue;
          const auto *B = dyn_cast<BinaryOperator>(Body[J]);
          Vars InValue;
          if (B && B->getOpcode() == BO_Assign && namedVariable(B->getLHS()) == V) {
            collectVariables(B->getRHS(), InValue);
            if (!InValue.count(V))
              FirstDefinitions.insert(B);
          }
          break;
        }
      }
    }
  }

  // For each call in a statement of C: the later statements of C that
  // first define a variable, while nothing writes the call's argument's
  // variables in between (which of them hold the call's partner is
  // matched where a partial asks, as for AtCall).
  void laterHolders(const CompoundStmt *C) {
    std::vector<const Stmt *> Body(C->body_begin(), C->body_end());
    if (llvm::none_of(Body, [&](const Stmt *S) {
          return isa<Expr>(S) && FirstDefinitions.count(cast<Expr>(S));
        }))
      return;
    std::vector<Vars> Written;
    std::vector<bool> Jumps;
    for (const Stmt *S : Body) {
      Written.push_back(writtenIn(S));
      Jumps.push_back(hasJump(S));
    }
    for (size_t I = 0; I < Body.size(); ++I) {
      // The later statement runs whenever this one does: no jump (return,
      // break, continue) from here to it.
      if (Jumps[I])
        continue;
      MathCalls Calls;
      Calls.TraverseStmt(const_cast<Stmt *>(Body[I]));
      for (const CallExpr *Call : Calls.Out) {
        Vars Used;
        if (!plainArgument(Call->getArg(0), Eligible, Used))
          continue;
        for (size_t J = I + 1; J < Body.size(); ++J) {
          if (llvm::any_of(Used, [&](const VarDecl *V) { return Written[J - 1].count(V); }))
            break;
          const auto *B = dyn_cast<BinaryOperator>(Body[J]);
          if (B && FirstDefinitions.count(B))
            if (std::optional<Entry> En =
                    holderEntry(namedVariable(B->getLHS()), B->getRHS(), Eligible))
              AfterCall[Call].push_back(*En);
          if (Jumps[J])
            break;
        }
      }
    }
  }

  const Vars &Eligible;
  llvm::DenseMap<const CallExpr *, Env> &AtCall;
  llvm::DenseMap<const CallExpr *, Env> &AfterCall;
  llvm::DenseSet<const Expr *> &FirstDefinitions;
  unsigned LoopDepth = 0;
};

// A return, break, continue or throw in S (outside lambdas).
bool hasJump(const Stmt *S) {
  if (!S || isa<LambdaExpr>(S))
    return false;
  if (isa<ReturnStmt, BreakStmt, ContinueStmt, CXXThrowExpr, GotoStmt>(S))
    return true;
  for (const Stmt *Child : S->children())
    if (hasJump(Child))
      return true;
  return false;
}

class HasGoto : public RecursiveASTVisitor<HasGoto> {
public:
  bool Found = false;
  bool VisitGotoStmt(GotoStmt *) { return !(Found = true); }
  bool VisitIndirectGotoStmt(IndirectGotoStmt *) { return !(Found = true); }
};

} // namespace

void AvailableValues::analyse(const FunctionDecl *Def, ASTContext &) {
  AtCall.clear();
  AfterCall.clear();
  FirstDefinitions.clear();
  const Stmt *Body = Def ? Def->getBody() : nullptr;
  if (!Body)
    return;
  HasGoto G;
  G.TraverseStmt(const_cast<Stmt *>(Body));
  if (G.Found)
    return;
  Eligible E(Def);
  E.TraverseStmt(const_cast<Stmt *>(Body));
  Vars Variables = E.result();
  Env Start;
  Walker(Variables, AtCall, AfterCall, FirstDefinitions).stmt(Body, Start);
}

static const VarDecl *holderIn(const llvm::DenseMap<const CallExpr *, std::vector<Entry>> &Map,
                               const CallExpr *Call, llvm::StringRef Function) {
  auto It = Map.find(Call);
  if (It == Map.end())
    return nullptr;
  QualType Parameter = parameterType(Call);
  QualType Result = Call->getType().getCanonicalType().getUnqualifiedType();
  for (const Entry &En : It->second)
    if (En.Function == Function && En.Type == Parameter &&
        En.Holder->getType().getCanonicalType().getUnqualifiedType() == Result &&
        sameExpr(En.Argument, Call->getArg(0)))
      return En.Holder;
  return nullptr;
}

const VarDecl *AvailableValues::replacing(const CallExpr *Call, const char *Partial,
                                          bool &Negated, bool Reverse) const {
  if (!Partial)
    return nullptr;
  llvm::StringRef P(Partial);
  Negated = P.consume_front("-");
  if (!P.consume_front("std::") || !P.consume_back("($0)"))
    return nullptr;
  for (const char *F : {"sin", "cos", "sinh", "cosh", "exp"})
    if (P == F) {
      if (const VarDecl *Before = holding(Call, P))
        return Before;
      return Reverse ? holderIn(AfterCall, Call, P) : nullptr;
    }
  return nullptr;
}

const VarDecl *AvailableValues::holding(const CallExpr *Call, llvm::StringRef Function) const {
  return holderIn(AtCall, Call, Function);
}

} // namespace adgen
