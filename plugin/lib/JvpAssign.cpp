// Stores in forward mode (Jvp.h): assignments, steps of pointers, calls as
// statements and the std::vector operations that change a vector's shape.
#include "ExprText.h"
#include "Jvp.h"
#include "Locations.h"
#include "Types.h"
#include "Purity.h"
#include "MathRules.h"
#include "ad-gen/Attribute.h"

#include "clang/AST/ExprCXX.h"

#include <functional>

using namespace clang;

namespace adgen {

bool JvpBuilder::expressionStmt(const Expr *E, CodeBlock &Out) {
  E = E->IgnoreParens();
  if (const auto *C = dyn_cast<ExprWithCleanups>(E))
    E = C->getSubExpr()->IgnoreParens();
  CodeBlock Calls;
  Pre = &Calls;
  if (const auto *B = dyn_cast<BinaryOperator>(E); B && B->isAssignmentOp())
    return assignment(B->getLHS(), B->getRHS(), B->getOpcode(), B, Out);
  if (const auto *Op = dyn_cast<CXXOperatorCallExpr>(E);
      Op && Op->getNumArgs() == 2 && Op->getOperator() == OO_Equal &&
      (isStdVector(Op->getArg(0)->getType()) || isVectorIterator(Op->getArg(0)->getType()) ||
       (isPlainRecord(Op->getArg(0)->getType()) && !Op->getDirectCallee()->isUserProvided())))
    return assignment(Op->getArg(0), Op->getArg(1), BO_Assign, Op, Out);
  // Steps: a real's tangent does not change (`y++`), a pointer's moves
  // with it (`++p`).
  const Expr *Stepped = nullptr;
  if (const auto *U = dyn_cast<UnaryOperator>(E); U && U->isIncrementDecrementOp())
    Stepped = U->getSubExpr();
  else if (pointerOp(E).K == PointerOp::Step)
    Stepped = pointerOp(E).Pointer;
  if (Stepped) {
    if (shapeOf(Stepped->getType()) == Shape::Pointer && Activity.dependsOnVaried(Stepped)) {
      const auto *Ref = dyn_cast<DeclRefExpr>(Stepped->IgnoreParenImpCasts());
      const auto *V = Ref ? dyn_cast<VarDecl>(Ref->getDecl()) : nullptr;
      const ShadowVar *T = V ? Tangents.movingPointer(V) : nullptr;
      if (!T)
        return refuse(E, "stepping this pointer");
      bool Minus = false;
      if (const auto *U = dyn_cast<UnaryOperator>(E))
        Minus = U->isDecrementOp();
      else
        Minus = pointerOp(E).Minus;
      Out.line(std::string(Minus ? "--" : "++") + T->Name + ";");
    }
    Out.line(print(E) + ";");
    return true;
  }
  if (const auto *M = dyn_cast<CXXMemberCallExpr>(E); M && isContainerMutation(M))
    return containerCall(M, Out);
  // A call of a lambda local for its effects (it may store into what it
  // captures by reference).
  if (const auto *Call = dyn_cast<CallExpr>(E)) {
    const auto *M = dyn_cast_or_null<CXXMethodDecl>(Call->getDirectCallee());
    if (M && M->getParent()->isLambda()) {
      std::string T;
      if (!lambdaCall(Call, T))
        return false;
      Out.append(Calls);
      return true;
    }
  }
  if (const auto *Call = dyn_cast<CallExpr>(E); Call && isUserCall(Call)) {
    bool AnyActive = false;
    for (const Expr *Arg : Call->arguments())
      AnyActive |= Activity.dependsOnVaried(Arg);
    if (AnyActive) {
      std::string T;
      if (!userCall(Call, T))
        return false;
      Out.append(Calls);
      return true;
    }
  }
  std::string Text;
  if (!passive(E, Text))
    return false;
  Out.line(Text + ";");
  return true;
}

// `L = R`, `L += R`, ...: the tangent's store first, from the values before
// the statement, then the statement.
bool JvpBuilder::assignment(const Expr *L, const Expr *R, BinaryOperatorKind Op,
                            const Expr *Whole, CodeBlock &Out) {
  QualType T = L->getType();
  bool Varied = Activity.dependsOnVaried(L) ||
                (isa<DeclRefExpr>(L->IgnoreParenImpCasts()) && Activity.dependsOnVaried(L));
  if (!holdsReals(T) || !Varied) {
    std::string Text;
    if (!passive(Whole, Text))
      return false;
    Out.line(Text + ";");
    return true;
  }
  // Steps in the location (`a[c++ % 3] = ...`) read as before the
  // statement in the tangent's store (beginSteps); other stores and calls
  // there would run twice.
  std::function<bool(const Stmt *)> Writes = [&](const Stmt *S) -> bool {
    if (!S)
      return false;
    if (const auto *B = dyn_cast<BinaryOperator>(S); B && B->isAssignmentOp())
      return true;
    if (const auto *Call = dyn_cast<CallExpr>(S); Call && isUserCall(Call))
      return true;
    for (const Stmt *Child : S->children())
      if (Writes(Child))
        return true;
    return false;
  };
  if (Writes(L))
    return refuse(L, "an assigned location that stores or calls a function");
  if (!beginSteps(Whole))
    return false;
  Shape S = shapeOf(T);
  std::string Store;
  if (S == Shape::Pointer) { // `p = q + k`, `it = v.begin()`
    const auto *Ref = dyn_cast<DeclRefExpr>(L->IgnoreParenImpCasts());
    const auto *V = Ref ? dyn_cast<VarDecl>(Ref->getDecl()) : nullptr;
    const ShadowVar *TP = V ? Tangents.movingPointer(V) : nullptr;
    if (!TP || Op != BO_Assign)
      return refuse(Whole, "this store of a pointer");
    std::string P = pointer(R);
    Store = TP->Name + " = " + P + ";";
  } else if (S == Shape::Container) {
    if (Op != BO_Assign || !isRealType(elementOf(T)))
      return refuse(Whole, "this store of a container");
    std::string D = location(L);
    const Expr *From = withoutTemporaries(R);
    if (const auto *Call = dyn_cast<CallExpr>(From); Call && isUserCall(Call)) {
      std::string TR;
      if (!userCall(Call, TR))
        return false;
      Store = D + " = " + (TR.empty() ? "::ad::zeros_like(" + print(From) + ")" : TR) + ";";
    } else if (From->isGLValue()) {
      std::string Src = data(From);
      Store = D + ".assign(" + Src + ", " + Src + " + " + Printer.operand(From) + ".size());";
    } else {
      return refuse(R, "this value of a container");
    }
  } else if (isPlainRecord(T)) { // `p = q;`: the tangent object is copied
    if (Op != BO_Assign)
      return refuse(Whole, "this compound assignment of an object");
    std::string D = location(L), From = recordTangent(R);
    if (From.empty() && Failure.empty())
      From = zeroTangent(T, print(R));
    Store = D + " = " + From + ";";
  } else if (isRealType(T)) {
    std::string D = location(L), Var = Printer.operand(L);
    std::string TR = tangent(R), Val = Printer.operand(R);
    switch (Op) {
    case BO_Assign: // `y = y + 1`: the tangent stays (no `t_y = t_y;`)
      Store = TR == D ? "" : D + " = " + (TR.empty() ? "0" : TR) + ";";
      break;
    case BO_AddAssign:
      Store = TR.empty() ? "" : D + " += " + TR + ";";
      break;
    case BO_SubAssign:
      Store = TR.empty() ? "" : D + " -= " + TR + ";";
      break;
    case BO_MulAssign: // d(l r) = dl r + l dr
      Store = D + " = " + plus(times(D, Val), TR.empty() ? "" : times(Var, TR)) + ";";
      break;
    case BO_DivAssign: // d(l / r) = dl / r - l dr / r^2
      Store = D + " = " +
              minus(asLeftFactor(D) + " / " + Val,
                    TR.empty() ? "" : times(Var, TR) + " / (" + Val + " * " + Val + ")") +
              ";";
      break;
    default:
      return refuse(Whole, "this compound assignment");
    }
  } else {
    return refuse(Whole, "a store of a value of type '" + Printer.type(T) + "'");
  }
  std::vector<std::string> After = endSteps();
  if (!Failure.empty())
    return false;
  Out.append(*Pre);
  if (!Store.empty())
    Out.line(Store);
  Out.line(print(Whole) + ";");
  for (const std::string &Step : After)
    Out.line(Step);
  return true;
}

// push_back, resize, ... on a vector holding active values: the same
// operation on its tangent, with the tangents of the values it adds.
bool JvpBuilder::containerCall(const CXXMemberCallExpr *Call, CodeBlock &Out) {
  const Expr *Object = Call->getImplicitObjectArgument();
  std::string Text;
  if (!Activity.dependsOnVaried(Object)) {
    if (!passive(Call, Text))
      return false;
    Out.line(Text + ";");
    return true;
  }
  if (!isRealType(elementOf(Object->getType())))
    return refuse(Call, "this change of a container of containers or objects");
  StringRef N = Call->getMethodDecl()->getName();
  std::string T = location(Object), Args;
  for (unsigned K = 0; K < Call->getNumArgs(); ++K) {
    const Expr *Arg = Call->getArg(K);
    std::string A;
    if (isRealType(Arg->getType())) {
      A = tangent(Arg);
      if (A.empty())
        A = "0";
    } else if (holdsReals(Arg->getType())) {
      return refuse(Arg, "this argument of std::vector's '" +
                             Call->getMethodDecl()->getNameAsString() + "'");
    } else if (!passive(Arg, A)) {
      return false;
    }
    Args += (K ? ", " : "") + A;
  }
  if (N != "push_back" && N != "emplace_back" && N != "resize" && N != "clear" &&
      N != "pop_back" && N != "reserve" && N != "assign")
    return refuse(Call, "std::vector's '" + N.str() + "' on a vector holding active values");
  if (N == "assign" && Call->getNumArgs() != 2)
    return refuse(Call, "this assign");
  if (!Failure.empty())
    return false;
  Out.append(*Pre);
  Out.line(memberText(T, N.str()) + "(" + Args + ");");
  Out.line(print(Call) + ";");
  return true;
}

} // namespace adgen

