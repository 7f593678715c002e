// ad-gen: prints a source file with the gradients of its marked functions
// inserted, exactly the text the compiler plugin compiles (and writes with
// -fplugin-arg-ad-emit=DIR). The output compiles with any C++17 compiler,
// given -I runtime/include; no plugin is needed.
//
//   ad-gen FILE.cpp [-o OUT] -- CLANG_ARGS
#include "ad-gen/Generator.h"
#include "ad-gen/SingleParse.h"

#include "clang/Frontend/CompilerInstance.h"

#include "clang/AST/ASTConsumer.h"
#include "clang/Frontend/FrontendAction.h"
#include "clang/Frontend/TextDiagnosticPrinter.h"
#include "clang/Tooling/ArgumentsAdjusters.h"
#include "clang/Tooling/CommonOptionsParser.h"
#include "clang/Tooling/Tooling.h"
#include "llvm/Support/CommandLine.h"
#include "llvm/Support/FileSystem.h"
#include "llvm/Support/Path.h"
#include "llvm/Support/Process.h"
#include "llvm/Support/raw_ostream.h"

#include <map>

using namespace clang;

static llvm::cl::OptionCategory Category("ad-gen options");
static llvm::cl::opt<std::string>
    Output("o", llvm::cl::desc("Write the output to <file> instead of stdout"),
           llvm::cl::value_desc("file"), llvm::cl::cat(Category));
static llvm::cl::opt<std::string>
    SplitMode("split",
              llvm::cl::desc("calls of helpers in split mode: auto (default), always, never"),
              llvm::cl::value_desc("auto|always|never"), llvm::cl::init("auto"),
              llvm::cl::cat(Category));
static llvm::cl::opt<std::string>
    ParseMode("parse",
              llvm::cl::desc("the layout of the plugin's compilation: auto (default): that "
                             "of one parse where the file allows it (definitions at the end), "
                             "twice: that of two parses (definitions after each function)"),
              llvm::cl::value_desc("auto|twice"), llvm::cl::init("auto"),
              llvm::cl::cat(Category));
static llvm::cl::opt<std::string>
    Mode("mode",
         llvm::cl::desc("auto (default): forward mode for a gradient with one "
                        "scalar input where it applies; reverse: always "
                        "reverse mode"),
         llvm::cl::value_desc("auto|reverse"), llvm::cl::init("auto"),
         llvm::cl::cat(Category));

namespace {

// The user's code may call f_grad, which does not exist before generation:
// like the plugin's analysis parse, ad-gen does not report the user's own
// errors unless generation fails without a diagnostic of its own (then they
// explain why).
class DiagnosticRouter : public DiagnosticConsumer {
public:
  explicit DiagnosticRouter(DiagnosticOptions *Opts)
      : Shown(llvm::errs(), Opts), Held(HeldOut, Opts) {}

  bool FromGenerator = false;
  unsigned GeneratorErrors = 0;
  // A fatal error (a header not found) stops the parse: what was generated
  // is then incomplete, and the error says why.
  bool HeldFatal = false;
  // The parse's errors, for the generator (GeneratorOptions::ParseErrors).
  std::vector<std::pair<SourceLocation, std::string>> ParseErrors;

  void BeginSourceFile(const LangOptions &LO, const Preprocessor *PP) override {
    Shown.BeginSourceFile(LO, PP);
    Held.BeginSourceFile(LO, PP);
  }
  void EndSourceFile() override {
    Shown.EndSourceFile();
    Held.EndSourceFile();
  }
  void HandleDiagnostic(DiagnosticsEngine::Level Level,
                        const Diagnostic &Info) override {
    if (FromGenerator) { // counted, so Clang's "N errors generated" is ours
      DiagnosticConsumer::HandleDiagnostic(Level, Info);
      GeneratorErrors += Level >= DiagnosticsEngine::Error;
      Shown.HandleDiagnostic(Level, Info);
    } else {
      HeldFatal |= Level == DiagnosticsEngine::Fatal;
      // Not warnings made errors (-Werror): the code they are in is
      // differentiable.
      if (Level >= DiagnosticsEngine::Error && Info.getLocation().isValid() &&
          !DiagnosticIDs::isBuiltinWarningOrExtension(Info.getID())) {
        llvm::SmallString<128> Message;
        Info.FormatDiagnostic(Message);
        ParseErrors.push_back({Info.getLocation(), Message.str().str()});
      }
      Held.HandleDiagnostic(Level, Info);
    }
  }
  void showHeld() {
    HeldOut.flush();
    llvm::errs() << HeldText;
  }

private:
  TextDiagnosticPrinter Shown;
  std::string HeldText;
  llvm::raw_string_ostream HeldOut{HeldText};
  TextDiagnosticPrinter Held;
};

class GenerateAction : public ASTFrontendAction {
public:
  GenerateAction(adgen::GeneratorOptions Options, adgen::GeneratedSource &Result)
      : Options(std::move(Options)), Result(Result) {}

