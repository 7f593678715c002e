// Generated code always compiles; if it ever does not, that is a bug in ad,
// not in the user's code, and the user must be told so, not left with an
// error in a file that does not exist. This diagnostic consumer wraps the
// compiler's: it passes every diagnostic on, and after the first error
// located in a generated file (the regions the #line directives name
// `x.ad.cpp`) it writes that file where the error says it is (if it is
// not there yet) and prints one line naming the function whose generated
// code it is and asking for a report.
#pragma once

#include "clang/Basic/Diagnostic.h"

#include <map>
#include <memory>
#include <set>
#include <string>

namespace adplugin {

class GeneratedCodeErrors : public clang::DiagnosticConsumer {
public:
  // Texts: generated file name (as the #line directives name it) -> the
  // whole text whose lines they number.
  GeneratedCodeErrors(clang::DiagnosticConsumer *Inner,
                      std::unique_ptr<clang::DiagnosticConsumer> Owned,
                      std::map<std::string, std::string> Texts)
      : Inner(Inner), Owned(std::move(Owned)), Texts(std::move(Texts)) {}

  // Wraps the client of Engine.
  static void install(clang::DiagnosticsEngine &Engine,
                      std::map<std::string, std::string> Texts);

  void BeginSourceFile(const clang::LangOptions &LO, const clang::Preprocessor *PP) override {
    Inner->BeginSourceFile(LO, PP);
  }
  void EndSourceFile() override {
    Inner->EndSourceFile(); // -verify checks here
    NumErrors = Inner->getNumErrors();
    NumWarnings = Inner->getNumWarnings();
  }
  void finish() override {
    Inner->finish();
    NumErrors = Inner->getNumErrors();
    NumWarnings = Inner->getNumWarnings();
  }
  bool IncludeInDiagnosticCounts() const override {
    return Inner->IncludeInDiagnosticCounts();
  }
  void HandleDiagnostic(clang::DiagnosticsEngine::Level Level,
                        const clang::Diagnostic &Info) override;

private:
  clang::DiagnosticConsumer *Inner;
  std::unique_ptr<clang::DiagnosticConsumer> Owned;
  std::map<std::string, std::string> Texts;
  std::set<std::string> Reported;
};

} // namespace adplugin
