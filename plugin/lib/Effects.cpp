// Side effects inside expressions: `x[i++]`, `a = b = e`, `*p++ = v`,
// `double d = det(A, r, c)` where det writes into r and c, `if (++k < 3)`.
//
// A statement S with effects E1..Ek inside it is differentiated as if it
// were `E1; ...; Ek; S'`, S' being S with each effect replaced by the value
// it left:
//
//   forward:  the saves the effects need (printed with each effect's value
//             *before* the statement: `x[i]` for `x[i++]`), calls that
//             write through their arguments bound to a temporary
//             (`_v0 = det(A, r, c);`), then S as written;
//   reverse:  S' (printed with each effect's value *after* the statement:
//             `x[(i - 1)]`), then each effect undone, last first: a counter
//             stepped back, an assignment's adjoint propagated, a call's
//             pullback run on its restored arguments with the adjoint its
//             value received in S'.
//
// Effects on the same variable twice in one statement are undefined
// behavior in C++; effects in a branch of `?:`, `&&` or `||` (evaluated or
// not at run time) are refused.
#include "FunctionBuilder.h"
#include "Types.h"
#include "ad-gen/Attribute.h"

#include "clang/AST/ExprCXX.h"
#include "LibraryRules.h"
#include "Purity.h"

using namespace clang;

