// Prints user expressions back as C++ source through Clang's own printer
// (Stmt::printPretty), with two changes: variables may be renamed (a hoisted
// local that would clash), and every variable read is recorded, which is how
// the generator learns which values the reverse sweep needs.
#pragma once

#include "clang/AST/ASTContext.h"
#include "clang/AST/Expr.h"
#include "llvm/ADT/DenseMap.h"
#include "llvm/ADT/SmallPtrSet.h"

#include <optional>
#include <string>

namespace adgen {

using VarSet = llvm::SmallPtrSet<const clang::VarDecl *, 16>;

class ExprPrinter {
public:
  explicit ExprPrinter(const clang::ASTContext &Ctx);

  void rename(const clang::VarDecl *V, std::string Name) { Names[V] = Name; }
  // In a member function's pullback, `this` is printed as its `self`
  // parameter (`x` as `self->x`).
  void setSelf(const clang::VarDecl *V) { Self = V; }
  std::string nameOf(const clang::VarDecl *V) const;
  // A local reference kept as a pointer in generated code: its uses print
  // as `(*r)`.
  void pointerize(const clang::VarDecl *V) { Pointerized.insert(V); }
  bool isPointerized(const clang::VarDecl *V) const { return Pointerized.count(V); }

  // Source text of E. Variables it reads are added to *Reads if given.
  // Forward text prints fused calls in their saving form (see fuse()).
  std::string print(const clang::Expr *E, VarSet *Reads = nullptr,
                    bool Forward = false) const;
  // A statement (a lambda's body), with the same renamings.
  std::string printStmt(const clang::Stmt *S) const;
  // print(E) with its subexpression Part printed as Text.
  std::string printReplacing(const clang::Expr *E, const clang::Expr *Part,
                             const std::string &Text, VarSet *Reads) const;
  // Print Call as `Function(args, Tape)` in forward text.
  void fuse(const clang::CallExpr *Call, std::string Function, std::string Tape) {
    Fused[Call] = {std::move(Function), std::move(Tape)};
  }
  // Print Call as `Head(args ShadowArgs)` in forward text: a call in split
  // mode (SplitCalls.cpp); ShadowArgs starts with ", ".
  void splitCall(const clang::CallExpr *Call, std::string Head, std::string ShadowArgs) {
    Split[Call] = {std::move(Head), std::move(ShadowArgs)};
  }
  const std::pair<std::string, std::string> *splitForm(const clang::CallExpr *Call) const {
    auto It = Split.find(Call);
    return It == Split.end() ? nullptr : &It->second;
  }
  // Print E (a subexpression bound to a temporary) as Name, in forward and
  // reverse text alike.
  void substitute(const clang::Expr *E, std::string Name) {
    Substitutes[E] = std::move(Name);
  }
  void forget(const clang::Expr *E) { Substitutes.erase(E); }
  // Print E as Text in reverse-sweep text only (forward text prints E as
  // written): the value a side effect inside an expression left, seen from
  // after the statement (`i++` is `(i - 1)` there; see Effects.cpp).
  // Reads: the variables the text reads (recorded where it is printed).
  void substituteInReverse(const clang::Expr *E, std::string Text, VarSet Reads) {
    ReverseSubstitutes[E] = {std::move(Text), std::move(Reads)};
  }
  void forgetInReverse(const clang::Expr *E) { ReverseSubstitutes.erase(E); }
  const std::pair<std::string, VarSet> *reverseSubstitute(const clang::Expr *E) const {
    auto It = ReverseSubstitutes.find(E);
    return It == ReverseSubstitutes.end() ? nullptr : &It->second;
  }
  const std::string *substitute(const clang::Expr *E) const {
    auto It = Substitutes.find(E);
    return It == Substitutes.end() ? nullptr : &It->second;
  }
  // While set, every expression passed to print() or operand() is added to
  // *Printed: how the generator learns which subexpressions partial
  // derivatives read, to compute them once.
  void recordPrinted(llvm::SmallPtrSet<const clang::Expr *, 16> *Printed) {
    this->Printed = Printed;
  }
  // As print(), parenthesized unless E is a primary expression.
  std::string operand(const clang::Expr *E, VarSet *Reads = nullptr) const;
  std::string type(clang::QualType T, const std::string &Name = "") const;
  // A lambda's closure type prints as Alias (a template parameter of a
  // pullback that takes the lambda; Closures.cpp).
  void aliasClosure(const clang::CXXRecordDecl *Closure, std::string Alias) {
    ClosureAliases[Closure] = std::move(Alias);
  }
  // `double w[3] = {0.5, 2.0}` (no `;`), with the user's spelling of
  // literals; constructor calls (`std::pair<int, int> p(i, 2)`) through
  // Clang's declaration printer.
  std::string declaration(const clang::VarDecl *V) const;
  // "[[maybe_unused]] " for a variable the user declared so (Clang's
  // printer leaves the attribute out) or never uses, else "".
  static std::string attributes(const clang::VarDecl *V);
  std::optional<std::pair<std::string, std::string>>
  fusedForm(const clang::CallExpr *Call) const;

  const clang::PrintingPolicy &policy() const { return Policy; }
  // Generated code is placed inside a namespace: names of the global
  // namespace are printed with `::`.
  void setInsideNamespace(bool Inside) { InsideNamespace = Inside; }
  bool insideNamespace() const { return InsideNamespace; }
  const clang::VarDecl *self() const { return Self; }

private:
  const clang::ASTContext &Ctx;
  clang::PrintingPolicy Policy;
  llvm::DenseMap<const clang::VarDecl *, std::string> Names;
  llvm::SmallPtrSet<const clang::VarDecl *, 8> Pointerized;
  llvm::DenseMap<const clang::CXXRecordDecl *, std::string> ClosureAliases;
  bool InsideNamespace = false;
  const clang::VarDecl *Self = nullptr;
  llvm::DenseMap<const clang::CallExpr *, std::pair<std::string, std::string>>
      Fused;
  llvm::DenseMap<const clang::Expr *, std::string> Substitutes;
  llvm::DenseMap<const clang::CallExpr *, std::pair<std::string, std::string>> Split;
  llvm::DenseMap<const clang::Expr *, std::pair<std::string, VarSet>> ReverseSubstitutes;
  llvm::SmallPtrSet<const clang::Expr *, 16> *Printed = nullptr;
};

// An integer constant (`const int n = 3;`): its uses may all be folded into
// types (`double w[n]` is printed `double w[3]`), leaving it unused in
// generated code; it is declared [[maybe_unused]].
bool isIntegerConstant(const clang::VarDecl *V);

// `static ` and/or `inline ` as FD has them, for a generated function
// beside it.
std::string storagePrefix(const clang::FunctionDecl *FD);
// "[[maybe_unused]] static " for a static free function, "[[maybe_unused]] "
// for one in an unnamed namespace, else "": derivatives of a function with
// internal linkage may go unused in its file (-Wunused-function).
std::string internalLinkagePrefix(const clang::FunctionDecl *FD);

// True if E, ignoring parentheses and implicit casts, is a name, literal,
// call, subscript or member access: safe to print without parentheses.
bool isPrimary(const clang::Expr *E);

} // namespace adgen
