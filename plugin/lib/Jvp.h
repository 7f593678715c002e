// Forward mode for any number of inputs and outputs: `f_jvp` (contract §5)
// and the *pushforwards* of the functions it calls.
//
//   double f_jvp(const double *x, int n, double *y,      // f's parameters
//                const double *t_x, double *t_y,         // their tangents
//                double *t_ret);                         // the result's tangent
//
// Every active storage location gets a tangent of the same shape (the
// shadow model of Shadow.h, with `_t_` names): `_t_v` for a local `v`,
// `_t_a[i]` for `a[i]`, `t_x[k]` for `x[k]`, a tangent pointer `_t_p` that
// moves with `p`. The function's own statements and control flow are kept
// as written; each statement that stores an active value is preceded by the
// store of its tangent, computed from the values before the statement
// (`_t_y = cos(y + x) * (_t_y + t_x); y = sin(y + x);`), so `f_jvp` returns
// f's value bit for bit and has f's side effects. A call of a function of
// the user's with active arguments becomes a call of its pushforward, which
// returns the value and writes the result's tangent (`double _t0; double _v0
// = g_pushforward(y, _t_y, &_t0);`), and the statement uses `_v0`; a
// custom tangent rule ([[ad::tangent_of]]) replaces the pushforward.
//
// Expressions use the derivative table of MathRules.h, the same rules the
// reverse sweep transposes. A construct this builder does not handle yet
// is not an error of f: build() fails with the reason, and the generator
// then declares `f_jvp` so that a call of it (only) is an error quoting
// the reason.
#pragma once

#include "Activity.h"
#include "AvailableValues.h"
#include "CodeBlock.h"
#include "ExprPrinter.h"
#include "Names.h"
#include "RecordHooks.h"
#include "Shadow.h"

#include "clang/AST/ASTContext.h"
#include "clang/AST/Stmt.h"
#include "clang/AST/StmtCXX.h"

#include <map>
#include <set>
#include <string>
#include <vector>

namespace adgen {

// One pushforward per callee and pattern of active parameters, named and
// queued while functions are built, built by the generator afterwards.
class PushforwardRegistry {
public:
  struct Request {
    const clang::FunctionDecl *Callee;
    std::vector<bool> Active; // per parameter
    std::string Name;
  };
  std::string request(const clang::FunctionDecl *Callee, const std::vector<bool> &Active);
  std::vector<Request> takePending();
  // What was requested since the last commit() is forgotten by rollback():
  // a function whose forward mode failed leaves no names behind that the
  // text never defines.
  void commit() { Committed = {Names, Used}; }
  void rollback() {
    Names = Committed.first;
    Used = Committed.second;
    Pending.clear();
  }

private:
  std::map<std::pair<const clang::FunctionDecl *, std::vector<bool>>, std::string> Names;
  std::set<std::string> Used;
  std::vector<Request> Pending;
  std::pair<decltype(Names), decltype(Used)> Committed;
};

class JvpBuilder {
public:
  // Enclosing: for a lambda's call operator, the builder of the function
  // the lambda is in (its captures print, vary and have tangents there).
  JvpBuilder(clang::ASTContext &Ctx, const clang::FunctionDecl *Def,
             std::vector<const clang::ParmVarDecl *> Active, PushforwardRegistry &Pushforwards,
             std::string Name, JvpBuilder *Enclosing = nullptr);
  void setHooks(RecordHooks *H) { Hooks = H; }
  // The value through an output `R *Base` instead of the return (f_hvp's
  // core, SecondOrder.h): `void Name(..., R *_value, R *t_ret)`.
  void setValueOutput(std::string Base) { ValueOutBase = std::move(Base); }
  const std::string &valueOutput() const { return ValueOut; }
  const std::string &resultTangent() const { return ResultTangent; }
  void setInternal() { Internal = true; }
  // f_grad of a function with one real input (by value or const
  // reference) and a real result, in forward mode: the input's tangent is
  // 1 and each return adds the result's tangent into `*d_x` (f_grad's
  // prototype). One sweep, no tape: a recurrence's derivative runs
  // alongside its values.
  void setGradientOfOneInput() { GradientOfOneInput = PullbacksFirst = true; }
  // Defined `[[maybe_unused]] static`, as a helper of generated code
  // (FusedCalls.cpp), whatever f's own linkage.
  void setStatic() { Static = true; }
  // A gradient uses the custom pullbacks it meets (contract §6): a call of
  // a function that has one fails forward mode (then f_grad is built in
  // reverse mode), here and in the pushforwards.
  void setPullbacksFirst() { PullbacksFirst = true; }

