// Loops, `break`/`continue` and `switch`. Control flow is replayed
// backwards from records the forward sweep keeps: each loop's trip count,
// the exit a loop iteration or a switch took (`break`, `continue`, falling
// off the end). Records are pushed only once the construct completes, so a
// jump out of it leaves the tapes consistent.
#include "FunctionBuilder.h"

#include <functional>

#include "clang/AST/ExprCXX.h"

using namespace clang;

namespace adgen {

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
  if (For && isReplayedSum(For))
    return replayedSum(For, Fwd);
  if ((For && For->getConditionVariable()) ||
      (While && While->getConditionVariable())) {
    unsupported(S, "a loop whose condition declares a variable",
                "declare it before the loop");
    return Rev;
  }
  // `while (n-- > 0)`: a counter stepped in the condition is stepped back
  // once per evaluation: before each iteration, and once more at the exit.
  CodeBlock CondUndo;
  if (Cond && !conditionEffects(Cond, CondUndo))
    return Rev;
  if (!CondUndo.empty() && hasBreak(Body)) {
    unsupported(Cond, "'++' or '--' in the condition of a loop that has a 'break'",
                "step the counter in the loop body instead");
    return Rev;
  }

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
    IncRev = withFusedValues(exprStmt(For->getInc(), IncFwd));
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
    Fwd.open("for (auto &&" + Element + " : " + fwd(Range->getRangeInit()) +
             ")");
  else
    Fwd.open("do");
  Fwd.append(BodyFwd);
  Fwd.close(Do ? "while (" + CondText + ");" : "");
  if (Nested) {
    Fwd.line(push(controlTape(), Counter));
    Rev.line(Counter + " = " + controlTape() + ".pop();");
  }

  if (!Do)
    Rev.append(CondUndo); // the evaluation that ended the loop
  Rev.open("for (; " + Counter + "; " + Counter + "--)");
  if (Do)
    Rev.append(CondUndo);
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
  if (!Do)
    Rev.append(CondUndo); // the evaluation that started the iteration
  Rev.close();
  Rev.append(InitRev);
  return Rev;
}

// True if S (not a loop or switch nested in it) holds a `break`.
bool FunctionBuilder::hasBreak(const Stmt *S) const {
  if (!S || isa<ForStmt, WhileStmt, DoStmt, CXXForRangeStmt, SwitchStmt>(S))
    return false;
  if (isa<BreakStmt>(S))
    return true;
  for (const Stmt *Child : S->children())
    if (hasBreak(Child))
      return true;
  return false;
}

// Effects in a loop condition: only counters and pointers stepped by `++`
// and `--` (they step back exactly; nothing can be saved in the middle of
// a loop header). Undo gets what undoes one evaluation.
bool FunctionBuilder::conditionEffects(const Expr *Cond, CodeBlock &Undo) {
  std::vector<const Expr *> Steps;
  std::function<void(const Expr *)> Walk = [&](const Expr *E) {
    for (const Stmt *Child : E->children())
      if (const auto *CE = dyn_cast_or_null<Expr>(Child))
        Walk(CE);
    if (isEffect(E))
      Steps.push_back(E);
  };
  Walk(Cond);
  for (auto It = Steps.rbegin(); It != Steps.rend(); ++It) {
    const auto *U = dyn_cast<UnaryOperator>(*It);
    const Expr *Operand = U ? U->getSubExpr() : nullptr;
    const VarDecl *V = Operand ? assignedVariable(Operand) : nullptr;
    if (!U || !U->isIncrementDecrementOp() || !V ||
        !isa<DeclRefExpr>(Operand->IgnoreParenImpCasts()) ||
        !(Operand->getType()->isIntegerType() ||
          (Operand->getType()->isPointerType() && !Shadow.find(V)))) {
      unsupported(*It, "an assignment or a call with side effects in a loop condition",
                  "compute it in the loop body, or step an integer counter with "
                  "'++' or '--'");
      return false;
    }
    HandledEffects.insert(*It);
    if (Needed.count(V))
      Undo.line(std::string(U->isDecrementOp() ? "++" : "--") + rev(Operand) + ";");
  }
  return checkNoSideEffects(Cond);
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
  // A variable or a member of one: its shadow is found again in the
  // reverse sweep.
  const Expr *Range = S->getRangeInit()->IgnoreParenImpCasts();
  for (const auto *M = dyn_cast<MemberExpr>(Range); M && !M->isArrow();
       M = dyn_cast<MemberExpr>(Range))
    Range = M->getBase()->IgnoreParenImpCasts();
  const auto *Ref = dyn_cast<DeclRefExpr>(Range);
  if (!Ref || !isa<VarDecl>(Ref->getDecl())) {
    unsupported(S->getRangeInit(), "a range-for over something other than a variable or its member",
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
  std::string Name = Printer.nameOf(LoopVar);
  bool Varied = Activity.isVaried(LoopVar) &&
                Activity.dependsOnVaried(S->getRangeInit());
  if (isLocalReference(LoopVar)) {
    // `auto &e : v`: e points to the element, its shadow to the element's.
    std::string Adj =
        Varied ? declareShadow(LoopVar, Name, ShadowKind::Indirect) : "";
    saveBinding(LoopVar, BodyFwd, Rev);
    BodyFwd.line(Name + " = &" + Element + ";");
    if (Varied) {
      BodyFwd.line(Adj + " = " + Shadow.data(S->getRangeInit(), [this](const Expr *E) {
                     return fwd(E);
                   }) + " + (" + Counter + " - 1);");
    }
    return Rev;
  }
  saveBeforeWrite({LoopVar, nullptr, ""}, BodyFwd, Rev);
  BodyFwd.line(Name + " = " + Element + ";");
  if (Varied) {
    const std::string &Adj = Shadow.find(LoopVar)->Name;
    Rev.line(Shadow.data(S->getRangeInit(), [this](const Expr *E) { return rev(E); }) +
             "[" + Counter + " - 1] += " + Adj + ";");
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
