// GeneratedCodeErrors.h.
#include "GeneratedCodeErrors.h"

#include "clang/Basic/SourceManager.h"
#include "llvm/ADT/SmallString.h"
#include "llvm/ADT/StringRef.h"
#include "llvm/Support/FileSystem.h"
#include "llvm/Support/Path.h"
#include "llvm/Support/raw_ostream.h"

using namespace clang;

namespace adplugin {

namespace {

// The function whose generated code holds line Line of Text: the nearest
// "// The <kind> of NAME" comment above it.
std::string functionAt(const std::string &Text, unsigned Line) {
  std::string Found;
  unsigned Number = 1;
  size_t Start = 0;
  while (Start < Text.size() && Number <= Line) {
    size_t End = Text.find('\n', Start);
    llvm::StringRef L(Text.data() + Start, (End == std::string::npos ? Text.size() : End) - Start);
    L = L.trim();
    if (L.consume_front("// The ")) {
      size_t Of = L.find(" of ");
      if (Of != llvm::StringRef::npos) {
        llvm::StringRef Rest = L.substr(Of + 4);
        Found = Rest.take_until([](char C) { return C == ',' || C == ':' || C == ' '; }).str();
      }
    }
    if (End == std::string::npos)
      break;
    Start = End + 1;
    ++Number;
  }
  return Found;
}

} // namespace

void GeneratedCodeErrors::install(DiagnosticsEngine &Engine,
                                  std::map<std::string, std::string> Texts) {
  DiagnosticConsumer *Inner = Engine.getClient();
  std::unique_ptr<DiagnosticConsumer> Owned =
      Engine.ownsClient() ? Engine.takeClient() : nullptr;
  Engine.setClient(new GeneratedCodeErrors(Inner, std::move(Owned), std::move(Texts)),
                   /*ShouldOwnClient=*/true);
}

void GeneratedCodeErrors::HandleDiagnostic(DiagnosticsEngine::Level Level,
                                           const Diagnostic &Info) {
  Inner->HandleDiagnostic(Level, Info);
  // The counts are the inner consumer's (-verify's consumes what it
  // expected): the driver reads them here.
  NumErrors = Inner->getNumErrors();
  NumWarnings = Inner->getNumWarnings();
  if (Level < DiagnosticsEngine::Error || !Info.hasSourceManager() ||
      !Info.getLocation().isValid())
    return;
  const SourceManager &SM = Info.getSourceManager();
  PresumedLoc P = SM.getPresumedLoc(SM.getExpansionLoc(Info.getLocation()));
  if (P.isInvalid())
    return;
  auto It = Texts.find(P.getFilename());
  if (It == Texts.end())
    return;
  // A declared-but-not-generated function's stub fails on purpose when
  // called (`static_assert(::ad::unavailable<...>, "ad: f_hvp is not
  // generated: ...")`): that error is the message, not a bug.
  llvm::SmallString<256> Message;
  Info.FormatDiagnostic(Message);
  if (llvm::StringRef(Message).contains("::ad::unavailable"))
    return;
  if (!Reported.insert(It->first).second)
    return;
  // Where the error says it is: write the text there, so it can be read.
  if (!llvm::sys::fs::exists(It->first)) {
    std::error_code EC;
    llvm::raw_fd_ostream Out(It->first, EC);
    if (!EC)
      Out << It->second;
  }
  std::string Function = functionAt(It->second, P.getLine());
  llvm::errs() << "ad: the error above is in code ad generated"
               << (Function.empty() ? std::string() : " for '" + Function + "'")
               << ", not in yours: a bug in ad; the generated code is in " << It->first
               << " (please report it with that file; -fplugin-arg-ad-mode=reverse or "
                  "leaving the function unmarked avoids it meanwhile)\n";
}

} // namespace adplugin
