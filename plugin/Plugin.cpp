// The `ad` compiler plugin: loaded with -fplugin, it makes the compiler build
// f_grad for every [[ad::differentiate]] function.
//
// Where the file allows it (ad-gen/SingleParse.h), the compilation is the
// only parse: SingleParseCompile.cpp enters the generated text through two
// pragmas. Otherwise, before the compiler reads the main file, the plugin
// parses it once on its own (diagnostics silenced: user code may already
// call f_grad, which does not exist yet), generates the gradients as C++
// text, and hands the compiler that text in place of the file. `#line` directives keep the
// user's diagnostics and debug info on the user's own lines. Errors found
// while generating are reported again, at the same places, by the real
// compilation, so they carry the compiler's usual format and exit status.
#include "GeneratedCodeErrors.h"
#include "SingleParseCompile.h"
#include "ad-gen/Generator.h"
#include "ad-gen/Manifest.h"

#include "clang/AST/ASTConsumer.h"
#include "clang/Frontend/CompilerInstance.h"
#include "clang/Frontend/FrontendAction.h"
#include "clang/Frontend/FrontendPluginRegistry.h"
#include "clang/Lex/HeaderSearchOptions.h"
#include "clang/Lex/PreprocessorOptions.h"
#include "llvm/ADT/StringSet.h"
#include "llvm/Support/FileSystem.h"
#include "llvm/Support/Path.h"
#include "llvm/Support/raw_ostream.h"

#include <algorithm>
#include <cstdlib>
#include <functional>
#include <map>

using namespace clang;
using adplugin::GeneratedCodeErrors;

namespace {

// Set while the plugin's own analysis parse runs, in which the plugin (still
// registered) must do nothing.
thread_local bool InAnalysisParse = false;

struct RecordedDiagnostic {
  DiagnosticsEngine::Level Level;
  std::string File;
  unsigned Line, Column;
  std::string Message;
};

// Keeps the generator's diagnostics from the analysis parse and drops the
// rest (the real compilation reports those itself).
class Recorder : public DiagnosticConsumer {
public:
  bool Recording = false;
  std::vector<RecordedDiagnostic> Diagnostics;
  // The parse's own errors (before Recording), for the generator.
  std::vector<std::pair<SourceLocation, std::string>> ParseErrors;

  void HandleDiagnostic(DiagnosticsEngine::Level Level,
                        const Diagnostic &Info) override {
    DiagnosticConsumer::HandleDiagnostic(Level, Info);
    // Not warnings made errors (-Werror): the real compilation reports
    // those, and the code they are in is differentiable.
    if (!Recording && Level >= DiagnosticsEngine::Error && Info.getLocation().isValid() &&
        !DiagnosticIDs::isBuiltinWarningOrExtension(Info.getID())) {
      llvm::SmallString<128> Message;
      Info.FormatDiagnostic(Message);
      ParseErrors.push_back({Info.getLocation(), Message.str().str()});
    }
    if (!Recording || !Info.hasSourceManager() || !Info.getLocation().isValid())
      return;
    const SourceManager &SM = Info.getSourceManager();
    SourceLocation Loc = SM.getExpansionLoc(Info.getLocation());
    // As the user numbers it: a later stage parses text whose #line
    // directives map back to the user's lines.
    PresumedLoc P = SM.getPresumedLoc(Loc);
    if (P.isInvalid())
      return;
    llvm::SmallString<128> Message;
    Info.FormatDiagnostic(Message);
    Diagnostics.push_back({Level, P.getFilename(), P.getLine(), P.getColumn(),
                           Message.str().str()});
  }
};

struct Analysis {
  adgen::GeneratedSource Source;
  std::string Manifest; // -fplugin-arg-ad-manifest: of the user's file (stage 0)
  std::vector<RecordedDiagnostic> Diagnostics;
};

class AnalysisAction : public ASTFrontendAction {
public:
  AnalysisAction(Analysis &Result, Recorder &Rec, adgen::GeneratorOptions Options)
      : Result(Result), Rec(Rec), Options(std::move(Options)) {}

