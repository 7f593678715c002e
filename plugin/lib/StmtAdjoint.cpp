// Statement adjoints. Each rule appends the statement's forward code to Fwd
// and returns its reverse code. Control flow is replayed backwards from
// records the forward sweep keeps: the branch each `if` took, each loop's
// trip count, the exit a loop iteration or a switch took (`break`,
// `continue`, falling off the end). A `return` inside the body jumps to the
// point of the reverse sweep that undoes it, so reverse code is entered
// exactly where the forward sweep left off. Records are pushed only once the
// construct completes, so such a jump leaves the tapes consistent.
#include "FunctionBuilder.h"
#include "Handles.h"
#include "Types.h"

#include "clang/AST/ExprCXX.h"
#include "clang/AST/RecursiveASTVisitor.h"

#include <functional>

using namespace clang;

namespace adgen {

bool declaresVariable(const Stmt *S, const VarDecl *V) {
  if (!S)
    return false;
  if (const auto *D = dyn_cast<DeclStmt>(S))
    for (const Decl *Each : D->decls())
      if (Each == V)
        return true;
  for (const Stmt *Child : S->children())
    if (declaresVariable(Child, V))
      return true;
  return false;
}

bool writesVariable(const Stmt *S, const VarDecl *V) {
  if (!S)
    return false;
  if (const auto *B = dyn_cast<BinaryOperator>(S);
      B && B->isAssignmentOp() && assignedVariable(B->getLHS()) == V)
    return true;
  if (const auto *U = dyn_cast<UnaryOperator>(S);
      U && U->isIncrementDecrementOp() && assignedVariable(U->getSubExpr()) == V)
    return true;
  for (const Stmt *Child : S->children())
    if (writesVariable(Child, V))
      return true;
  return false;
}

namespace {

// The pointer or container written by `p[i] = e`, `*p = e`, `*(p + i) = e`,
// `v[i] = e` or `v.at(i) = e`.
const VarDecl *writtenPointer(const BinaryOperator *B) {
  if (B->getOpcode() != BO_Assign)
    return nullptr;
  const Expr *L = B->getLHS()->IgnoreParenImpCasts();
  const Expr *Base = nullptr, *Index = nullptr;
  if (isContainerElement(L, Base, Index))
    ;
  else if (const auto *Sub = dyn_cast<ArraySubscriptExpr>(L))
    Base = Sub->getBase();
  else if (const auto *U = dyn_cast<UnaryOperator>(L); U && U->getOpcode() == UO_Deref)
    Base = U->getSubExpr();
  if (!Base)
    return nullptr;
  Base = Base->IgnoreParenImpCasts();
  if (const auto *Add = dyn_cast<BinaryOperator>(Base); Add && Add->isAdditiveOp())
    Base = Add->getLHS()->getType()->isPointerType() ? Add->getLHS() : Add->getRHS();
  const auto *Ref = dyn_cast<DeclRefExpr>(Base->IgnoreParenImpCasts());
  return Ref ? dyn_cast<VarDecl>(Ref->getDecl()) : nullptr;
}

// True if every mention of P in Body is the pointer of a plain store
// (`p[i] = e`) or asks a container's size: the function writes through P
// and never reads through it.
bool isWriteOnly(const Stmt *Body, const VarDecl *P) {
  unsigned Mentions = 0, Stores = 0;
  std::function<void(const Stmt *)> Walk = [&](const Stmt *S) {
    if (const auto *Ref = dyn_cast<DeclRefExpr>(S); Ref && Ref->getDecl() == P)
      ++Mentions;
    if (const auto *B = dyn_cast<BinaryOperator>(S); B && writtenPointer(B) == P)
      ++Stores;
    if (const auto *Call = dyn_cast<CXXMemberCallExpr>(S)) {
      const auto *Method = Call->getMethodDecl();
      const auto *Ref = dyn_cast<DeclRefExpr>(
          Call->getImplicitObjectArgument()->IgnoreParenImpCasts());
      if (Method && Method->getIdentifier() && Method->getName() == "size" &&
          Ref && Ref->getDecl() == P)
        ++Stores; // not a read of the elements
    }
    for (const Stmt *Child : S->children())
      if (Child)
        Walk(Child);
  };
  Walk(Body);
  return Mentions == Stores;
}

const Expr *stripCleanups(const Expr *E) {
  if (const auto *C = dyn_cast<ExprWithCleanups>(E))
    E = C->getSubExpr();
  if (const auto *C = dyn_cast<ConstantExpr>(E))
    E = C->getSubExpr();
  return E->IgnoreParens();
}

// Wraps Rev in braces, so that a jump into the reverse sweep never crosses
// the initialization of a temporary it declares.
CodeBlock braced(const CodeBlock &Rev) {
  CodeBlock Out;
  Out.open("");
  Out.append(Rev);
  Out.close();
  return Out;
}
} // namespace

CodeBlock FunctionBuilder::stmt(const Stmt *S, CodeBlock &Fwd) {
  if (!S || isa<NullStmt>(S))
    return {};
  if (const auto *C = dyn_cast<CompoundStmt>(S)) {
    Fwd.open("");
    CodeBlock Body = compound(C, Fwd);
    Fwd.close();
    CodeBlock Rev;
    Rev.open("");
    Rev.append(Body);
    Rev.close();
    return Rev;
  }
  unsigned TempsBefore = TempCount;
  if (isa<DeclStmt, ReturnStmt, Expr>(S))
    planSplitCalls(S);
  size_t PopsBefore = PendingPops.size();
  auto Leaf = [&](CodeBlock Rev) {
    for (size_t I = PopsBefore; I < PendingPops.size(); ++I)
      Rev.line(PendingPops[I]);
    PendingPops.resize(PopsBefore);
    Rev = withFusedValues(Rev);
    return TempCount != TempsBefore ? braced(Rev) : Rev;
  };
  if (const auto *D = dyn_cast<DeclStmt>(S))
    return Leaf(declaration(D, Fwd));
  if (const auto *R = dyn_cast<ReturnStmt>(S))
    return Leaf(returnStmt(R, Fwd));
  if (const auto *I = dyn_cast<IfStmt>(S))
    return ifStmt(I, Fwd);
  if (isa<ForStmt, WhileStmt, DoStmt, CXXForRangeStmt>(S))
    return loop(S, Fwd);
  if (const auto *Sw = dyn_cast<SwitchStmt>(S))
    return switchStmt(Sw, Fwd);
  if (isa<BreakStmt, ContinueStmt>(S))
    return jump(S, Fwd);
  if (const auto *E = dyn_cast<Expr>(S))
    return Leaf(exprStmt(E, Fwd));
  // `[[fallthrough]];`, `[[likely]] s`: the statement the attribute is on.
  if (const auto *A = dyn_cast<AttributedStmt>(S)) {
    if (isa<NullStmt>(A->getSubStmt()))
      return {};
    return stmt(A->getSubStmt(), Fwd);
  }
  if (isa<GotoStmt, IndirectGotoStmt, LabelStmt>(S)) {
    unsupported(S, "'goto' or a label",
                "restructure the code with loops, 'break' or 'continue'");
    return {};
  }
  std::string What = "this statement";
  if (isa<CXXTryStmt>(S))
    What = "a try block";
  else if (isa<AsmStmt>(S))
    What = "inline assembly";
  else if (isa<CoreturnStmt, CoroutineBodyStmt>(S))
    What = "a coroutine";
  unsupported(S, What, "move it into a function of its own that takes no active values");
  return {};
}

CodeBlock FunctionBuilder::compound(const CompoundStmt *S, CodeBlock &Fwd) {
  CodeBlock Rev;
  for (const Stmt *Child : S->body()) {
    CodeBlock ChildRev = stmt(Child, Fwd);
    ChildRev.append(Rev);
    Rev = ChildRev;
  }
  return Rev;
}

CodeBlock FunctionBuilder::branchBody(const Stmt *S, CodeBlock &Fwd) {
  if (const auto *C = dyn_cast<CompoundStmt>(S))
    return compound(C, Fwd);
  // The branch or loop body is braced already: no second pair.
  return stmt(S, Fwd).unbraced();
}

CodeBlock FunctionBuilder::returnStmt(const ReturnStmt *S, CodeBlock &Fwd) {
  const Expr *Value = S->getRetValue();
  if (Value)
    if (const auto *C = dyn_cast<ExprWithCleanups>(Value))
      Value = C->getSubExpr();
  return withEffects(Value, nullptr, [&](CodeBlock &Fwd, const auto &Text) {
    return returnRule(S, Value, Text, Fwd);
  }, Fwd);
}

CodeBlock FunctionBuilder::returnRule(const ReturnStmt *S, const Expr *Value,
                                      const std::function<std::string()> &Text,
                                      CodeBlock &Fwd) {
  CodeBlock Rev;
  if (Value && !checkNoSideEffects(Value))
    return Rev;
  if (Value && Kind == AdjointKind::Gradient && !ResultVar.empty())
    Fwd.line(ResultVar + " = " + Text() + ";");
  else if (Value && Kind == AdjointKind::Gradient)
    Fwd.line(Text() + ";");
  if (Split) {
    // The forward half returns the value; an early return also records
    // where the reverse half starts.
    if (S != FinalReturn) {
      std::string Label = newLabel();
      Fwd.line(splitExit(Label));
      Rev.line(Label + ":;");
    }
    for (const auto &[P, Kept] : KeptParameters)
      Fwd.line(Kept + " = " + Printer.nameOf(P) + ";");
    if (Value && !Seed.empty()) { // kept for the caller's partials (SplitCalls.cpp)
      Fwd.line("_value = " + Text() + ";");
      Fwd.line("return _value;");
    } else {
      Fwd.line(Value ? "return " + Text() + ";" : "return;");
    }
  } else if (S != FinalReturn) {
    std::string Label = newLabel();
    Fwd.line("goto " + Label + "; // continue in the reverse sweep");
    Rev.line(Label + ":;");
  }
  if (Value && !Seed.empty())
    diffOnce(Value, Seed, Rev);
  return Rev;
}

CodeBlock FunctionBuilder::ifStmt(const IfStmt *S, CodeBlock &Fwd) {
  CodeBlock Rev;
  if (S->getInit() || S->getConditionVariable()) {
    unsupported(S, "an 'if' with an initializer or a declaration as "
                   "condition",
                "declare the variable before the 'if'");
    return Rev;
  }
  std::string Cond = record("bool", "_cond", "false");
  // Effects in the condition (`++k < 3`) are undone after the branch.
  CodeBlock CondRev = withEffects(S->getCond(), nullptr,
                                  [&](CodeBlock &Fwd, const auto &Text) {
                                    if (checkNoSideEffects(S->getCond()))
                                      Fwd.line(Cond + " = " + Text() + ";");
                                    return CodeBlock();
                                  },
                                  Fwd);
  Fwd.open("if (" + Cond + ")");
  CodeBlock ThenRev = branchBody(S->getThen(), Fwd);
  CodeBlock ElseRev;
  if (S->getElse()) {
    Fwd.orElse();
    ElseRev = branchBody(S->getElse(), Fwd);
  }
  Fwd.close();
  if (inLoop()) {
    std::string Tape = controlTape();
    Fwd.line(push(Tape, Cond));
    Rev.line(Cond + " = " + Tape + ".pop();");
  }
  Rev.open("if (" + Cond + ")");
  Rev.append(ThenRev);
  if (!ElseRev.empty()) {
    Rev.orElse();
    Rev.append(ElseRev);
  }
  Rev.close();
  if (!CondRev.empty())
    Rev.append(braced(CondRev));
  return Rev;
}

CodeBlock FunctionBuilder::increment(const Expr *E, CodeBlock &Fwd) {
  CodeBlock Rev;
  const Expr *Operand = nullptr;
  bool Decrement = false;
  if (const auto *U = dyn_cast<UnaryOperator>(E)) {
    Operand = U->getSubExpr();
    Decrement = U->isDecrementOp();
  } else if (PointerOp Op = pointerOp(E); Op.K == PointerOp::Step) {
    Operand = Op.Pointer;
    Decrement = Op.Minus;
  }
  const VarDecl *V = Operand ? assignedVariable(Operand) : nullptr;
  if (!V) {
    unsupported(E, "'++' or '--' applied to a value that is not a variable, "
                   "an element or a pointed-to value");
    return Rev;
  }
  QualType T = Operand->getType();
  if (T->isIntegerType() || T->isPointerType() || isVectorIterator(T)) {
    // Integers and pointers step back exactly: no tape needed.
    Fwd.line(fwd(E) + ";");
    step(Operand, Decrement, Fwd, Rev);
    return Rev;
  }
  saveBeforeWrite({V, Operand, ""}, Fwd, Rev);
  Fwd.line(fwd(E) + ";"); // d(x + 1)/dx = 1: the adjoint is unchanged
  return Rev;
}

// After `++x` or `--x` on an integer or pointer variable: its shadow
// pointer steps along (After), and, if the reverse sweep reads it, both step
// back (Undo).
void FunctionBuilder::step(const Expr *Operand, bool Decrement, CodeBlock &After,
                           CodeBlock &Undo) {
  const VarDecl *V = assignedVariable(Operand);
  const ShadowVar *S = Shadow.movingPointer(V);
  std::string Step = Decrement ? "--" : "++", Back = Decrement ? "++" : "--";
  if (S)
    After.line(Step + S->Name + ";");
  if (!Needed.count(V))
    return;
  Undo.line(Back + rev(Operand) + ";");
  if (S)
    Undo.line(Back + S->Name + ";");
}

// A store into Location, which f reaches through something the generator
// does not follow (a struct's member, a pointer from a call): allowed only
// when nothing active is stored and the reverse sweep reads nothing there.
bool FunctionBuilder::untrackedStore(const Expr *Location, const Expr *Value) {
  if (Activity.dependsOnVaried(Value) || Activity.dependsOnVaried(Location)) {
    if (const auto *M = dyn_cast<MemberExpr>(Location->IgnoreParenImpCasts()))
      unsupported(Location, "storing an active value into the member '" +
                                M->getMemberDecl()->getNameAsString() + "'",
                  unsupportedReason(M->getBase()->getType()));
    else
      unsupported(Location, "a store through a pointer whose origin cannot be followed",
                  "point into a local array or std::vector, or a parameter");
    return false;
  }
  const VarDecl *Base = nullptr;
  const Expr *E = Location;
  while (true) {
    E = E->IgnoreParenImpCasts();
    if (const auto *M = dyn_cast<MemberExpr>(E))
      E = M->getBase();
    else if (const auto *Sub = dyn_cast<ArraySubscriptExpr>(E))
      E = Sub->getBase();
    else
      break;
  }
  if (const auto *Ref = dyn_cast<DeclRefExpr>(E))
    Base = dyn_cast<VarDecl>(Ref->getDecl());
  if (Base && Needed.count(Base)) {
    unsupported(Location, "a store into a member of '" + Base->getName().str() +
                              "', whose old value the reverse sweep needs",
                "store into a separate variable instead");
    return false;
  }
  return true;
}

CodeBlock FunctionBuilder::exprStmt(const Expr *E, CodeBlock &Fwd) {
  E = stripCleanups(E);
  if (const auto *B = dyn_cast<BinaryOperator>(E)) {
    if (B->getOpcode() == BO_Comma) {
      CodeBlock Rev = exprStmt(B->getLHS(), Fwd);
      CodeBlock Second = exprStmt(B->getRHS(), Fwd);
      Second.append(Rev);
      return Second;
    }
    if (B->isAssignmentOp())
      return assignmentStmt(B->getLHS(), B->getRHS(), B->getOpcode(), B, Fwd);
  }
  if (const auto *Op = dyn_cast<CXXOperatorCallExpr>(E);
      Op && Op->getOperator() == OO_Equal && Op->getNumArgs() == 2) {
    QualType T = Op->getArg(0)->getType();
    if (isStdVector(T) || isStdArray(T))
      return containerAssign(Op, Fwd);
    if (isVectorIterator(T))
      return assignmentStmt(Op->getArg(0), Op->getArg(1), BO_Assign, Op, Fwd);
    if (isHandleType(T))
      return handleAssign(Op, Fwd);
    if (shapeOf(T) == Shape::Record)
      return recordAssign(Op, Fwd);
  }
  // std::complex: a scalar, `z = w`, `z *= w`.
  if (const auto *Op = dyn_cast<CXXOperatorCallExpr>(E);
      Op && Op->getNumArgs() == 2 && isComplexType(Op->getArg(0)->getType())) {
    BinaryOperatorKind Kind;
    switch (Op->getOperator()) {
    case OO_Equal: Kind = BO_Assign; break;
    case OO_PlusEqual: Kind = BO_AddAssign; break;
    case OO_MinusEqual: Kind = BO_SubAssign; break;
    case OO_StarEqual: Kind = BO_MulAssign; break;
    case OO_SlashEqual: Kind = BO_DivAssign; break;
    default: Kind = BO_Comma; break;
    }
    if (Kind != BO_Comma)
      return assignmentStmt(Op->getArg(0), Op->getArg(1), Kind, Op, Fwd);
  }
  if (const auto *U = dyn_cast<UnaryOperator>(E); U && U->isIncrementDecrementOp())
    return increment(U, Fwd);
  if (pointerOp(E).K == PointerOp::Step)
    return increment(E, Fwd);
  if (const auto *Call = dyn_cast<CallExpr>(E))
    return callStmt(Call, Fwd);
  if (!checkNoSideEffects(E))
    return {};
  Fwd.line(fwd(E) + ";");
  return {};
}

// A statement's reverse led by the pops of its fused calls' values
// (planFusion), which the rest of it reads.
CodeBlock FunctionBuilder::withFusedValues(CodeBlock Rev) {
  if (FusedValuePops.empty())
    return Rev;
  CodeBlock First;
  for (const auto &[Call, Pop] : FusedValuePops) {
    First.line(Pop);
    Printer.forgetInReverse(Call);
  }
  First.append(Rev);
  FusedValuePops.clear();
  return First;
}

// `L = R`, `L += R`, ...: Whole is the assignment as written (for the
// forward text).
CodeBlock FunctionBuilder::assignmentStmt(const Expr *L, const Expr *R,
                                          BinaryOperatorKind Op, const Expr *Whole,
                                          CodeBlock &Fwd) {
  return withEffects(Whole, Whole, [&](CodeBlock &Fwd, const auto &Text) {
    return assignmentRule(L, R, Op, Whole, Text, Fwd);
  }, Fwd);
}

CodeBlock FunctionBuilder::assignmentRule(const Expr *L, const Expr *R,
                                          BinaryOperatorKind Op, const Expr *Whole,
                                          const std::function<std::string()> &Text,
                                          CodeBlock &Fwd) {
  if (!checkNoSideEffects(L) || !checkNoSideEffects(R))
    return {};
  Roots Where = Activity.pointsTo().location(L);
  if (!Where.known()) {
    if (untrackedStore(L, R))
      Fwd.line(Text() + ";");
    return {};
  }
  for (const VarDecl *V : Where.Vars) {
    if (V->isLocalVarDeclOrParm())
      continue;
    if (Activity.isActive(R) || Activity.isActive(Whole))
      unsupported(Whole, "writing an active value into the global variable '" +
                             V->getName().str() + "'",
                  "return it, or pass a pointer parameter for it");
    Fwd.line(Text() + ";");
    return {};
  }
  // Results stored into a parameter that is not active and never read
  // back: they run as in f and carry no derivative.
  if (Kind == AdjointKind::Gradient && !Where.Vars.empty() &&
      Activity.dependsOnVaried(R)) {
    bool Untracked = true;
    for (const VarDecl *V : Where.Vars)
      Untracked &= isa<ParmVarDecl>(V) && !Shadow.find(V) &&
                   isWriteOnly(Def->getBody(), V);
    if (Untracked) {
      Fwd.line(Text() + ";");
      return {};
    }
  }
  // Not made at all in a pullback's forward sweep when nothing reads it.
  bool Dead = deadStore(L, R);
  if (!Dead && (!isa<DeclRefExpr>(L->IgnoreParenImpCasts()) || !isDeadLocal(assignedVariable(L))))
    planFusion(R);
  // A first definition (AvailableValues.h): the value it replaces is read
  // by no one, so it is not saved.
  bool First = Op == BO_Assign && !inLoop() && Available.isFirstDefinition(Whole);
  return assignment({assignedVariable(L), L, ""}, R, Op, false, Dead ? "" : Text() + ";", Fwd,
                    !First);
}
} // namespace adgen
