#include "Adjoints.h"
#include "Types.h"

#include "clang/Basic/Diagnostic.h"

#include <functional>

using namespace clang;

namespace adgen {

BuiltFunction buildAdjoint(ASTContext &Ctx, const FunctionDecl *Def,
                           const std::vector<const ParmVarDecl *> &Active,
                           PullbackRegistry &Pullbacks, AdjointKind Kind,
                           const std::string &Name, bool InsideNamespace,
                           PullbackForm Form) {
  bool Split = isRecordForm(Form);
  VarSet Needed;
  // A pullback leaves no trace: what it writes through its arguments is
  // restored by its own reverse sweep (it runs the function again from
  // them). A lean pullback and a split call's reverse half restore only
  // what they read: their caller saves what it needs itself
  // (CallAdjoint.cpp, SplitCalls.cpp).
  if (Kind == AdjointKind::Pullback && (Form == PullbackForm::Whole ||
                                        Form == PullbackForm::SplitRestoring))
    for (const ParmVarDecl *P : formalParameters(Def))
      if (writesThroughParameter(Def, P))
        Needed.insert(P);
  BuiltFunction Out;
  for (bool Grew = true; Grew;) {
    FunctionBuilder Builder(Ctx, Def, Active, Needed, Pullbacks, Kind, Name);
    Builder.setInsideNamespace(InsideNamespace);
    if (Split)
      Builder.setSplit();
    Out.Ok = Builder.build();
    Grew = false;
    for (const VarDecl *V : Builder.reverseReads())
      Grew |= Out.Ok && Needed.insert(V).second;
    if (Out.Ok && !Grew) {
      Out.Prototype = Split ? Builder.recordDefinition() : Builder.prototype();
      Out.Records = Builder.usedRecords();
      Out.Definition = Builder.definition();
    }
  }
  return Out;
}

bool buildPullbacks(ASTContext &Ctx, PullbackRegistry &Pullbacks, bool InsideNamespace,
                    std::string &Prototypes, std::string &Definitions,
                    std::vector<std::string> Roots) {
  bool Ok = true;
  for (auto Pending = Pullbacks.takePending(); !Pending.empty();
       Pending = Pullbacks.takePending()) {
    for (const PullbackRequest &P : Pending) {
      std::vector<const ParmVarDecl *> CalleeActive;
      std::vector<const ParmVarDecl *> Formal = formalParameters(P.Callee);
      for (unsigned I = 0; I < P.Active.size(); ++I)
        if (P.Active[I])
          CalleeActive.push_back(Formal[I]);
      Pullbacks.setCurrent(P.Index);
      BuiltFunction Pullback = buildAdjoint(Ctx, P.Callee, CalleeActive, Pullbacks,
                                            AdjointKind::Pullback, P.Name, InsideNamespace,
                                            P.Form);
      Pullbacks.setCurrent(-1);
      if (!Pullback.Ok) {
        for (int I = P.Index; I >= 0; I = Pullbacks.at(I).Parent)
          Ctx.getDiagnostics().Report(Pullbacks.at(I).FirstCall,
                                      Ctx.getDiagnostics().getCustomDiagID(DiagnosticsEngine::Note, "%0"))
              << ("in '" + Pullbacks.at(I).Callee->getNameAsString() +
                  "', called here from a differentiated function");
        Ok = false;
        continue;
      }
      std::string CalleeName = P.Callee->getNameAsString();
      if (P.Callee->getOverloadedOperator() != OO_None)
        CalleeName = "(" + CalleeName + ")";
      if (isRecordForm(P.Form)) {
        Pullbacks.records()[P.Name] = {Pullback.Prototype,
                                       "// The halves of a split call of " + CalleeName +
                                           ": its forward sweep, then its reverse sweep.\n" +
                                           Pullback.Definition,
                                       Pullback.Records};
        continue;
      }
      Roots.insert(Roots.end(), Pullback.Records.begin(), Pullback.Records.end());
      Prototypes += Pullback.Prototype + ";\n";
      Definitions += "// The pullback of " + P.Callee->getNameAsString() + ": adds d" +
                     CalleeName + "/d(input) * _d_return into the d_ arguments.\n" +
                     Pullback.Definition;
    }
  }
  // The records used, callees' first (a record holds stacks of its
  // callees' records); in an unnamed namespace, as pullbacks are static:
  // another translation unit may make another record of the same name.
  std::function<void(const std::string &)> Define = [&](const std::string &Name) {
    auto It = Pullbacks.records().find(Name);
    if (It == Pullbacks.records().end() || It->second.Defined)
      return; // defined before (for an earlier marked function), or failed
    It->second.Defined = true;
    for (const std::string &Callee : It->second.Uses)
      Define(Callee);
    Prototypes += "namespace {\n" + It->second.Prototype + "} // namespace\n";
    Definitions += It->second.Definition;
  };
  for (const std::string &Name : Roots)
    Define(Name);
  // Helpers computed with their derivative (FusedCalls.cpp) first: they
  // call nothing generated.
  std::string HelperPrototypes, HelperDefinitions;
  Pullbacks.takeDerivativeHelpers(HelperPrototypes, HelperDefinitions);
  Prototypes = HelperPrototypes + Prototypes;
  Definitions = HelperDefinitions + Definitions;
  return Ok;
}

} // namespace adgen
