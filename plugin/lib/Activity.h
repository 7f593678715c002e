// Activity analysis: which variables carry a derivative. A variable is
// *varied* if some value computed from an active parameter may be stored in
// it (flow-insensitive, to a fixed point, so loops are covered). Integer,
// bool and other non-floating variables are never varied (contract §2).
// Only varied variables get an adjoint, and only active expressions get
// adjoint code.
#pragma once

#include "ExprPrinter.h"

#include "clang/AST/Decl.h"
#include "clang/AST/Expr.h"

#include <vector>

namespace adgen {

class ActivityAnalysis {
public:
  ActivityAnalysis(const clang::FunctionDecl *FD,
                   const std::vector<const clang::ParmVarDecl *> &Active);

  bool isVaried(const clang::VarDecl *V) const { return Varied.count(V); }
  const VarSet &variedVariables() const { return Varied; }
  // E computes a floating value that depends on a varied variable.
  bool isActive(const clang::Expr *E) const;
  // E (of any type: a pointer, an array, a std::vector) reads a varied
  // variable.
  bool dependsOnVaried(const clang::Expr *E) const;

private:
  class Propagator;
  bool markCallOutputs(const clang::CallExpr *C);
  bool markVariable(const clang::VarDecl *V, const clang::Expr *Value);

  VarSet Varied;
};

// The variable an lvalue expression writes into: `y`, `a[i][j]` -> a,
// `*(p + i)` -> p. Null if it is none of these forms.
const clang::VarDecl *assignedVariable(const clang::Expr *LValue);

// `v[i]` or `v.at(i)` on a std::vector or std::array of reals: sets
// Container (the `v`) and Index.
bool isContainerElement(const clang::Expr *E, const clang::Expr *&Container,
                        const clang::Expr *&Index);

// `v.data()` on a std::vector or std::array of reals: the `v`, or null.
const clang::Expr *containerOfData(const clang::Expr *E);

// Floating, or an array or pointer whose elements are floating.
bool holdsReals(clang::QualType T);

} // namespace adgen
