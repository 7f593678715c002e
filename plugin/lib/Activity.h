// Activity analysis: which storage carries a derivative. A variable is
// *varied* if some value computed from an active parameter may be stored in
// it (flow-insensitive, to a fixed point, so loops are covered): by an
// assignment, a declaration, a write through a pointer or reference into
// it, a container operation (`v.push_back(x)`), or a call that writes
// through its arguments. A pointer-like variable (pointer, iterator, local
// reference) is varied if it may point into varied storage, and then all
// it may point into is varied too, so that its shadow pointer always has a
// shadow to point into. Integers, bools and anything else holding no reals
// are never varied (contract §2).
#pragma once

#include "ExprPrinter.h"
#include "Locations.h"

#include "clang/AST/Decl.h"
#include "clang/AST/Expr.h"

#include <vector>

namespace adgen {

class ActivityAnalysis {
public:
  // AlsoVaried: variables of an enclosing function a lambda's call
  // operator FD captures that vary there.
  ActivityAnalysis(const clang::FunctionDecl *FD,
                   const std::vector<const clang::ParmVarDecl *> &Active,
                   const VarSet &AlsoVaried = VarSet());

  bool isVaried(const clang::VarDecl *V) const { return Varied.count(V); }
  const VarSet &variedVariables() const { return Varied; }
  // E computes a floating value that depends on a varied variable.
  bool isActive(const clang::Expr *E) const;
  // E (of any type holding reals: a pointer, an array, a std::vector) reads
  // a varied variable.
  bool dependsOnVaried(const clang::Expr *E) const;
  const PointsTo &pointsTo() const { return Points; }

private:
  class Propagator;
  bool markCallOutputs(const clang::CallExpr *C);
  bool markContainerCall(const clang::CXXMemberCallExpr *C);
  bool markVariable(const clang::VarDecl *V, const clang::Expr *Value);
  bool markRoots(const Roots &R);
  bool unifyPointees();

  PointsTo Points;
  VarSet Varied;
  std::vector<const clang::VarDecl *> PointerLike;
};

// The variable an lvalue expression starts from: `y`, `a[i][j]` -> a,
// `*(p + i)` -> p, `v[i]` -> v. Null if it is none of these forms.
// In a member function, `this` (and so `x`, `this->x`) starts from Self
// when given.
const clang::VarDecl *assignedVariable(const clang::Expr *LValue,
                                       const clang::VarDecl *Self = nullptr);

// `v[i]` or `v.at(i)` on a std::vector or std::array of reals: sets
// Container (the `v`) and Index.
bool isContainerElement(const clang::Expr *E, const clang::Expr *&Container,
                        const clang::Expr *&Index);

// `v.data()` on a std::vector or std::array of reals: the `v`, or null.
const clang::Expr *containerOfData(const clang::Expr *E);

// Member functions of std::vector that change its size or replace its
// elements: resize, assign, push_back, emplace_back, pop_back, clear,
// insert, erase, swap.
bool isContainerMutation(const clang::CXXMemberCallExpr *C);

} // namespace adgen
