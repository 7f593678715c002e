// Statement adjoints. Each rule appends the statement's forward code to Fwd
// and returns its reverse code. Control flow is replayed backwards from
// records the forward sweep keeps: the branch each `if` took, each loop's
// trip count, the exit a loop iteration or a switch took (`break`,
// `continue`, falling off the end). A `return` inside the body jumps to the
// point of the reverse sweep that undoes it, so reverse code is entered
// exactly where the forward sweep left off. Records are pushed only once the
// construct completes, so such a jump leaves the tapes consistent.
#include "FunctionBuilder.h"

#include "clang/AST/ExprCXX.h"
#include "clang/AST/RecursiveASTVisitor.h"

#include <functional>

using namespace clang;

namespace adgen {

namespace {
bool readsVariable(const Stmt *S, const VarDecl *V) {
  if (!S)
    return false;
  if (const auto *Ref = dyn_cast<DeclRefExpr>(S))
    return Ref->getDecl() == V;
  for (const Stmt *Child : S->children())
    if (readsVariable(Child, V))
      return true;
  return false;
}

} // namespace

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
  auto Leaf = [&](CodeBlock Rev) {
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
  if (isa<GotoStmt, IndirectGotoStmt, LabelStmt>(S)) {
    unsupported(S, "'goto' or a label",
                "restructure the code with loops, 'break' or 'continue'");
    return {};
  }
  unsupported(S, std::string("a statement of kind '") + S->getStmtClassName() +
                     "'");
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

std::string FunctionBuilder::Target::text(FunctionBuilder &B,
                                         bool Reverse) const {
  if (LValue)
    return Reverse ? B.rev(LValue) : B.fwd(LValue);
  return B.Printer.nameOf(Var) + Subscript;
}

QualType FunctionBuilder::Target::type() const {
  if (LValue)
    return LValue->getType();
  QualType T = Var->getType().getNonReferenceType();
  for (size_t I = 0; I < Subscript.size(); ++I)
    if (Subscript[I] == '[')
      T = T->getAsArrayTypeUnsafe()->getElementType();
  return T;
}

void FunctionBuilder::saveBeforeWrite(const Target &T, CodeBlock &Fwd,
                                      CodeBlock &Rev) {
  if (!Needed.count(T.Var))
    return;
  // Restoring the old value would undo a store into the caller's memory,
  // which f_grad must leave as f does (reference parameters are put back
  // at the end instead: keepFinalValues).
  if (Kind == AdjointKind::Gradient && isa<ParmVarDecl>(T.Var) &&
      T.Var->getType()->isPointerType()) {
    std::string P = T.Var->getName().str();
    unsupported(T.LValue ? T.LValue->getExprLoc() : T.Var->getLocation(),
                "a write through the parameter '" + P +
                    "', which the function also reads",
                "compute into a local variable or array, and copy it into '" + P +
                    "' at the end");
    return;
  }
  if (!inLoop()) { // written at most once: a variable holds the old value
    QualType Type = T.type().getCanonicalType().getUnqualifiedType();
    std::string Saved = record(Printer.type(Type), "_t", "0");
    Fwd.line(Saved + " = " + T.text(*this, false) + ";");
    Rev.line(T.text(*this, true) + " = " + Saved + ";");
    return;
  }
  std::string Tape = tapeFor(T.type());
  Fwd.line(push(Tape, T.text(*this, false)));
  Rev.line(T.text(*this, true) + " = " + Tape + ".pop();");
}

CodeBlock FunctionBuilder::assignment(const Target &Dest, const Expr *Value,
                                      BinaryOperatorKind Op,
                                      bool FreshVariable,
                                      const std::string &ForwardText,
                                      CodeBlock &Fwd) {
  CodeBlock Rev;
  const VarDecl *V = Dest.Var;
  if (Value && !checkNoSideEffects(Value))
    return Rev;
  // A variable declared outside loops is written once: its old value is
  // never needed, and its adjoint is never read again after this point.
  bool Rewritten = !FreshVariable || inLoop();
  if (Rewritten)
    saveBeforeWrite(Dest, Fwd, Rev);
  Fwd.line(ForwardText);
  if (!Activity.isVaried(V) || !holdsReals(V->getType()))
    return Rev;
  std::string Adj = Dest.LValue ? adjointOf(Dest.LValue)
                                : Adjoints.at(V) + Dest.Subscript;
  QualType T = Dest.type();
  bool ValueActive = Value && Activity.isActive(Value);
  bool SelfReference = readsVariable(Value, V);
  auto General = [&](BinaryOperatorKind BinOp) {
    std::string Temp = newTemp();
    Rev.line(Printer.type(T.getNonReferenceType().getCanonicalType().getUnqualifiedType()) + " " + Temp + " = " + Adj +
             ";");
    // Only a plain variable: an element's adjoint may alias another's.
    if (Dest.Subscript.empty() &&
        (!Dest.LValue || isa<DeclRefExpr>(Dest.LValue->IgnoreParenImpCasts())))
      deferReset(Adj, Rev);
    else
      Rev.line(Adj + " = 0;");
    if (BinOp == BO_Assign)
      diff(Value, Temp, Rev);
    else
      diffBinary(BinOp, Dest.LValue, Value, Temp, T, Rev);
    settleReset();
  };
  switch (Op) {
  case BO_Assign:
    if (ValueActive && SelfReference) {
      General(BO_Assign);
    } else {
      if (ValueActive)
        diff(Value, Adj, Rev);
      if (Rewritten)
        Rev.line(Adj + " = 0;");
    }
    break;
  case BO_AddAssign:
  case BO_SubAssign:
    if (!ValueActive)
      break;
    if (SelfReference)
      General(Op == BO_AddAssign ? BO_Add : BO_Sub);
    else
      diff(Value, Op == BO_AddAssign ? Adj : "-" + Adj, Rev);
    break;
  case BO_MulAssign:
    General(BO_Mul);
    break;
  case BO_DivAssign:
    General(BO_Div);
    break;
  default:
    unsupported(Value, "this compound assignment to an active variable");
  }
  return Rev;
}

// `double a[2][2] = {{1, x}}` as element assignments: a[0][0] = 1; ...
// Elements left to zero need no code outside loops (the hoisted array
// starts zeroed); inside a loop they are zeroed again each time.
CodeBlock FunctionBuilder::arrayInitializer(const VarDecl *V,
                                            const InitListExpr *List,
                                            QualType ArrayType,
                                            const std::string &Subscript,
                                            CodeBlock &Fwd) {
  CodeBlock Rev;
  const auto *Arr = Ctx.getAsConstantArrayType(ArrayType);
  if (!Arr) {
    unsupported(List, "this array initializer");
    return Rev;
  }
  uint64_t N = Arr->getSize().getZExtValue();
  for (uint64_t K = 0; K < N; ++K) {
    std::string Element = Subscript + "[" + std::to_string(K) + "]";
    const Expr *Init = K < List->getNumInits() ? List->getInit(K) : nullptr;
    if (Init && isa<ImplicitValueInitExpr>(Init))
      Init = nullptr;
    CodeBlock ElementRev;
    if (Arr->getElementType()->isArrayType()) {
      const auto *Inner = dyn_cast_or_null<InitListExpr>(Init);
      if (Init && !Inner) {
        unsupported(Init, "this array initializer");
        return Rev;
      }
      InitListExpr Empty(Ctx, SourceLocation(), {}, SourceLocation());
      ElementRev = arrayInitializer(V, Inner ? Inner : &Empty,
                                    Arr->getElementType(), Element, Fwd);
    } else if (Init || inLoop()) {
      std::string Text = Printer.nameOf(V) + Element + " = " +
                         (Init ? fwd(Init) : std::string("0")) + ";";
      ElementRev = assignment({V, nullptr, Element}, Init, BO_Assign, true,
                              Text, Fwd);
    }
    ElementRev.append(Rev);
    Rev = ElementRev;
  }
  return Rev;
}

CodeBlock FunctionBuilder::declaration(const DeclStmt *S, CodeBlock &Fwd) {
  CodeBlock Rev;
  for (const Decl *D : S->decls()) {
    const auto *V = dyn_cast<VarDecl>(D);
    if (!V) {
      if (!isa<TypedefNameDecl, StaticAssertDecl, UsingDecl>(D))
        unsupported(S, "this kind of declaration");
      continue;
    }
    if (V->getType()->isReferenceType()) {
      unsupported(S, "a local reference",
                  "use a copy, or index the array directly");
      continue;
    }
    if (V->getType()->isPointerType() && holdsReals(V->getType())) {
      unsupported(S, "a local pointer to floating-point values",
                  "index the array or parameter directly (p[i + 1] instead "
                  "of r = p + 1; r[i])");
      continue;
    }
    hoistLocal(V);
    if (V->isStaticLocal() || !V->getInit())
      continue;
    const Expr *Init = V->getInit();
    CodeBlock DeclRev;
    if (const auto *List = dyn_cast<InitListExpr>(Init);
        List && V->getType()->isArrayType()) {
      DeclRev = arrayInitializer(V, List, V->getType(), "", Fwd);
    } else if (V->getType()->isArrayType()) {
      unsupported(S, "this array initializer");
      continue;
    } else {
      if (const auto *List = dyn_cast<InitListExpr>(Init)) {
        if (List->getNumInits() != 1) {
          unsupported(S, "this initializer");
          continue;
        }
        Init = List->getInit(0);
      }
      planFusion(Init);
      std::string Text = Printer.nameOf(V) + " = " + fwd(Init) + ";";
      DeclRev = assignment({V, nullptr, ""}, Init, BO_Assign, true, Text, Fwd);
    }
    DeclRev.append(Rev);
    Rev = DeclRev;
  }
  return Rev;
}

CodeBlock FunctionBuilder::returnStmt(const ReturnStmt *S, CodeBlock &Fwd) {
  CodeBlock Rev;
  const Expr *Value = S->getRetValue();
  if (Value && !checkNoSideEffects(Value))
    return Rev;
  if (Value && Kind == AdjointKind::Gradient)
    Fwd.line(ResultVar + " = " + fwd(Value) + ";");
  if (Kind == AdjointKind::Gradient)
    keepFinalValues(Fwd);
  if (S != FinalReturn) {
    std::string Label = newLabel();
    Fwd.line("goto " + Label + "; // continue in the reverse sweep");
    Rev.line(Label + ":;");
  }
  if (Value && !Seed.empty())
    diff(Value, Seed, Rev);
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
  if (!checkNoSideEffects(S->getCond()))
    return Rev;
  std::string Cond = record("bool", "_cond", "false");
  Fwd.line(Cond + " = " + fwd(S->getCond()) + ";");
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
  return Rev;
}

CodeBlock FunctionBuilder::loop(const Stmt *S, CodeBlock &Fwd) {
  CodeBlock Rev;
  const auto *For = dyn_cast<ForStmt>(S);
  const auto *While = dyn_cast<WhileStmt>(S);
  const auto *Do = dyn_cast<DoStmt>(S);
  const auto *Range = dyn_cast<CXXForRangeStmt>(S);
  const Expr *Cond = For     ? For->getCond()
                     : While ? While->getCond()
                     : Do    ? Do->getCond()
                             : nullptr;
  const Stmt *Body = For     ? For->getBody()
                     : While ? While->getBody()
                     : Do    ? Do->getBody()
                             : Range->getBody();
  if (Range && !rangeIsSupported(Range))
    return Rev;
  if (For && isSumReduction(For))
    return sumReduction(For, Fwd);
  if ((For && For->getConditionVariable()) ||
      (While && While->getConditionVariable())) {
    unsupported(S, "a loop whose condition declares a variable",
                "declare it before the loop");
    return Rev;
  }
  if (Cond && !checkNoSideEffects(Cond))
    return Rev;

  CodeBlock InitRev;
  std::string InitText = For ? forInit(For, Fwd, InitRev) : "";

  bool Nested = inLoop();
  std::string Counter = record("unsigned long", "_t", "0");
  if (Nested)
    Fwd.line(Counter + " = 0;");
  JumpTarget Target{true, "", {}, "", ""};
  Targets.push_back(&Target);
  ++LoopDepth;
  LoopTrips.push_back(For ? constantTripCount(For) : -1);
  LoopBodies.push_back(S);
  CodeBlock BodyFwd;
  BodyFwd.line(Counter + "++;");
  std::string Element;
  CodeBlock ElementRev;
  if (Range) {
    Element = Names.numbered("_e");
    ElementRev = rangeElement(Range, Element, Counter, BodyFwd);
  }
  CodeBlock BodyRev = branchBody(Body, BodyFwd);
  BodyRev.append(ElementRev);
  // The increment runs at the end of each iteration; extra forward code it
  // needs (saving a value) joins it with the comma operator.
  std::string IncText;
  CodeBlock IncRev;
  if (For && For->getInc()) {
    CodeBlock IncFwd;
    IncRev = exprStmt(For->getInc(), IncFwd);
    for (size_t I = 0; I < IncFwd.size(); ++I) {
      std::string L = IncFwd.text(I);
      L.pop_back(); // the ';'
      IncText += (I ? ", " : "") + L;
    }
  }
  LoopTrips.pop_back();
  LoopBodies.pop_back();
  --LoopDepth;
  Targets.pop_back();
  if (!Target.Exits.empty())
    BodyFwd.line(push(controlTape(), "0") + " // iteration ran to its end");

  std::string CondText = Cond ? fwd(Cond) : "";
  if (For)
    Fwd.open("for (" + InitText + "; " + CondText + "; " + IncText + ")");
  else if (While)
    Fwd.open("while (" + CondText + ")");
  else if (Range)
    Fwd.open("for (const auto &" + Element + " : " + fwd(Range->getRangeInit()) +
             ")");
  else
    Fwd.open("do");
  Fwd.append(BodyFwd);
  Fwd.close(Do ? "while (" + CondText + ");" : "");
  if (Nested) {
    Fwd.line(push(controlTape(), Counter));
    Rev.line(Counter + " = " + controlTape() + ".pop();");
  }

  Rev.open("for (; " + Counter + "; " + Counter + "--)");
  if (!Target.Exits.empty()) {
    Rev.open("switch (" + controlTape() + ".pop())");
    for (const Exit &E : Target.Exits) {
      Rev.line("case " + std::to_string(E.Id) + ":");
      if (E.IsContinue)
        Rev.append(IncRev);
      Rev.line("  goto " + E.Label + ";");
    }
    Rev.close();
  }
  Rev.append(IncRev);
  Rev.append(BodyRev);
  Rev.close();
  Rev.append(InitRev);
  return Rev;
}

// The init statement of a for loop runs once, before the loop, like in the
// source: its text for the loop header if it is one statement (`i = 0`),
// else its lines go before the loop and the header's init is empty.
std::string FunctionBuilder::forInit(const ForStmt *S, CodeBlock &Fwd,
                                     CodeBlock &InitRev) {
  if (!S->getInit())
    return "";
  CodeBlock InitFwd;
  InitRev = stmt(S->getInit(), InitFwd);
  if (InitFwd.size() == 1 && InitFwd.text(0).back() == ';') {
    std::string Text = InitFwd.text(0);
    Text.pop_back();
    return Text;
  }
  Fwd.append(InitFwd);
  return "";
}

bool FunctionBuilder::rangeIsSupported(const CXXForRangeStmt *S) {
  const VarDecl *LoopVar = S->getLoopVariable();
  QualType T = LoopVar->getType();
  if (T->isLValueReferenceType() && !T.getNonReferenceType().isConstQualified()) {
    unsupported(LoopVar->getLocation(),
                "a range-for variable that is a non-const reference",
                "read elements by value or const&, or write them in an index "
                "loop");
    return false;
  }
  const auto *Ref = dyn_cast<DeclRefExpr>(S->getRangeInit()->IgnoreParenImpCasts());
  if (!Ref || !isa<VarDecl>(Ref->getDecl())) {
    unsupported(S->getRangeInit(), "a range-for over this expression",
                "loop over a variable (array, std::vector or std::array)");
    return false;
  }
  return true;
}

// The range-for's element `t = _eN` at the start of each iteration; in the
// reverse sweep the counter is the element's position plus one.
CodeBlock FunctionBuilder::rangeElement(const CXXForRangeStmt *S,
                                        const std::string &Element,
                                        const std::string &Counter,
                                        CodeBlock &BodyFwd) {
  CodeBlock Rev;
  const VarDecl *LoopVar = S->getLoopVariable();
  hoistLocal(LoopVar);
  saveBeforeWrite({LoopVar, nullptr, ""}, BodyFwd, Rev);
  BodyFwd.line(Printer.nameOf(LoopVar) + " = " + Element + ";");
  const auto *RangeVar =
      cast<VarDecl>(cast<DeclRefExpr>(S->getRangeInit()->IgnoreParenImpCasts())
                        ->getDecl());
  if (Activity.isVaried(LoopVar) && Activity.isVaried(RangeVar)) {
    const std::string &Adj = Adjoints.at(LoopVar);
    Rev.line(adjointPointer(S->getRangeInit()) + "[" + Counter + " - 1] += " +
             Adj + ";");
    Rev.line(Adj + " = 0;");
  }
  return Rev;
}

CodeBlock FunctionBuilder::jump(const Stmt *S, CodeBlock &Fwd) {
  CodeBlock Rev;
  bool IsContinue = isa<ContinueStmt>(S);
  int TargetIndex = static_cast<int>(Targets.size()) - 1;
  while (TargetIndex >= 0 && IsContinue && !Targets[TargetIndex]->IsLoop)
    --TargetIndex;
  if (TargetIndex < 0) {
    unsupported(S, "a jump out of this construct");
    return Rev;
  }
  std::string Label = newLabel();
  std::string JumpTo = Label;
  // A `continue` leaving a switch: the switch is left as if by a break of
  // its own, recording where; the loop's reverse iteration then enters the
  // switch's reverse from its start, which restores its selector and goes
  // on to this point.
  for (int I = static_cast<int>(Targets.size()) - 1; I > TargetIndex; --I) {
    JumpTarget *Switch = Targets[I];
    unsigned Id = Switch->Exits.size() + 1;
    Switch->Exits.push_back({Id, JumpTo, false});
    Fwd.line(Switch->ExitRecord + " = " + std::to_string(Id) + ";");
    Fwd.line(push(controlTape(), "static_cast<unsigned long>(" +
                                     Switch->ValueVar + ")"));
    Fwd.line(push(controlTape(), Switch->ExitRecord));
    Switch->StartUsed = true;
    JumpTo = Switch->StartLabel;
  }
  JumpTarget *Target = Targets[TargetIndex];
  unsigned Id = Target->Exits.size() + 1;
  Target->Exits.push_back({Id, JumpTo, IsContinue});
  if (Target->IsLoop)
    Fwd.line(push(controlTape(), std::to_string(Id)));
  else
    Fwd.line(Target->ExitRecord + " = " + std::to_string(Id) + ";");
  Fwd.line(IsContinue ? "continue;" : "break;");
  Rev.line(Label + ":;");
  return Rev;
}

CodeBlock FunctionBuilder::switchStmt(const SwitchStmt *S, CodeBlock &Fwd) {
  CodeBlock Rev;
  const auto *Body = dyn_cast<CompoundStmt>(S->getBody());
  if (S->getInit() || S->getConditionVariable() || !Body) {
    unsupported(S, "this form of 'switch'",
                "use 'switch (value) { case ...: ... }' with a braced body");
    return Rev;
  }
  if (!checkNoSideEffects(S->getCond()))
    return Rev;
  QualType CondType = S->getCond()->IgnoreImpCasts()->getType();
  std::string Value = record(Printer.type(CondType.getUnqualifiedType()), "_sw",
                             "{}");
  // Which way the switch was left; declared below if anything reads it.
  std::string ExitVar = Names.numbered("_swexit");
  std::string End = newLabel();
  Fwd.line(Value + " = " + fwd(S->getCond()) + ";");
  CodeBlock::Mark ExitReset = Fwd.mark();
  Fwd.open("switch (" + Value + ")");
  JumpTarget Target{false, ExitVar, {}, "", ""};
  Target.ValueVar = Value;
  Target.StartLabel = newLabel();
  Targets.push_back(&Target);

  std::vector<std::string> CaseValues;
  bool HasDefault = false;
  std::vector<CodeBlock> Pieces; // in forward order; reversed below
  auto EnteredHere = [&](const SwitchCase *Label) {
    CodeBlock Check;
    if (const auto *Case = dyn_cast<CaseStmt>(Label)) {
      Check.line("if (" + Value + " == " + fwd(Case->getLHS()) + ") goto " +
                 End + ";");
    } else {
      Check.line("@DEFAULT@");
    }
    return Check;
  };
  for (const Stmt *Child : Body->body()) {
    while (const auto *Label = dyn_cast<SwitchCase>(Child)) {
      if (const auto *Case = dyn_cast<CaseStmt>(Label)) {
        if (Case->getRHS()) {
          unsupported(Case, "a case range");
          break;
        }
        CaseValues.push_back(fwd(Case->getLHS()));
        Fwd.line("case " + CaseValues.back() + ":");
      } else {
        HasDefault = true;
        Fwd.line("default:");
      }
      Pieces.push_back(EnteredHere(Label));
      Child = Label->getSubStmt();
    }
    Pieces.push_back(stmt(Child, Fwd));
  }
  Targets.pop_back();
  Fwd.close();
  if (!Target.Exits.empty() || inLoop()) {
    RecordDecls.push_back("unsigned " + ExitVar + " = 0;");
    Fwd.insert(ExitReset, ExitVar + " = 0;");
  }

  std::string MatchesNone = "true";
  if (!CaseValues.empty()) {
    MatchesNone = "";
    for (const std::string &V : CaseValues)
      MatchesNone += (MatchesNone.empty() ? "" : " && ") + Value + " != " + V;
  }
  std::string NoneCheck = "if (" + MatchesNone + ") goto " + End + ";";

  if (inLoop()) {
    std::string Tape = controlTape();
    Fwd.line(push(Tape, "static_cast<unsigned long>(" + Value + ")"));
    Fwd.line(push(Tape, ExitVar));
    if (Target.StartUsed)
      Rev.line(Target.StartLabel + ":;");
    Rev.line(ExitVar + " = " + Tape + ".pop();");
    Rev.line(Value + " = static_cast<" + Printer.type(CondType) + ">(" + Tape +
             ".pop());");
  }
  Rev.open("");
  if (!Target.Exits.empty()) {
    Rev.open("switch (" + ExitVar + ")");
    for (const Exit &E : Target.Exits) {
      Rev.line("case " + std::to_string(E.Id) + ":");
      Rev.line("  goto " + E.Label + ";");
    }
    Rev.close();
  }
  if (!HasDefault)
    Rev.line(NoneCheck);
  for (auto It = Pieces.rbegin(); It != Pieces.rend(); ++It) {
    if (It->size() == 1 && It->text(0) == "@DEFAULT@")
      Rev.line(NoneCheck);
    else
      Rev.append(*It);
  }
  Rev.line(End + ":;");
  Rev.close();
  return Rev;
}

CodeBlock FunctionBuilder::increment(const UnaryOperator *U, CodeBlock &Fwd) {
  CodeBlock Rev;
  const VarDecl *V = assignedVariable(U->getSubExpr());
  if (!V) {
    unsupported(U, "'++' or '--' on this kind of expression");
    return Rev;
  }
  QualType T = U->getSubExpr()->getType();
  if ((T->isIntegerType() || T->isPointerType()) && Needed.count(V)) {
    // Integers step back exactly: no tape needed.
    Fwd.line(fwd(U) + ";");
    Rev.line((U->isIncrementOp() ? "--" : "++") + rev(U->getSubExpr()) + ";");
    return Rev;
  }
  saveBeforeWrite({V, U->getSubExpr(), ""}, Fwd, Rev);
  Fwd.line(fwd(U) + ";"); // d(x + 1)/dx = 1: the adjoint is unchanged
  return Rev;
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
    if (B->isAssignmentOp()) {
      const VarDecl *V = assignedVariable(B->getLHS());
      // A result stored into a std::vector or std::array parameter that
      // the function never reads back.
      const VarDecl *Container = writtenPointer(B);
      if (!V && Container && Kind == AdjointKind::Gradient &&
          isa<ParmVarDecl>(Container) && isWriteOnly(Def->getBody(), Container)) {
        if (!checkNoSideEffects(B->getRHS()))
          return {};
        Fwd.line(fwd(B) + ";");
        return {};
      }
      if (!V) {
        unsupported(B->getLHS(), "a write to this kind of location");
        return {};
      }
      if (!V->isLocalVarDeclOrParm()) {
        if (Activity.isActive(B->getRHS()) || Activity.isActive(B))
          unsupported(B, "writing an active value into the global variable '" +
                             V->getName().str() + "'",
                      "return it, or pass a pointer parameter for it");
        Fwd.line(fwd(B) + ";");
        return {};
      }
      if (!checkNoSideEffects(B->getLHS()))
        return {};
      if (Kind == AdjointKind::Gradient && isa<ParmVarDecl>(V) &&
          V->getType()->isPointerType() &&
          (Activity.isVaried(V) || Activity.isActive(B->getRHS()))) {
        // Results written into the caller's array and never read back:
        // they do not feed f's value, so they need no reverse code.
        if (B->getOpcode() == BO_Assign && isWriteOnly(Def->getBody(), V)) {
          if (!checkNoSideEffects(B->getRHS()))
            return {};
          Fwd.line(fwd(B) + ";");
          return {};
        }
        unsupported(B, "a write through the parameter '" + V->getName().str() +
                           "', which the function also reads",
                    "compute into a local variable or array, and copy it into '" +
                        V->getName().str() + "' at the end");
        return {};
      }
      planFusion(B->getRHS());
      return assignment({V, B->getLHS(), ""}, B->getRHS(), B->getOpcode(), false,
                        fwd(B) + ";", Fwd);
    }
  }
  if (const auto *U = dyn_cast<UnaryOperator>(E); U && U->isIncrementDecrementOp())
    return increment(U, Fwd);
  if (const auto *Call = dyn_cast<CallExpr>(E))
    return callStmt(Call, Fwd);
  if (!checkNoSideEffects(E))
    return {};
  Fwd.line(fwd(E) + ";");
  return {};
}

// The trip count of `for (int i = A; i < B; ++i)` with A, B constants and i
// not written in the body; -1 if unknown. An upper bound under break.
long FunctionBuilder::constantTripCount(const ForStmt *S) const {
  const VarDecl *I = nullptr;
  const Expr *Start = nullptr;
  if (const auto *D = dyn_cast_or_null<DeclStmt>(S->getInit());
      D && D->isSingleDecl()) {
    I = dyn_cast<VarDecl>(D->getSingleDecl());
    Start = I ? I->getInit() : nullptr;
  } else if (const auto *B = dyn_cast_or_null<BinaryOperator>(S->getInit());
             B && B->getOpcode() == BO_Assign) {
    I = assignedVariable(B->getLHS());
    Start = B->getRHS();
  }
  const auto *Cond = dyn_cast_or_null<BinaryOperator>(S->getCond());
  const auto *Inc = dyn_cast_or_null<UnaryOperator>(S->getInc());
  if (!I || !Start || !Cond || !Inc || !Inc->isIncrementOp() ||
      assignedVariable(Inc->getSubExpr()) != I ||
      assignedVariable(Cond->getLHS()) != I ||
      (Cond->getOpcode() != BO_LT && Cond->getOpcode() != BO_LE))
    return -1;
  Expr::EvalResult From, To;
  if (!Start->EvaluateAsInt(From, Ctx) || !Cond->getRHS()->EvaluateAsInt(To, Ctx))
    return -1;
  if (writesVariable(S->getBody(), I))
    return -1;
  long Count = To.Val.getInt().getExtValue() - From.Val.getInt().getExtValue() +
               (Cond->getOpcode() == BO_LE ? 1 : 0);
  return Count < 0 ? 0 : Count;
}

} // namespace adgen
