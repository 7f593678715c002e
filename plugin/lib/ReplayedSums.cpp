// Replayed sums: a loop whose active statements only add terms into sums
// and whose other statements only step scalars,
//
//   for (int j = 0; j < m; ++j) {
//     r -= x[j] * power;
//     power *= t;
//   }
//
// The adjoint of a sum does not change while the loop runs (nothing else
// reads r), so the iterations of the reverse loop commute: each adds
// `_d_r * (partial)` into the adjoints of its term's operands. The reverse
// sweep therefore runs the loop forward again, from the state it started
// in, with each sum replaced by its term's adjoint:
//
//   power = <saved once>;                   // the state at loop entry
//   for (j = 0; j < m; ++j) {
//     d_x[j] += -_d_r * power;
//     power *= t;
//   }
//
// The forward loop runs as written, saving nothing per iteration: only the
// variables the loop changes are saved, once, before it. The loop must do
// no more than arithmetic: with calls in it (std::exp), storing their
// values costs less than computing them again. Unlike the sum
// reduction (SumReduction.cpp, a loop outside other loops whose terms read
// active scalars the loop leaves alone), the terms may read active elements
// (`x[j]`), and the loop may sit inside other loops.
#include "ExprText.h"
#include "FunctionBuilder.h"
#include "SumLoops.h"
#include "ValueBinder.h"

#include "clang/AST/ExprCXX.h"

#include <set>

using namespace clang;

