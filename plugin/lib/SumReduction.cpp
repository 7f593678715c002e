// Sum reductions: a loop whose active statements only add terms into sums,
//
//   for (int i = 0; i < n; ++i) {
//     ll += e[i] * (std::log(rho) - std::log(lam) + ...);
//     ch += std::pow(t[i] / lam, rho);
//   }
//
// where the terms read active variables that the loop does not change (lam,
// rho) and nothing else in the loop reads the sums. The adjoint of a sum is
// then the same in every iteration, so no reverse loop is needed: the
// forward loop also sums each term's partial derivatives, d ll / d rho into
// `_dll_drho`, and the reverse sweep multiplies once,
// `_d_rho += _d_ll * _dll_drho`. Nothing is stored per iteration.
//
// The forward loop computes each value once: subexpressions that the
// partials read and that hold a math call are bound to temporaries (`_v0`,
// see ValueBinder.h), a math call whose partial follows from its value
// (pow, exp, sqrt) reuses it, and math calls whose arguments the loop does
// not change are computed before the loop (`_c0 = std::log(lam)`; std::log
// may set errno, so the compiler may not hoist it itself).
#include "FunctionBuilder.h"
#include "ExprText.h"
#include "ad-gen/Attribute.h"
#include "MathRules.h"
#include "SumLoops.h"
#include "ValueBinder.h"

#include "clang/AST/ExprCXX.h"

#include <set>

using namespace clang;

