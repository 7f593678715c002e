// Finds the marked functions of a translation unit, builds each gradient, and
// splices the generated code into the main file's text with Clang's Rewriter.
#include "ad-gen/Generator.h"
#include "ad-gen/Attribute.h"
#include "CustomRules.h"
#include "Adjoints.h"
#include "FunctionBuilder.h"
#include "Jacobian.h"
#include "Jvp.h"
#include "LateOverloads.h"
#include "OneParseLayout.h"
#include "TemplateJvp.h"
#include "Purity.h"
#include "SecondOrder.h"
#include "Stages.h"
#include "TextPlacement.h"
#include "Names.h"
#include "Templates.h"
#include "Types.h"

#include "clang/AST/RecursiveASTVisitor.h"
#include "clang/Basic/SourceManager.h"
#include "clang/Lex/Lexer.h"
#include "clang/Rewrite/Core/Rewriter.h"
#include "llvm/Support/Path.h"

#include <map>
#include <set>

using namespace clang;

namespace adgen {

namespace {

struct Request {
  const FunctionDecl *Def;
  const AnnotateAttr *Attr;
};

struct TemplateRequest {
  FunctionTemplateDecl *Template;
  const AnnotateAttr *Attr;
};

class RequestCollector : public RecursiveASTVisitor<RequestCollector> {
public:
  std::vector<Request> Requests;
  std::vector<const FunctionDecl *> Undefined;

  std::vector<TemplateRequest> Templates;
  std::vector<std::pair<const CXXMethodDecl *, const AnnotateAttr *>> ClassMembers;

