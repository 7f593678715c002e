// The derivative table for <cmath>. Simple partials are written inline so the
// generated code reads like the textbook rule; the others call helpers in
// runtime/include/ad/derivatives.hpp, which also pin down the contract's
// choices at kinks (fabs, fmin/fmax ties, pow at x = 0).
#include "MathRules.h"

#include "clang/AST/ASTContext.h"
#include "clang/AST/Expr.h"
#include "clang/Basic/SourceManager.h"
#include "llvm/ADT/StringMap.h"

#include <cctype>

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

// The derivatives of the partials above that are runtime helpers
// (`::ad::d::erf` is erf'), for second derivatives: f_hvp differentiates
// f_jvp, which calls them. digamma (and so tgamma', lgamma') has none.
// Named "d::..." so that no rule of the first table is mistaken for one.
// An argument used as an operand is in parentheses: it is substituted as
// the argument's text (`0.5 + x * x`).
static const MathRule SecondRules[] = {
    // clang-format off
    {"d::tan",   1, {"2 * ::ad::d::tan($0) * std::tan($0)"}},
    {"d::asin",  1, {"($0) * ::ad::d::asin($0) * ::ad::d::asin($0) * ::ad::d::asin($0)"}},
    {"d::acos",  1, {"($0) * ::ad::d::acos($0) * ::ad::d::acos($0) * ::ad::d::acos($0)"}},
    {"d::atan",  1, {"-2 * ($0) * ::ad::d::atan($0) * ::ad::d::atan($0)"}},
    {"d::tanh",  1, {"-2 * std::tanh($0) * ::ad::d::tanh($0)"}},
    {"d::asinh", 1, {"-($0) * ::ad::d::asinh($0) * ::ad::d::asinh($0) * ::ad::d::asinh($0)"}},
    {"d::acosh", 1, {"-($0) * ::ad::d::acosh($0) * ::ad::d::acosh($0) * ::ad::d::acosh($0)"}},
    {"d::atanh", 1, {"2 * ($0) * ::ad::d::atanh($0) * ::ad::d::atanh($0)"}},
    {"d::sqrt",  1, {"-::ad::d::sqrt($0) / (2 * ($0))"}},
    {"d::cbrt",  1, {"-2 * ::ad::d::cbrt($0) / (3 * ($0))"}},
    {"d::exp2",  1, {"::ad::d::exp2($0) * std::log(2.0)"}},
    {"d::log2",  1, {"-::ad::d::log2($0) / ($0)"}},
    {"d::log10", 1, {"-::ad::d::log10($0) / ($0)"}},
    {"d::erf",   1, {"-2 * ($0) * ::ad::d::erf($0)"}},
    {"d::erfc",  1, {"2 * ($0) * ::ad::d::erf($0)"}},
    {"d::pow_dx", 2, {"($1) * ::ad::d::pow_dx($0, ($1) - 1)", "::ad::d::pow_dxdy($0, $1)"}},
    {"d::pow_dy", 2, {"::ad::d::pow_dxdy($0, $1)", "::ad::d::pow_dydy($0, $1)"}},
    // Given v = pow(x, y) (the forms with the value): v is x^y, whose
    // dependence on x and y the first two partials already hold.
    {"d::pow_dx", 3, {"($1) * ::ad::d::pow_dx($0, ($1) - 1)", "::ad::d::pow_dxdy($0, $1)", nullptr}},
    {"d::pow_dy", 3, {"::ad::d::pow_dxdy($0, $1)", "::ad::d::pow_dydy($0, $1)", nullptr}},
    {"d::atan2_dy", 2, {"-2 * ($0) * ($1) / ((($0) * ($0) + ($1) * ($1)) * (($0) * ($0) + ($1) * ($1)))",
                     "(($0) * ($0) - ($1) * ($1)) / ((($0) * ($0) + ($1) * ($1)) * (($0) * ($0) + ($1) * ($1)))"}},
    {"d::atan2_dx", 2, {"(($0) * ($0) - ($1) * ($1)) / ((($0) * ($0) + ($1) * ($1)) * (($0) * ($0) + ($1) * ($1)))",
                     "2 * ($0) * ($1) / ((($0) * ($0) + ($1) * ($1)) * (($0) * ($0) + ($1) * ($1)))"}},
    {"d::hypot_dx", 2, {"($1) * ($1) / ::ad::d::cube(std::hypot($0, $1))",
                     "-($0) * ($1) / ::ad::d::cube(std::hypot($0, $1))"}},
    {"d::hypot_dy", 2, {"-($0) * ($1) / ::ad::d::cube(std::hypot($0, $1))",
                     "($0) * ($0) / ::ad::d::cube(std::hypot($0, $1))"}},
    {"d::hypot3_dx", 3, {"(($1) * ($1) + ($2) * ($2)) / ::ad::d::cube(std::hypot($0, $1, $2))",
                      "-($0) * ($1) / ::ad::d::cube(std::hypot($0, $1, $2))",
                      "-($0) * ($2) / ::ad::d::cube(std::hypot($0, $1, $2))"}},
    // Piecewise constant.
    {"d::fabs",  1, {nullptr}},
    {"d::fmin_dx", 2, {nullptr, nullptr}},
    {"d::fmin_dy", 2, {nullptr, nullptr}},
    {"d::fmax_dx", 2, {nullptr, nullptr}},
    {"d::fmax_dy", 2, {nullptr, nullptr}},
    // clang-format on
};

