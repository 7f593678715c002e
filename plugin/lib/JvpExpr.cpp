// Tangents of expressions (Jvp.h): the directional derivative of an
// expression's value as C++ text, built from the operands' values and
// tangents; "" stands for an exact zero, so inactive parts cost nothing.
#include "ExprText.h"
#include "Jvp.h"
#include "Locations.h"
#include "MathRules.h"
#include "Types.h"
#include "ad-gen/Attribute.h"

#include "clang/AST/ExprCXX.h"

#include <functional>

using namespace clang;

namespace adgen {

std::string JvpBuilder::location(const Expr *LValue) {
  return Tangents.of(LValue, [this](const Expr *E) { return print(E); });
}

std::string JvpBuilder::pointer(const Expr *Pointer) {
  return Tangents.pointer(Pointer, [this](const Expr *E) { return print(E); });
}

std::string JvpBuilder::data(const Expr *Container) {
  return Tangents.data(Container, [this](const Expr *E) { return print(E); });
}

std::string JvpBuilder::tangent(const Expr *E) {
  if (!Failure.empty() || !Activity.isActive(E))
    return "";
  E = E->IgnoreParens();
  if (const auto *C = dyn_cast<CastExpr>(E)) {
    switch (C->getCastKind()) {
    case CK_LValueToRValue: {
      // A call returning a reference (std::max) is a value here.
      const Expr *Sub = C->getSubExpr()->IgnoreParens();
      const Expr *Container, *Index;
      if (const auto *Call = dyn_cast<CallExpr>(Sub);
          Call && !containerElement(Call, Container, Index) && !accessedObject(Call))
        return tangent(Sub);
      return location(Sub);
    }
    case CK_FloatingCast:
    case CK_NoOp:
    case CK_IntegralToFloating:
    case CK_UserDefinedConversion:
    case CK_ConstructorConversion:
      return tangent(C->getSubExpr());
    default:
      refuse(E, "this conversion");
      return "";
    }
  }
  if (const auto *Temp = dyn_cast<MaterializeTemporaryExpr>(E))
    return tangent(Temp->getSubExpr());
  if (const auto *Cleanups = dyn_cast<ExprWithCleanups>(E))
    return tangent(Cleanups->getSubExpr());
  if (isa<DeclRefExpr, ArraySubscriptExpr, MemberExpr>(E) && E->isGLValue())
    return location(E);
  if (const auto *U = dyn_cast<UnaryOperator>(E)) {
    switch (U->getOpcode()) {
    case UO_Plus:
      return tangent(U->getSubExpr());
    case UO_Minus: {
      std::string T = tangent(U->getSubExpr());
      return T.empty() ? T : negate(T);
    }
    case UO_Deref:
      return location(E);
    default:
      refuse(E, "this operator");
      return "";
    }
  }
  if (const auto *B = dyn_cast<BinaryOperator>(E)) {
    const Expr *L = B->getLHS(), *R = B->getRHS();
    switch (B->getOpcode()) {
    case BO_Add:
      return plus(tangent(L), tangent(R));
    case BO_Sub:
      return minus(tangent(L), tangent(R));
    case BO_Mul: {
      std::string TL = tangent(L), TR = tangent(R);
      return plus(TL.empty() ? "" : times(TL, Printer.operand(R)),
                  TR.empty() ? "" : times(Printer.operand(L), TR));
    }
    case BO_Div: { // d(l / r) = dl / r - l dr / r^2
      std::string TL = tangent(L), TR = tangent(R), Den = Printer.operand(R);
      return minus(TL.empty() ? "" : asLeftFactor(TL) + " / " + Den,
                   TR.empty() ? ""
                              : times(Printer.operand(L), TR) + " / (" + Den + " * " + Den + ")");
    }
    case BO_Comma:
      return tangent(R);
    default:
      refuse(E, "this operator with active operands");
      return "";
    }
  }
  if (const auto *C = dyn_cast<ConditionalOperator>(E)) {
    if (hasCalls(C->getTrueExpr()) || hasCalls(C->getFalseExpr()))
      return conditionalWithCalls(C);
    ++Branching;
    std::string A = tangent(C->getTrueExpr()), B = tangent(C->getFalseExpr());
    --Branching;
    if (A.empty() && B.empty())
      return "";
    return "(" + print(C->getCond()) + " ? " + (A.empty() ? "0" : A) + " : " +
           (B.empty() ? "0" : B) + ")";
  }
  if (const auto *Call = dyn_cast<CallExpr>(E)) {
    const Expr *Container, *Index;
    if (containerElement(Call, Container, Index) || accessedObject(Call))
      return location(E);
    if (findMathRule(Call->getDirectCallee()))
      return tangentOfMath(Call);
    if (isStdFunction(Call->getDirectCallee(), {"min", "max", "clamp"}))
      return tangentOfMinMax(Call);
    if (isUserCall(Call)) {
      std::string T;
      userCall(Call, T);
      return T;
    }
    if (const auto *M = dyn_cast_or_null<CXXMethodDecl>(Call->getDirectCallee());
        M && M->getParent()->isLambda()) {
      std::string T;
      lambdaCall(Call, T);
      return T;
    }
    if (const FunctionDecl *Callee = Call->getDirectCallee()) {
      refuse(E, std::string(isa<CXXMethodDecl>(Callee) ? "a call of the member function '"
                                                      : "a call of '") +
                    Callee->getNameAsString() + "' with active arguments");
      return "";
    }
  }
  refuse(E, "this expression");
  return "";
}

// A call of a function of the user's or of a lambda in E (which forward
// mode turns into a statement before E's).
bool JvpBuilder::hasCalls(const Expr *E) const {
  std::function<bool(const Stmt *)> Find = [&](const Stmt *S) -> bool {
    if (!S || isa<LambdaExpr>(S))
      return false;
    if (const auto *Call = dyn_cast<CallExpr>(S)) {
      const auto *M = dyn_cast_or_null<CXXMethodDecl>(Call->getDirectCallee());
      if (isUserCall(Call) || (M && M->getParent()->isLambda()))
        return true;
    }
    for (const Stmt *Child : S->children())
      if (Find(Child))
        return true;
    return false;
  };
  return Find(E);
}

// `c ? g(x) : y` with a call in a branch: the call must run only where f
// runs it, so the conditional becomes an if computing value and tangent
// into temporaries (`_vN`, `_tN`), and the statement uses `_vN`.
std::string JvpBuilder::conditionalWithCalls(const ConditionalOperator *C) {
  std::string Type = Printer.type(C->getType().getCanonicalType().getUnqualifiedType());
  std::string Value = Names.numbered("_v"), T = Names.numbered("_t");
  std::string Cond = print(C->getCond());
  CodeBlock *Outer = Pre;
  Outer->line(Type + " " + Value + " = 0;");
  Outer->line(Type + " " + T + " = 0;");
  auto Branch = [&](const Expr *B) {
    CodeBlock Inner;
    Pre = &Inner;
    std::string TB = tangent(B);
    std::string VB = print(B);
    Pre = Outer;
    Outer->append(Inner);
    Outer->line(Value + " = " + VB + ";");
    if (!TB.empty())
      Outer->line(T + " = " + TB + ";");
  };
  Outer->open("if (" + Cond + ")");
  Branch(C->getTrueExpr());
  Outer->orElse();
  Branch(C->getFalseExpr());
  Outer->close();
  Printer.substitute(C, Value);
  return T;
}

// Sum over the arguments of the partial derivative (MathRules.h) times the
// argument's tangent.
std::string JvpBuilder::tangentOfMath(const CallExpr *Call) {
  const MathRule *Rule = findMathRule(Call->getDirectCallee());
  // Tangents first: a call in an argument becomes its pushforward's value
  // (`_v0`), which the partials then read instead of calling it again.
  std::vector<std::string> Tangents;
  for (unsigned K = 0; K < Call->getNumArgs() && K < 3; ++K)
    Tangents.push_back(Rule->Partials[K] ? tangent(Call->getArg(K)) : "");
  std::vector<std::string> Args;
  for (const Expr *Arg : Call->arguments())
    Args.push_back(atParameterType(Arg, print(Arg), Ctx));
  // A partial that reads the value (exp's is itself): the value computed
  // once, before the statement (`double _v0 = std::exp(x);`), and the
  // statement reads `_v0` too. Not where the call may not run (`?:`) or
  // its arguments change something.
  const std::string *Value = nullptr;
  bool AnyTangent = false;
  for (const std::string &T : Tangents)
    AnyTangent |= !T.empty();
  bool ArgumentsPure = true;
  for (const Expr *Arg : Call->arguments())
    ArgumentsPure &= !Arg->HasSideEffects(Ctx);
  if (Rule->ValuePartials[0] && AnyTangent && !Branching && Pre && ArgumentsPure) {
    std::string Name = Names.numbered("_v");
    Pre->line(Printer.type(Call->getType().getCanonicalType().getUnqualifiedType()) + " " + Name +
              " = " + print(Call) + ";");
    Printer.substitute(Call, Name);
    Value = Printer.substitute(Call);
  }
  std::string Sum;
  for (unsigned K = 0; K < Tangents.size(); ++K) {
    if (Tangents[K].empty())
      continue;
    // A variable holding the partial where the statement runs
    // (AvailableValues.h): `costheta * _t_theta`.
    bool Negated = false;
    const VarDecl *Holder = Value ? nullptr : Available.replacing(Call, Rule->Partials[K], Negated);
    std::string Partial =
        Holder ? (Negated ? "-" : "") + Printer.nameOf(Holder)
               : instantiatePartial(*Rule, K, Args, Rule->ValuePartials[K] ? Value : nullptr);
    std::string Term = times(Partial, Tangents[K]);
    // d/dy pow(x, y) is NaN for x < 0: a direction without a y part must
    // not turn the whole tangent into NaN (reverse mode keeps it in d_y).
    if (StringRef(Rule->Name) == "pow" && K == 1)
      Term = "(" + Tangents[K] + " == 0 ? 0 : " + Term + ")";
    Sum = plus(Sum, Term);
  }
  return Sum;
}

// std::min, std::max and std::clamp return one of their arguments; the
// tangent is that argument's, chosen by the same comparisons (a tie follows
// the first argument; clamp at a bound follows the bound, as in reverse
// mode).
std::string JvpBuilder::tangentOfMinMax(const CallExpr *Call) {
  auto Or0 = [](const std::string &T) { return T.empty() ? std::string("0") : T; };
  StringRef N = Call->getDirectCallee()->getName();
  if ((N == "min" || N == "max") && Call->getNumArgs() == 2) {
    const Expr *A = Call->getArg(0), *B = Call->getArg(1);
    std::string TA = tangent(A), TB = tangent(B);
    if (TA.empty() && TB.empty())
      return "";
    std::string SecondWins = N == "min" ? Printer.operand(B) + " < " + Printer.operand(A)
                                        : Printer.operand(A) + " < " + Printer.operand(B);
    return "(" + SecondWins + " ? " + Or0(TB) + " : " + Or0(TA) + ")";
  }
  if (N == "clamp" && Call->getNumArgs() == 3) {
    const Expr *V = Call->getArg(0), *Lo = Call->getArg(1), *Hi = Call->getArg(2);
    std::string TV = tangent(V), TLo = tangent(Lo), THi = tangent(Hi);
    if (TV.empty() && TLo.empty() && THi.empty())
      return "";
    return "(!(" + Printer.operand(Lo) + " < " + Printer.operand(V) + ") ? " + Or0(TLo) +
           " : !(" + Printer.operand(V) + " < " + Printer.operand(Hi) + ") ? " + Or0(THi) +
           " : " + Or0(TV) + ")";
  }
  refuse(Call, "this call of std::" + N.str());
  return "";
}

} // namespace adgen