  std::unique_ptr<ASTConsumer> CreateASTConsumer(CompilerInstance &CI,
                                                 StringRef) override {
    struct Consumer : ASTConsumer {
      Consumer(GenerateAction &A, CompilerInstance &CI) : A(A), CI(CI) {}
      void HandleTranslationUnit(ASTContext &Ctx) override {
        auto &Diags = static_cast<DiagnosticRouter &>(
            *Ctx.getDiagnostics().getClient());
        Diags.FromGenerator = true;
        adgen::GeneratorOptions Options = A.Options;
        Options.Sema = CI.hasSema() ? &CI.getSema() : nullptr;
        Options.ParseErrors = std::move(Diags.ParseErrors);
        Diags.ParseErrors.clear();
        // The layout the plugin compiles (SingleParse.h), so that what
        // ad-gen prints is what the plugin compiles and emits.
        const SourceManager &SM = Ctx.getSourceManager();
        Options.DefinitionsAtEnd =
            ParseMode != "twice" && Options.Stage == 0 &&
            adgen::planSingleParse(SM.getBufferData(SM.getMainFileID()), Ctx.getLangOpts())
                .Eligible;
        A.Result = adgen::generateGradients(Ctx, Options);
        if (!A.Result.NotAtEnd.empty()) { // the plugin would stop; show the other layout
          Options.DefinitionsAtEnd = false;
          A.Result = adgen::generateGradients(Ctx, Options);
        }
        Diags.FromGenerator = false;
      }
      GenerateAction &A;
      CompilerInstance &CI;
    };
    return std::make_unique<Consumer>(*this, CI);
  }

private:
  adgen::GeneratorOptions Options;
  adgen::GeneratedSource &Result;
};

// The name `#line` gives generated code: the output file, or FILE.ad.cpp
// beside the input (as the plugin does without emit).
std::string generatedName(StringRef Input) {
  if (!Output.empty() && Output != "-")
    return Output;
  llvm::SmallString<256> Path(llvm::sys::path::parent_path(Input));
  llvm::sys::path::append(Path, llvm::sys::path::stem(Input) + ".ad" +
                                    llvm::sys::path::extension(Input));
  return std::string(Path);
}

} // namespace

