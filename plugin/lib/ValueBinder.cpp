#include "ValueBinder.h"
#include "Activity.h"
#include "MathRules.h"
#include "ad-gen/Attribute.h"

#include "clang/AST/ExprCXX.h"

using namespace clang;

namespace adgen {

bool containsCall(const Expr *E) {
  if (isa<CallExpr>(E) && !isContainerRead(E))
    return true;
  for (const Stmt *Child : E->children())
    if (const auto *CE = dyn_cast_or_null<Expr>(Child); CE && containsCall(CE))
      return true;
  return false;
}

bool isContainerRead(const Expr *E) {
  const Expr *Container, *Index;
  if (isContainerElement(E, Container, Index))
    return true;
  const auto *Call = dyn_cast<CXXMemberCallExpr>(E);
  const CXXMethodDecl *Method = Call ? Call->getMethodDecl() : nullptr;
  return Method && Method->getIdentifier() &&
         (Method->getName() == "size" || Method->getName() == "empty") &&
         isRealContainer(Call->getImplicitObjectArgument()->getType());
}

bool isCallToUserCode(const Expr *E) {
  return isa<CallExpr>(E) && !isMathCall(E) && !isContainerRead(E);
}

bool hasSideEffects(const Stmt *S) {
  if (const auto *B = dyn_cast<BinaryOperator>(S); B && B->isAssignmentOp())
    return true;
  if (const auto *U = dyn_cast<UnaryOperator>(S); U && U->isIncrementDecrementOp())
    return true;
  if (const auto *E = dyn_cast<Expr>(S); E && isCallToUserCode(E))
    return true;
  if (isa<LambdaExpr, StmtExpr>(S))
    return true;
  for (const Stmt *Child : S->children())
    if (Child && hasSideEffects(Child))
      return true;
  return false;
}

bool isMathCall(const Expr *E) {
  const auto *Call = dyn_cast<CallExpr>(E);
  return Call && findMathRule(Call->getDirectCallee());
}

bool mayBeFused(const Expr *E) {
  E = E->IgnoreParens();
  if (const auto *B = dyn_cast<BinaryOperator>(E))
    return B->getOpcode() == BO_Mul;
  if (const auto *U = dyn_cast<UnaryOperator>(E))
    return U->getOpcode() == UO_Minus;
  return false;
}

std::string explicitRealType(const CallExpr *Call, const ExprPrinter &Printer) {
  QualType Written = Call->getArg(0)->IgnoreParenImpCasts()->getType();
  QualType Computed = Call->getType();
  if (Written.getCanonicalType().getUnqualifiedType() ==
      Computed.getCanonicalType().getUnqualifiedType())
    return "";
  return "<" + Printer.type(Computed.getCanonicalType().getUnqualifiedType()) + ">";
}

void ValueBinder::bind(const Expr *Root, CodeBlock &Out) {
  visit(Root, true, Out);
}

void ValueBinder::release() {
  for (const Expr *E : Bound)
    Printer.forget(E);
  Bound.clear();
}

void ValueBinder::visit(const Expr *E, bool Unconditional, CodeBlock &Out) {
  if (Printer.substitute(E))
    return; // already a name (a value computed before the loop)
  if (const auto *C = dyn_cast<ConditionalOperator>(E)) {
    visit(C->getCond(), Unconditional, Out);
    visit(C->getTrueExpr(), false, Out);
    visit(C->getFalseExpr(), false, Out);
  } else if (const auto *B = dyn_cast<BinaryOperator>(E); B && B->isLogicalOp()) {
    visit(B->getLHS(), Unconditional, Out);
    visit(B->getRHS(), false, Out);
  } else {
    for (const Stmt *Child : E->children())
      if (const auto *CE = dyn_cast_or_null<Expr>(Child))
        visit(CE, Unconditional, Out);
  }
  if (!Unconditional || !E->getType()->isRealFloatingType())
    return;
  std::string Type =
      Printer.type(E->getType().getCanonicalType().getUnqualifiedType());
  if (!Read.count(E) || !containsCall(E) || mayBeFused(E))
    return;
  std::string Name = Names.numbered("_v");
  Out.line(Type + " " + Name + " = " +
           Printer.print(E->IgnoreParens(), nullptr, true) + ";");
  Printer.substitute(E, Name);
  Bound.push_back(E);
}

} // namespace adgen