  std::unique_ptr<ASTConsumer> CreateASTConsumer(CompilerInstance &CI,
                                                 StringRef) override {
    return std::make_unique<Consumer>(*this, CI);
  }

private:
  struct Consumer : ASTConsumer {
    Consumer(AnalysisAction &A, CompilerInstance &CI) : A(A), CI(CI) {}
    void HandleTranslationUnit(ASTContext &Ctx) override {
      A.Rec.Recording = true;
      adgen::GeneratorOptions Options = A.Options;
      Options.Sema = CI.hasSema() ? &CI.getSema() : nullptr;
      Options.ParseErrors = A.Rec.ParseErrors;
      A.Result.Source = adgen::generateGradients(Ctx, Options);
      if (Options.Stage == 0)
        A.Result.Manifest = adgen::describeMarkedFunctions(Ctx);
      A.Rec.Recording = false;
    }
    AnalysisAction &A;
    CompilerInstance &CI;
  };
  Analysis &Result;
  Recorder &Rec;
  adgen::GeneratorOptions Options;
};

// One analysis parse; Remapped: files read as the given text (an earlier
// stage's output) instead of their own.
Analysis analyseOnce(CompilerInstance &CI, const adgen::GeneratorOptions &Options,
                     const std::map<std::string, std::string> &Remapped) {
  auto Invocation = std::make_shared<CompilerInvocation>(CI.getInvocation());
  for (const auto &[Path, Text] : Remapped)
    Invocation->getPreprocessorOpts().addRemappedFile(
        Path, llvm::MemoryBuffer::getMemBufferCopy(Text, Path).release());
  Invocation->getFrontendOpts().ProgramAction = frontend::ParseSyntaxOnly;
  Invocation->getFrontendOpts().OutputFile.clear();
  Invocation->getDependencyOutputOpts() = DependencyOutputOptions();
  Invocation->getDiagnosticOpts().ErrorLimit = 0;
  DiagnosticOptions &DiagOpts = Invocation->getDiagnosticOpts();
  DiagOpts.ShowCarets = false; // no "N errors generated"
  // A call of f_grad must stay a call of an unknown f_grad (Templates.h
  // reads its arguments), not be "corrected" into a call of f.
  Invocation->getLangOpts().SpellChecking = false;
  DiagOpts.VerifyDiagnostics = false; // -verify checks the real compilation
  DiagOpts.DiagnosticSerializationFile.clear();
  Invocation->getFrontendOpts().ShowStats = false;

  CompilerInstance Parser(CI.getPCHContainerOperations());
  Parser.setInvocation(Invocation);
  Recorder Rec;
  Parser.createDiagnostics(&Rec, /*ShouldOwnClient=*/false);

  Analysis Result;
  AnalysisAction Action(Result, Rec, Options);
  InAnalysisParse = true;
  Parser.ExecuteAction(Action);
  InAnalysisParse = false;
  Result.Diagnostics = std::move(Rec.Diagnostics);
  return Result;
}

// The analysis parses: one, or one per generation stage (second and
// nested derivatives), each reading the text the previous one made.
Analysis analyse(CompilerInstance &CI, adgen::GeneratorOptions Options, StringRef MainName) {
  Analysis Result = analyseOnce(CI, Options, {});
  for (unsigned Stage = 1; Result.Source.AnotherStage && Stage < adgen::kMaxStages; ++Stage) {
    std::map<std::string, std::string> Remapped{{MainName.str(), Result.Source.Text}};
    Options.GeneratedNames.insert(Options.GeneratedFileName);
    for (const adgen::GeneratedHeader &H : Result.Source.Headers) {
      Remapped[H.Path] = H.Text;
      Options.GeneratedNames.insert(H.GeneratedName);
    }
    Options.Stage = Stage;
    Options.GradientOnly = Result.Source.GradientOnly;
    Options.NestedWhy = Result.Source.NestedWhy;
    Analysis Next = analyseOnce(CI, Options, Remapped);
    Result.Diagnostics.insert(Result.Diagnostics.end(), Next.Diagnostics.begin(),
                              Next.Diagnostics.end());
    if (!Next.Source.HasGradients)
      break;
    // Headers rewritten by an earlier stage only stay as they were.
    for (const adgen::GeneratedHeader &H : Result.Source.Headers)
      if (std::none_of(Next.Source.Headers.begin(), Next.Source.Headers.end(),
                       [&](const adgen::GeneratedHeader &N) { return N.Path == H.Path; }))
        Next.Source.Headers.push_back(H);
    Result.Source = std::move(Next.Source);
  }
  return Result;
}

// Reports the analysis parse's diagnostics in the real compilation: those in
// the main file before parsing starts (so they come before errors that
// follow from them, like a call to an f_grad that was not generated), the
// rest once every header has been read.
// The physical line of Text (a file as the plugin rewrote it) that holds
// line Line of the file as written: `#line N "Name"` directives map the
// user's regions back to their own lines; the last region that claims the
// line is the user's (the runtime's prefix comes before `#line 1`).
unsigned physicalLine(StringRef Text, StringRef Name, unsigned Line) {
  unsigned Physical = 0, RegionStart = 1, Presumed = 1, Found = Line;
  bool Ours = true;
  for (StringRef Rest = Text; !Rest.empty();) {
    auto [L, Next] = Rest.split('\n');
    Rest = Next;
    ++Physical;
    if (L.starts_with("#line ")) {
      StringRef Args = L.drop_front(6).ltrim();
      unsigned N = 0;
      StringRef File = Args.drop_until([](char C) { return C == ' '; }).trim();
      Args.take_until([](char C) { return C == ' '; }).getAsInteger(10, N);
      RegionStart = Physical + 1;
      Presumed = N;
      Ours = File.trim('"') == Name;
      continue;
    }
    if (Ours && Presumed + (Physical - RegionStart) == Line)
      Found = Physical;
  }
  return Found;
}

// Reports the analysis parse's diagnostics in the real compilation, once
// the whole file has been read (its #line directives then map the lines of
// the rewritten files, Texts, back to the user's). Calls of a gradient that
// failed find its declaration, so nothing follows from the errors.
class ReplayConsumer : public ASTConsumer {
public:
  ReplayConsumer(CompilerInstance &CI, std::vector<RecordedDiagnostic> Diags,
                 std::map<std::string, std::string> Texts)
      : CI(CI), Diags(std::move(Diags)), Texts(std::move(Texts)) {}

