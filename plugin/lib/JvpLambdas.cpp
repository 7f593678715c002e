// Lambdas in forward mode (Jvp.h). A lambda held in a local keeps its
// definition as written; beside it goes its pushforward, a lambda built by
// a nested JvpBuilder of the call operator that captures everything by
// reference — the enclosing function's variables and their tangents — and
// takes a tangent per real parameter:
//
//   auto f = [&](double t) { return std::exp(-k * t); };
//   auto _t_f = [&](double t, double t_t, double *t_ret) -> double {...};
//
// A call `f(x)` becomes `_t_f(x, _t_x, &_t0)`, whose value the statement
// uses. A generic lambda gets one pushforward per instantiation of its call
// operator. Captures by value are the same as by reference as long as the
// variable never changes (checked); lambdas handed to functions or written
// in a call are not handled in forward mode yet.
#include "CustomRules.h"
#include "FunctionBuilder.h"
#include "Jvp.h"
#include "QuietParameters.h"
#include "Locations.h"
#include "Types.h"
#include "ad-gen/Attribute.h"

#include "clang/AST/ExprCXX.h"
#include "clang/AST/RecursiveASTVisitor.h"

using namespace clang;

namespace adgen {

VarSet JvpBuilder::capturedVaried(const FunctionDecl *Op, const JvpBuilder *Enclosing) {
  VarSet Out;
  if (!Enclosing)
    return Out;
  for (const VarDecl *W : capturedVariables(cast<CXXMethodDecl>(Op)->getParent()))
    if (Enclosing->Activity.isVaried(W))
      Out.insert(W);
  return Out;
}


std::string JvpBuilder::lambdaDefinition() const {
  std::string Params;
  for (const ParmVarDecl *P : Def->parameters())
    Params += (Params.empty() ? "" : ", ") + Printer.type(P->getType(), Printer.nameOf(P));
  auto Add = [&Params](const std::string &P) { Params += (Params.empty() ? "" : ", ") + P; };
  for (const ParmVarDecl *P : Active)
    Add(Printer.type(tangentParamType(P), ParamTangents.at(P)));
  if (!ResultTangent.empty())
    Add(Printer.type(
        Ctx.getPointerType(Def->getReturnType().getCanonicalType().getUnqualifiedType()),
        ResultTangent));
  std::string Text = Body.str(1);
  return quietUnusedParameters("[&](" + Params + ")", Text) + " -> " +
         Printer.type(Def->getReturnType()) + " {\n" + Text + "}";
}

bool JvpBuilder::lambdaDeclaration(const VarDecl *V, const LambdaExpr *L, CodeBlock &Out) {
  if (L->isMutable())
    return refuse(L, "a mutable lambda or one capturing this");
  for (const LambdaCapture &C : L->captures()) {
    if (!C.capturesVariable())
      return refuse(L, "a lambda with this capture");
    const auto *W = dyn_cast<VarDecl>(C.getCapturedVar());
    if (!W || W->isInitCapture())
      return refuse(L, "a lambda with an initialized capture");
    if (C.getCaptureKind() == LCK_ByCopy && Activity.isVaried(W) && writesVariable(Def->getBody(), W))
      return refuse(L, "a lambda capturing by value '" + W->getNameAsString() +
                           "', which changes (capture it by reference)");
  }
  LambdaVars[V] = L;
  // Multi-line text as lines, so each takes the block's indentation. Calls
  // in active statements use the pushforward, so either may be unused.
  auto Lines = [&Out](const std::string &Text) {
    size_t Start = 0;
    while (Start <= Text.size()) {
      size_t End = Text.find('\n', Start);
      if (End == std::string::npos)
        End = Text.size();
      if (End > Start)
        Out.line(Text.substr(Start, End - Start));
      Start = End + 1;
    }
  };
  // Clang prints a lambda's body four spaces in: two, as for any block.
  std::string Text = print(L), Indented;
  for (size_t At = 0; At < Text.size(); ++At) {
    Indented += Text[At];
    if (Text[At] == '\n' && Text.compare(At + 1, 4, "    ") == 0)
      At += 2;
  }
  Lines("[[maybe_unused]] auto " + Printer.nameOf(V) + " = " + Indented + ";");
  std::vector<const FunctionDecl *> Ops;
  if (const FunctionTemplateDecl *T = L->getDependentCallOperator())
    for (const FunctionDecl *Op : T->specializations())
      Ops.push_back(Op);
  else
    Ops.push_back(L->getCallOperator());
  for (const FunctionDecl *Op : Ops) {
    if (!Op->hasBody())
      continue;
    std::vector<const ParmVarDecl *> Params;
    for (const ParmVarDecl *P : Op->parameters()) {
      QualType Bare = P->getType().getNonReferenceType();
      if (isRealType(Bare) ||
          (shapeOf(Bare) == Shape::Container && isRealType(elementOf(Bare))))
        Params.push_back(P);
      else if (holdsReals(Bare))
        return refuse(L, "a lambda taking a parameter of type '" + Printer.type(P->getType()) +
                             "'");
    }
    std::string Name = Names.fresh("_t_" + V->getName().str());
    JvpBuilder Nested(Ctx, Op, Params, Pushforwards, Name, this);
    Nested.setInternal();
    for (const VarDecl *W : capturedVariables(L->getLambdaClass()))
      if (const ShadowVar *S = Tangents.find(W))
        Nested.Tangents.bind(W, S->Name, S->Kind);
    if (!Nested.build())
      return refuse(L, Nested.failure() + ", in a lambda");
    Names = Nested.Names;
    LambdaPushforwards[Op] = Name;
    Out.line("// Its pushforward: the value, and the tangent of the result.");
    Lines("[[maybe_unused]] auto " + Name + " = " + Nested.lambdaDefinition() + ";");
  }
  return true;
}

bool JvpBuilder::lambdaCall(const CallExpr *Call, std::string &Tangent) {
  const auto *Op = dyn_cast_or_null<CXXMethodDecl>(Call->getDirectCallee());
  const Expr *Object = Call->getNumArgs() ? Call->getArg(0)->IgnoreImpCasts() : nullptr;
  const auto *Ref = Object ? dyn_cast<DeclRefExpr>(Object) : nullptr;
  const auto *V = Ref ? dyn_cast<VarDecl>(Ref->getDecl()) : nullptr;
  auto It = Op ? LambdaPushforwards.find(Op) : LambdaPushforwards.end();
  if (!V || !LambdaVars.count(V) || It == LambdaPushforwards.end())
    return refuse(Call, "this call of a lambda (call a lambda held in a local of this function)");
  if (Branching)
    return refuse(Call, "a call of a lambda inside ?:, && or ||");
  // Tangents first: a call in an argument becomes its pushforward's value
  // (`_v0`), which the argument then reads instead of calling it again.
  std::string Args, Tangents;
  for (unsigned I = 1; I < Call->getNumArgs(); ++I) {
    const ParmVarDecl *P = Op->getParamDecl(I - 1);
    QualType Bare = P->getType().getNonReferenceType();
    if (isRealType(Bare) || shapeOf(Bare) == Shape::Container)
      Tangents += ", " + argumentTangent(P, Call->getArg(I),
                                         isRealType(Bare) && !P->getType()->isReferenceType()
                                             ? Activity.isActive(Call->getArg(I))
                                             : Activity.dependsOnVaried(Call->getArg(I)),
                                         true);
  }
  if (!Failure.empty())
    return false;
  for (unsigned I = 1; I < Call->getNumArgs(); ++I)
    Args += (I > 1 ? ", " : "") + print(Call->getArg(I));
  QualType Result = Op->getReturnType();
  if (Args.empty() && !Tangents.empty())
    Tangents = Tangents.substr(2); // `, t` after no argument
  std::string Line = It->second + "(" + Args + Tangents;
  std::string Sep = Args.empty() && Tangents.empty() ? "" : ", ";
  if (isRealType(Result)) {
    std::string Type = Printer.type(Result.getCanonicalType().getUnqualifiedType());
    std::string Value = Names.numbered("_v"), T = Names.numbered("_t");
    Pre->line(Type + " " + T + " = 0;");
    Pre->line(Type + " " + Value + " = " + Line + Sep + "&" + T + ");");
    Printer.substitute(Call, Value);
    Tangent = T;
  } else if (Result->isVoidType()) {
    Pre->line(Line + ");");
  } else {
    return refuse(Call, "a lambda returning '" + Printer.type(Result) + "'");
  }
  return true;
}

} // namespace adgen
