// Calls of small helpers computed with their derivative. In a loop,
//
//   forget = sigmoid<double>(input[i] * w[i] + b[i]);
//
// had its pullback run sigmoid's body again in the reverse sweep (an exp
// per call: a third of an LSTM gradient's time). A helper of one real
// parameter that only computes is instead called through its gradient in
// forward mode, which gives the value and the derivative together:
//
//   forget = ::ad::with_partial<&sigmoid_with_derivative, double>(input[i] * w[i] + b[i], _partials);
//
// `with_partial` (runtime fused.hpp) pushes the derivative onto the partials
// tape, as `::ad::tanh(u, _partials)` does for tanh; the reverse sweep
// multiplies by it (ExprAdjoint.cpp, diffCall). The helper's value is the
// same expression as in the helper, so f_grad's value stays f's.
#include "Jvp.h"
#include "Names.h"
#include "Pullbacks.h"
#include "CustomRules.h"
#include "Purity.h"
#include "SumLoops.h"
#include "Types.h"

#include "clang/AST/DeclCXX.h"
#include "clang/Basic/SourceManager.h"

using namespace clang;

namespace adgen {

bool fusableHelperCall(const CallExpr *Call) {
  const FunctionDecl *Callee = Call->getDirectCallee();
  if (!Callee || isa<CXXMethodDecl>(Callee) || Callee->isVariadic() ||
      Callee->getNumParams() != 1 || Call->getNumArgs() != 1)
    return false;
  const FunctionDecl *Def = Callee->getDefinition();
  if (!Def || !Def->getBody())
    return false;
  const SourceManager &SM = Def->getASTContext().getSourceManager();
  if (SM.isInSystemHeader(SM.getExpansionLoc(Def->getLocation())))
    return false;
  // The user's own derivative rule is used as written, through the pullback.
  if (customRule(Callee, RuleKind::Pullback) || customRule(Callee, RuleKind::Tangent))
    return false;
  QualType Param = Def->getParamDecl(0)->getType();
  if (!Param->isRealFloatingType() || !Def->getReturnType()->isRealFloatingType())
    return false;
  // Only computes: its value depends on its argument alone, and forward
  // mode needs no pushforward of another helper.
  return isPureCall(Call) && callsOnlyMath(Def->getBody());
}

std::string PullbackRegistry::withDerivative(ASTContext &Ctx, const FunctionDecl *Callee) {
  const FunctionDecl *Def = Callee->getDefinition();
  auto It = Derivatives.find(Def);
  if (It != Derivatives.end())
    return It->second.Name;
  DerivativeHelper &Helper = Derivatives[Def];
  std::string Name = claimFunctionName(functionIdentifier(Def) + "_with_derivative", Used);
  PushforwardRegistry Pushforwards;
  BuiltJvp Built = buildJvp(Ctx, Def, {Def->getParamDecl(0)}, Name, Pushforwards,
                            {&Hooks, nullptr, "", /*GradientOfOneInput=*/true, /*Static=*/true});
  if (!Built.Ok || !Built.Helpers.empty())
    return ""; // the call keeps its pullback
  Helper.Name = Name;
  Helper.Prototype = Built.Prototype + ";\n";
  std::string F = Def->getNameAsString();
  Helper.Definition = "// " + F + " with its derivative, in forward mode: returns " + F +
                      "'s value and adds d" + F + "/d" +
                      Def->getParamDecl(0)->getNameAsString() + " into its last argument.\n" +
                      Built.Definition;
  return Name;
}

void PullbackRegistry::takeDerivativeHelpers(std::string &Prototypes,
                                             std::string &Definitions) {
  for (auto &[Def, Helper] : Derivatives) {
    if (Helper.Name.empty() || Helper.Defined)
      continue;
    Helper.Defined = true;
    Prototypes += Helper.Prototype;
    Definitions += Helper.Definition;
  }
}

} // namespace adgen