  void HandleTranslationUnit(ASTContext &) override {
    SourceManager &SM = CI.getSourceManager();
    OptionalFileEntryRef Main = SM.getFileEntryRefForID(SM.getMainFileID());
    DiagnosticsEngine &Engine = CI.getDiagnostics();
    for (const RecordedDiagnostic &D : Diags) {
      auto File = CI.getFileManager().getOptionalFileRef(D.File);
      bool MainFile = File && Main && *File == *Main;
      SourceLocation Loc;
      if (File) {
        unsigned Line = D.Line;
        if (auto It = Texts.find(D.File); It != Texts.end())
          Line = physicalLine(It->second, D.File, D.Line);
        // The main file was replaced: its #line directives live in the
        // FileID being parsed, not the first one made for the file.
        Loc = MainFile ? SM.translateLineCol(SM.getMainFileID(), Line, D.Column)
                       : SM.translateFileLineCol(*File, Line, D.Column);
      }
      Engine.Report(Loc, Engine.getCustomDiagID(D.Level, "%0")) << D.Message;
    }
  }

private:
  CompilerInstance &CI;
  std::vector<RecordedDiagnostic> Diags;
  std::map<std::string, std::string> Texts;
};

class AdPluginAction : public PluginASTAction {
protected:
  bool ParseArgs(const CompilerInstance &CI,
                 const std::vector<std::string> &Args) override {
    for (const std::string &Arg : Args) {
      StringRef A(Arg);
      if (A.consume_front("emit=") && !A.empty()) {
        EmitDir = A.str();
        continue;
      }
      if (A.consume_front("manifest=") && !A.empty()) {
        ManifestPath = A.str();
        continue;
      }
      if (A == "mode=reverse" || A == "mode=auto") {
        ForwardModeForOneInput = A == "mode=auto";
        continue;
      }
      if (A == "split=auto" || A == "split=always" || A == "split=never") {
        Split = A == "split=auto"     ? adgen::GeneratorOptions::SplitCalls::Auto
                : A == "split=always" ? adgen::GeneratorOptions::SplitCalls::Always
                                      : adgen::GeneratorOptions::SplitCalls::Never;
        continue;
      }
      if (A == "parse=auto" || A == "parse=once" || A == "parse=twice") {
        Parse = A == "parse=auto" ? ParseMode::Auto
                : A == "parse=once" ? ParseMode::Once
                                    : ParseMode::Twice;
        continue;
      }
      DiagnosticsEngine &D = CI.getDiagnostics();
      D.Report(D.getCustomDiagID(DiagnosticsEngine::Error,
                                 "unknown argument '%0' for the ad plugin; "
                                 "the arguments are -fplugin-arg-ad-emit=DIR, "
                                 "-fplugin-arg-ad-manifest=FILE, "
                                 "-fplugin-arg-ad-mode=reverse|auto, "
                                 "-fplugin-arg-ad-split=auto|always|never "
                                 "and -fplugin-arg-ad-parse=auto|once|twice"))
          << Arg;
      return false;
    }
    return true;
  }

