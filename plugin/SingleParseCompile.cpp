// The one-parse compilation (SingleParseCompile.h). The text the compiler
// reads is the user's file with, after each marked function f,
//
//   static_assert(true, "");   <- ends the declaration: by the time the
//   #pragma ad_declare            parser reads past it, f is complete
//   #line N "user's file"         (the user's lines keep their numbers)
//
// and `#pragma ad_define` at the end. Each pragma's handler enters a buffer
// of generated text, whose `#line` names the emitted file, as `#include`
// enters a header: the compiler parses it right there. What the handlers
// enter is the generator's text for the one-parse layout, so what is
// compiled is what `emit` writes and what ad-gen prints.
#include "SingleParseCompile.h"
#include "GeneratedCodeErrors.h"
#include "ad-gen/Attribute.h"
#include "ad-gen/Manifest.h"
#include "ad-gen/SingleParse.h"

#include "clang/AST/ASTContext.h"
#include "clang/AST/RecursiveASTVisitor.h"
#include "clang/Lex/Pragma.h"
#include "clang/Lex/Preprocessor.h"
#include "clang/Sema/Sema.h"
#include "llvm/Support/TimeProfiler.h"

#include <algorithm>
#include <cstdlib>
#include <map>
#include <set>

using namespace clang;

namespace adplugin {
namespace {

unsigned lineCount(StringRef Text) { return std::count(Text.begin(), Text.end(), '\n'); }

// ad's attributes are annotations (AnnotateAttr) that only the generator
// reads; code generation would emit them into the object file
// (llvm.global.annotations), which two parses never do (the text they
// compile hides the attribute). Dropped once the generator has run.
class AnnotationDropper : public RecursiveASTVisitor<AnnotationDropper> {
public:
  bool VisitDecl(Decl *D) {
    if (!D->hasAttrs())
      return true;
    AttrVec &Attrs = D->getAttrs();
    llvm::erase_if(Attrs, [](const Attr *A) {
      const auto *Note = dyn_cast<AnnotateAttr>(A);
      return Note && Note->getAnnotation().starts_with("ad.");
    });
    if (Attrs.empty())
      D->dropAttrs();
    return true;
  }
  bool shouldVisitTemplateInstantiations() const { return true; }
};

void dropAnnotations(ASTContext &Ctx) {
  AnnotationDropper().TraverseDecl(Ctx.getTranslationUnitDecl());
}

// State shared by the two pragma handlers of one compilation.
class SingleParse {
public:
  SingleParse(CompilerInstance &CI, SingleParseSettings Settings)
      : CI(CI), Settings(std::move(Settings)) {}

  // A file read with pragmas: its emitted name and the lines the emitted
  // text has before the file's own (the runtime include, in the main file).
  void addFile(const std::string &Name, const std::string &Emitted, unsigned TopLines) {
    Files[Name] = {Emitted, TopLines, 0};
  }

  // What the plugin added to a header's text (GeneratorOptions::PluginText).
  void setPluginText(const std::string &Name, std::vector<std::pair<unsigned, unsigned>> Ranges) {
    Settings.Options.PluginText[Name] = std::move(Ranges);
  }

  // After a marked function: f_grad's declaration.
  void declare(Preprocessor &PP, SourceLocation Loc) {
    const FunctionDecl *F = lastMarkedFunction();
    SourceManager &SM = PP.getSourceManager();
    auto File = Files.find(SM.getFileEntryRefForID(SM.getFileID(Loc))->getName().str());
    if (!F || File == Files.end())
      return;
    std::string Text = adgen::gradientDeclaration(CI.getASTContext(), F);
    Settings.Options.Declared[F] = Text;
    // Where this region is in the emitted file: the file's own lines so
    // far, the runtime include on top and the regions entered before.
    EmittedFile &E = File->second;
    unsigned Line = E.TopLines + SM.getPresumedLineNumber(Loc) + E.Added;
    E.Added += lineCount(Text) + 2;
    enter(PP, Loc, "#line " + std::to_string(Line) + " " + adgen::quoted(E.Name) + "\n" + Text);
  }

