// f_jvp of a marked function template (Templates.h, Jvp.h): a template
// declared with f's template parameters, types as the template writes
// them, and one explicit specialization per instantiation that a call of
// f_jvp deduces, built from the instantiation like any f_jvp:
//
//   template <class T> T rosen_jvp(const T *x, int n, const T *t_x, T *t_ret);
//   template <> inline double rosen_jvp<double>(const double *x, ...) {...}
#include "TemplateJvp.h"
#include "Templates.h"
#include "ad-gen/Attribute.h"

#include "clang/Sema/Sema.h"

using namespace clang;

namespace adgen {

namespace {

std::string instantiationText(const FunctionDecl *F) {
  std::string Out;
  llvm::raw_string_ostream OS(Out);
  F->getNameForDiagnostic(OS, F->getASTContext().getPrintingPolicy(), /*Qualified=*/false);
  return Out;
}

} // namespace

TemplateJvpText templateJvp(Sema &S, ASTContext &Ctx, FunctionTemplateDecl *Template,
                            const FunctionDecl *Pattern, const AnnotateAttr *Attr,
                            PushforwardRegistry &Pushforwards, RecordHooks &Hooks) {
  TemplateJvpText Out;
  std::string Name = Pattern->getNameAsString() + "_jvp";
  DiagnosticsEngine &Diags = Ctx.getDiagnostics();
  unsigned Error = Diags.getCustomDiagID(DiagnosticsEngine::Error, "%0");
  for (const TemplateUse &Use : gradientInstantiations(S, Template, Name)) {
    if (!Use.Call.isValid())
      continue; // an instantiation f itself uses, not a call of f_jvp
    std::string For = Name + " for " + instantiationText(Use.Instantiation);
    std::vector<const ParmVarDecl *> Active = activeParameters(Use.Instantiation, Attr);
    if (Active.empty()) {
      Diags.Report(Use.Call, Error) << For + ": it has no parameter that can be active; call "
                                             "it with float, double or long double arguments";
      Out.Ok = false;
      continue;
    }
    BuiltJvp Jvp = buildJvp(Ctx, Use.Instantiation, Active, Name, Pushforwards, {&Hooks, Pattern, "", false});
    if (!Jvp.Ok) {
      Diags.Report(Use.Call, Error)
          << For + " is not generated: forward mode does not handle " + Jvp.Failure + " yet";
      Out.Ok = false;
      continue;
    }
    if (Out.Declaration.empty())
      Out.Declaration = "// The Jacobian-vector product of " + Pattern->getNameAsString() +
                        ": a template, specialized for each instantiation this file uses.\n" +
                        templateHeader(Template, Ctx.getPrintingPolicy()) +
                        Jvp.PatternPrototype + ";\n";
    std::string Proto =
        asSpecialization(Jvp.Prototype, Name, Use.Instantiation, Ctx.getPrintingPolicy());
    std::string Text = Jvp.Text;
    for (const char *Prefix : {"static inline ", "inline "}) {
      size_t At = Text.rfind(Prefix + Jvp.Prototype);
      if (At != std::string::npos) {
        Text.replace(At, std::string(Prefix).size() + Jvp.Prototype.size(), Proto);
        break;
      }
    }
    Out.Definitions += Text;
    Out.Specializations += Proto + ";\n";
  }
  if (!Out.Ok)
    Out.Specializations.clear();
  // After an error, a declaration still spares the calls a second error.
  if (Out.Declaration.empty() && !Out.Ok)
    Out.Declaration = "template <class... A> void " + Name + "(A &&...);\n";
  return Out;
}

} // namespace adgen