int main(int argc, const char **argv) {
  auto Options = tooling::CommonOptionsParser::create(
      argc, argv, Category, llvm::cl::Required,
      "Prints FILE with the gradients of its [[ad::differentiate]] functions "
      "inserted.\n");
  if (!Options) {
    llvm::errs() << llvm::toString(Options.takeError());
    return 1;
  }
  if (Mode != "auto" && Mode != "reverse") {
    llvm::errs() << "ad-gen: --mode must be auto or reverse, not '" << Mode
                 << "'\n";
    return 1;
  }
  if (ParseMode != "auto" && ParseMode != "twice") {
    llvm::errs() << "ad-gen: --parse must be auto or twice, not '" << ParseMode << "'\n";
    return 1;
  }
  if (SplitMode != "auto" && SplitMode != "always" && SplitMode != "never") {
    llvm::errs() << "ad-gen: --split must be auto, always or never, not '" << SplitMode
                 << "'\n";
    return 1;
  }
  if (Options->getSourcePathList().size() != 1) {
    llvm::errs() << "ad-gen: give exactly one source file\n";
    return 1;
  }
  std::string Input = Options->getSourcePathList().front();
  adgen::GeneratedSource Result;
  llvm::SmallString<256> AbsoluteInput(Input);
  llvm::sys::fs::make_absolute(AbsoluteInput);
  std::string GeneratedName = generatedName(AbsoluteInput);
  adgen::GeneratorOptions GenOptions;
  GenOptions.GeneratedFileName = GeneratedName;
  GenOptions.ForwardModeForOneInput = Mode != "reverse";
  GenOptions.Split = SplitMode == "always"  ? adgen::GeneratorOptions::SplitCalls::Always
                     : SplitMode == "never" ? adgen::GeneratorOptions::SplitCalls::Never
                                            : adgen::GeneratorOptions::SplitCalls::Auto;
  struct Factory : tooling::FrontendActionFactory {
    Factory(const adgen::GeneratorOptions &Options, adgen::GeneratedSource &Result)
        : Options(Options), Result(Result) {}
    std::unique_ptr<FrontendAction> create() override {
      return std::make_unique<GenerateAction>(Options, Result);
    }
    const adgen::GeneratorOptions &Options;
    adgen::GeneratedSource &Result;
  } F(GenOptions, Result);
  auto DiagOpts = llvm::makeIntrusiveRefCnt<DiagnosticOptions>();
  DiagOpts->ShowColors = llvm::sys::Process::StandardErrHasColors();
  DiagnosticRouter Diagnostics(DiagOpts.get());
  // One parse; Remapped: files read as the given text.
  auto Run = [&](const std::map<std::string, std::string> &Remapped) {
    tooling::ClangTool Tool(Options->getCompilations(), {Input});
    // Clang's own headers (stddef.h, ...) live beside the compiler, not us.
    Tool.appendArgumentsAdjuster(tooling::getInsertArgumentAdjuster(
        "-resource-dir=" AD_CLANG_RESOURCE_DIR, tooling::ArgumentInsertPosition::END));
    // As in the plugin: a call of a template's f_grad stays a call of an
    // unknown name, whose arguments say which instantiation to build.
    Tool.appendArgumentsAdjuster(tooling::getInsertArgumentAdjuster(
        "-fno-spell-checking", tooling::ArgumentInsertPosition::END));
    // Calls of what is not generated yet are errors of the parse; there
    // may be many, and the parse must reach the end of the file.
    Tool.appendArgumentsAdjuster(tooling::getInsertArgumentAdjuster(
        "-ferror-limit=0", tooling::ArgumentInsertPosition::END));
    for (const auto &[Path, Text] : Remapped)
      Tool.mapVirtualFile(Path, Text);
    Tool.setDiagnosticConsumer(&Diagnostics);
    Tool.setPrintErrorMessage(false);
    Tool.run(&F);
  };
  Run({});
  // Second and nested derivatives: each stage parses the previous one's
  // text (SecondOrder.h).
  for (unsigned Stage = 1; Result.Success && Result.AnotherStage && Stage < adgen::kMaxStages;
       ++Stage) {
    std::map<std::string, std::string> Remapped{{std::string(AbsoluteInput), Result.Text}};
    GenOptions.GeneratedNames.insert(GeneratedName);
    for (const adgen::GeneratedHeader &H : Result.Headers) {
      Remapped[H.Path] = H.Text;
      GenOptions.GeneratedNames.insert(H.GeneratedName);
    }
    GenOptions.Stage = Stage;
    GenOptions.GradientOnly = Result.GradientOnly;
    GenOptions.NestedWhy = Result.NestedWhy;
    adgen::GeneratedSource Earlier = std::move(Result);
    Result = adgen::GeneratedSource();
    Run(Remapped);
    if (!Result.HasGradients) {
      Result = std::move(Earlier);
      break;
    }
  }
  if (!Result.Success || Diagnostics.HeldFatal) {
    if (Diagnostics.GeneratorErrors == 0)
      Diagnostics.showHeld();
    return 1;
  }

  if (!Result.Headers.empty()) {
    // One output file cannot hold a header's text as well.
    for (const adgen::GeneratedHeader &H : Result.Headers)
      llvm::errs() << "ad-gen: '" << H.Path
                   << "' holds marked functions; ad-gen prints one file: see "
                      "their generated code with the plugin's "
                      "-fplugin-arg-ad-emit=DIR\n";
    return 1;
  }
  std::string Text = Result.Text;
  if (!Result.HasGradients) { // nothing marked: the file as it is
    auto Buffer = llvm::MemoryBuffer::getFile(Input);
    if (!Buffer) {
      llvm::errs() << "ad-gen: cannot read " << Input << "\n";
      return 1;
    }
    Text = (*Buffer)->getBuffer().str();
  }
  if (Output.empty() || Output == "-") {
    llvm::outs() << Text;
    return 0;
  }
  std::error_code EC =
      llvm::sys::fs::create_directories(llvm::sys::path::parent_path(Output));
  llvm::raw_fd_ostream Out(Output, EC);
  if (EC) {
    llvm::errs() << "ad-gen: cannot write " << Output << ": " << EC.message()
                 << "\n";
    return 1;
  }
  Out << Text;
  return 0;
}