  bool VisitFunctionDecl(FunctionDecl *FD) {
    const AnnotateAttr *A = findDifferentiateAttr(FD);
    if (!A || !Seen.insert(FD->getCanonicalDecl()).second)
      return true;
    // A member function of a class template: built for the class's
    // instantiations.
    if (const auto *M = dyn_cast<CXXMethodDecl>(FD);
        M && !FD->getDescribedFunctionTemplate() && M->getParent()->getDescribedClassTemplate() &&
        FD->getDefinition()) {
      ClassMembers.push_back({cast<CXXMethodDecl>(FD->getDefinition()), A});
      return true;
    }
    if (FunctionTemplateDecl *FT = FD->getDescribedFunctionTemplate()) {
      if (FD->getDefinition())
        Templates.push_back({FT, A});
      else
        Undefined.push_back(FD);
      return true;
    }
    if (const FunctionDecl *Def = FD->getDefinition())
      Requests.push_back({Def, A});
    else
      Undefined.push_back(FD);
    return true;
  }

private:
  std::set<const FunctionDecl *> Seen;
};

unsigned reportID(ASTContext &Ctx, DiagnosticsEngine::Level Level) {
  return Ctx.getDiagnostics().getCustomDiagID(Level, "%0");
}


} // namespace

std::string generatedFileName(StringRef Original, StringRef Dir) {
  llvm::SmallString<256> Path(Dir.empty() ? llvm::sys::path::parent_path(Original)
                                          : Dir);
  llvm::sys::path::append(Path, llvm::sys::path::stem(Original) + ".ad" +
                                    llvm::sys::path::extension(Original));
  return std::string(Path);
}

namespace {

// A marked declaration whose definition is in another translation unit:
// f_grad is declared after it, and defined where f is.
void declareGradient(ASTContext &Ctx, const FunctionDecl *FD, const AnnotateAttr *A,
                     PullbackRegistry &Pullbacks, Rewriter &R, bool HideAttribute) {
  std::string Prototype = gradientPrototype(Ctx, FD, A, Pullbacks);
  const SourceManager &SM = Ctx.getSourceManager();
  if (isa<CXXMethodDecl>(FD)) // in its class
    insertAfterLine(R, SM, FD->getCanonicalDecl()->getEndLoc(), "  " + Prototype + ";\n");
  else
    for (const FunctionDecl *Redecl : FD->redecls())
      if (findDifferentiateAttr(Redecl) && !SM.isInSystemHeader(Redecl->getLocation())) {
        insertAfterLine(R, SM, Redecl->getEndLoc(), Prototype + ";\n");
        break;
      }
  if (!HideAttribute)
    return;
  for (const FunctionDecl *Redecl : FD->redecls())
    for (const auto *Attr : Redecl->specific_attrs<AnnotateAttr>())
      if (Attr->getAnnotation() == kAnnotation)
        hideAttribute(R, SM, Ctx.getLangOpts(), Attr);
}

// What goes on top of the main file's rewritten text: at stage 0 the
// runtime include with what the rewritten files (Texts) use of the standard
// headers; at a later stage the headers its own code needs that the text
// it parsed does not include yet.
std::string runtimeIncludeFor(ASTContext &Ctx, unsigned Stage,
                              const std::vector<std::string> &Texts) {
  const SourceManager &SM = Ctx.getSourceManager();
  FileID Main = SM.getMainFileID();
  std::vector<std::string> Headers = runtimeHeaders(Ctx, Texts);
  if (Stage == 0)
    return runtimeInclude(SM.getFileEntryRefForID(Main)->getName(), Headers);
  std::string Top;
  StringRef Parsed = SM.getBufferData(Main);
  for (const std::string &Header : Headers)
    if (!Parsed.contains("#include " + Header + "\n"))
      Top += "#include " + Header + "\n";
  return Top;
}

} // namespace

GeneratedSource generateGradients(ASTContext &Ctx,
                                  const GeneratorOptions &Options) {
  GeneratedSource Out;
  resetTypeCache();
  resetSelfParameters();
  resetPurityCache();
  SourceManager &SM = Ctx.getSourceManager();
  DiagnosticsEngine &Diags = Ctx.getDiagnostics();
  collectCustomRules(Ctx); // errors at misfit rules even without marked functions
  RequestCollector Collector;
  Collector.TraverseDecl(Ctx.getTranslationUnitDecl());
  // Stages (Stages.h): what earlier stages generated is taken; a marked
  // function whose gradient they built (its attribute could not be hidden,
  // in a macro) is done.
  setGeneratedCode(Ctx, Options.GeneratedNames, Options.NestedWhy);
  setSplitPolicy(Options.Split);
  auto Done = [](const FunctionDecl *F) { return isTakenFunctionName(F->getNameAsString() + "_grad"); };
  llvm::erase_if(Collector.Requests, [&](const Request &R) { return Done(R.Def); });
  llvm::erase_if(Collector.Undefined, Done);
  llvm::erase_if(Collector.Templates,
                 [&](const TemplateRequest &R) { return Done(R.Template->getTemplatedDecl()); });
  llvm::erase_if(Collector.ClassMembers, [&](const auto &M) { return Done(M.first); });
  if (Collector.Requests.empty() && Collector.Undefined.empty() &&
      Collector.Templates.empty() && Collector.ClassMembers.empty()) {
    Out.Success = true;
    return Out;
  }

  // Marked functions calling derivatives that do not exist yet wait.
  Out.NestedWhy = Options.NestedWhy;
  std::set<std::string> MarkedNames, NestedCalled;
  for (const Request &Req : Collector.Requests)
    MarkedNames.insert(Req.Def->getNameAsString());
  std::set<const FunctionDecl *> Deferred, Unresolved;
  setParseErrors(Options.ParseErrors);
  bool LastStage = Options.Stage + 1 >= kMaxStages;
  for (const Request &Req : Collector.Requests) {
    std::set<std::string> Pending = pendingDerivativeCalls(Req.Def, MarkedNames);
    for (const std::string &Call : Pending)
      if (StringRef Base(Call); Base.consume_back("_grad"))
        NestedCalled.insert(Base.str());
    // Errors of the parse in f or what it calls may be calls of
    // derivatives the parse did not know yet (`lib::g_grad`, in a helper).
    ReachedErrors Errors = errorsReachedFrom(Req.Def, MarkedNames);
    NestedCalled.insert(Errors.Gradients.begin(), Errors.Gradients.end());
    if (!Pending.empty() || !Errors.Gradients.empty())
      Unresolved.insert(Req.Def);
    if (!Pending.empty() || !Errors.Gradients.empty() || (Errors.Any && !LastStage))
      Deferred.insert(Req.Def);
  }

  bool Failed = false;
  FileID Main = SM.getMainFileID();
  Rewriter R(SM, Ctx.getLangOpts());
  PullbackRegistry Pullbacks;
  // Pushforwards are defined once per namespace, next to the first f_jvp
  // that needs them (each f_jvp's text lands in f's namespace).
  std::map<const DeclContext *, PushforwardRegistry> Pushforwards;
  // The one-parse layout (SingleParse.h): definitions at the end.
  bool AtEnd = Options.DefinitionsAtEnd;
  EndOfFileText End;
  auto Inserter = [&](const Decl *D, SourceLocation After, const std::string &Text) {
    if (!AtEnd)
      insertAfterLine(R, SM, After, Text);
    else if (!End.add(D->getDeclContext(), Text))
      Out.NotAtEnd = "generated code for a member of a class";
  };
  // Declarations first, with the hooks their signatures need.
  std::map<const FunctionDecl *, std::string> Declarations;
  if (AtEnd)
    for (const Request &Req : Collector.Requests)
      Declarations[Req.Def] = Options.Declared.count(Req.Def)
                                  ? Options.Declared.at(Req.Def)
                                  : declarationWithHooks(Ctx, Req.Def, Req.Attr, Pullbacks);
  Pullbacks.logged().setInserter(Inserter);
  Pullbacks.hooks().setInserter(Inserter);
  struct BuiltGradient {
    const FunctionDecl *Def;
    const AnnotateAttr *Attr;
    std::string Text, Prototype; // Text empty: not built
    std::string InClass;         // a member's family, declared in its class
  };
  std::vector<BuiltGradient> Built;
  struct TemplateText {
    SourceLocation Declared, Defined;
    // Specializations: their declarations, left out after an error (they
    // are inline, and would be used but not defined).
    std::string Declaration, Specializations, Definitions;
  };
  std::vector<TemplateText> TemplateTexts;
  for (const FunctionDecl *FD : Collector.Undefined)
    declareGradient(Ctx, FD, findDifferentiateAttr(FD), Pullbacks, R, true);
  // Builds the gradient of Def and the pullbacks it needs: their text, or
  // "" after an error.
  auto BuildOne = [&](const FunctionDecl *Def, const AnnotateAttr *Attr,
                      const std::string &GradientName) -> BuiltGradient {
    if (Def->isInvalidDecl() || bodyHasErrors(Def)) // the compiler reports the user's own errors
      return {Def, Attr, "", "", ""};
    std::vector<const ParmVarDecl *> Active = activeParameters(Def, Attr);
    // Generated code goes next to f: inside f's namespace, if any.
    bool InsideNamespace =
        !Def->getDeclContext()->getEnclosingNamespaceContext()->isTranslationUnit();
    BuiltFunction Gradient;
    std::string Helpers;
    bool ForwardMode = false;
    if (Options.ForwardModeForOneInput && Active.size() == 1) {
      // f_jvp's statements with the input's tangent 1; reverse mode if
      // forward mode does not handle something in f.
      BuiltJvp Tangent = buildJvp(
          Ctx, Def, Active, GradientName,
          Pushforwards[Def->getDeclContext()->getEnclosingNamespaceContext()],
          {&Pullbacks.hooks(), nullptr, "", /*GradientOfOneInput=*/true});
      if ((ForwardMode = Tangent.Ok))
        Gradient = {true, Tangent.Prototype, Tangent.Definition, {}};
      Helpers = Tangent.Helpers; // pushforwards of the functions f calls
    }
    if (!ForwardMode)
      Gradient = buildAdjoint(Ctx, Def, Active, Pullbacks,
                              AdjointKind::Gradient, GradientName, InsideNamespace);
    std::string Prototypes, Definitions = Helpers;
    Gradient.Ok &=
        buildPullbacks(Ctx, Pullbacks, InsideNamespace, Prototypes, Definitions, Gradient.Records);
    if (!Gradient.Ok)
      return {Def, Attr, "", "", ""};
    return {Def, Attr,
            Prototypes + Definitions + "// The gradient of " +
                (Def->getPrimaryTemplate() ? instantiationName(Def) : Def->getNameAsString()) +
                ", generated by ad (" +
                (ForwardMode ? "forward mode: one active input" : "reverse mode") +
                ").\n" + Gradient.Definition,
            Gradient.Prototype, ""};
  };
  // f_hvp's cores first: a failed one takes the rules other functions
  // of this stage would use (Stages.h).
  std::vector<Request> Ordered;
  for (bool Cores : {true, false})
    for (const Request &Req : Collector.Requests)
      if (Options.GradientOnly.count(Req.Def->getNameAsString()) == Cores)
        Ordered.push_back(Req);
  for (const Request &Req : Ordered) {
    const FunctionDecl *Def = Req.Def;
    if (Options.GradientOnly.count(Def->getNameAsString())) {
      PullbackRegistry::Snapshot Before = Pullbacks.snapshot();
      std::string Why;
      BuiltGradient Core;
      {
        DiagnosticCapture Capture(Diags);
        Core = BuildOne(Def, Req.Attr, Def->getNameAsString() + "_grad");
        Why = Capture.firstError();
      }
      if (Core.Text.empty()) {
        Pullbacks.restore(Before);
        replaceSecondOrder(R, Def, Why.empty() ? "a construct reverse mode does not handle" : Why);
        hideAttributes(R, SM, Ctx.getLangOpts(), Def);
        continue;
      }
      Built.push_back(Core);
      continue;
    }
    if (SM.isInSystemHeader(SM.getExpansionLoc(Def->getLocation()))) {
      Diags.Report(Req.Attr->getLocation(),
                   reportID(Ctx, DiagnosticsEngine::Error))
          << "'ad::differentiate' on a function in a system header; mark a "
             "function of your own that calls it";
      Failed = true;
      continue;
    }
    std::string Name = Def->getNameAsString();
    if (Deferred.count(Def)) { // built once what it calls is parsed
      if (LastStage && Unresolved.count(Def)) {
        Diags.Report(Req.Attr->getLocation(), reportID(Ctx, DiagnosticsEngine::Error))
            << "'" + Name + "' calls derivatives of functions whose own derivatives call "
                            "derivatives, more deeply than ad generates (or in a cycle); "
                            "differentiate fewer levels";
        Failed = true;
        continue;
      }
      if (!LastStage) {
        Out.AnotherStage = true;
        continue;
      }
    }
    Built.push_back(BuildOne(Def, Req.Attr, Name + "_grad"));
    Failed |= Built.back().Text.empty();
    if (Built.back().Text.empty() || Options.GradientOnly.count(Name))
      continue;
    bool Nested = NestedCalled.count(Name) > 0;
    FamilyText Family = derivativeFamilyText(
        Ctx, Def, Req.Attr, Pushforwards[Def->getDeclContext()->getEnclosingNamespaceContext()],
        Pullbacks.hooks(),
        Nested || fileNames(Ctx, Def, Name + "_hvp") || fileNames(Ctx, Def, Name + "_hessian"),
        Nested);
    Built.back().Text += Family.Text;
    Built.back().InClass = Family.InClass;
    if (!Family.Core.empty()) {
      Out.GradientOnly.insert(Family.Core);
      Out.AnotherStage = true;
    }
    if (!Family.NestedWhy.empty())
      Out.NestedWhy[Name] = Family.NestedWhy;
  }
  for (const TemplateRequest &Req : Collector.Templates) {
    // Declared after f's first declaration, defined after its definition
    // (where what it calls is declared).
    FunctionDecl *First = Req.Template->getTemplatedDecl();
    FunctionDecl *Pattern = First->getDefinition() ? First->getDefinition() : First;
    FunctionTemplateDecl *Template = Pattern->getDescribedFunctionTemplate();
    if (!Template)
      Template = Req.Template;
    std::string GradientName = Pattern->getNameAsString() + "_grad";
    std::string Text;
    if (!Options.Sema) {
      Diags.Report(Req.Attr->getLocation(), reportID(Ctx, DiagnosticsEngine::Error))
          << "'ad::differentiate' on a function template needs the compiler's "
             "semantic analysis, which this driver does not give";
      Failed = true;
      continue;
    }
    std::vector<TemplateUse> Uses =
        gradientInstantiations(*Options.Sema, Req.Template, GradientName);
    std::string Declaration, Specializations;
    bool Ok = true;
    for (const TemplateUse &Use : Uses) {
      if (activeParameters(Use.Instantiation, Req.Attr).empty()) {
        if (Use.Call.isValid()) {
          Diags.Report(Use.Call, reportID(Ctx, DiagnosticsEngine::Error))
              << (GradientName + " for " + instantiationName(Use.Instantiation) +
                  ": it has no parameter that can be active; call it with "
                  "float, double or long double arguments");
          Ok = false;
        }
        continue;
      }
      if (Declaration.empty())
        Declaration = templatePrototype(Ctx, Template, Use.Instantiation, Req.Attr,
                                        Pullbacks, GradientName);
      BuiltGradient One = BuildOne(Use.Instantiation, Req.Attr, GradientName);
      if (One.Text.empty()) {
        Diags.Report(Use.Call.isValid() ? Use.Call : Pattern->getLocation(),
                     reportID(Ctx, DiagnosticsEngine::Note))
            << ("while differentiating " + instantiationName(Use.Instantiation) +
                (Use.Call.isValid() ? ", which this call of " + GradientName + " needs"
                                    : std::string()));
        Ok = false;
        continue;
      }
      std::string Proto = asSpecialization(One.Prototype, GradientName, Use.Instantiation,
                                           Ctx.getPrintingPolicy());
      size_t At = One.Text.rfind(One.Prototype);
      if (At != std::string::npos)
        One.Text.replace(At, One.Prototype.size(), Proto);
      Text += One.Text;
      Specializations += Proto + ";\n";
    }
    Failed |= !Ok;
    // Nothing calls f_grad: nothing to declare.
    if (!Declaration.empty())
      TemplateTexts.push_back({First->getEndLoc(), Pattern->getEndLoc(),
                               "// The gradient of " + Pattern->getNameAsString() +
                                   ": a template, specialized for each "
                                   "instantiation this file uses.\n" +
                                   Declaration + ";\n",
                               Ok ? Specializations : "", Text});
    Out.NestedWhy[Pattern->getNameAsString()] =
        Pattern->getNameAsString() + "_hvp is not generated for function templates yet";
    TemplateJvpText Jvp =
        templateJvp(*Options.Sema, Ctx, Template, Pattern, Req.Attr,
                    Pushforwards[Pattern->getDeclContext()->getEnclosingNamespaceContext()],
                    Pullbacks.hooks());
    Failed |= !Jvp.Ok;
    if (!Jvp.Declaration.empty())
      TemplateTexts.push_back({First->getEndLoc(), Pattern->getEndLoc(), Jvp.Declaration,
                               Jvp.Specializations, Jvp.Definitions});
    for (const FunctionDecl *Redecl : Pattern->redecls())
      for (const auto *A : Redecl->specific_attrs<AnnotateAttr>())
        if (A->getAnnotation() == kAnnotation)
          hideAttribute(R, SM, Ctx.getLangOpts(), A);
  }
  // Members of class templates: declared in the class template (types as
  // it writes them), one explicit specialization per instantiation for
  // floating-point types, defined after the class.
  for (const auto &[Pattern, Attr] : Collector.ClassMembers) {
    if (!Options.Sema)
      continue;
    std::string GradientName = Pattern->getNameAsString() + "_grad", Declaration, Text;
    bool Ok = true;
    for (FunctionDecl *M : memberInstantiations(*Options.Sema, Pattern)) {
      if (activeParameters(M, Attr).empty())
        continue;
      if (Declaration.empty()) {
        VarSet Needed;
        FunctionBuilder Builder(Ctx, M, activeParameters(M, Attr), Needed, Pullbacks,
                                AdjointKind::Gradient, GradientName);
        Builder.setSignaturePattern(Pattern);
        Builder.prepareSignature();
        Declaration = "  " + Builder.prototype() + ";\n" + // in the class
                      classTemplateMemberStubs(Ctx, Pattern);
      }
      BuiltGradient One = BuildOne(M, Attr, GradientName);
      if (One.Text.empty()) {
        Ok = false;
        continue;
      }
      Text += One.Text;
    }
    Failed |= !Ok;
    if (!Declaration.empty()) {
      insertAfterLine(R, SM, Pattern->getCanonicalDecl()->getEndLoc(), Declaration);
      if (!Failed)
        insertAfterLine(R, SM, definitionPlace(Pattern), Text);
    }
    hideAttributes(R, SM, Ctx.getLangOpts(), Pattern);
  }
  // After an error only the declarations (see below).
  for (const TemplateText &T : TemplateTexts) {
    std::string Definitions = Failed ? "" : T.Definitions;
    std::string Declaration = T.Declaration + (Failed ? "" : T.Specializations);
    if (T.Declared == T.Defined) {
      insertAfterLine(R, SM, T.Defined, Declaration + Definitions);
      continue;
    }
    insertAfterLine(R, SM, T.Declared, Declaration);
    if (!Definitions.empty())
      insertAfterLine(R, SM, T.Defined, Definitions);
  }
  // After an error, every gradient is only declared (pullbacks may be
  // shared between them), so that calls of f_grad give no further error.
  for (const BuiltGradient &B : Built) {
    // Cores come first: their pullbacks are defined in their own text, so
    // they are kept after errors elsewhere too.
    if (Failed && !Options.GradientOnly.count(B.Def->getNameAsString())) {
      declareGradient(Ctx, B.Def, B.Attr, Pullbacks, R, false);
      if (const auto *M = dyn_cast<CXXMethodDecl>(B.Def))
        insertAfterLine(R, SM, M->getCanonicalDecl()->getEndLoc(), familyDeclarations(Ctx, B.Def));
      else if (!B.Def->getPrimaryTemplate())
        insertAfterLine(R, SM, B.Def->getEndLoc(), familyDeclarations(Ctx, B.Def));
      continue;
    }
    // A member function's gradient is declared in its class, right after
    // it, and defined (with the pullbacks) after the outermost class.
    if (const auto *M = dyn_cast<CXXMethodDecl>(B.Def)) {
      insertAfterLine(R, SM, M->getCanonicalDecl()->getEndLoc(),
                      "  " + B.Prototype + ";\n" + B.InClass);
      insertAfterLine(R, SM, definitionPlace(M), B.Text);
      hideAttributes(R, SM, Ctx.getLangOpts(), B.Def);
      continue;
    }
    if (AtEnd) {
      // Where the plugin's pragma follows f's `}` on its line, the rest of
      // the line (`} }`) closes a namespace: the declaration goes before.
      SourceLocation Brace = SM.getExpansionLoc(B.Def->getEndLoc());
      unsigned After = SM.getFileOffset(Brace) + 1;
      auto Ours =
          Options.PluginText.find(SM.getFileEntryRefForID(SM.getFileID(Brace))->getName().str());
      bool RightAfter = Ours != Options.PluginText.end() &&
                        llvm::any_of(Ours->second, [&](auto P) { return P.first == After; });
      insertAfterLine(R, SM, B.Def->getEndLoc(), Declarations[B.Def], RightAfter);
      if (!End.add(B.Def->getDeclContext(), B.Text))
        Out.NotAtEnd = "a marked function inside a class or a function";
    } else {
      insertAfterLine(R, SM, B.Def->getEndLoc(), B.Text);
    }
    // Its prototype after earlier marked declarations, so code between
    // them and the definition can call it (none in one parse: the planner
    // makes sure).
    for (const FunctionDecl *Redecl : B.Def->redecls()) {
      if (AtEnd || Redecl == B.Def || SM.isInSystemHeader(Redecl->getLocation()) ||
          !SM.isBeforeInTranslationUnit(Redecl->getLocation(), B.Def->getLocation()))
        continue;
      insertAfterLine(R, SM, Redecl->getEndLoc(), B.Prototype + ";\n");
    }
    for (const FunctionDecl *Redecl : B.Def->redecls())
      for (const auto *A : Redecl->specific_attrs<AnnotateAttr>())
        if (A->getAnnotation() == kAnnotation)
          hideAttribute(R, SM, Ctx.getLangOpts(), A);
  }
  // After an error, functions waiting for another stage are declared too.
  if (Failed)
    for (const FunctionDecl *Def : Deferred) {
      declareGradient(Ctx, Def, findDifferentiateAttr(Def), Pullbacks, R, false);
      insertAfterLine(R, SM, Def->getEndLoc(), familyDeclarations(Ctx, Def));
    }
  Out.AnotherStage &= !Failed;
  // A later stage needs the rules (also those made for nested calls).
  if (!Out.AnotherStage)
    for (const AnnotateAttr *A : customRuleAttributes())
      hideAttribute(R, SM, Ctx.getLangOpts(), A);
  if (AtEnd) {
    if (!Collector.Templates.empty() || !Collector.ClassMembers.empty() ||
        !Collector.Undefined.empty() || Out.AnotherStage)
      Out.NotAtEnd = "a marked template, member, declaration or second derivative";
    std::vector<const FunctionDecl *> Marked;
    for (const Request &Req : Collector.Requests)
      Marked.push_back(Req.Def);
    if (std::string Why = overloadDeclaredLater(Ctx, Options.Sema, Marked); !Why.empty())
      Out.NotAtEnd = Why;
    if (!Failed && Out.NotAtEnd.empty())
      placeAtEnd(R, SM, End);
    for (const auto &[Name, Ranges] : Options.PluginText) {
      // The main file was replaced: its text is the FileID being parsed.
      auto File = SM.getFileManager().getOptionalFileRef(Name);
      FileID ID = Name == SM.getFileEntryRefForID(Main)->getName() ? Main
                  : File                                            ? SM.translateFile(*File)
                                                                    : FileID();
      for (auto [Offset, Length] : Ranges)
        if (ID.isValid())
          R.RemoveText(SM.getLocForStartOfFile(ID).getLocWithOffset(Offset), Length);
    }
  }
  // A later stage that changes nothing keeps the text it parsed.
  R.getEditBuffer(Main);
  std::vector<FileID> Files;
  std::vector<std::string> Texts;
  for (auto It = R.buffer_begin(); It != R.buffer_end(); ++It) {
    Files.push_back(It->first);
    llvm::raw_string_ostream OS(Texts.emplace_back());
    It->second.write(OS);
  }
  // In one parse the other headers come at the end, with the definitions.
  std::string Top = AtEnd ? runtimeInclude(SM.getFileEntryRefForID(Main)->getName(), {})
                          : runtimeIncludeFor(Ctx, Options.Stage, Texts);
  for (size_t I = 0; I < Files.size(); ++I) {
    if (Files[I] == Main) {
      if (AtEnd)
        Texts[I] = endIncludes(Ctx, Texts, Texts[I]);
      Out.Text = numberGeneratedLines(Top + Texts[I], Options.GeneratedFileName);
      if (AtEnd)
        Out.EndRegion = Out.Text.substr(Out.Text.rfind("\n#line ") + 1);
      continue;
    }
    std::string Path = SM.getFileEntryRefForID(Files[I])->getName().str();
    std::string Name = generatedFileName(Path, Options.HeaderDir);
    Out.Headers.push_back({Path, Name, numberGeneratedLines(Texts[I], Name)});
  }
  Out.Success = !Failed;
  Out.HasGradients = true;
  return Out;
}

} // namespace adgen
