// Derivative rules for <cmath>, as one declarative table (MathRules.cpp).
#pragma once

#include "clang/AST/Decl.h"

#include <string>
#include <vector>

namespace adgen {

struct MathRule {
  const char *Name;
  unsigned Arity;
  // One C++ expression per argument giving the partial derivative, with $0,
  // $1, $2 standing for the arguments; null means the partial is zero.
  const char *Partials[3];
  // The same partials given the call's value as $v, where that is cheaper
  // than recomputing it (used when the value is at hand: sum reductions).
  const char *ValuePartials[3] = {};
};

// The rule for a call to Callee, if it is a <cmath> function of the table:
// std:: or global, any floating overload, and the C names sinf, sinl, ...;
// or one of the runtime's partials (::ad::d::tan) that has a rule.
const MathRule *findMathRule(const clang::FunctionDecl *Callee);

// True for a function of ad's runtime (namespace ::ad and those inside).
bool isRuntimeFunction(const clang::FunctionDecl *FD);
// True for ::ad::zeros_like: a zero of its argument's shape, through which
// no derivative flows.
bool isRuntimeZeros(const clang::FunctionDecl *FD);

// True for the runtime's partials (`::ad::d::erf`), which have rules of
// their own for second derivatives.
bool isRuntimePartial(const clang::FunctionDecl *FD);

// floor, ceil, round, trunc: every partial is zero.
bool isPiecewiseConstant(const MathRule &Rule);

// Partial K of Rule with the arguments' source text substituted; with
// Value, the value form (ValuePartials) with $v standing for the call.
std::string instantiatePartial(const MathRule &Rule, unsigned K,
                               const std::vector<std::string> &Args,
                               const std::string *Value = nullptr);

// An argument's text as the partials read it: where the call narrows it
// (`sinf(x * i)` of a double), converted as the call converts it
// (`static_cast<float>(x * i)`), so the partial is taken at the point the
// function was evaluated.
std::string atParameterType(const clang::Expr *Arg, const std::string &Text,
                            const clang::ASTContext &Ctx);

} // namespace adgen