using RuleIndex = llvm::StringMap<std::vector<const MathRule *>>;

// Name -> the rules of that name (one per arity).
template <size_t N> static RuleIndex indexOf(const MathRule (&Table)[N]) {
  RuleIndex M;
  for (const MathRule &R : Table)
    M[R.Name].push_back(&R);
  return M;
}

static const MathRule *lookup(StringRef Name, unsigned Arity, bool Second = false) {
  static const RuleIndex First = indexOf(Rules), OfPartials = indexOf(SecondRules);
  const RuleIndex &Index = Second ? OfPartials : First;
  auto It = Index.find(Name);
  if (It == Index.end())
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

bool isRuntimeFunction(const FunctionDecl *FD) {
  const DeclContext *DC = FD->getDeclContext()->getRedeclContext();
  const NamespaceDecl *Outer = nullptr;
  for (; !DC->isTranslationUnit(); DC = DC->getParent()->getRedeclContext())
    if (const auto *NS = dyn_cast<NamespaceDecl>(DC))
      Outer = NS;
  return Outer && Outer->getName() == "ad";
}

bool isRuntimeZeros(const FunctionDecl *FD) {
  return FD && FD->getIdentifier() && FD->getName() == "zeros_like" && isRuntimeFunction(FD);
}

bool isRuntimePartial(const FunctionDecl *FD) {
  const auto *D = dyn_cast<NamespaceDecl>(FD->getDeclContext()->getRedeclContext());
  const auto *Ad = D ? dyn_cast<NamespaceDecl>(D->getParent()->getRedeclContext()) : nullptr;
  return Ad && D->getName() == "d" && Ad->getName() == "ad" &&
         Ad->getParent()->getRedeclContext()->isTranslationUnit();
}

const MathRule *findMathRule(const FunctionDecl *Callee) {
  if (Callee && Callee->getIdentifier() && isRuntimePartial(Callee))
    return lookup(("d::" + Callee->getName()).str(), Callee->getNumParams(), /*Second=*/true);
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
    // In the second table, `($0)` around an argument without spaces (`x`,
    // `a[i]`) is just `x` (not the parentheses of a call, `f($0)`).
    bool AfterName = !Out.empty() && (std::isalnum(static_cast<unsigned char>(Out.back())) ||
                                      Out.back() == '_');
    if (P[0] == '(' && !AfterName && StringRef(Rule.Name).starts_with("d::") && P[1] == '$' && P[2] >= '0' && P[2] <= '2' && P[3] == ')' &&
        Args[P[2] - '0'].find(' ') == std::string::npos) {
      Out += Args[P[2] - '0'];
      P += 3;
    } else if (*P == '$' && P[1] >= '0' && P[1] <= '2') {
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

std::string atParameterType(const Expr *Arg, const std::string &Text, const ASTContext &Ctx) {
  const auto *Cast = dyn_cast<ImplicitCastExpr>(Arg);
  if (!Cast || Cast->getCastKind() != CK_FloatingCast)
    return Text;
  QualType To = Cast->getType().getCanonicalType().getUnqualifiedType();
  if (Ctx.getFloatingTypeOrder(To, Cast->getSubExpr()->getType()) >= 0)
    return Text;
  return "static_cast<" + To.getAsString(Ctx.getPrintingPolicy()) + ">(" + Text + ")";
}

} // namespace adgen