  // At the end of the file: every definition.
  void define(Preprocessor &PP, SourceLocation Loc) {
    llvm::TimeTraceScope Scope("ad: generate the gradients");
    Sema &S = CI.getSema();
    // What ends the translation unit instantiates, the generator reads.
    S.PerformPendingInstantiations();
    ASTContext &Ctx = CI.getASTContext();
    adgen::GeneratorOptions Options = Settings.Options;
    Options.Sema = &S;
    Options.DefinitionsAtEnd = true;
    adgen::GeneratedSource Out = adgen::generateGradients(Ctx, Options);
    if (!Settings.ManifestPath.empty())
      Settings.Write(Settings.ManifestPath, adgen::describeMarkedFunctions(Ctx));
    dropAnnotations(Ctx);
    if (!Out.Success || !Out.HasGradients)
      return; // the generator reported why
    DiagnosticsEngine &Diags = CI.getDiagnostics();
    if (!Out.NotAtEnd.empty()) {
      Diags.Report(Loc, Diags.getCustomDiagID(
                            DiagnosticsEngine::Error,
                            "ad cannot compile this file in one parse: %0; compile it "
                            "with -fplugin-arg-ad-parse=twice"))
          << Out.NotAtEnd;
      return;
    }
    // Testing the path of a plugin bug (test/tools/generated_code_bug.test).
    if (std::getenv("AD_TEST_BREAK_GENERATED_CODE")) {
      std::string Broken = "ad_test_broken_generated_code;\n";
      Out.Text += Broken;
      Out.EndRegion += Broken;
    }
    std::map<std::string, std::string> Texts{{Settings.Options.GeneratedFileName, Out.Text}};
    for (const adgen::GeneratedHeader &H : Out.Headers)
      Texts[H.GeneratedName] = H.Text;
    if (Settings.Emit)
      for (const auto &[Name, Text] : Texts)
        Settings.Write(Name, Text);
    GeneratedCodeErrors::install(Diags, std::move(Texts));
    enter(PP, Loc, Out.EndRegion);
  }

private:
  // The function the parser finished last: the last marked definition in
  // the scope being parsed (a namespace or an `extern "C"` block).
  const FunctionDecl *lastMarkedFunction() const {
    const FunctionDecl *Last = nullptr;
    for (const Decl *D : CI.getSema().CurContext->decls())
      if (const auto *F = dyn_cast<FunctionDecl>(D))
        if (F->isThisDeclarationADefinition() && adgen::findDifferentiateAttr(F) &&
            !Settings.Options.Declared.count(F))
          Last = F;
    return Last;
  }

  void enter(Preprocessor &PP, SourceLocation Loc, const std::string &Text) {
    SourceManager &SM = PP.getSourceManager();
    FileID ID = SM.createFileID(
        llvm::MemoryBuffer::getMemBufferCopy(Text, Settings.Options.GeneratedFileName),
        SrcMgr::C_User, 0, 0, Loc);
    PP.EnterSourceFile(ID, nullptr, Loc);
  }

  struct EmittedFile {
    std::string Name;
    unsigned TopLines, Added;
  };
  CompilerInstance &CI;
  SingleParseSettings Settings;
  std::map<std::string, EmittedFile> Files; // by the name the compiler gives the file
};

class Handler : public PragmaHandler {
public:
  Handler(const char *Name, std::shared_ptr<SingleParse> State, bool Define)
      : PragmaHandler(Name), State(std::move(State)), Define(Define) {}

