// Custom derivatives (contract §6): a function marked
// [[ad::pullback_of("g")]] or [[ad::tangent_of("g")]] is the derivative
// rule of `g` for reverse or forward mode, used at every differentiated
// call of `g` instead of `g`'s body (which need not be visible).
//
// The attributes are registered in RuleAttributes.cpp. Which `g` a rule
// belongs to is decided here, once per translation unit: among the
// functions named `g`, the overload whose parameter types the rule's
// leading parameters repeat; the rule's other parameters must then be
// exactly the adjoint (or tangent) parameters the contract gives that `g`.
// A rule that names no function, or fits none, is an error at its
// attribute saying which signature would fit.
#pragma once

#include "clang/AST/ASTContext.h"
#include "clang/AST/Attr.h"
#include "clang/AST/Decl.h"

#include <string>
#include <vector>

namespace adgen {

extern const char *const kPullbackAnnotation; // "ad.pullback_of"
extern const char *const kTangentAnnotation;  // "ad.tangent_of"

enum class RuleKind { Pullback, Tangent };

// Finds, matches and checks every custom rule of the translation unit
// (reporting misfits at their attributes) and remembers the matches until
// resetCustomRules().
void collectCustomRules(clang::ASTContext &Ctx);
void resetCustomRules();

// The attributes of every rule found (the generated text hides them, as
// it hides [[ad::differentiate]]).
std::vector<const clang::AnnotateAttr *> customRuleAttributes();

// The rule of kind K for F (any redeclaration of it), or null.
const clang::FunctionDecl *customRule(const clang::FunctionDecl *F, RuleKind K);

// Forgets the rules of the functions whose qualified name is Name (a later
// generation stage found they cannot be built).
void forgetCustomRules(const std::string &Name);

// How generated code names Rule: `norm_cdf_pb`, `::stats::norm_cdf_pb`.
std::string ruleCallName(const clang::FunctionDecl *Rule);

// The type of the adjoint parameter a pullback of a function takes for a
// parameter of type T (contract §2: `T*` for reals, pointers, arrays and
// containers of reals, `C*` for objects); null if T holds no reals.
clang::QualType adjointParameterType(clang::ASTContext &Ctx, clang::QualType T);
// The type of the tangent parameter for a parameter of type T (contract
// §5: `T` for a real by value or const reference, `const T*` for const
// pointers, arrays and containers, else the adjoint type); null if T holds
// no reals.
clang::QualType tangentParameterType(clang::ASTContext &Ctx, clang::QualType T);

} // namespace adgen
