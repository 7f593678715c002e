// std::complex as a scalar (contract §3): a complex value's adjoint is a
// complex number, `_d_z` = dL/d(Re z) + i dL/d(Im z), and the rules are
// those of a function of two real variables written in complex form: for
// w = a * b the adjoint of a gains conj(b) * w̄, for w = |z| the adjoint of z
// gains w̄ z / |z|. A real operand of a complex operation takes the real
// part of what flows to it. libstdc++'s complex arithmetic is built on
// compiler builtins, so its bodies are never differentiated: operations
// without a rule here are errors.
#include "FunctionBuilder.h"
#include "Types.h"

#include "clang/AST/DeclTemplate.h"
#include "clang/AST/ExprCXX.h"

using namespace clang;

namespace adgen {

namespace {
// S as an operand: a name or a number as it is, anything else in parentheses.
std::string parenthesized(const std::string &S) {
  bool Simple = !S.empty() && S.find_first_not_of(
                                  "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ"
                                  "0123456789_.") == std::string::npos;
  return Simple ? S : "(" + S + ")";
}

// The complex type of a std::complex expression, or of the complex argument
// of a real-valued function of it.
QualType complexTypeOf(const Expr *E) {
  return E->getType().getNonReferenceType().getUnqualifiedType().getCanonicalType();
}
} // namespace

// What flows to an operand of a complex operation: all of ComplexSeed to a
// complex operand, its real part to a real one.
void FunctionBuilder::flowInto(const Expr *Operand, const std::string &ComplexSeed,
                               CodeBlock &Rev) {
  if (!Activity.isActive(Operand))
    return;
  if (isComplexType(Operand->getType()))
    diff(Operand, ComplexSeed, Rev);
  else
    diff(Operand, "std::real(" + ComplexSeed + ")", Rev);
}

void FunctionBuilder::complexBinary(BinaryOperatorKind Op, const Expr *L, const Expr *R,
                                    const std::string &Seed, CodeBlock &Rev) {
  QualType C = isComplexType(L->getType()) ? complexTypeOf(L) : complexTypeOf(R);
  bool Both = Activity.isActive(L) && Activity.isActive(R);
  std::string S = Both ? shareable(Seed, C, Rev) : Seed;
  std::string A = parenthesized(rev(L)), B = parenthesized(rev(R));
  S = parenthesized(S);
  switch (Op) {
  case BO_Add:
    flowInto(L, S, Rev);
    flowInto(R, S, Rev);
    return;
  case BO_Sub:
    flowInto(L, S, Rev);
    flowInto(R, "-" + S, Rev);
    return;
  case BO_Mul:
    flowInto(L, S + " * std::conj(" + B + ")", Rev);
    flowInto(R, S + " * std::conj(" + A + ")", Rev);
    return;
  case BO_Div:
    flowInto(L, S + " / std::conj(" + B + ")", Rev);
    flowInto(R, "-" + S + " * std::conj(" + A + " / (" + B + " * " + B + "))", Rev);
    return;
  default:
    unsupported(L, std::string("the operator '") + BinaryOperator::getOpcodeStr(Op).str() +
                       "' on complex values");
  }
}

// A complex-valued expression: operators, construction, and the functions
// with a rule. False for what the general rules handle (variables).
bool FunctionBuilder::complexValue(const Expr *E, const std::string &Seed, CodeBlock &Rev) {
  if (const auto *Op = dyn_cast<CXXOperatorCallExpr>(E)) {
    if (Op->getNumArgs() == 2) {
      BinaryOperatorKind Kind;
      switch (Op->getOperator()) {
      case OO_Plus: Kind = BO_Add; break;
      case OO_Minus: Kind = BO_Sub; break;
      case OO_Star: Kind = BO_Mul; break;
      case OO_Slash: Kind = BO_Div; break;
      default:
        unsupported(E, "this operation on complex values");
        return true;
      }
      complexBinary(Kind, Op->getArg(0), Op->getArg(1), Seed, Rev);
      return true;
    }
    if (Op->getNumArgs() == 1 && (Op->getOperator() == OO_Minus || Op->getOperator() == OO_Plus)) {
      flowInto(Op->getArg(0),
               Op->getOperator() == OO_Minus ? "-" + parenthesized(Seed) : Seed, Rev);
      return true;
    }
    unsupported(E, "this operation on complex values");
    return true;
  }
  if (const auto *C = dyn_cast<CXXConstructExpr>(E)) {
    std::vector<const Expr *> Args;
    for (const Expr *A : C->arguments())
      if (!isa<CXXDefaultArgExpr>(A))
        Args.push_back(A);
    std::string S = Args.size() == 2 ? shareable(Seed, complexTypeOf(E), Rev) : Seed;
    if (Args.size() >= 1)
      flowInto(Args[0], Args.size() == 2 || !isComplexType(Args[0]->getType())
                            ? "std::real(" + S + ")"
                            : S,
               Rev);
    if (Args.size() == 2 && Activity.isActive(Args[1]))
      diff(Args[1], "std::imag(" + S + ")", Rev);
    return true;
  }
  const auto *Call = dyn_cast<CallExpr>(E);
  if (!Call || !Call->getDirectCallee() || !Call->getDirectCallee()->isInStdNamespace())
    return false; // a variable, a member, or a function of the user's
  const FunctionDecl *F = Call->getDirectCallee();
  if (Call->getNumArgs() != 1 || !isComplexType(Call->getArg(0)->getType()) || !F->getIdentifier()) {
    unsupported(E, "this function of complex values", "use +, -, *, /, std::exp, std::sqrt, "
                                                      "std::conj, std::abs, std::norm, std::arg, "
                                                      "std::real and std::imag");
    return true;
  }
  const Expr *Z = Call->getArg(0);
  std::string ZText = parenthesized(rev(Z)), S = parenthesized(Seed);
  StringRef N = F->getName();
  if (N == "exp")
    flowInto(Z, S + " * std::conj(std::exp(" + ZText + "))", Rev);
  else if (N == "sqrt")
    flowInto(Z, S + " * std::conj(0.5 / std::sqrt(" + ZText + "))", Rev);
  else if (N == "conj")
    flowInto(Z, "std::conj(" + S + ")", Rev);
  else
    unsupported(E, "std::" + N.str() + " of complex values",
                "use +, -, *, /, std::exp, std::sqrt, std::conj, std::abs, std::norm, "
                "std::arg, std::real and std::imag");
  return true;
}

// Real-valued functions of a complex value: |z|, |z|², arg z, Re z, Im z
// (also z.real(), z.imag()). False if Call is none of them.
bool FunctionBuilder::complexToReal(const CallExpr *Call, const std::string &Seed,
                                    CodeBlock &Rev) {
  const FunctionDecl *F = Call->getDirectCallee();
  const Expr *Z = nullptr;
  if (const auto *M = dyn_cast<CXXMemberCallExpr>(Call))
    Z = M->getImplicitObjectArgument();
  else if (Call->getNumArgs() == 1)
    Z = Call->getArg(0);
  if (!F || !F->getIdentifier() || !Z || !isComplexType(Z->getType()))
    return false;
  if (!Activity.isActive(Z))
    return true;
  QualType C = complexTypeOf(Z);
  std::string T = Printer.type(C);
  std::string ZText = parenthesized(rev(Z)), S = parenthesized(Seed);
  // A seed written as an integer (`1`) does not mix with std::complex.
  if (Seed.find_first_not_of("-0123456789") == std::string::npos) {
    QualType Real = cast<ClassTemplateSpecializationDecl>(C->getAsCXXRecordDecl())
                        ->getTemplateArgs()[0]
                        .getAsType();
    S = "static_cast<" + Printer.type(Real) + ">(" + Seed + ")";
  }
  StringRef N = F->getName();
  if (N == "abs")
    diff(Z, S + " * " + ZText + " / std::abs(" + ZText + ")", Rev);
  else if (N == "norm")
    diff(Z, "2 * " + S + " * " + ZText, Rev);
  else if (N == "arg")
    diff(Z, S + " * " + T + "(-std::imag(" + ZText + "), std::real(" + ZText + ")) / std::norm(" +
                ZText + ")",
         Rev);
  else if (N == "real")
    diff(Z, T + "(" + S + ", 0)", Rev);
  else if (N == "imag")
    diff(Z, T + "(0, " + S + ")", Rev);
  else
    unsupported(Call, "the function '" + N.str() + "' of complex values",
                "use std::abs, std::norm, std::arg, std::real or std::imag");
  return true;
}

} // namespace adgen
