// The derivative table for <cmath>. Simple partials are written inline so the
// generated code reads like the textbook rule; the others call helpers in
// runtime/include/ad/derivatives.hpp, which also pin down the contract's
// choices at kinks (fabs, fmin/fmax ties, pow at x = 0).
#include "MathRules.h"

#include "clang/AST/ASTContext.h"
#include "clang/Basic/SourceManager.h"
#include "llvm/ADT/StringMap.h"

using namespace clang;

namespace adgen {

static const MathRule Rules[] = {
    // clang-format off
    {"sin",   1, {"std::cos($0)"}},
    {"cos",   1, {"-std::sin($0)"}},
    {"tan",   1, {"::ad::d::tan($0)"}},
    {"asin",  1, {"::ad::d::asin($0)"}},
    {"acos",  1, {"::ad::d::acos($0)"}},
    {"atan",  1, {"::ad::d::atan($0)"}},
    {"atan2", 2, {"::ad::d::atan2_dy($0, $1)", "::ad::d::atan2_dx($0, $1)"}},
    {"sinh",  1, {"std::cosh($0)"}},
    {"cosh",  1, {"std::sinh($0)"}},
    {"tanh",  1, {"::ad::d::tanh($0)"}},
    {"asinh", 1, {"::ad::d::asinh($0)"}},
    {"acosh", 1, {"::ad::d::acosh($0)"}},
    {"atanh", 1, {"::ad::d::atanh($0)"}},
    {"exp",   1, {"std::exp($0)"}, {"$v"}},
    {"exp2",  1, {"::ad::d::exp2($0)"}},
    {"expm1", 1, {"std::exp($0)"}},
    {"log",   1, {"1 / ($0)"}},
    {"log2",  1, {"::ad::d::log2($0)"}},
    {"log10", 1, {"::ad::d::log10($0)"}},
    {"log1p", 1, {"1 / (1 + ($0))"}},
    {"pow",   2, {"::ad::d::pow_dx($0, $1)", "::ad::d::pow_dy($0, $1)"},
                 {"::ad::d::pow_dx($0, $1, $v)", "::ad::d::pow_dy($0, $1, $v)"}},
    {"sqrt",  1, {"::ad::d::sqrt($0)"}, {"1 / (2 * $v)"}},
    {"cbrt",  1, {"::ad::d::cbrt($0)"}},
    {"hypot", 2, {"::ad::d::hypot_dx($0, $1)", "::ad::d::hypot_dy($0, $1)"}},
    {"hypot", 3, {"::ad::d::hypot3_dx($0, $1, $2)", "::ad::d::hypot3_dx($1, $0, $2)",
                  "::ad::d::hypot3_dx($2, $0, $1)"}},
    {"fabs",  1, {"::ad::d::fabs($0)"}},
    {"abs",   1, {"::ad::d::fabs($0)"}},
    {"fmin",  2, {"::ad::d::fmin_dx($0, $1)", "::ad::d::fmin_dy($0, $1)"}},
    {"fmax",  2, {"::ad::d::fmax_dx($0, $1)", "::ad::d::fmax_dy($0, $1)"}},
    {"fma",   3, {"$1", "$0", "1"}},
    {"erf",   1, {"::ad::d::erf($0)"}},
    {"erfc",  1, {"::ad::d::erfc($0)"}},
    {"tgamma", 1, {"::ad::d::tgamma($0)"}},
    {"lgamma", 1, {"::ad::d::lgamma($0)"}},
    // Piecewise constant: derivative 0 almost everywhere.
    {"floor", 1, {nullptr}},
    {"ceil",  1, {nullptr}},
    {"round", 1, {nullptr}},
    {"trunc", 1, {nullptr}},
    // clang-format on
};

// Name -> the rules of that name (one per arity).
static const llvm::StringMap<std::vector<const MathRule *>> &ruleIndex() {
  static const llvm::StringMap<std::vector<const MathRule *>> Index = [] {
    llvm::StringMap<std::vector<const MathRule *>> M;
    for (const MathRule &R : Rules)
      M[R.Name].push_back(&R);
    return M;
  }();
  return Index;
}

static const MathRule *lookup(StringRef Name, unsigned Arity) {
  auto It = ruleIndex().find(Name);
  if (It == ruleIndex().end())
    return nullptr;
  for (const MathRule *R : It->second)
    if (R->Arity == Arity)
      return R;
  return nullptr;
}

static bool isStdOrGlobal(const FunctionDecl *FD) {
  const DeclContext *DC = FD->getDeclContext()->getRedeclContext();
  while (DC->isInlineNamespace())
    DC = DC->getParent()->getRedeclContext();
  if (DC->isTranslationUnit())
    return true;
  const auto *NS = dyn_cast<NamespaceDecl>(DC);
  return NS && NS->getName() == "std" &&
         NS->getParent()->getRedeclContext()->isTranslationUnit();
}

const MathRule *findMathRule(const FunctionDecl *Callee) {
  if (!Callee || !Callee->getIdentifier() || !isStdOrGlobal(Callee))
    return nullptr;
  // Only the library's functions: a user's own `sin` is differentiated as
  // user code.
  const SourceManager &SM = Callee->getASTContext().getSourceManager();
  if (!SM.isInSystemHeader(Callee->getLocation()) && !Callee->getBuiltinID())
    return nullptr;
  // Real arguments only (std::abs of a std::complex has rules of its own,
  // ComplexRules.cpp).
  for (const ParmVarDecl *P : Callee->parameters())
    if (!P->getType().getNonReferenceType()->isArithmeticType())
      return nullptr;
  StringRef Name = Callee->getName();
  unsigned Arity = Callee->getNumParams();
  if (const MathRule *R = lookup(Name, Arity))
    return R;
  if (Name.ends_with("f") || Name.ends_with("l")) // sinf, sinl, ...
    return lookup(Name.drop_back(), Arity);
  return nullptr;
}

bool isPiecewiseConstant(const MathRule &Rule) {
  for (unsigned K = 0; K < Rule.Arity; ++K)
    if (Rule.Partials[K])
      return false;
  return true;
}

std::string instantiatePartial(const MathRule &Rule, unsigned K,
                               const std::vector<std::string> &Args,
                               const std::string *Value) {
  std::string Out;
  for (const char *P = Value ? Rule.ValuePartials[K] : Rule.Partials[K]; *P; ++P) {
    if (*P == '$' && P[1] >= '0' && P[1] <= '2') {
      Out += Args[P[1] - '0'];
      ++P;
    } else if (*P == '$' && P[1] == 'v') {
      Out += *Value;
      ++P;
    } else {
      Out += *P;
    }
  }
  return Out;
}

} // namespace adgen
