// Forward (tangent) mode, for a gradient with one active input.
//
// With a single scalar input x, df/dx is one number, and carrying the
// derivative `_d_v` = dv/dx along with every variable v computes it in the
// same sweep as the value: no tape, no reverse sweep, and in a recurrence
// (`y = sin(y + x)` a hundred times) the derivative's multiply chain runs
// alongside the calls that compute the value instead of after them. The
// function's statements and control flow are kept as written; each
// assignment `v = E` is preceded by `_d_v = dE/dx`.
//
// Generator.cpp uses this builder when the marked function has one active
// parameter, a scalar, and its body only holds the forms below (no calls to
// user functions with active arguments, no active arrays or pointers, no
// switch); otherwise reverse mode (FunctionBuilder), which handles them all.
// build() reports nothing: a form it does not handle just means reverse mode.
#pragma once

#include "Activity.h"
#include "CodeBlock.h"
#include "ExprPrinter.h"
#include "Names.h"
#include "ValueBinder.h"

#include "clang/AST/ASTContext.h"
#include "clang/AST/Stmt.h"

#include <functional>
#include <map>
#include <set>
#include <string>

namespace adgen {

class TangentBuilder {
public:
  TangentBuilder(clang::ASTContext &Ctx, const clang::FunctionDecl *Def,
                 const clang::ParmVarDecl *Input, std::string Name);

  // False if the body holds a form this builder does not handle.
  bool build();
  std::string prototype() const;
  std::string definition() const;

private:
  bool stmt(const clang::Stmt *S, CodeBlock &Out);
  bool declaration(const clang::DeclStmt *S, CodeBlock &Out);
  std::string primalDeclaration(const clang::VarDecl *V);
  bool expressionStmt(const clang::Expr *E, CodeBlock &Out);
  bool assignment(const clang::BinaryOperator *B, CodeBlock &Out);
  bool loop(const clang::Stmt *S, CodeBlock &Out);
  bool ifStmt(const clang::IfStmt *S, CodeBlock &Out);
  // Emit writes a statement and its derivative lines; it runs twice, first
  // into scratch to learn which values to bind (see ValueBinder.h).
  bool withValues(const clang::Expr *Root,
                  const std::function<void(CodeBlock &)> &Emit, CodeBlock &Out);

  // dE/dx as an expression, "" when it is zero.
  std::string tangent(const clang::Expr *E);
  std::string tangentOfCall(const clang::CallExpr *Call);
  std::string tangentOf(const clang::VarDecl *V);
  void declareTangent(const clang::VarDecl *V, const std::string &Init,
                      CodeBlock &Out);

  // The statement's own text, not recorded as read by derivative code.
  std::string primal(const clang::Expr *E);
  std::string unrecorded(const std::function<std::string()> &Print);
  std::string operand(const clang::Expr *E) { return Printer.operand(E); }
  bool writesVaried(const clang::Stmt *S) const;
  bool callsWithActiveArguments(const clang::Stmt *S) const;

  clang::ASTContext &Ctx;
  const clang::FunctionDecl *Def;
  const clang::ParmVarDecl *Input;
  std::string Name, ResultParam;
  ActivityAnalysis Activity;
  NameAllocator Names;
  ExprPrinter Printer;
  ValueBinder *Binder = nullptr; // of the statement being built
  bool Recording = false;        // pass 1 of withValues()
  std::map<const clang::VarDecl *, std::string> Tangents;
  std::set<const clang::VarDecl *> TangentsRead;
  CodeBlock Body;
  bool Unsupported = false;
};

} // namespace adgen
