// Expression adjoints: for an active expression E and the adjoint `Seed` of
// its value, add Seed * dE/dv into the adjoint of every varied variable v
// that E reads. Operand values are recomputed in the reverse sweep from the
// (restored) variables, so nothing per expression is stored.
#include "FunctionBuilder.h"
#include "ExprText.h"
#include "LibraryRules.h"
#include "MathRules.h"
#include "Purity.h"
#include "SumLoops.h"
#include "ValueBinder.h"
#include "Types.h"

#include "clang/AST/ExprCXX.h"

#include <functional>

using namespace clang;

namespace adgen {

std::string FunctionBuilder::shareable(const std::string &Seed, QualType T,
                                       CodeBlock &Rev) {
  if (isAtomic(Seed))
    return Seed;
  std::string Name = newTemp();
  Rev.line(Printer.type(T.getNonReferenceType().getCanonicalType().getUnqualifiedType()) + " " + Name + " = " + Seed +
           ";");
  return Name;
}

std::string FunctionBuilder::adjointPointer(const Expr *P, bool Reverse) {
  if (!Reverse)
    return Shadow.pointer(P, [this](const Expr *E) { return fwd(E); });
  VarSet Uses;
  Shadow.recordUses(&Uses);
  std::string Text = Shadow.pointer(P, [this](const Expr *E) { return rev(E); });
  Shadow.recordUses(nullptr);
  noteShadowUses(Uses);
  return Text.empty() ? "?" : Text;
}

std::string FunctionBuilder::adjointOf(const Expr *E, bool Reverse) {
  if (const auto *Ref = dyn_cast<DeclRefExpr>(E->IgnoreParenImpCasts());
      Ref && Accumulating)
    return accumulatorFor(cast<VarDecl>(Ref->getDecl()));
  if (!Reverse)
    return Shadow.of(E, [this](const Expr *E) { return fwd(E); });
  VarSet Uses;
  Shadow.recordUses(&Uses);
  std::string Text = Shadow.of(E, [this](const Expr *E) { return rev(E); });
  Shadow.recordUses(nullptr);
  noteShadowUses(Uses);
  return Text.empty() ? "?" : Text;
}

// A pointer whose shadow the reverse sweep uses must have its value there
// too (the two move together) -- unless it is a parameter that never
// moves: then its value is the caller's throughout, and recording it as
// read would also mark what it points to as read (Needed has one entry for
// both), saving every store through it for nothing.
bool movesVariable(const Stmt *S, const VarDecl *V) {
  if (!S)
    return false;
  auto IsV = [V](const Expr *E) {
    const auto *Ref = dyn_cast<DeclRefExpr>(E->IgnoreParenImpCasts());
    return Ref && Ref->getDecl() == V;
  };
  if (const auto *B = dyn_cast<BinaryOperator>(S); B && B->isAssignmentOp() && IsV(B->getLHS()))
    return true;
  if (const auto *U = dyn_cast<UnaryOperator>(S);
      U && (U->isIncrementDecrementOp() || U->getOpcode() == UO_AddrOf) && IsV(U->getSubExpr()))
    return true;
  for (const Stmt *Child : S->children())
    if (movesVariable(Child, V))
      return true;
  return false;
}

void FunctionBuilder::noteShadowUses(const VarSet &Uses) {
  if (CurrentReduction)
    return;
  for (const VarDecl *V : Uses)
    if (!isa<ParmVarDecl>(V) || movesVariable(Def->getBody(), V))
      ReverseReads.insert(V);
}

bool FunctionBuilder::needsSave(const Expr *LValue) const {
  Roots R = Activity.pointsTo().location(LValue);
  for (const VarDecl *V : R.Vars)
    if (Needed.count(V))
      return true;
  return false;
}

bool FunctionBuilder::checkNoSideEffects(const Expr *E) {
  if (HandledEffects.count(E))
    return true;
  if (const auto *B = dyn_cast<BinaryOperator>(E); B && B->isAssignmentOp()) {
    unsupported(E, "an assignment inside an expression",
                "write it as a statement of its own");
    return false;
  }
  if (const auto *U = dyn_cast<UnaryOperator>(E); U && U->isIncrementDecrementOp()) {
    unsupported(E, "'++' or '--' inside an expression",
                "write it as a statement of its own");
    return false;
  }
  if (const auto *Call = dyn_cast<CallExpr>(E);
      Call && isUserCall(Call) && writesThroughArguments(Call)) {
    const FunctionDecl *Callee = Call->getDirectCallee();
    for (const CallArgument &A : callArguments(Call))
      if (writesThroughParameter(Callee, A.Param) &&
          (A.Object || assignedVariable(A.Arg))) {
        unsupported(E, "a call to '" + Callee->getNameAsString() +
                           "', which writes through its arguments, inside an "
                           "expression",
                    "call it as a statement of its own");
        return false;
      }
  }
  for (const Stmt *Child : E->children())
    if (const auto *CE = dyn_cast_or_null<Expr>(Child))
      if (!checkNoSideEffects(CE))
        return false;
  return true;
}

void FunctionBuilder::deferReset(const std::string &Adjoint, CodeBlock &Rev) {
  settleReset();
  Reset = {Adjoint, &Rev, Rev.mark()};
}

void FunctionBuilder::settleReset() {
  if (Reset.Adjoint.empty())
    return;
  Reset.Block->insert(Reset.At, Reset.Adjoint + " = 0;");
  Reset.Adjoint.clear();
}

void FunctionBuilder::addToAdjoint(const std::string &Adjoint,
                                   const std::string &Seed, CodeBlock &Rev) {
  if (Adjoint == Reset.Adjoint && &Rev == Reset.Block &&
      Rev.mark().Depth == Reset.At.Depth) {
    Rev.line(Adjoint + " = " + Seed + ";");
    Reset.Adjoint.clear();
    return;
  }
  Rev.line(Adjoint + " += " + Seed + ";");
}

void FunctionBuilder::diff(const Expr *E, const std::string &Seed,
                           CodeBlock &Rev) {
  // An object's adjoint is an object (Records.cpp).
  Shape S = shapeOf(E->getType());
  if (S == Shape::Record)
    return recordInitAdjoint(E, Seed, Rev);
  // So is a container's: it flows into what made the container (returned
  // from a function, `return y;` of a pullback).
  if (S == Shape::Container)
    return containerInitAdjoint(E, Seed, Rev);
  if ((S == Shape::Array || S == Shape::Unsupported) && Activity.dependsOnVaried(E)) {
    unsupported(E, "the adjoint of this value of type '" + Printer.type(E->getType()) + "'",
                "compute with floating-point values, std::vector, std::array or structs");
    return;
  }
  if (!Activity.isActive(E))
    return;
  // Effects inside the statement (Effects.cpp): an assignment's value is
  // its target after the statement; a bound call's adjoint waits in a slot
  // for its pullback.
  if (auto It = EffectValues.find(E); It != EffectValues.end())
    return diff(It->second, Seed, Rev);
  if (auto It = EffectSeeds.find(E); It != EffectSeeds.end())
    return addToAdjoint(It->second, Seed, Rev);
  if (const auto *P = dyn_cast<ParenExpr>(E))
    return diff(P->getSubExpr(), Seed, Rev);
  if (const auto *D = dyn_cast<CXXDefaultInitExpr>(E))
    return diff(D->getExpr(), Seed, Rev);
  // A temporary bound to a reference (`std::max(s - k, 0.0)`): its value.
  if (const auto *M = dyn_cast<MaterializeTemporaryExpr>(E))
    return diff(M->getSubExpr(), Seed, Rev);
  if (const auto *C = dyn_cast<FullExpr>(E))
    return diff(C->getSubExpr(), Seed, Rev);
  if (const auto *B = dyn_cast<CXXBindTemporaryExpr>(E))
    return diff(B->getSubExpr(), Seed, Rev);
  if (const auto *C = dyn_cast<CastExpr>(E))
    return diff(C->getSubExpr(), Seed, Rev);
  if (isComplexType(E->getType()) && complexValue(E, Seed, Rev))
    return;
  if (isa<DeclRefExpr>(E))
    return addToAdjoint(adjointOf(E), Seed, Rev);
  if (isa<ArraySubscriptExpr>(E)) {
    Rev.line(adjointOf(E) + " += " + Seed + ";");
    return;
  }
  if (const auto *M = dyn_cast<MemberExpr>(E); M && isa<FieldDecl>(M->getMemberDecl())) {
    // A member of a temporary object (`P(x, y).b`): the object gets a
    // zeroed shadow slot, whose adjoint then flows into what made it.
    const Expr *Base = M->getBase()->IgnoreParenImpCasts(); // (and temporaries)
    if (!M->isArrow() && Base->isPRValue()) {
      QualType Type = Base->getType().getCanonicalType().getUnqualifiedType();
      std::string Slot = newTemp();
      zeroObject(Type, Slot, rev(Base), Rev);
      Rev.line(Slot + "." + M->getMemberDecl()->getNameAsString() + " += " + Seed + ";");
      recordInitAdjoint(Base, Slot, Rev);
      return;
    }
    return addToAdjoint(adjointOf(E), Seed, Rev);
  }
  if (PointerOp Op = pointerOp(E);
      Op.K == PointerOp::Deref || Op.K == PointerOp::Subscript) {
    Rev.line(adjointOf(E) + " += " + Seed + ";");
    return;
  }
  if (const auto *U = dyn_cast<UnaryOperator>(E)) {
    switch (U->getOpcode()) {
    case UO_Minus:
      return diff(U->getSubExpr(), negate(Seed), Rev);
    case UO_Plus:
      return diff(U->getSubExpr(), Seed, Rev);
    case UO_Deref:
      Rev.line(adjointOf(E) + " += " + Seed + ";");
      return;
    default:
      break;
    }
  }
  if (const auto *B = dyn_cast<BinaryOperator>(E)) {
    if (B->getOpcode() == BO_Comma)
      return diff(B->getRHS(), Seed, Rev);
    if (!B->isAssignmentOp())
      return diffBinary(B->getOpcode(), B->getLHS(), B->getRHS(), Seed,
                        B->getType(), Rev);
  }
  if (const auto *C = dyn_cast<ConditionalOperator>(E)) {
    // The condition is re-evaluated on restored values: the same branch.
    settleReset();
    Rev.open("if (" + rev(C->getCond()) + ")");
    diff(C->getTrueExpr(), Seed, Rev);
    Rev.orElse();
    diff(C->getFalseExpr(), Seed, Rev);
    Rev.close();
    return;
  }
  const Expr *Container, *Index;
  if (isContainerElement(E, Container, Index) || accessedObject(E)) {
    Rev.line(adjointOf(E) + " += " + Seed + ";");
    return;
  }
  if (const auto *Call = dyn_cast<CallExpr>(E))
    return diffCall(Call, Seed, Rev);
  // In the user's terms: what the expression is, not how Clang calls it.
  std::string What = "this expression";
  if (isa<LambdaExpr>(E))
    What = "a lambda used as a value here";
  else if (isa<StmtExpr>(E))
    What = "a statement expression ({ ... })";
  else if (isa<CXXThrowExpr>(E))
    What = "a throw expression";
  else if (isa<UnaryExprOrTypeTraitExpr, CXXTypeidExpr>(E))
    What = "sizeof, alignof or typeid";
  unsupported(E, What + " with active values", "compute the value into a variable first");
}

void FunctionBuilder::diffBinary(BinaryOperatorKind Op, const Expr *L,
                                 const Expr *R, const std::string &Seed,
                                 QualType T, CodeBlock &Rev) {
  if (isComplexType(T) || isComplexType(L->getType()) || isComplexType(R->getType()))
    return complexBinary(Op, L, R, Seed, Rev);
  bool LActive = Activity.isActive(L), RActive = Activity.isActive(R);
  std::string S = LActive && RActive ? shareable(Seed, T, Rev) : Seed;
  switch (Op) {
  case BO_Add:
    diff(L, S, Rev);
    diff(R, S, Rev);
    return;
  case BO_Sub:
    diff(L, S, Rev);
    diff(R, negate(S), Rev);
    return;
  case BO_Mul:
    if (LActive)
      diff(L, times(S, revOperand(R)), Rev);
    if (RActive)
      diff(R, times(revOperand(L), S), Rev);
    return;
  case BO_Div:
    if (LActive) {
      // The seed 1 over an integer n would divide as integers: write the
      // seed as a literal of the result's type (1.0, 1.0f, 1.0L).
      std::string Num = S;
      if (!S.empty() && S.find_first_not_of("-0123456789") == std::string::npos &&
          !R->IgnoreParenImpCasts()->getType()->isRealFloatingType()) {
        QualType C = T.getCanonicalType();
        Num = S + ".0" +
              (C->isSpecificBuiltinType(BuiltinType::Float)        ? "f"
               : C->isSpecificBuiltinType(BuiltinType::LongDouble) ? "L"
                                                                   : "");
      }
      diff(L, asLeftFactor(Num) + " / " + revOperand(R), Rev);
    }
    if (RActive) {
      std::string Den = revOperand(R);
      diff(R, negate(asLeftFactor(S) + " * " + revOperand(L) + " / (" + Den +
                     " * " + Den + ")"),
           Rev);
    }
    return;
  default:
    unsupported(L->getExprLoc().isValid() ? static_cast<const Stmt *>(L) : R,
                std::string("the operator '") +
                    BinaryOperator::getOpcodeStr(Op).str() +
                    "' on active values");
  }
}

// The derivative of a fused call that pushes its value rather than its
// derivative (fused.hpp: tanh and exp), from that value; "" for the others.
static std::string derivativeFromValue(llvm::StringRef Rule, const std::string &Value) {
  if (Rule == "tanh")
    return "(1 - " + Value + " * " + Value + ")";
  if (Rule == "exp")
    return Value;
  return "";
}

void FunctionBuilder::diffCall(const CallExpr *Call, const std::string &Seed,
                               CodeBlock &Rev) {
  const FunctionDecl *Callee = Call->getDirectCallee();
  // std::forward and std::move give their argument (a pair built from
  // values forwards them to its members).
  if (Call->getNumArgs() == 1 && isStdFunction(Callee, {"forward", "move", "as_const"}))
    return diff(Call->getArg(0), Seed, Rev);
  if (complexToReal(Call, Seed, Rev))
    return;
  const MathRule *Rule = findMathRule(Callee);
  if (Algorithm A = algorithmOf(Call); A == Algorithm::Accumulate ||
                                        A == Algorithm::InnerProduct ||
                                        A == Algorithm::Clamp || A == Algorithm::AccumulateOp ||
                                        A == Algorithm::InnerProductOp)
    return diffAlgorithm(Call, Seed, Rev);
  // Computed with the value in the forward sweep (a math call or a helper,
  // planFusion): take it off the tape. Popped into a variable first: the
  // pop must happen exactly once, even if the argument's adjoint code uses
  // the seed twice or not at all (a `?:` whose taken branch is constant).
  if (auto It = Fused.find(Call); It != Fused.end()) {
    std::string Derivative = It->second + ".pop()";
    if (auto V = FusedValues.find(Call); V != FusedValues.end()) // popped as a value
      Derivative = derivativeFromValue(Rule->Name, V->second);
    std::string Partial = newTemp();
    Rev.line(Printer.type(Call->getType().getCanonicalType().getUnqualifiedType()) +
             " " + Partial + " = " + times(Seed, Derivative) + ";");
    diff(Call->getArg(0), Partial, Rev);
    return;
  }
  if (!Rule)
    return pullbackCall(Call, Seed, Rev);
  std::vector<std::string> Args;
  unsigned NumActive = 0;
  for (const Expr *Arg : Call->arguments()) {
    Args.push_back(atParameterType(Arg, rev(Arg), Ctx));
    NumActive += Activity.isActive(Arg);
  }
  // The value at hand (a sum reduction or diffOnce binds it): partials
  // that reuse it.
  const std::string *Value = nullptr;
  if (CurrentReduction && Rule->ValuePartials[0]) {
    Value = Printer.substitute(Call);
    if (!Value)
      (void)rev(Call); // recorded as needed: the caller binds it
  } else if (BindValues && Rule->ValuePartials[0]) {
    Value = Printer.substitute(Call);
    if (!Value && BindCalls)
      (void)rev(Call); // recorded as read: diffOnce binds it
  }
  std::string S = NumActive > 1 ? shareable(Seed, Call->getType(), Rev) : Seed;
  for (unsigned K = 0; K < Call->getNumArgs(); ++K) {
    if (!Rule->Partials[K] || !Activity.isActive(Call->getArg(K)))
      continue;
    diff(Call->getArg(K), times(S, partialOf(Call, *Rule, K, Args, Value)), Rev);
  }
}

// Partial K of Call: `costheta` for the partial cos(theta) of
// `std::sin(theta)` where costheta holds it (AvailableValues.h); the
// variable is then read by the reverse sweep, so the next build restores
// it wherever it is overwritten.
std::string FunctionBuilder::partialOf(const CallExpr *Call, const MathRule &Rule, unsigned K,
                                       const std::vector<std::string> &Args,
                                       const std::string *Value) {
  bool Negated = false;
  const VarDecl *Holder =
      Value || CurrentReduction ? nullptr
                                : Available.replacing(Call, Rule.Partials[K], Negated, /*Reverse=*/true);
  if (!Holder)
    return instantiatePartial(Rule, K, Args, Value);
  ReverseReads.insert(Holder);
  return (Negated ? "-" : "") + Printer.nameOf(Holder);
}

// True if E reads a variable that Body writes or declares; VariedOnly: a
// varied one (an index like `i` changes too, but the reverse sweep
// restores it for free). With Body the innermost loop and VariedOnly
// false: E is computed anew in each iteration.
bool FunctionBuilder::readsVariableWrittenIn(const Expr *E, const Stmt *Body,
                                             bool VariedOnly) const {
  if (const auto *Ref = dyn_cast<DeclRefExpr>(E->IgnoreParenImpCasts()))
    if (const auto *V = dyn_cast<VarDecl>(Ref->getDecl()))
      return (!VariedOnly || Activity.isVaried(V)) &&
             (writesVariable(Body, V) || declaresVariable(Body, V));
  for (const Stmt *Child : E->children())
    if (const auto *CE = dyn_cast_or_null<Expr>(Child))
      if (readsVariableWrittenIn(CE, Body, VariedOnly))
        return true;
  return false;
}

// In a loop, `y = std::sin(u)` is computed as `y = ::ad::sin(u, _partials)`,
// which also saves cos(u): the reverse sweep multiplies by it instead of
// restoring u's variables and calling cos. One such call per statement, on a
// path the reverse sweep is sure to take back (through arithmetic and call
// arguments, not through `?:`), so each push has exactly one pop.
void FunctionBuilder::planFusion(const Expr *Value) {
  if (!inLoop() || !Value || !Activity.isActive(Value))
    return;
  static const char *const Fusable[] = {"sin", "cos", "exp", "log", "sqrt", "tanh"};
  std::function<const CallExpr *(const Expr *)> Find =
      [&](const Expr *E) -> const CallExpr * {
    E = E->IgnoreParens();
    if (!Activity.isActive(E))
      return nullptr;
    if (const auto *C = dyn_cast<CastExpr>(E))
      return Find(C->getSubExpr());
    if (const auto *U = dyn_cast<UnaryOperator>(E))
      return U->getOpcode() == UO_Minus || U->getOpcode() == UO_Plus
                 ? Find(U->getSubExpr())
                 : nullptr;
    if (const auto *B = dyn_cast<BinaryOperator>(E)) {
      if (!B->isAdditiveOp() && !B->isMultiplicativeOp())
        return nullptr;
      const CallExpr *L = Find(B->getLHS());
      return L ? L : Find(B->getRHS());
    }
    const auto *Call = dyn_cast<CallExpr>(E);
    const MathRule *Rule = Call ? findMathRule(Call->getDirectCallee()) : nullptr;
    if (Call && !Rule && !SplitSites.count(Call) && fusableHelperCall(Call) &&
        readsVariableWrittenIn(Call->getArg(0), LoopBodies.back(), /*VariedOnly=*/false))
      return Call; // a helper, computed with its derivative (FusedCalls.cpp)
    if (!Rule)
      return nullptr;
    // Worth it only if the argument changes from iteration to iteration
    // (log(rho) with rho fixed would only fill the tape with copies).
    if (Rule->Arity == 1 &&
        readsVariableWrittenIn(Call->getArg(0), LoopBodies.back(), /*VariedOnly=*/true))
      for (const char *Name : Fusable)
        if (StringRef(Rule->Name) == Name)
          return Call;
    for (const Expr *Arg : Call->arguments())
      if (const CallExpr *Inner = Find(Arg))
        return Inner;
    return nullptr;
  };
  const CallExpr *Call = Find(Value);
  if (!Call)
    return;
  std::string Function;
  const MathRule *Rule = findMathRule(Call->getDirectCallee());
  if (Rule) {
    Function = "::ad::" + std::string(Rule->Name) + explicitRealType(Call, Printer);
  } else {
    std::string Helper = Pullbacks.withDerivative(Ctx, Call->getDirectCallee());
    if (Helper.empty())
      return; // forward mode does not handle it: its pullback runs it again
    QualType Param = Call->getDirectCallee()->getParamDecl(0)->getType();
    Function = "::ad::with_partial<&" + Helper + ", " +
               Printer.type(Param.getCanonicalType().getUnqualifiedType()) + ">";
  }
  std::string Tape = partialsTape(Call->getType());
  Fused[Call] = Tape;
  notePush(Tape, 1);
  Printer.fuse(Call, Function, Tape);
  // tanh and exp push their value, from which their derivative follows
  // (fused.hpp): popped first in the statement's reverse, it serves as the
  // call's value there too (`_d_o += _r5 * tanh(c)` would call tanh again).
  if (Rule && !derivativeFromValue(Rule->Name, "v").empty()) {
    std::string Value = newTemp();
    FusedValues[Call] = Value;
    FusedValuePops.push_back(
        {Call, Printer.type(Call->getType().getCanonicalType().getUnqualifiedType()) + " " +
                   Value + " = " + Tape + ".pop();"});
    Printer.substituteInReverse(Call, Value, {});
  }
}

std::string FunctionBuilder::scratchDiff(const Expr *E, const std::string &Seed, ExprSet &Read) {
  NameAllocator SavedNames = Names;
  unsigned SavedTemps = TempCount;
  size_t SavedRecords = RecordDecls.size();
  size_t SavedAccumulators = Accumulators.size();
  PendingReset SavedReset = Reset;
  size_t SavedPops = PendingPops.size();
  CodeBlock Scratch;
  Printer.recordPrinted(&Read);
  diff(E, Seed, Scratch);
  Printer.recordPrinted(nullptr);
  Names = SavedNames;
  TempCount = SavedTemps;
  RecordDecls.resize(SavedRecords);
  Accumulators.resize(SavedAccumulators);
  Reset = SavedReset;
  PendingPops.resize(SavedPops);
  return Scratch.str(0);
}

void FunctionBuilder::diffOnce(const Expr *E, const std::string &Seed, CodeBlock &Rev) {
  // Only expressions of arithmetic and <cmath> calls: the first pass must
  // not request pullbacks or report errors twice. Nor calls computed with
  // their partial in the forward sweep: printed, they push onto the
  // partials tape (fused.hpp).
  std::function<bool(const Stmt *)> HasFused = [&](const Stmt *S) {
    if (const auto *C = dyn_cast_or_null<CallExpr>(S); C && Fused.count(C))
      return true;
    for (const Stmt *Child : S->children())
      if (Child && HasFused(Child))
        return true;
    return false;
  };
  if (CurrentReduction || !containsCall(E) || hasSideEffects(E) || !callsOnlyMath(E) ||
      HasFused(E))
    return diff(E, Seed, Rev);
  // Pass 1, thrown away: what does the derivative code read, and does it
  // compute a math call twice? Then again, also recording the calls whose
  // partial follows from their value (exp's is itself), to bind those too.
  ValueBinder Binder(Printer, Names);
  auto Scratch = [&](bool Calls) {
    BindValues = true;
    BindCalls = Calls;
    Binder.Read.clear();
    std::string Text = scratchDiff(E, Seed, Binder.Read);
    BindCalls = false;
    return Text; // what pass 1 read stays recorded: the bound values read it
  };
  std::string Text = Scratch(false);
  bool Repeats = false;
  for (const Expr *Read : Binder.Read) {
    if (!containsCall(Read))
      continue;
    std::string Printed = Printer.print(Read);
    size_t First = Text.find(Printed);
    Repeats |= First != std::string::npos &&
               Text.find(Printed, First + Printed.size()) != std::string::npos;
  }
  if (Failed || !Repeats) {
    BindValues = false;
    if (!Failed)
      diff(E, Seed, Rev);
    return;
  }
  (void)Scratch(true);
  // Pass 2: the bound values first, then the derivative code reading them.
  size_t Before = Rev.size();
  Binder.bind(E, Rev);
  // Temporaries declared: the statement's reverse goes in braces, so that a
  // jump in the reverse sweep (a `continue`'s goto) does not pass them.
  TempCount += Rev.size() - Before;
  diff(E, Seed, Rev);
  Binder.release();
  BindValues = false;
}

} // namespace adgen