  // False if the body holds a construct not handled; failure() says which.
  bool build();
  std::string prototype() const;
  std::string definition() const;
  // Per active parameter: the declaration of its tangent parameter
  // (`const double *t_x`) and its name.
  std::vector<std::pair<std::string, std::string>> tangentParameters() const;
  std::string patternPrototype(const clang::FunctionDecl *Pattern) const;
  // For a member function, f_jvp's declaration in the class.
  std::string memberDeclaration() const;
  // "the <construct> at file:line" and why, for the error at a call of f_jvp.
  const std::string &failure() const { return Failure; }

private:
  // Statements (JvpStmt.cpp).
  bool stmt(const clang::Stmt *S, CodeBlock &Out);
  bool compound(const clang::CompoundStmt *S, CodeBlock &Out);
  bool declaration(const clang::VarDecl *V, CodeBlock &Out);
  bool containerDeclaration(const clang::VarDecl *V, const std::string &Tangent,
                            CodeBlock &Out);
  bool expressionStmt(const clang::Expr *E, CodeBlock &Out);
  bool assignment(const clang::Expr *L, const clang::Expr *R, clang::BinaryOperatorKind Op,
                  const clang::Expr *Whole, CodeBlock &Out);
  bool containerCall(const clang::CXXMemberCallExpr *Call, CodeBlock &Out);
  bool returnStmt(const clang::ReturnStmt *S, CodeBlock &Out);
  bool ifStmt(const clang::IfStmt *S, CodeBlock &Out);
  bool loop(const clang::Stmt *S, CodeBlock &Out);
  bool switchStmt(const clang::SwitchStmt *S, CodeBlock &Out);
  bool rangeLoop(const clang::CXXForRangeStmt *S, CodeBlock &Out);
  bool loopStep(const clang::Expr *Inc, std::string &Text);
  // Steps (`i++`, `*p++`) inside a statement whose tangent is stored: the
  // tangent is computed before the statement, so a step reads as the value
  // before it (`i`, `(i + 1)` for `++i`) until endSteps(), which returns the
  // steps of tangent pointers to write after the statement.
  bool beginSteps(const clang::Expr *E);
  std::vector<std::string> endSteps();
  // A part of a statement that stores nothing active (a condition, a loop
  // step): printed as written.
  bool passive(const clang::Expr *E, std::string &Text);

  // Expressions (JvpExpr.cpp): the tangent of E, "" when it is zero.
  std::string tangent(const clang::Expr *E);
  std::string tangentOfMath(const clang::CallExpr *Call);
  std::string tangentOfMinMax(const clang::CallExpr *Call);
  bool hasCalls(const clang::Expr *E) const;
  std::string conditionalWithCalls(const clang::ConditionalOperator *C);
  // The tangent location of an lvalue, a tangent pointer, a container's data.
  std::string location(const clang::Expr *LValue);
  std::string pointer(const clang::Expr *Pointer);
  std::string data(const clang::Expr *Container);
  std::string print(const clang::Expr *E) { return Printer.print(E); }

  // Calls (JvpCalls.cpp): a call of the user's with active arguments, as a
  // pushforward (or custom tangent rule) call written into Pre; its value
  // is then `_vN` (substituted for the call) and its tangent returned.
  bool isUserCall(const clang::CallExpr *Call) const;
  bool userCall(const clang::CallExpr *Call, std::string &Tangent);
  // Internal (a pushforward's): a real by const reference gets a pointer
  // to its tangent, so a parameter aliasing an output sees the output's
  // tangent change (f_jvp and tangent rules take it by value, contract §5).
  std::string argumentTangent(const clang::ParmVarDecl *P, const clang::Expr *Arg, bool Active,
                              bool Internal = false);
  clang::QualType tangentParamType(const clang::ParmVarDecl *P) const;
  static bool isRealConstRef(const clang::ParmVarDecl *P);