namespace adgen {

bool JvpBuilder::beginSteps(const Expr *E) {
  Steps.clear();
  bool Calls = false;
  // Calls whose value carries no tangent but which change something
  // (`u01(state)`, `std::rand()`): the tangent's text would run them again,
  // so each runs once, first, into a temporary (`_vN`) both texts use.
  std::vector<const CallExpr *> Hoisted;
  const Stmt *Nested = nullptr; // an assignment inside the expression
  std::function<void(const Stmt *, bool)> Find = [&](const Stmt *S, bool Top) {
    if (!S || isa<LambdaExpr>(S))
      return;
    for (const Stmt *Child : S->children())
      Find(Child, Top && isa<ExprWithCleanups, ParenExpr>(S));
    if (const auto *U = dyn_cast<UnaryOperator>(S); U && U->isIncrementDecrementOp())
      Steps.push_back(U);
    else if (isa<Expr>(S) && pointerOp(cast<Expr>(S)->IgnoreParens()).K == PointerOp::Step)
      Steps.push_back(cast<Expr>(S));
    const auto *B = dyn_cast<BinaryOperator>(S);
    const auto *Op = dyn_cast<CXXOperatorCallExpr>(S);
    if (!Top && ((B && B->isAssignmentOp()) || (Op && Op->isAssignmentOp())))
      Nested = S;
    const auto *Call = dyn_cast<CallExpr>(S);
    // Operators are followed as operators, except a call operator (`u(gen)`
    // on a distribution, a functor that counts its calls).
    if (!Call || (Op && Op->getOperator() != OO_Call))
      return;
    const auto *M = dyn_cast_or_null<CXXMethodDecl>(Call->getDirectCallee());
    bool Pushed = (isUserCall(Call) || (M && M->getParent()->isLambda())) &&
                  Activity.dependsOnVaried(Call);
    Calls |= Pushed;
    if (!Pushed && !isPureCall(Call) && !findMathRule(Call->getDirectCallee()) &&
        !Call->getType()->isVoidType())
      Hoisted.push_back(Call);
  };
  Find(E, true);
  if (Nested)
    return refuse(Nested, "an assignment inside an expression (write it as a statement of its own)");
  if (!Steps.empty() && (Calls || !Hoisted.empty()))
    return refuse(E, "a ++ or -- in a statement that also calls a function (write the step as "
                     "a statement of its own)");
  for (const CallExpr *Call : Hoisted) {
    std::string Value = Names.numbered("_v");
    Pre->line("auto " + Value + " = " + print(Call) + ";");
    Printer.substitute(Call, Value);
  }
  if (Steps.empty())
    return true;
  for (const Expr *S : Steps) {
    PointerOp Op = pointerOp(S);
    const Expr *Sub = Op.K == PointerOp::Step ? Op.Pointer : cast<UnaryOperator>(S)->getSubExpr();
    bool Prefix = Op.K == PointerOp::Step ? Op.Prefix : cast<UnaryOperator>(S)->isPrefix();
    bool Minus = Op.K == PointerOp::Step ? Op.Minus : cast<UnaryOperator>(S)->isDecrementOp();
    std::string Before = Printer.operand(Sub);
    Printer.substitute(S, Prefix ? "(" + Before + (Minus ? " - 1)" : " + 1)") : Before);
  }
  Tangents.stepsAhead(true);
  return true;
}

std::vector<std::string> JvpBuilder::endSteps() {
  std::vector<std::string> After;
  for (const Expr *S : Steps) {
    Printer.forget(S);
    PointerOp Op = pointerOp(S);
    const Expr *Sub = Op.K == PointerOp::Step ? Op.Pointer : cast<UnaryOperator>(S)->getSubExpr();
    bool Minus = Op.K == PointerOp::Step ? Op.Minus : cast<UnaryOperator>(S)->isDecrementOp();
    const auto *Ref = dyn_cast<DeclRefExpr>(Sub->IgnoreParenImpCasts());
    const auto *V = Ref ? dyn_cast<VarDecl>(Ref->getDecl()) : nullptr;
    if (V && shapeOf(V->getType()) == Shape::Pointer && Activity.isVaried(V))
      if (const ShadowVar *T = Tangents.movingPointer(V))
        After.push_back(std::string(Minus ? "--" : "++") + T->Name + ";");
  }
  Steps.clear();
  Tangents.stepsAhead(false);
  return After;
}

} // namespace adgen