namespace adgen {

namespace {

// A local number (not a reference, not a pointer, which may have a shadow
// to step along): saving its value once before the loop restores the
// loop's starting state.
bool isScalarLocal(const VarDecl *V) {
  return V && V->isLocalVarDeclOrParm() && !V->isStaticLocal() &&
         !V->getType()->isReferenceType() && V->getType()->isArithmeticType();
}

// What S itself stores into (`x = ...`, `x += ...`, `++x`), or null.
const Expr *storedBy(const Stmt *S) {
  if (const auto *B = dyn_cast<BinaryOperator>(S); B && B->isAssignmentOp())
    return B->getLHS();
  if (const auto *U = dyn_cast<UnaryOperator>(S); U && U->isIncrementDecrementOp())
    return U->getSubExpr();
  return nullptr;
}

// Every store in S is to a scalar local, and nothing takes an address.
bool writesOnlyScalars(const Stmt *S) {
  if (!S)
    return true;
  if (const auto *U = dyn_cast<UnaryOperator>(S); U && U->getOpcode() == UO_AddrOf)
    return false;
  if (const auto *Op = dyn_cast<CXXOperatorCallExpr>(S); Op && Op->isAssignmentOp())
    return false;
  if (const Expr *Written = storedBy(S)) {
    const auto *Ref = dyn_cast<DeclRefExpr>(Written->IgnoreParenImpCasts());
    if (!Ref || !isScalarLocal(dyn_cast<VarDecl>(Ref->getDecl())))
      return false;
  }
  for (const Stmt *Child : S->children())
    if (!writesOnlyScalars(Child))
      return false;
  return true;
}

// Locals declared in the loop body are scalars initialized by an
// expression (they are declared again in the replay).
bool declaresOnlyScalars(const Stmt *S) {
  if (const auto *D = dyn_cast_or_null<DeclStmt>(S))
    for (const Decl *Each : D->decls()) {
      const auto *V = dyn_cast<VarDecl>(Each);
      if (!V || !V->getType()->isArithmeticType() ||
          (V->getInit() && V->getInitStyle() != VarDecl::CInit))
        return false;
    }
  if (S)
    for (const Stmt *Child : S->children())
      if (!declaresOnlyScalars(Child))
        return false;
  return true;
}

// A call in S (not a container's element access): recomputing it in the
// replay would cost more than the tape the generic reverse loop keeps (a
// math call's value is saved once and popped once; see Enzyme's
// cache-or-recompute), so loops with calls are not replayed.
bool hasCall(const Stmt *S) {
  if (const auto *E = dyn_cast_or_null<Expr>(S))
    return containsCall(E);
  if (S)
    for (const Stmt *Child : S->children())
      if (hasCall(Child))
        return true;
  return false;
}

// The variables declared before Loop that it assigns, in source order.
void collectChanged(const Stmt *S, const ForStmt *Loop, std::vector<const VarDecl *> &Out) {
  if (!S)
    return;
  if (const Expr *Written = storedBy(S))
    if (const VarDecl *V = referencedVariable(Written);
        V && !declaresVariable(Loop, V) && llvm::find(Out, V) == Out.end())
      Out.push_back(V);
  for (const Stmt *Child : S->children())
    collectChanged(Child, Loop, Out);
}

} // namespace

bool FunctionBuilder::isReplayedSum(const ForStmt *Loop) {
  if (Loop->getConditionVariable() || !Loop->getCond() ||
      hasSideEffects(Loop->getCond()) || hasCall(Loop) ||
      (Loop->getInit() && (writesVaried(Loop->getInit(), Activity) ||
                           !isa<DeclStmt, BinaryOperator>(Loop->getInit()))) ||
      (Loop->getInc() && writesVaried(Loop->getInc(), Activity)) ||
      !writesOnlyScalars(Loop) || !declaresOnlyScalars(Loop->getBody()) ||
      !declaresOnlyScalars(Loop->getInit()))
    return false;
  std::vector<const BinaryOperator *> Terms;
  if (!collectSums(Loop->getBody(), Loop, Activity, Terms) || Terms.empty())
    return false;
  std::set<const VarDecl *> Sums;
  for (const BinaryOperator *B : Terms)
    Sums.insert(referencedVariable(B->getLHS()));
  // A sum is read nowhere in the loop but as the target of its own terms,
  // so its adjoint is the same in every iteration.
  for (const VarDecl *Sum : Sums) {
    unsigned Targets = 0;
    for (const BinaryOperator *B : Terms)
      Targets += referencedVariable(B->getLHS()) == Sum;
    if (countReferences(Loop, Sum) != Targets)
      return false;
  }
  for (const BinaryOperator *B : Terms)
    if (Activity.isActive(B->getRHS()))
      return true;
  return false;
}

CodeBlock FunctionBuilder::replayedSum(const ForStmt *Loop, CodeBlock &Fwd) {
  settleReset();
  std::vector<const VarDecl *> Changed;
  collectChanged(Loop, Loop, Changed);

  // Forward: the values the loop starts from, once; then the loop as
  // written.
  CodeBlock Restore, Rev;
  std::vector<std::string> Saved;
  for (const VarDecl *V : Changed) {
    QualType T = V->getType().getCanonicalType().getUnqualifiedType();
    std::string Name = Printer.nameOf(V);
    // Declared with the function's records: a jump in the reverse sweep
    // (a `continue`'s goto) may pass the restore.
    Saved.push_back(record(Printer.type(T), "_t", "0"));
    Fwd.line(inLoop() ? push(tapeFor(T), Name) : Saved.back() + " = " + Name + ";");
  }
  Fwd.open("for (" + replayInit(Loop, /*Reverse=*/false) + "; " + fwd(Loop->getCond()) +
           "; " + (Loop->getInc() ? fwd(Loop->getInc()) : "") + ")");
  CodeBlock Body;
  replayBody(Loop->getBody(), Loop, Body, /*Reverse=*/false);
  Fwd.append(Body.unbraced());
  Fwd.close();

  // Reverse: back to the starting state, the loop with each sum's adjoint,
  // and the starting state again for the statements before the loop.
  for (size_t I = Changed.size(); I-- > 0;) {
    QualType T = Changed[I]->getType().getCanonicalType().getUnqualifiedType();
    if (inLoop())
      Rev.line(Saved[I] + " = " + tapeFor(T) + ".pop();");
    Restore.line(Printer.nameOf(Changed[I]) + " = " + Saved[I] + ";");
  }
  Rev.append(Restore);
  Rev.line("// " + fwdHeader(Loop) + ", run forward again: its adjoint's iterations commute");
  Rev.open("for (" + replayInit(Loop, /*Reverse=*/true) + "; " + rev(Loop->getCond()) + "; " +
           (Loop->getInc() ? rev(Loop->getInc()) : "") + ")");
  CodeBlock Replay;
  replayBody(Loop->getBody(), Loop, Replay, /*Reverse=*/true);
  Rev.append(Replay.unbraced());
  Rev.close();
  Rev.append(Restore);
  return Rev;
}

// `for (int j = 0; ...)` as written.
std::string FunctionBuilder::fwdHeader(const ForStmt *Loop) {
  return "for (" + replayInit(Loop, false) + "; " + fwd(Loop->getCond()) + "; " +
         (Loop->getInc() ? fwd(Loop->getInc()) : "") + ")";
}

// The loop's init statement: declarations as declarations (the replay
// declares the loop's variables again), read in reverse-sweep text when
// Reverse.
std::string FunctionBuilder::replayInit(const ForStmt *Loop, bool Reverse) {
  const Stmt *Init = Loop->getInit();
  if (!Init)
    return "";
  if (const auto *D = dyn_cast<DeclStmt>(Init)) {
    std::string Text;
    for (const Decl *Each : D->decls()) {
      const auto *V = cast<VarDecl>(Each);
      Text += Text.empty() ? Printer.type(V->getType()) + " " : ", ";
      Text += Printer.nameOf(V);
      if (V->getInit())
        Text += " = " + (Reverse ? rev(V->getInit()) : fwd(V->getInit()));
    }
    return Text;
  }
  const auto *E = cast<Expr>(Init);
  return Reverse ? rev(E) : fwd(E);
}

// The body as written (forward), or with each sum replaced by its term's
// adjoint (Reverse): the other statements step the same scalars again.
void FunctionBuilder::replayBody(const Stmt *S, const ForStmt *Loop, CodeBlock &Out,
                                 bool Reverse) {
  if (!S || isa<NullStmt>(S))
    return;
  if (const auto *C = dyn_cast<CompoundStmt>(S)) {
    Out.open("");
    for (const Stmt *Child : C->body())
      replayBody(Child, Loop, Out, Reverse);
    Out.close();
    return;
  }
  if (const auto *If = dyn_cast<IfStmt>(S)) {
    Out.open("if (" + (Reverse ? rev(If->getCond()) : fwd(If->getCond())) + ")");
    CodeBlock Then;
    replayBody(If->getThen(), Loop, Then, Reverse);
    Out.append(Then.unbraced());
    if (If->getElse()) {
      CodeBlock Else;
      replayBody(If->getElse(), Loop, Else, Reverse);
      Out.orElse();
      Out.append(Else.unbraced());
    }
    Out.close();
    return;
  }
  if (isa<BreakStmt, ContinueStmt>(S))
    return Out.line(isa<BreakStmt>(S) ? "break;" : "continue;");
  if (const auto *D = dyn_cast<DeclStmt>(S)) {
    for (const Decl *Each : D->decls()) {
      const auto *V = cast<VarDecl>(Each);
      std::string Init;
      if (V->getInit())
        Init = " = " + (Reverse ? rev(V->getInit()) : fwd(V->getInit()));
      Out.line(Printer.type(V->getType()) + " " + Printer.nameOf(V) + Init + ";");
    }
    return;
  }
  const auto *E = cast<Expr>(S)->IgnoreParens();
  if (!Reverse || !isSum(E, Loop, Activity))
    return Out.line((Reverse ? rev(E) : fwd(E)) + ";");
  const auto *Sum = cast<BinaryOperator>(E);
  std::string Adjoint = adjointOf(Sum->getLHS());
  diff(Sum->getRHS(), Sum->getOpcode() == BO_AddAssign ? Adjoint : negate(Adjoint), Out);
}

} // namespace adgen