  // Lambdas (JvpLambdas.cpp): a lambda local keeps its definition; beside
  // it, its pushforward lambda (`auto _t_f = [&](double t, double t_t,
  // double *t_ret) {...};`), which a call `f(x)` becomes.
  bool lambdaDeclaration(const clang::VarDecl *V, const clang::LambdaExpr *L, CodeBlock &Out);
  bool lambdaCall(const clang::CallExpr *Call, std::string &Tangent);
  std::string lambdaDefinition() const;
  static VarSet capturedVaried(const clang::FunctionDecl *Op, const JvpBuilder *Enclosing);

  // Objects (JvpRecords.cpp).
  bool isPlainRecord(clang::QualType T) const;
  std::string zeroTangent(clang::QualType T, const std::string &Primal);
  std::string recordTangent(const clang::Expr *E);
  bool recordDeclaration(const clang::VarDecl *V, const std::string &TName, CodeBlock &Out);

  // Records the first construct not handled; always returns false.
  bool refuse(const clang::Stmt *At, const std::string &What);
  std::string tangentType(clang::QualType T) const;
  // Line, the declaration of the tangent TName, marked so that definition()
  // can declare it [[maybe_unused]] if nothing reads it.
  static std::string declared(const std::string &TName, const std::string &Line);
  void bindParameters();
  const clang::CXXMethodDecl *member() const; // f is one, f_jvp is one

  clang::ASTContext &Ctx;
  const clang::FunctionDecl *Def;
  std::vector<const clang::ParmVarDecl *> Active;
  PushforwardRegistry &Pushforwards;
  std::string Name, ResultTangent, ValueOutBase, ValueOut;
  bool GradientOfOneInput = false, PullbacksFirst = false;
  std::string GradientShadow; // `d_x`, with setGradientOfOneInput()
  ActivityAnalysis Activity;
  NameAllocator Names;
  ExprPrinter Printer;
  AvailableValues Available; // what variables hold where tangents are taken
  ShadowMemory Tangents;
  std::map<const clang::ParmVarDecl *, std::string> ParamTangents;
  CodeBlock Body;
  CodeBlock *Pre = nullptr; // where the current statement's calls go
  int Branching = 0;        // inside `?:`, `&&`, `||`: calls cannot move out
  std::vector<const clang::Expr *> Steps; // between beginSteps and endSteps
  std::string Failure;
  JvpBuilder *Enclosing = nullptr;
  bool Internal = false; // a pushforward or a lambda's, not f_jvp
  bool Static = false;
  RecordHooks *Hooks = nullptr; // for zeros_like of the user's classes
  std::map<const clang::CallExpr *, std::string> CallTangents; // of object results
  // Lambda locals and the pushforward lambda of each call operator.
  std::map<const clang::VarDecl *, const clang::LambdaExpr *> LambdaVars;
  std::map<const clang::FunctionDecl *, std::string> LambdaPushforwards;
};

// The text of `f_jvp` and of the pushforwards it needs, or the failure.
struct BuiltJvp {
  bool Ok = false;
  std::string Text;    // pushforwards (prototypes first), then f_jvp
  std::string Failure; // when !Ok
  // f_jvp's tangent parameters (JvpBuilder::tangentParameters).
  std::vector<std::pair<std::string, std::string>> Tangents;
  // f_jvp's prototype, and for an instantiation of a template Pattern, the
  // prototype as the template writes it.
  std::string Prototype, PatternPrototype;
  std::string MemberDeclaration; // for a member function, in the class
  // The pushforwards it needs (new ones) and its own definition; with a
  // value output, the names of that output and of the result's tangent.
  std::string Helpers, Definition, ValueOutput, ResultTangent;
};
// Pushforwards are shared by the functions of a translation unit: each is
// defined once, with the first f_jvp that needs it.
struct JvpOptions {
  RecordHooks *Hooks = nullptr;              // for zeros_like of the user's classes
  const clang::FunctionDecl *Pattern = nullptr; // Def instantiates it: PatternPrototype
  std::string ValueOutput;                   // JvpBuilder::setValueOutput
  bool GradientOfOneInput = false;           // JvpBuilder::setGradientOfOneInput
  bool Static = false;                       // JvpBuilder::setStatic
};
BuiltJvp buildJvp(clang::ASTContext &Ctx, const clang::FunctionDecl *Def,
                  const std::vector<const clang::ParmVarDecl *> &Active,
                  const std::string &Name, PushforwardRegistry &Pushforwards,
                  const JvpOptions &Options);

} // namespace adgen