namespace adgen {

namespace {

// The active variables a term reads are scalars that the loop leaves alone,
// and no sum: so each sum's adjoint is the same in every iteration.
bool readsOnlyInvariants(const Stmt *Term, const ForStmt *Loop,
                         const ActivityAnalysis &Activity,
                         const llvm::SmallPtrSetImpl<const VarDecl *> &Sums) {
  if (const auto *Ref = dyn_cast<DeclRefExpr>(Term))
    if (const auto *V = dyn_cast<VarDecl>(Ref->getDecl());
        V && Activity.isVaried(V) &&
        (Sums.count(V) || !V->getType()->isRealFloatingType() ||
         writesVariable(Loop, V) || declaresVariable(Loop, V)))
      return false;
  for (const Stmt *Child : Term->children())
    if (Child && !readsOnlyInvariants(Child, Loop, Activity, Sums))
      return false;
  return true;
}

} // namespace

// The rule applies to a for loop outside other loops whose body holds only
// sums into variables declared before the loop, whose terms read only
// active variables the loop does not change, and statements that touch no
// active variable, if/else, break and continue.
bool FunctionBuilder::isSumReduction(const ForStmt *Loop) {
  if (inLoop() || Loop->getConditionVariable() ||
      (Loop->getInit() && writesVaried(Loop->getInit(), Activity)) ||
      (Loop->getCond() && hasSideEffects(Loop->getCond())) ||
      (Loop->getInc() && (writesVaried(Loop->getInc(), Activity) ||
                          !callsOnlyMath(Loop->getInc()))))
    return false;
  std::vector<const BinaryOperator *> Terms;
  if (!collectSums(Loop->getBody(), Loop, Activity, Terms) || Terms.empty())
    return false;
  llvm::SmallPtrSet<const VarDecl *, 8> Sums;
  for (const BinaryOperator *B : Terms)
    Sums.insert(referencedVariable(B->getLHS()));
  bool AnyActive = false;
  for (const BinaryOperator *B : Terms) {
    AnyActive |= Activity.isActive(B->getRHS());
    if (!readsOnlyInvariants(B->getRHS(), Loop, Activity, Sums))
      return false;
  }
  // A sum is read nowhere in the loop but as the target of its own terms.
  for (const VarDecl *Sum : Sums) {
    unsigned Targets = 0;
    for (const BinaryOperator *B : Terms)
      Targets += referencedVariable(B->getLHS()) == Sum;
    if (countReferences(Loop, Sum) != Targets)
      return false;
  }
  return AnyActive;
}

// `_ds_dx += a; _ds_dx += b;` as `_ds_dx += a + b;`, at the place of the
// last of them (temporaries the terms read are declared before it): one
// dependent addition per accumulator and iteration instead of several.
// Lines inside braces (the branches of a ?:) stay as they are.
static CodeBlock mergeAccumulations(const CodeBlock &Lines,
                                    const std::set<std::string> &Accumulators) {
  // The accumulator a line `_ds_dx += term;` at depth 0 adds into, or "".
  auto TargetOf = [&](size_t I) {
    const std::string &L = Lines.text(I);
    size_t Op = L.find(" += ");
    if (Lines.depth(I) != 0 || Op == std::string::npos || L.back() != ';' ||
        !Accumulators.count(L.substr(0, Op)))
      return std::string();
    return L.substr(0, Op);
  };
  std::map<std::string, std::string> Sum; // accumulator -> merged terms
  std::map<std::string, size_t> Last;
  for (size_t I = 0; I < Lines.size(); ++I) {
    std::string Target = TargetOf(I);
    if (Target.empty())
      continue;
    const std::string &L = Lines.text(I);
    size_t Start = Target.size() + 4;
    Sum[Target] = plus(Sum[Target], L.substr(Start, L.size() - Start - 1));
    Last[Target] = I;
  }
  CodeBlock Out;
  for (size_t I = 0; I < Lines.size(); ++I) {
    std::string Target = TargetOf(I);
    if (Target.empty())
      Out.lineAt(Lines.depth(I), Lines.text(I));
    else if (Last[Target] == I)
      Out.lineAt(0, Target + " += " + Sum[Target] + ";");
  }
  return Out;
}

std::string FunctionBuilder::accumulatorFor(const VarDecl *Input) {
  for (size_t I = LoopAccumulators; I < Accumulators.size(); ++I)
    if (Accumulators[I].Sum == Accumulating && Accumulators[I].Input == Input)
      return Accumulators[I].Name;
  std::string Name = Names.fresh("_d" + Printer.nameOf(Accumulating) + "_d" +
                                 Printer.nameOf(Input));
  // In the wider of the two types, as the reverse loop would accumulate
  // into the input's adjoint.
  QualType SumType = Accumulating->getType().getCanonicalType().getUnqualifiedType();
  QualType InputType = Input->getType().getCanonicalType().getUnqualifiedType();
  QualType Type = Ctx.getFloatingTypeOrder(SumType, InputType) < 0 ? InputType
                                                                   : SumType;
  RecordDecls.push_back(Printer.type(Type) + " " + Name + " = 0;");
  Accumulators.push_back({Accumulating, Input, Name});
  return Name;
}

CodeBlock FunctionBuilder::sumReduction(const ForStmt *Loop, CodeBlock &Fwd) {
  CodeBlock InitRev, Rev;
  std::string InitText = forInit(Loop, Fwd, InitRev);
  // Variables the loop changes whose values the reverse of earlier
  // statements reads (it runs after this loop's reverse): saved before the
  // loop, restored after.
  std::vector<const VarDecl *> Restored;
  for (const VarDecl *V : ReverseReads)
    if (!declaresVariable(Loop, V) && writesVariable(Loop, V))
      Restored.push_back(V);
  llvm::sort(Restored, [](const VarDecl *A, const VarDecl *B) {
    return A->getLocation() < B->getLocation();
  });
  for (const VarDecl *V : Restored) {
    std::string Saved =
        record(Printer.type(V->getType().getUnqualifiedType()), "_t", "0");
    Fwd.line(Saved + " = " + Printer.nameOf(V) + ";");
    Rev.line(Printer.nameOf(V) + " = " + Saved + ";");
  }

  LoopAccumulators = Accumulators.size();
  CurrentReduction = Loop;
  EveryIteration = true;
  CodeBlock Body;
  reductionBody(Loop->getBody(), Body);
  std::string Cond = Loop->getCond() ? fwd(Loop->getCond()) : "";
  std::string Inc = Loop->getInc() ? fwd(Loop->getInc()) : "";
  CurrentReduction = nullptr;

  // Calls the loop does not change were bound while the body was built.
  // They run once, before the loop, and only if it runs at least once (so
  // nothing runs that f would not run).
  if (!HoistedBlock.empty()) {
    if (!InitText.empty())
      Fwd.line(InitText + ";");
    InitText.clear();
    Fwd.open(Cond.empty() ? "" : "if (" + Cond + ")");
    Fwd.append(HoistedBlock);
    Fwd.close();
  }
  HoistedBlock = CodeBlock();
  for (const Expr *E : Hoisted)
    Printer.forget(E);
  Hoisted.clear();
  Fwd.open("for (" + InitText + "; " + Cond + "; " + Inc + ")");
  Fwd.append(Body.unbraced());
  Fwd.close();

  CodeBlock Multiply;
  for (size_t I = LoopAccumulators; I < Accumulators.size(); ++I) {
    const Accumulator &A = Accumulators[I];
    Multiply.line(Shadow.find(A.Input)->Name + " += " + Shadow.find(A.Sum)->Name + " * " +
                  A.Name + ";");
  }
  // Undone in the reverse order of the forward sweep: the values saved
  // after the init, then the init's.
  Multiply.append(Rev);
  Multiply.append(InitRev);
  return Multiply;
}

// The loop body as written, with each sum followed by its partials.
void FunctionBuilder::reductionBody(const Stmt *S, CodeBlock &Fwd) {
  if (!S || isa<NullStmt>(S))
    return;
  if (const auto *C = dyn_cast<CompoundStmt>(S)) {
    Fwd.open("");
    for (const Stmt *Child : C->body())
      reductionBody(Child, Fwd);
    Fwd.close();
    return;
  }
  if (const auto *If = dyn_cast<IfStmt>(S)) {
    // Statements after an if may be skipped by a continue inside it, and
    // its branches run in some iterations only.
    EveryIteration = false;
    Fwd.open("if (" + fwd(If->getCond()) + ")");
    CodeBlock Then;
    reductionBody(If->getThen(), Then);
    Fwd.append(Then.unbraced());
    if (If->getElse()) {
      CodeBlock Else;
      reductionBody(If->getElse(), Else);
      Fwd.orElse();
      Fwd.append(Else.unbraced());
    }
    Fwd.close();
    return;
  }
  if (isa<BreakStmt, ContinueStmt>(S)) {
    EveryIteration = false;
    return Fwd.line(isa<BreakStmt>(S) ? "break;" : "continue;");
  }
  if (const auto *D = dyn_cast<DeclStmt>(S)) {
    for (const Decl *Each : D->decls())
      Fwd.line(Printer.declaration(cast<VarDecl>(Each)) + ";");
    return;
  }
  const auto *E = cast<Expr>(S)->IgnoreParens();
  if (isSum(E, CurrentReduction, Activity))
    return accumulate(cast<BinaryOperator>(E), Fwd);
  Fwd.line(fwd(E) + ";");
}

// `s += term`: the term's partials, with seed 1 (-1 for -=), summed into
// the accumulators of s.
void FunctionBuilder::accumulate(const BinaryOperator *S, CodeBlock &Fwd) {
  const Expr *Term = S->getRHS();
  hoistInvariants(Term, CurrentReduction, HoistedBlock);
  std::string Seed = S->getOpcode() == BO_AddAssign ? "1" : "-1";
  Accumulating = cast<VarDecl>(cast<DeclRefExpr>(S->getLHS()->IgnoreParenImpCasts())->getDecl());

  // First pass, thrown away: which subexpressions do the partials read?
  ValueBinder Binder(Printer, Names);
  (void)scratchDiff(Term, Seed, Binder.Read);
  if (Failed) {
    Accumulating = nullptr;
    return;
  }

  Binder.bind(Term, Fwd);
  Fwd.line(fwd(S) + ";");
  CodeBlock Partials;
  diff(Term, Seed, Partials);
  std::set<std::string> Names;
  for (size_t I = LoopAccumulators; I < Accumulators.size(); ++I)
    Names.insert(Accumulators[I].Name);
  Fwd.append(mergeAccumulations(Partials, Names));
  Binder.release();
  Accumulating = nullptr;
}

// Math calls whose arguments the loop does not change, computed once before
// it: the largest such subexpressions, in floating-point arithmetic only (an
// integer division could trap where f would not run it), not products (see
// mayBeFused), and only where f computes them in every iteration (not in a
// branch, a ?: arm, or after a continue), so that the gradient runs no call
// that f would not run.
void FunctionBuilder::hoistInvariants(const Expr *E, const ForStmt *Loop,
                                      CodeBlock &Out) {
  if (!EveryIteration || Printer.substitute(E))
    return;
  std::function<bool(const Expr *)> Invariant = [&](const Expr *X) {
    X = X->IgnoreParens();
    if (const auto *Cast = dyn_cast<ImplicitCastExpr>(X))
      return Invariant(Cast->getSubExpr());
    if (isa<IntegerLiteral, FloatingLiteral>(X))
      return true;
    if (const auto *Ref = dyn_cast<DeclRefExpr>(X)) {
      const auto *V = dyn_cast<VarDecl>(Ref->getDecl());
      return V && V->isLocalVarDeclOrParm() && !V->getType()->isReferenceType() &&
             (V->getType()->isRealFloatingType() || V->getType()->isIntegerType()) &&
             !writesVariable(Loop, V) && !declaresVariable(Loop, V);
    }
    if (!X->getType()->isRealFloatingType())
      return false; // integer arithmetic
    if (const auto *U = dyn_cast<UnaryOperator>(X))
      return (U->getOpcode() == UO_Minus || U->getOpcode() == UO_Plus) &&
             Invariant(U->getSubExpr());
    if (const auto *B = dyn_cast<BinaryOperator>(X))
      return (B->isAdditiveOp() || B->isMultiplicativeOp()) &&
             Invariant(B->getLHS()) && Invariant(B->getRHS());
    if (const auto *Cast = dyn_cast<CStyleCastExpr>(X))
      return Invariant(Cast->getSubExpr());
    if (const auto *Call = dyn_cast<CallExpr>(X)) {
      if (!isMathCall(Call))
        return false;
      for (const Expr *Arg : Call->arguments())
        if (!Invariant(Arg))
          return false;
      return true;
    }
    return false;
  };
  if (E->getType()->isRealFloatingType() && containsCall(E) && !mayBeFused(E) &&
      Invariant(E)) {
    std::string Name = record(
        Printer.type(E->getType().getCanonicalType().getUnqualifiedType()), "_c",
        "0");
    Out.line(Name + " = " + fwd(E->IgnoreParens()) + ";");
    Printer.substitute(E, Name);
    Hoisted.push_back(E);
    return;
  }
  if (const auto *C = dyn_cast<ConditionalOperator>(E))
    return hoistInvariants(C->getCond(), Loop, Out);
  if (const auto *B = dyn_cast<BinaryOperator>(E); B && B->isLogicalOp())
    return hoistInvariants(B->getLHS(), Loop, Out);
  for (const Stmt *Child : E->children())
    if (const auto *CE = dyn_cast_or_null<Expr>(Child))
      hoistInvariants(CE, Loop, Out);
}

} // namespace adgen
