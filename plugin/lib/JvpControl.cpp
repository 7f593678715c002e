// Control flow in forward mode (Jvp.h): if/else chains, loops, range-for
// over varying elements, loop steps that move tangent pointers, switch; the
// conditions are printed as written, the bodies are JvpStmt.cpp's.
#include "ExprText.h"
#include "Jvp.h"
#include "LibraryRules.h"
#include "Locations.h"
#include "Purity.h"
#include "Types.h"
#include "ad-gen/Attribute.h"

#include "clang/AST/ExprCXX.h"
#include "clang/AST/StmtCXX.h"
#include "llvm/Support/raw_ostream.h"

#include <functional>

using namespace clang;

namespace adgen {

bool JvpBuilder::ifStmt(const IfStmt *S, CodeBlock &Out) {
  if (S->getInit() || S->getConditionVariable() || S->isConsteval())
    return refuse(S, "an if with an initializer or a declaration");
  std::string Cond;
  if (!passive(S->getCond(), Cond))
    return false;
  auto Branch = [&](const Stmt *B) {
    CodeBlock Inner;
    if (!stmt(B, Inner))
      return false;
    Out.append(Inner.unbraced());
    return true;
  };
  Out.open("if (" + Cond + ")");
  if (!Branch(S->getThen()))
    return false;
  // `else if` stays a chain, as written.
  const Stmt *Else = S->getElse();
  for (const auto *Next = dyn_cast_or_null<IfStmt>(Else);
       Next && !Next->getInit() && !Next->getConditionVariable() && !Next->isConsteval();
       Else = Next->getElse(), Next = dyn_cast_or_null<IfStmt>(Else)) {
    if (!passive(Next->getCond(), Cond))
      return false;
    Out.orElse("else if (" + Cond + ")");
    if (!Branch(Next->getThen()))
      return false;
  }
  if (Else) {
    Out.orElse();
    if (!Branch(Else))
      return false;
  }
  Out.close();
  return true;
}

bool JvpBuilder::loop(const Stmt *S, CodeBlock &Out) {
  const auto *For = dyn_cast<ForStmt>(S);
  const auto *While = dyn_cast<WhileStmt>(S);
  const auto *Do = dyn_cast<DoStmt>(S);
  if ((For && For->getConditionVariable()) || (While && While->getConditionVariable()))
    return refuse(S, "a loop condition that declares a variable");
  const Expr *CondExpr = For ? For->getCond() : While ? While->getCond() : Do->getCond();
  const Stmt *LoopBody = For ? For->getBody() : While ? While->getBody() : Do->getBody();
  std::string Cond;
  if (!passive(CondExpr, Cond))
    return false;
  bool InitBlock = false;
  if (For) {
    std::string Inc, Init;
    // An init that stores nothing active stays in the header; otherwise it
    // runs before the loop, in a block of its own so that its declarations
    // (and their tangents) keep the loop's scope.
    const auto *D = dyn_cast_or_null<DeclStmt>(For->getInit());
    bool Passive = !For->getInit();
    if (D) {
      Passive = true;
      for (const Decl *Each : D->decls())
        Passive &= isa<VarDecl>(Each) && !Activity.isVaried(cast<VarDecl>(Each));
      if (Passive) {
        for (const Decl *Each : D->decls()) {
          std::string Text;
          if (const Expr *I = cast<VarDecl>(Each)->getInit(); I && !passive(I, Text))
            return false;
        }
        Init = Printer.printStmt(D);
        while (!Init.empty() && (Init.back() == '\n' || Init.back() == ';'))
          Init.pop_back();
      }
    }
    if (!Passive) {
      InitBlock = true;
      Out.open("");
      if (!stmt(For->getInit(), Out))
        return false;
    }
    // After the init, whose pointers' tangents the step may move.
    if (!loopStep(For->getInc(), Inc))
      return false;
    Out.open("for (" + Init + "; " + Cond + "; " + Inc + ")");
  } else {
    Out.open(While ? "while (" + Cond + ")" : "do");
  }
  CodeBlock Inner;
  if (!stmt(LoopBody, Inner))
    return false;
  Out.append(Inner.unbraced());
  Out.close(Do ? "while (" + Cond + ");" : "");
  if (InitBlock)
    Out.close();
  return true;
}

// `for (const double &e : v)` over values that vary: an index loop, so the
// element's tangent is at hand (`auto &_t_e = _t_v[_k];`).
bool JvpBuilder::rangeLoop(const CXXForRangeStmt *S, CodeBlock &Out) {
  const VarDecl *V = S->getLoopVariable();
  const Expr *Range = S->getRangeInit()->IgnoreParenImpCasts();
  if (!Activity.dependsOnVaried(Range) && !Activity.isVaried(V)) {
    CodeBlock Inner;
    if (!stmt(S->getBody(), Inner))
      return false;
    std::string Text;
    if (!passive(Range, Text))
      return false;
    Out.open("for (" + Printer.type(V->getType(), Printer.nameOf(V)) + " : " + Text + ")");
    Out.append(Inner.unbraced());
    Out.close();
    return true;
  }
  QualType RT = Range->getType();
  if (!isa<DeclRefExpr, MemberExpr>(Range) || !Range->isLValue() ||
      !(isStdVector(RT) || isStdArray(RT) || RT->isConstantArrayType()) ||
      !isRealType(elementOf(RT)))
    return refuse(S, "a range-for over this range");
  std::string R = print(Range), D = data(Range), K = Names.fresh("_k");
  if (!Failure.empty())
    return false;
  std::string TName = Names.fresh("_t_" + V->getName().str());
  Out.open("for (std::size_t " + K + " = 0; " + K + " < ::ad::size(" + R + "); ++" + K + ")");
  Out.line(Printer.type(V->getType(), Printer.nameOf(V)) + " = " + R + "[" + K + "];");
  if (V->getType()->isReferenceType()) {
    Out.line(declared(TName, "auto &" + TName + " = " + D + "[" + K + "];"));
  } else {
    Out.line(declared(TName, tangentType(V->getType()) + " " + TName + " = " + D + "[" + K + "];"));
  }
  Tangents.bind(V, TName, ShadowKind::Value);
  CodeBlock Inner;
  if (!stmt(S->getBody(), Inner))
    return false;
  Out.append(Inner.unbraced());
  Out.close();
  return true;
}

// A for loop's step; steps of pointers that have tangents step their
// tangent pointers too (`++it, ++_t_it`, `p += 2, _t_p += 2`).
bool JvpBuilder::loopStep(const Expr *Inc, std::string &Text) {
  Text.clear();
  if (!Inc)
    return true;
  std::vector<const Expr *> Parts;
  std::function<void(const Expr *)> Split = [&](const Expr *E) {
    E = E->IgnoreParens();
    if (const auto *B = dyn_cast<BinaryOperator>(E); B && B->getOpcode() == BO_Comma) {
      Split(B->getLHS());
      Split(B->getRHS());
    } else {
      Parts.push_back(E);
    }
  };
  Split(Inc);
  for (const Expr *E : Parts) {
    // The pointer stepped or moved, and how its tangent follows.
    const Expr *Moved = nullptr;
    std::string Tangent;
    PointerOp Op = pointerOp(E);
    const auto *U = dyn_cast<UnaryOperator>(E);
    const auto *B = dyn_cast<BinaryOperator>(E);
    const auto *C = dyn_cast<CXXOperatorCallExpr>(E);
    if (Op.K == PointerOp::Step) {
      Moved = Op.Pointer;
      Tangent = Op.Minus ? "--" : "++";
    } else if (U && U->isIncrementDecrementOp()) {
      Moved = U->getSubExpr();
      Tangent = U->isDecrementOp() ? "--" : "++";
    } else if ((B && (B->getOpcode() == BO_AddAssign || B->getOpcode() == BO_SubAssign)) ||
               (C && (C->getOperator() == OO_PlusEqual || C->getOperator() == OO_MinusEqual))) {
      Moved = B ? B->getLHS() : C->getArg(0);
      const Expr *By = B ? B->getRHS() : C->getArg(1);
      bool Minus = B ? B->getOpcode() == BO_SubAssign : C->getOperator() == OO_MinusEqual;
      std::string Step;
      if (!passive(By, Step))
        return false;
      Tangent = std::string(Minus ? " -= " : " += ") + Step;
    }
    const ShadowVar *TP = nullptr;
    if (Moved && shapeOf(Moved->getType()) == Shape::Pointer &&
        Activity.dependsOnVaried(Moved)) {
      const auto *Ref = dyn_cast<DeclRefExpr>(Moved->IgnoreParenImpCasts());
      const auto *V = Ref ? dyn_cast<VarDecl>(Ref->getDecl()) : nullptr;
      TP = V ? Tangents.movingPointer(V) : nullptr;
      if (!TP)
        return refuse(E, "this step of a pointer");
    }
    std::string Part;
    if (TP) {
      Part = print(E);
      Part += ", " + (Tangent.front() == ' ' ? TP->Name + Tangent : Tangent + TP->Name);
    } else if (!passive(E, Part)) {
      return false;
    }
    Text += (Text.empty() ? "" : ", ") + Part;
  }
  return true;
}

bool JvpBuilder::switchStmt(const SwitchStmt *S, CodeBlock &Out) {
  if (S->getInit() || S->getConditionVariable())
    return refuse(S, "a switch with an initializer or a declaration");
  std::string Cond;
  if (!passive(S->getCond(), Cond))
    return false;
  const auto *Body = dyn_cast<CompoundStmt>(S->getBody());
  if (!Body)
    return refuse(S, "a switch without braces");
  Out.open("switch (" + Cond + ")");
  // Each case's statements in braces of their own: the tangents and the
  // pushforwards' temporaries they declare must not be jumped over.
  bool InCase = false;
  for (const Stmt *Child : Body->body()) {
    bool Labeled = isa<SwitchCase>(Child);
    if (Labeled && InCase)
      Out.close();
    while (const auto *Case = dyn_cast_or_null<SwitchCase>(Child)) {
      if (const auto *C = dyn_cast<CaseStmt>(Case)) {
        if (C->getRHS())
          return refuse(S, "a case range");
        Out.line("case " + print(C->getLHS()) + ":");
      } else {
        Out.line("default:");
      }
      Child = Case->getSubStmt();
    }
    if (Labeled) {
      Out.open("");
      InCase = true;
    }
    if (!stmt(Child, Out))
      return false;
  }
  if (InCase)
    Out.close();
  Out.close();
  return true;
}

} // namespace adgen