  void HandlePragma(Preprocessor &PP, PragmaIntroducer Introducer, Token &First) override {
    SourceLocation Loc = First.getLocation();
    Token T = First;
    while (T.isNot(tok::eod))
      PP.LexUnexpandedToken(T);
    if (Define)
      State->define(PP, Loc);
    else
      State->declare(PP, Loc);
  }

private:
  std::shared_ptr<SingleParse> State;
  bool Define;
};

// The user's text with the pragmas added (see the top of this file), after
// Top; Added: where the additions are.
std::string textToParse(StringRef Top, StringRef Text, StringRef MainName,
                        const std::vector<unsigned> &Ends,
                        std::vector<std::pair<unsigned, unsigned>> &Added) {
  std::string Out = Top.str();
  Added.push_back({0, unsigned(Top.size())});
  auto Add = [&](const std::string &Ours) {
    Added.push_back({unsigned(Out.size()), unsigned(Ours.size())});
    Out += Ours;
  };
  size_t From = 0;
  for (unsigned End : Ends) {
    size_t LineEnd = Text.find('\n', End);
    if (LineEnd == StringRef::npos)
      LineEnd = Text.size();
    StringRef Rest = Text.slice(End, LineEnd).trim();
    unsigned Line = 1 + lineCount(Text.take_front(End));
    const char *Pragma = "static_assert(true, \"\");\n#pragma ad_declare\n#line ";
    if (Rest.empty() || Rest.starts_with("//")) { // after the line
      size_t Next = std::min(LineEnd + 1, Text.size());
      Out += Text.slice(From, Next).str();
      Add(std::string(LineEnd == Text.size() ? "\n" : "") + Pragma + std::to_string(Line + 1) +
          " " + adgen::quoted(MainName) + "\n");
      From = Next;
    } else { // `} }`: right after f's brace, the rest keeps its line
      Out += Text.slice(From, End).str();
      Add("\n" + std::string(Pragma) + std::to_string(Line) + " " + adgen::quoted(MainName) + "\n");
      From = End;
    }
  }
  Out += Text.substr(From).str();
  Add(std::string(Out.back() != '\n' ? "\n" : "") + "#pragma ad_define\n");
  return Out;
}

} // namespace

bool startSingleParse(CompilerInstance &CI, SingleParseSettings Settings, std::string &Why) {
  SourceManager &SM = CI.getSourceManager();
  OptionalFileEntryRef Main = SM.getFileEntryRefForID(SM.getMainFileID());
  StringRef Text = SM.getBufferData(SM.getMainFileID());
  adgen::SingleParsePlan Plan = adgen::planSingleParse(Text, CI.getLangOpts());
  // The headers' plans: each must allow one parse too.
  struct Header {
    FileEntryRef File;
    std::string Text;
    adgen::SingleParsePlan Plan;
  };
  std::vector<Header> Headers;
  for (const std::string &Path : Settings.Headers) {
    auto File = CI.getFileManager().getOptionalFileRef(Path);
    auto Buffer = File ? CI.getFileManager().getBufferForFile(*File) : nullptr;
    if (!File || !Buffer) {
      Why = "cannot read " + Path;
      return false;
    }
    std::string HeaderText = (*Buffer)->getBuffer().str();
    adgen::SingleParsePlan HeaderPlan = adgen::planSingleParse(HeaderText, CI.getLangOpts());
    if (!HeaderPlan.Eligible && !HeaderPlan.NothingMarked) {
      Why = Path + ": " + HeaderPlan.Why;
      return false;
    }
    if (HeaderPlan.Eligible)
      Headers.push_back({*File, std::move(HeaderText), std::move(HeaderPlan)});
  }
  if (Plan.NothingMarked && Headers.empty()) { // `differentiate` in comments only
    if (!Settings.ManifestPath.empty())
      Settings.Write(Settings.ManifestPath, "{\n  \"functions\": []\n}\n");
    return true;
  }
  if (!Plan.Eligible && !Plan.NothingMarked) {
    Why = Plan.Why;
    return false;
  }
  // The runtime's include on top, as the generator writes it.
  std::string MainName = Main->getName().str();
  std::string Top = adgen::runtimeIncludeText(MainName);
  std::string Parsed =
      textToParse(Top, Text, MainName, Plan.FunctionEnds, Settings.Options.PluginText[MainName]);
  std::string Emitted = Settings.Options.GeneratedFileName, HeaderDir = Settings.Options.HeaderDir;
  auto State = std::make_shared<SingleParse>(CI, std::move(Settings));
  State->addFile(MainName, Emitted, lineCount(Top));
  for (Header &H : Headers) {
    std::string Name = H.File.getName().str();
    std::vector<std::pair<unsigned, unsigned>> Added;
    std::string HeaderParsed = textToParse("", H.Text, Name, H.Plan.FunctionEnds, Added);
    // The header's own pragma ad_define is not needed: the main file's ends
    // the translation unit.
    HeaderParsed.resize(HeaderParsed.size() - Added.back().second);
    Added.pop_back();
    Added.erase(Added.begin()); // the empty Top
    State->setPluginText(Name, std::move(Added));
    State->addFile(Name, adgen::generatedFileName(Name, HeaderDir), 0);
    SM.overrideFileContents(H.File, llvm::MemoryBuffer::getMemBufferCopy(HeaderParsed, Name));
  }
  Preprocessor &PP = CI.getPreprocessor();
  PP.AddPragmaHandler(new Handler(adgen::kDeclarePragma, State, false));
  PP.AddPragmaHandler(new Handler(adgen::kDefinePragma, State, true));
  SM.overrideFileContents(*Main, llvm::MemoryBuffer::getMemBufferCopy(Parsed, MainName));
  SM.setMainFileID(SM.createFileID(*Main, SourceLocation(), SrcMgr::C_User));
  return true;
}

} // namespace adplugin