namespace adgen {

namespace {

struct FoundEffect {
  const Expr *E;
  bool Conditional;
};

} // namespace

// An assignment, `++`/`--`, or a call to user code that writes through one
// of its pointer or reference arguments.
bool FunctionBuilder::isEffect(const Expr *E) const {
  if (const auto *B = dyn_cast<BinaryOperator>(E))
    return B->isAssignmentOp();
  if (const auto *U = dyn_cast<UnaryOperator>(E))
    return U->isIncrementDecrementOp();
  if (pointerOp(E).K == PointerOp::Step)
    return true;
  if (const auto *Op = dyn_cast<CXXOperatorCallExpr>(E))
    return Op->getOperator() == OO_Equal && isVectorIterator(Op->getArg(0)->getType());
  const auto *Call = dyn_cast<CallExpr>(E);
  if (!Call || !isUserCall(Call) || algorithmOf(Call) != Algorithm::None ||
      isPureCall(Call))
    return false;
  return writesThroughArguments(Call);
}

// The effects inside E (not E itself when it is Skip), innermost and
// leftmost first: the order they take effect in. Read: the reverse sweep
// prints E again (an operand of a product, a call's argument, an index), so
// a call there that is not pure is bound too (`normal(gen)`).
static void collectEffects(const Expr *E, const Expr *Skip, bool Conditional,
                           bool Read, std::vector<FoundEffect> &Out,
                           const std::function<bool(const Expr *, bool)> &Binds) {
  if (!E || isa<LambdaExpr>(E))
    return;
  auto Visit = [&](const Expr *Child, bool ChildConditional, bool ChildRead) {
    collectEffects(Child, Skip, ChildConditional, ChildRead, Out, Binds);
  };
  if (const auto *C = dyn_cast<AbstractConditionalOperator>(E)) {
    Visit(C->getCond(), Conditional, true);
    Visit(C->getTrueExpr(), true, Read);
    Visit(C->getFalseExpr(), true, Read);
  } else if (const auto *B = dyn_cast<BinaryOperator>(E)) {
    if (B->isLogicalOp()) {
      Visit(B->getLHS(), Conditional, true);
      Visit(B->getRHS(), true, true);
    } else {
      bool Linear = B->isAdditiveOp() || B->getOpcode() == BO_Comma ||
                    B->getOpcode() == BO_Assign || B->getOpcode() == BO_AddAssign ||
                    B->getOpcode() == BO_SubAssign;
      Visit(B->getLHS(), Conditional, Read || !Linear);
      Visit(B->getRHS(), Conditional, Read || !Linear);
    }
  } else if (isa<ParenExpr, CastExpr, UnaryOperator, MaterializeTemporaryExpr,
                 FullExpr, CXXBindTemporaryExpr>(E)) {
    for (const Stmt *Child : E->children())
      if (const auto *CE = dyn_cast_or_null<Expr>(Child))
        Visit(CE, Conditional, Read);
  } else {
    for (const Stmt *Child : E->children())
      if (const auto *CE = dyn_cast_or_null<Expr>(Child))
        Visit(CE, Conditional, true);
  }
  if (E != Skip && Binds(E, Read))
    Out.push_back({E, Conditional});
}

// The variable an increment or an assignment inside a statement changes
// (`i` in `x[i++]`, `b` in `a = b = e`), or null for a call.
const VarDecl *FunctionBuilder::steppedVariable(const Expr *E) const {
  const Expr *Target = nullptr;
  if (const auto *U = dyn_cast<UnaryOperator>(E); U && U->isIncrementDecrementOp())
    Target = U->getSubExpr();
  else if (PointerOp Op = pointerOp(E); Op.K == PointerOp::Step)
    Target = Op.Pointer;
  else if (const auto *B = dyn_cast<BinaryOperator>(E); B && B->isAssignmentOp())
    Target = B->getLHS();
  if (!Target)
    return nullptr;
  const auto *Ref = dyn_cast<DeclRefExpr>(Target->IgnoreParenImpCasts());
  return Ref ? dyn_cast<VarDecl>(Ref->getDecl()) : nullptr;
}

namespace {
bool contains(const Stmt *S, const Stmt *Part) {
  if (S == Part)
    return true;
  for (const Stmt *Child : S->children())
    if (Child && contains(Child, Part))
      return true;
  return false;
}
} // namespace

// True if Root names V outside the subexpression Effect, other than after
// it by a comma (`(s += x, s * b)` reads s after the change, as S' does).
bool FunctionBuilder::readsElsewhere(const Expr *Root, const Expr *Effect,
                                     const VarDecl *V) const {
  if (Root == Effect)
    return false;
  if (const auto *Ref = dyn_cast<DeclRefExpr>(Root))
    return Ref->getDecl() == V;
  if (const auto *B = dyn_cast<BinaryOperator>(Root);
      B && B->getOpcode() == BO_Comma && contains(B->getLHS(), Effect))
    return readsElsewhere(B->getLHS(), Effect, V);
  for (const Stmt *Child : Root->children())
    if (const auto *CE = dyn_cast_or_null<Expr>(Child); CE && readsElsewhere(CE, Effect, V))
      return true;
  return false;
}

// True if E reads or writes anything varied (a statement with reverse code).
bool FunctionBuilder::mentionsVaried(const Expr *E) const {
  if (Activity.dependsOnVaried(E))
    return true;
  for (const Stmt *Child : E->children())
    if (const auto *CE = dyn_cast_or_null<Expr>(Child); CE && mentionsVaried(CE))
      return true;
  return false;
}

CodeBlock FunctionBuilder::withEffects(const Expr *Root, const Expr *Top,
                                       const EffectRule &Rule, CodeBlock &Fwd) {
  std::vector<FoundEffect> Found;
  // Calls that are not pure are bound where the reverse sweep would
  // evaluate them again, if the statement has reverse code at all.
  bool Active = Root && mentionsVaried(Root);
  if (Root)
    collectEffects(Root, Top, false, false, Found, [&](const Expr *E, bool Read) {
      if (isEffect(E))
        return true;
      const auto *Call = dyn_cast<CallExpr>(E);
      if (!Active || !Call || Call->getType()->isVoidType())
        return false;
      // A position found by searching data (`std::max_element`) is kept: the
      // statement may change the data it searched.
      QualType T = Call->getType();
      bool Position = (T->isPointerType() || isVectorIterator(T)) &&
                      !isa<CXXOperatorCallExpr>(Call) &&
                      containerOfPointer(Call) == nullptr;
      return Position || (Read && !isPureCall(Call));
    });
  if (Found.empty())
    return Rule(Fwd, [&] { return Root ? fwd(Root) : std::string(); });
  for (const FoundEffect &F : Found)
    if (const VarDecl *V = steppedVariable(F.E); V && readsElsewhere(Root, F.E, V)) {
      // `*p++ = x * p[-1]`: the other read sees p before or after the step
      // by C++'s sequencing rules, which S' (all effects done) cannot tell.
      unsupported(F.E, "a change of '" + V->getName().str() +
                           "' inside a statement that also reads it elsewhere",
                  "change '" + V->getName().str() + "' in a statement of its own");
      return {};
    }
  for (const FoundEffect &F : Found)
    if (F.Conditional) {
      unsupported(F.E, "'++', '--', an assignment or a call that writes through "
                       "its arguments in a branch of '?:', '&&' or '||'",
                  "write it as a statement of its own, inside an 'if'");
      return {};
    }
  CodeBlock Pre, Post, RevPre;
  std::vector<CodeBlock> Undo; // one per effect, in forward order
  std::vector<std::pair<const Expr *, std::string>> Before;
  for (const FoundEffect &F : Found) {
    HandledEffects.insert(F.E);
    CodeBlock U;
    if (!effect(F.E, Pre, Post, RevPre, U, Before))
      return {};
    Undo.push_back(U);
  }
  // S as written (bound calls read from their temporaries), with the saves
  // it needs printed on the values from before the statement.
  auto Install = [&](bool On) {
    for (const auto &[E, Value] : Before)
      On ? Printer.substitute(E, Value) : Printer.forget(E);
  };
  auto Text = [&] {
    Install(false);
    std::string T = fwd(Root);
    Install(true);
    return T;
  };
  Install(true);
  Fwd.append(Pre);
  CodeBlock StmtFwd;
  CodeBlock Rev = Rule(StmtFwd, Text);
  Install(false);
  Fwd.append(StmtFwd);
  Fwd.append(Post);
  CodeBlock Out = RevPre;
  Out.append(Rev);
  for (auto It = Undo.rbegin(); It != Undo.rend(); ++It)
    Out.append(*It);
  return Out;
}

// One effect: its forward saves and bindings (Pre), forward lines after the
// statement (Post), reverse lines before S' (RevPre) and its undoing (Undo).
bool FunctionBuilder::effect(const Expr *E, CodeBlock &Pre, CodeBlock &Post,
                             CodeBlock &RevPre, CodeBlock &Undo,
                             std::vector<std::pair<const Expr *, std::string>> &Before) {
  // `i++`, `++p`, `--it`: integers and pointers step back exactly.
  const Expr *Operand = nullptr;
  bool Decrement = false, Prefix = false;
  if (const auto *U = dyn_cast<UnaryOperator>(E); U && U->isIncrementDecrementOp()) {
    Operand = U->getSubExpr();
    Decrement = U->isDecrementOp();
    Prefix = U->isPrefix();
  } else if (PointerOp Op = pointerOp(E); Op.K == PointerOp::Step) {
    Operand = Op.Pointer;
    Decrement = Op.Minus;
    Prefix = Op.Prefix;
  }
  if (Operand) {
    QualType T = Operand->getType();
    if (!T->isIntegerType() && !T->isPointerType() && !isVectorIterator(T)) {
      unsupported(E, "'++' or '--' on a floating-point value inside an expression",
                  "write it as a statement of its own");
      return false;
    }
    const VarDecl *V = assignedVariable(Operand);
    if (!V || !isa<DeclRefExpr>(Operand->IgnoreParenImpCasts())) {
      unsupported(E, "'++' or '--' inside an expression on something other than a variable",
                  "write it as a statement of its own");
      return false;
    }
    std::string Plus = Decrement ? " - 1" : " + 1", Minus = Decrement ? " + 1" : " - 1";
    Before.push_back({E, Prefix ? "(" + fwd(Operand) + Plus + ")" : fwd(Operand)});
    VarSet Reads;
    std::string After = Printer.print(Operand, &Reads);
    Printer.substituteInReverse(E, Prefix ? After : "(" + After + Minus + ")", Reads);
    step(Operand, Decrement, Post, Undo);
    return true;
  }
  // `b = e` inside `a = b = e`: its value is b, after the statement.
  const Expr *L = nullptr, *R = nullptr;
  BinaryOperatorKind Op = BO_Assign;
  if (const auto *B = dyn_cast<BinaryOperator>(E)) {
    L = B->getLHS();
    R = B->getRHS();
    Op = B->getOpcode();
  } else if (const auto *C = dyn_cast<CXXOperatorCallExpr>(E);
             C && C->getOperator() == OO_Equal) {
    L = C->getArg(0);
    R = C->getArg(1);
  }
  if (L) {
    Roots Where = Activity.pointsTo().location(L);
    if (!Where.known() || !assignedVariable(L)) {
      unsupported(E, "an assignment inside an expression to something other than a "
                     "variable, an element or a pointed-to value",
                  "write it as a statement of its own");
      return false;
    }
    EffectValues[E] = L;
    VarSet Reads;
    std::string After = Printer.print(L, &Reads);
    Printer.substituteInReverse(E, After, Reads);
    Undo = assignment({assignedVariable(L), L, ""}, R, Op, false, "", Pre);
    return true;
  }
  // A call that writes through its arguments: bound to `_vN` before the
  // statement; its pullback runs once the statement's reverse has given its
  // value an adjoint, in `_dvN`.
  const auto *Call = cast<CallExpr>(E);
  for (const CallArgument &A : callArguments(Call))
    if (!checkNoSideEffects(A.Arg))
      return false;
  CodeBlock Restore;
  saveCallOutputs(Call, Pre, Restore);
  QualType T = Call->getType();
  if (T->isVoidType()) {
    Pre.line(fwd(Call) + ";");
    refitShadows(Call, Pre);
    Printer.substitute(E, "(void)0");
  } else {
    std::string Type = Printer.type(T.getCanonicalType().getUnqualifiedType());
    std::string Value = record(Type, "_v", T->isPointerType() ? "nullptr" : "{}");
    Pre.line(Value + " = " + fwd(Call) + ";");
    refitShadows(Call, Pre);
    Printer.substitute(E, Value);
    if (inLoop()) {
      // On a tape of their own: popped before S' reads them, while the
      // statement's own saves are popped inside S'.
      std::string Tape = tape(Type, "_values", !T.isTriviallyCopyableType(Ctx));
      Pre.line(push(Tape, Value));
      CodeBlock Pop;
      Pop.line(Value + " = " + Tape + ".pop();");
      Pop.append(RevPre);
      RevPre = Pop;
    }
  }
  bool Active = false;
  for (const CallArgument &A : callArguments(Call))
    Active |= Activity.dependsOnVaried(A.Arg);
  CodeBlock PullbackRev;
  if (Active && shapeOf(T) == Shape::Record) {
    unsupported(E, "a call that changes its arguments and returns an object, inside an "
                   "expression",
                "call it as a statement of its own");
    return false;
  }
  if (Active && (isRealType(T) || isEffect(E))) {
    std::string Seed;
    if (isRealType(T)) {
      Seed = newTemp();
      RevPre.line(Printer.type(T.getCanonicalType().getUnqualifiedType()) + " " + Seed +
                  " = 0;");
      EffectSeeds[E] = Seed;
    }
    pullbackCall(Call, Seed, PullbackRev);
  }
  // Undone: the arguments restored, then the pullback run on them; a
  // split call's reverse half first, then what it wrote restored.
  if (isSplitCall(Call)) {
    Undo = PullbackRev;
    Undo.append(Restore);
  } else {
    Undo = Restore;
    Undo.append(PullbackRev);
  }
  return true;
}

} // namespace adgen