  ActionType getActionType() override { return AddBeforeMainAction; }

  std::unique_ptr<ASTConsumer> CreateASTConsumer(CompilerInstance &CI,
                                                 StringRef InFile) override {
    if (InAnalysisParse)
      return std::make_unique<ASTConsumer>();
    SourceManager &SM = CI.getSourceManager();
    OptionalFileEntryRef MainFile = SM.getFileEntryRefForID(SM.getMainFileID());
    // Files that never mention the attribute (nor do the headers they
    // include with quotes) are compiled untouched, at no cost beyond this
    // search.
    // One walk: whether the attribute is mentioned, and which headers do.
    std::vector<std::string> MarkingHeaders;
    if (!MainFile || !mentionsAttribute(CI, MainFile->getName(), &MarkingHeaders)) {
      if (!ManifestPath.empty())
        writeEmitted(CI, ManifestPath, "{\n  \"functions\": []\n}\n");
      return std::make_unique<ASTConsumer>();
    }

    std::string Emitted = adgen::generatedFileName(InFile, EmitDir);
    adgen::GeneratorOptions Options;
    Options.GeneratedFileName = Emitted;
    Options.HeaderDir = EmitDir;
    Options.ForwardModeForOneInput = ForwardModeForOneInput;
    Options.Split = Split;
    // One parse where the file and the headers that mark functions allow
    // it (SingleParseCompile.h).
    if (Parse != ParseMode::Twice) {
      adplugin::SingleParseSettings Settings{
          Options, !EmitDir.empty(), ManifestPath,
          [this, &CI](const std::string &Path, const std::string &Text) {
            writeEmitted(CI, Path, Text);
          },
          MarkingHeaders};
      std::string Why;
      if (adplugin::startSingleParse(CI, std::move(Settings), Why))
        return std::make_unique<ASTConsumer>();
      if (Parse == ParseMode::Once) {
        DiagnosticsEngine &D = CI.getDiagnostics();
        D.Report(D.getCustomDiagID(DiagnosticsEngine::Error,
                                   "-fplugin-arg-ad-parse=once: this file needs two parses: %0"))
            << Why;
        return std::make_unique<ASTConsumer>();
      }
    }
    Analysis Result = analyse(CI, Options, MainFile->getName());
    if (!ManifestPath.empty())
      writeEmitted(CI, ManifestPath, Result.Manifest);
    // Testing the path of a plugin bug (test/tools/generated_code_bug.test):
    // a line that does not compile, in a generated region.
    if (Result.Source.HasGradients && std::getenv("AD_TEST_BREAK_GENERATED_CODE")) {
      unsigned Lines = std::count(Result.Source.Text.begin(), Result.Source.Text.end(), '\n');
      Result.Source.Text += "#line " + std::to_string(Lines + 2) + " \"" + Emitted + "\"\n" +
                            "ad_test_broken_generated_code;\n";
    }
    if (Result.Source.HasGradients) {
      // After errors too: the declarations of the gradients that failed
      // spare the user follow-on errors at their calls.
      bool Emit = !EmitDir.empty() && Result.Source.Success;
      const std::string &Text = Result.Source.Text;
      SM.overrideFileContents(
          *MainFile, llvm::MemoryBuffer::getMemBufferCopy(Text, MainFile->getName()));
      SM.setMainFileID(SM.createFileID(*MainFile, SourceLocation(), SrcMgr::C_User));
      if (Emit)
        writeEmitted(CI, Emitted, Text);
      // Headers of the user's that hold marked functions: compiled with
      // their generated code too.
      for (const adgen::GeneratedHeader &H : Result.Source.Headers) {
        if (auto File = CI.getFileManager().getOptionalFileRef(H.Path))
          SM.overrideFileContents(*File,
                                  llvm::MemoryBuffer::getMemBufferCopy(H.Text, H.Path));
        if (Emit)
          writeEmitted(CI, H.GeneratedName, H.Text);
      }
    }
    std::map<std::string, std::string> Texts, Generated;
    if (Result.Source.HasGradients) {
      Texts[MainFile->getName().str()] = Result.Source.Text;
      Generated[Emitted] = Result.Source.Text;
      for (const adgen::GeneratedHeader &H : Result.Source.Headers) {
        Texts[H.Path] = H.Text;
        Generated[H.GeneratedName] = H.Text;
      }
      GeneratedCodeErrors::install(CI.getDiagnostics(), std::move(Generated));
    }
    return std::make_unique<ReplayConsumer>(CI, std::move(Result.Diagnostics),
                                            std::move(Texts));
  }

private:
  // True if the file or a header it includes with quotes (found beside the
  // including file or on a user -I path, as the compiler looks) mentions
  // `differentiate`; Headers gets every such header, as the compiler will
  // name it.
  static bool mentionsAttribute(CompilerInstance &CI, StringRef Path,
                                std::vector<std::string> *Headers) {
    llvm::StringSet<> Seen;
    std::vector<std::string> Dirs;
    for (const auto &Entry : CI.getHeaderSearchOpts().UserEntries)
      if (Entry.Group == frontend::Angled || Entry.Group == frontend::Quoted)
        Dirs.push_back(Entry.Path);
    std::function<bool(StringRef, unsigned)> Visit = [&](StringRef File,
                                                         unsigned Depth) {
      if (Depth > 16 || !Seen.insert(File).second)
        return false;
      auto Buffer = CI.getFileManager().getBufferForFile(File);
      if (!Buffer)
        return false;
      StringRef Text = (*Buffer)->getBuffer();
      bool Found = false;
      if (Text.contains("differentiate")) {
        Found = true;
        if (Depth > 0)
          Headers->push_back(File.str());
      }
      for (size_t Pos = Text.find("#include"); Pos != StringRef::npos;
           Pos = Text.find("#include", Pos + 8)) {
        StringRef Rest = Text.substr(Pos + 8).ltrim(" \t");
        if (!Rest.consume_front("\""))
          continue;
        StringRef Name = Rest.take_until([](char C) { return C == '"' || C == '\n'; });
        std::vector<llvm::SmallString<256>> Candidates;
        if (llvm::sys::path::is_absolute(Name)) {
          Candidates.emplace_back(Name);
        } else {
          Candidates.emplace_back(llvm::sys::path::parent_path(File));
          llvm::sys::path::append(Candidates.back(), Name);
          for (const std::string &Dir : Dirs) {
            Candidates.emplace_back(Dir);
            llvm::sys::path::append(Candidates.back(), Name);
          }
        }
        for (const auto &Candidate : Candidates)
          if (llvm::sys::fs::exists(Candidate)) { // the first, as the compiler finds it
            Found |= Visit(Candidate, Depth + 1);
            break;
          }
      }
      return Found;
    };
    return Visit(Path, 0);
  }

  void writeEmitted(CompilerInstance &CI, const std::string &Path,
                    const std::string &Text) const {
    std::error_code EC =
        llvm::sys::fs::create_directories(llvm::sys::path::parent_path(Path));
    if (!EC) {
      llvm::raw_fd_ostream Out(Path, EC);
      if (!EC)
        Out << Text;
    }
    if (EC) {
      DiagnosticsEngine &D = CI.getDiagnostics();
      D.Report(D.getCustomDiagID(DiagnosticsEngine::Error,
                                 "ad: cannot write '%0': %1"))
          << Path << EC.message();
    }
  }

  std::string EmitDir;
  std::string ManifestPath;
  bool ForwardModeForOneInput = true;
  adgen::GeneratorOptions::SplitCalls Split = adgen::GeneratorOptions::SplitCalls::Auto;
  enum class ParseMode { Auto, Once, Twice } Parse = ParseMode::Auto;
};

} // namespace

static FrontendPluginRegistry::Add<AdPluginAction>
    RegisterPlugin("ad", "generate reverse-mode gradients (f_grad) of "
                         "[[ad::differentiate]] functions");
