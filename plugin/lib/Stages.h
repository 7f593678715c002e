// Generation in stages. Second and nested derivatives are derivatives of
// generated code, so they are built from its parse: each stage parses the
// text the previous one made (the drivers loop, Generator.h), builds what
// it can, and leaves marked what must wait — a function calling g_grad
// before g_grad exists, f_hvp's core (SecondOrder.h). This file holds what
// a stage needs to know about the others.
#pragma once

#include "clang/AST/ASTContext.h"
#include "clang/AST/Decl.h"
#include "clang/Basic/Diagnostic.h"
#include "clang/Rewrite/Core/Rewriter.h"

#include <map>
#include <memory>
#include <set>
#include <string>

namespace adgen {

// Calls in Def of derivatives that do not exist yet (`g_grad(...)` before
// g's generated code is parsed) of a function named in Marked: the names
// called, empty if none.
std::set<std::string> pendingDerivativeCalls(const clang::FunctionDecl *Def,
                                             const std::set<std::string> &Marked);

// The parse's errors (GeneratorOptions::ParseErrors), for the functions
// below.
void setParseErrors(const std::vector<std::pair<clang::SourceLocation, std::string>> &Errors);

// True if F's body had an error in the parse (also one Clang dropped from
// the AST, like a call of `lib::g_grad` before it exists).
bool bodyHasErrors(const clang::FunctionDecl *F);

// What the parse's errors mean for marked Def: whether Def or a function
// of the user's it calls (transitively) had one, and the marked functions
// (named in Marked) whose gradient such an error names (`g` for "use of
// undeclared identifier 'g_grad'", "no member named 'g_grad' in 'lib'").
struct ReachedErrors {
  bool Any = false;
  std::set<std::string> Gradients;
};
ReachedErrors errorsReachedFrom(const clang::FunctionDecl *Def,
                                const std::set<std::string> &Marked);

// True if the text of Def's file or of the main file names Name as a word.
bool fileNames(clang::ASTContext &Ctx, const clang::FunctionDecl *Def, const std::string &Name);

// What a later stage knows of the earlier ones' output: the names its
// generated regions are given (#line), and why nested calls of some
// derivatives cannot be differentiated. The functions defined there are
// taken names (Names.h).
void setGeneratedCode(clang::ASTContext &Ctx, std::set<std::string> FileNames,
                      std::map<std::string, std::string> Why);

// "" if a differentiated call of Callee is fine; otherwise why not, when
// Callee is code an earlier stage generated (a gradient without the rules
// above, f_hvp, a rule itself: derivatives of a higher order).
std::string generatedCalleeProblem(const clang::FunctionDecl *Callee);

// Collects the diagnostics reported while it lives instead of passing them
// on: a core whose gradient cannot be built is no error of the user's
// file (f_hvp is then not generated, and the first error says why).
class DiagnosticCapture : public clang::DiagnosticConsumer {
public:
  explicit DiagnosticCapture(clang::DiagnosticsEngine &Diags);
  ~DiagnosticCapture() override;
  void HandleDiagnostic(clang::DiagnosticsEngine::Level Level,
                        const clang::Diagnostic &Info) override;
  // "message (file:line)" of the first error, or "".
  const std::string &firstError() const { return First; }

private:
  clang::DiagnosticsEngine &Diags;
  clang::DiagnosticConsumer *Previous;
  std::unique_ptr<clang::DiagnosticConsumer> Owned;
  std::string First;
};

// After Core's gradient failed: the second derivatives an earlier stage
// generated next to Core (SecondOrder.h's marked region) become
// declarations that make a call of f_hvp or f_hessian an error quoting
// Why, and the rules for calls of f_grad are forgotten.
void replaceSecondOrder(clang::Rewriter &R, const clang::FunctionDecl *Core,
                        const std::string &Why);

} // namespace adgen
