// Calls in forward mode (Jvp.h): a call of a function of the user's with
// active arguments runs its pushforward instead — g's own statements with
// their tangents — or g and its custom tangent rule ([[ad::tangent_of]]).
// Either way g runs exactly once, as in f.
#include "CustomRules.h"
#include "Stages.h"
#include "Jvp.h"
#include "Locations.h"
#include "MathRules.h"
#include "Names.h"
#include "Types.h"
#include "ad-gen/Attribute.h"

#include "clang/AST/DeclCXX.h"
#include "clang/AST/ExprCXX.h"

using namespace clang;

namespace adgen {

std::string PushforwardRegistry::request(const FunctionDecl *Callee,
                                         const std::vector<bool> &Active) {
  auto Key = std::make_pair(Callee, Active);
  if (auto It = Names.find(Key); It != Names.end())
    return It->second;
  std::string Name = claimFunctionName(functionIdentifier(Callee) + "_pushforward", Used);
  Names[Key] = Name;
  Pending.push_back({Callee, Active, Name});
  return Name;
}

std::vector<PushforwardRegistry::Request> PushforwardRegistry::takePending() {
  std::vector<Request> Out;
  Out.swap(Pending);
  return Out;
}

// A function of the user's (or one with a custom tangent rule): not a
// <cmath> function, not the standard library's, not a member or lambda.
bool JvpBuilder::isUserCall(const CallExpr *Call) const {
  const FunctionDecl *Callee = Call->getDirectCallee();
  if (!Callee || findMathRule(Callee))
    return false;
  // An operator of the user's written as a free function (`Vec operator+`).
  if (isa<CXXOperatorCallExpr>(Call) && (isa<CXXMethodDecl>(Callee) || !Callee->isUserProvided() ||
                                         Callee->isInStdNamespace()))
    return false;
  if (customRule(Callee, RuleKind::Tangent))
    return true;
  return !Callee->isInStdNamespace() && !isa<CXXMethodDecl>(Callee);
}

// The tangent handed for parameter P: the argument's, or a zero of the
// rule's type where the argument carries none (Active false).
bool JvpBuilder::isRealConstRef(const ParmVarDecl *P) {
  QualType T = P->getType();
  return T->isReferenceType() && isRealType(T.getNonReferenceType()) &&
         T.getNonReferenceType().isConstQualified();
}

QualType JvpBuilder::tangentParamType(const ParmVarDecl *P) const {
  if (Internal && isRealConstRef(P))
    return Ctx.getPointerType(
        P->getType().getNonReferenceType().getCanonicalType().getUnqualifiedType().withConst());
  return tangentParameterType(Ctx, P->getType());
}

std::string JvpBuilder::argumentTangent(const ParmVarDecl *P, const Expr *Arg, bool Active,
                                        bool ToInternal) {
  QualType T = P->getType();
  QualType Bare = T.getNonReferenceType();
  Shape S = shapeOf(Bare);
  if (ToInternal && isRealConstRef(P)) { // a pointer to the argument's tangent
    const Expr *Bare0 = Arg->IgnoreParenImpCasts();
    if (Active && Bare0->isGLValue() && isRealType(Bare0->getType()))
      return addressText(location(Bare0), true);
    std::string A = Active ? tangent(Arg) : "";
    std::string Slot = Names.numbered("_t");
    Pre->line(Printer.type(Bare.getUnqualifiedType(), Slot) + " = " + (A.empty() ? "0" : A) + ";");
    return "&" + Slot;
  }
  if (isRealType(Bare) && (!T->isReferenceType() || Bare.isConstQualified())) {
    std::string A = Active ? tangent(Arg) : "";
    return A.empty() ? "0" : A;
  }
  if (isRealType(Bare)) { // a reference the callee may write through
    if (Active)
      return addressText(location(Arg), true);
    std::string Slot = Names.numbered("_t");
    Pre->line(Printer.type(Bare.getUnqualifiedType(), Slot) + " = 0; // d(constant): unused");
    return "&" + Slot;
  }
  if (S == Shape::Pointer || S == Shape::Array)
    return Active ? pointer(Arg) : "nullptr";
  if (S == Shape::Container && isRealType(elementOf(Bare)))
    return Active ? data(Arg) : "::ad::zeros_like(" + print(Arg) + ").data()";
  if (isPlainRecord(Bare)) { // a pointer to the tangent object
    std::string T = Active ? recordTangent(Arg) : "";
    if (!Failure.empty())
      return "";
    if (T.empty()) {
      std::string Zero = zeroTangent(Bare, print(Arg)), Slot = Names.numbered("_t");
      Pre->line("auto " + Slot + " = " + Zero + "; // d(constant): unused");
      return "&" + Slot;
    }
    return addressText(T, true);
  }
  refuse(Arg, "passing a value of type '" + Printer.type(Bare) + "' to a function in forward mode");
  return "";
}

bool JvpBuilder::userCall(const CallExpr *Call, std::string &Tangent) {
  const FunctionDecl *Callee = Call->getDirectCallee();
  std::string CalleeName = Callee->getNameAsString();
  if (Branching)
    return refuse(Call, "a call of '" + CalleeName + "' inside ?:, && or ||");
  const FunctionDecl *Rule = customRule(Callee, RuleKind::Tangent);
  if (PullbacksFirst && customRule(Callee, RuleKind::Pullback))
    return refuse(Call, "the call of '" + CalleeName + "', which has a custom pullback");
  const FunctionDecl *Definition = Callee->getDefinition();
  if (!Rule && (!Definition || !Definition->hasBody()))
    return refuse(Call, "the call of '" + CalleeName + "', which has no visible definition "
                        "and no tangent rule ([[ad::tangent_of(\"" + CalleeName + "\")]])");
  if (Callee->isVariadic() || Call->getNumArgs() != Callee->getNumParams())
    return refuse(Call, "the call of the variadic function '" + CalleeName + "'");
  if (std::string Why = Rule ? "" : generatedCalleeProblem(Definition); !Why.empty())
    return refuse(Call, "the call of '" + CalleeName + "' (" + Why + ")");
  QualType Result = Callee->getReturnType();
  Shape ResultShape = shapeOf(Result);
  bool RealResult = isRealType(Result);
  bool ContainerResult = ((ResultShape == Shape::Container && isRealType(elementOf(Result))) ||
                          isPlainRecord(Result)) &&
                         !Result->isReferenceType();
  if (!Result->isVoidType() && !RealResult && !ContainerResult && holdsReals(Result))
    return refuse(Call, "the call of '" + CalleeName + "', which returns '" +
                            Printer.type(Result) + "'");
  std::vector<bool> Mask;
  std::vector<std::string> Args, Tangents;
  for (unsigned I = 0; I < Call->getNumArgs(); ++I) {
    const ParmVarDecl *P = Callee->getParamDecl(I);
    const Expr *Arg = Call->getArg(I);
    bool HoldsReals = !tangentParameterType(Ctx, P->getType()).isNull();
    bool Active = HoldsReals && (isRealType(P->getType().getNonReferenceType())
                                     ? Activity.isActive(Arg) || (P->getType()->isReferenceType() &&
                                                                 Activity.dependsOnVaried(Arg))
                                     : Activity.dependsOnVaried(Arg));
    if (!HoldsReals && holdsReals(P->getType()) && Activity.dependsOnVaried(Arg))
      return refuse(Arg, "passing active values to '" + CalleeName + "' as a parameter of type '" +
                             Printer.type(P->getType()) + "'");
    // A reference to a pointer (`const double *&p`): the callee may move
    // the caller's pointer, which no tangent pointer follows.
    if (P->getType()->isReferenceType() && P->getType().getNonReferenceType()->isPointerType() &&
        holdsReals(P->getType()) && Activity.dependsOnVaried(Arg))
      return refuse(Arg, "passing a pointer to '" + CalleeName + "' by reference");
    Mask.push_back(Active);
    if (Active || (Rule && HoldsReals))
      Tangents.push_back(argumentTangent(P, Arg, Active, !Rule));
    if (!Failure.empty())
      return false;
  }
  for (const Expr *Arg : Call->arguments())
    Args.push_back(print(Arg));
  std::string ArgText;
  for (const std::string &A : Args)
    ArgText += (ArgText.empty() ? "" : ", ") + A;
  std::string TangentText;
  for (const std::string &T : Tangents)
    TangentText += ", " + T;
  std::string Type = Printer.type(Result.getCanonicalType().getUnqualifiedType());
  std::string Value = Names.numbered("_v"), ResultT = Names.numbered("_t");
  if (Rule) {
    std::string RuleCall = ruleCallName(Rule) + "(" + ArgText + TangentText + ")";
    if (RealResult) {
      // Unused where the call's value is discarded: [[maybe_unused]].
      Pre->line(declared(ResultT, Type + " " + ResultT + " = " + RuleCall + ";"));
      Pre->line(declared(Value, Type + " " + Value + " = " + print(Call) + ";"));
      Printer.substitute(Call, Value);
      Tangent = ResultT;
    } else {
      Pre->line(RuleCall + ";");
      Pre->line(print(Call) + ";");
    }
    return true;
  }
  std::string Name = Pushforwards.request(Definition, Mask);
  std::string Line = Name + "(" + ArgText + TangentText;
  if (RealResult || ContainerResult) {
    if (isPlainRecord(Result)) { // the pushforward assigns the whole object
      if (!isDefaultConstructible(Result))
        return refuse(Call, "a result of type '" + Type + "', which has no default constructor");
      Pre->line(Type + " " + ResultT + "{};");
    } else {
      Pre->line(Type + " " + ResultT + (RealResult ? " = 0;" : ";"));
    }
    if (!isPlainRecord(Result)) {
      Pre->line(declared(Value, Type + " " + Value + " = " + Line + ", &" + ResultT + ");"));
    } else {
      // An object: declared, then assigned, so that reverse mode (f_hvp
      // differentiates this code) sees the call that writes the tangent
      // through a pointer as a statement, not inside an initializer.
      Pre->line(Type + " " + Value + "{};");
      Pre->line(Value + " = " + Line + ", &" + ResultT + ");");
    }
    Printer.substitute(Call, Value);
    CallTangents[Call] = ResultT;
    Tangent = ResultT;
  } else {
    Pre->line(Line + ");");
  }
  return true;
}

} // namespace adgen
