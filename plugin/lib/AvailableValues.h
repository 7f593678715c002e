// Values a function has already computed into a variable. Rodrigues'
// rotation writes `costheta = std::cos(theta); sintheta = std::sin(theta);`:
// the partial of the second statement is cos(theta), which costheta holds
// where the statement runs. Derivative code reads the variable instead of
// calling cos again (a transcendental call costs as much as the statement
// it belongs to; W9 computed each sine and cosine twice).
//
// The analysis is a forward walk over the function body: after `v = F(a)`
// (or `double v = F(a);`), v holds F(a) until a statement writes v or a
// variable of a. Only variables whose every use is a read, an assignment or
// a step count (no address taken, no reference bound, no lambda capture)
// take part, so only statements that name them can change them. Loops
// forget what their body writes; branches and other statements add
// nothing; a goto anywhere turns the analysis off.
//
// Reverse mode reads the variable where the statement's partials are
// computed, which sees the values from before the statement as the forward
// sweep did: the builder marks the variable as read by the reverse sweep,
// so each of its overwrites is restored (FunctionBuilder's fixed point) --
// except a first definition (`double s; ... s = std::sin(t);` outside
// loops), whose old value nothing reads. So the reverse sweep may also
// read a variable that a *later* statement first defines: at
// `costheta = std::cos(theta)`, whose partial is -sin(theta), sintheta
// still holds the sine the next statement gave it.
#pragma once

#include "clang/AST/ASTContext.h"
#include "clang/AST/Expr.h"
#include "llvm/ADT/DenseMap.h"
#include "llvm/ADT/DenseSet.h"
#include "llvm/ADT/StringRef.h"

#include <string>
#include <vector>

namespace adgen {

class AvailableValues {
public:
  AvailableValues() = default;
  // Analyses the body of Def.
  void analyse(const clang::FunctionDecl *Def, clang::ASTContext &Ctx);

  // A variable holding Function(x) where Call (a one-argument <cmath> call
  // of x) is evaluated, in Call's precision; null if none.
  const clang::VarDecl *holding(const clang::CallExpr *Call, llvm::StringRef Function) const;

  // The variable that Partial (a math rule's partial, `std::cos($0)` or
  // `-std::sin($0)`) of Call may read instead (Negated: `-Name`); null if
  // none. Reverse: where the reverse sweep takes the partial, which may
  // also read a variable that a later statement sets and never restores
  // (AfterCall).
  const clang::VarDecl *replacing(const clang::CallExpr *Call, const char *Partial,
                                  bool &Negated, bool Reverse = false) const;

  // True if Assignment (`v = e`, outside loops) writes a variable declared
  // without a value that nothing named since its declaration: the value it
  // replaces is never read, so the reverse sweep need not restore it.
  bool isFirstDefinition(const clang::Expr *Assignment) const {
    return FirstDefinitions.count(Assignment) > 0;
  }

  struct Entry {
    std::string Function; // the rule's name: "cos"
    const clang::Expr *Argument;
    clang::QualType Type; // the call's parameter type
    const clang::VarDecl *Holder;
  };

private:
  // For each one-argument math call of the body: what the variables held
  // where it ran.
  llvm::DenseMap<const clang::CallExpr *, std::vector<Entry>> AtCall;
  // For each such call outside loops: variables a later statement of its
  // block first defines as a function of the same argument, unchanged in
  // between. The reverse sweep reaches the call's statement after theirs,
  // and a first definition is not restored, so they hold those values.
  llvm::DenseMap<const clang::CallExpr *, std::vector<Entry>> AfterCall;
  llvm::DenseSet<const clang::Expr *> FirstDefinitions;
};

} // namespace adgen
