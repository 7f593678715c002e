// What a storage location is. A location is what an lvalue designates: a
// variable `y`, an element `a[i]`, `v[i]`, `v.at(i)`, `*p`, `p[k]`, `*it`, a
// local reference `r`. Its *roots* are the variables whose storage it may be
// part of: `a[i]` -> {a}, `*p` -> whatever p may point into. A pointer or
// reference parameter is its own root: it stands for the caller's memory.
//
// Pointer-like variables (pointers, local references, std::vector
// iterators) get points-to sets, flow-insensitively, from every value
// assigned to them (`row = &m[i * n]`, `p = q + 1`, `it = v.begin()`,
// `auto &e : v`). A pointer whose origin cannot be followed (returned by a
// user function, read from a struct) has unknown roots; the generator
// refuses to differentiate through it.
#pragma once

#include "clang/AST/Decl.h"
#include "clang/AST/Expr.h"
#include "llvm/ADT/DenseMap.h"
#include "llvm/ADT/SmallPtrSet.h"
#include "llvm/ADT/SmallVector.h"

#include <initializer_list>
#include <vector>

namespace adgen {

struct Roots {
  llvm::SmallVector<const clang::VarDecl *, 2> Vars;
  // The subexpression that could not be followed; null if all are known.
  const clang::Expr *Unknown = nullptr;

  bool known() const { return !Unknown; }
  bool contains(const clang::VarDecl *V) const;
  void add(const Roots &Other);
};

// The operations on pointers that the generator follows, whether built in
// (`*p`, `p[i]`, `p + k`, `++p`) or overloaded by a std::vector iterator.
struct PointerOp {
  enum Kind { None, Deref, Subscript, Offset, Step } K = None;
  const clang::Expr *Pointer = nullptr; // the pointer operand
  const clang::Expr *Index = nullptr;   // Subscript: the index; Offset: the offset
  bool Minus = false;                   // Offset: `p - k`; Step: `--`
  bool Prefix = false;                  // Step: `++p` (vs `p++`)
};
PointerOp pointerOp(const clang::Expr *E);

// E without what does not change the location or pointer it designates:
// parentheses, implicit conversions (not array decay), temporaries,
// iterator copies.
const clang::Expr *stripToValue(const clang::Expr *E);
// E without what makes a value a temporary object: cleanups, materialized
// and bound temporaries, functional casts, default member initializers and
// no-op conversions (`P<double>(x, y)` passed by const reference).
const clang::Expr *withoutTemporaries(const clang::Expr *E);

// F is std::Name for one of Names.
bool isStdFunction(const clang::FunctionDecl *F,
                   std::initializer_list<llvm::StringRef> Names);

// `v[i]`, `v.at(i)` on a std::vector or std::array (any element type);
// also `v.front()` and `v.back()`, with Index null (isLastElement tells
// which).
bool containerElement(const clang::Expr *E, const clang::Expr *&Container,
                      const clang::Expr *&Index);
bool isLastElement(const clang::Expr *E);
// The container whose elements `v.data()`, `v.begin()`, `v.end()` (also
// const, c-prefixed) point into, or null; End is set for `end()`.
const clang::Expr *containerOfPointer(const clang::Expr *E, bool *End = nullptr);

// A call of an *accessor*: a member function of the user's returning a
// reference into its own object, whose body is only `return <member,
// element of a member, ...>;` (`T &operator()(int i, int j) { return
// data[i * cols + j]; }`, `double &x() { return v[0]; }`). It designates a
// location of its object, like a member access does: the object expression
// (an lvalue, or a pointer for `p->at(i)`) is returned; null otherwise.
const clang::Expr *accessedObject(const clang::Expr *E);
// A call of a *pointer accessor*: a member function of the user's whose
// body is only `return &<location in *this>;` or returns a pointer member
// (`const T *get_col(int i) const { return &(*this)(0, i); }`): the object
// expression, as for accessedObject; null otherwise.
const clang::Expr *pointerAccessedObject(const clang::Expr *E);

// A local reference bound to an lvalue (`double &r = a[i];`,
// `const auto &obs = data[i]`, a range-for `auto &e`): generated code keeps
// it as a pointer. A const reference to a temporary is a value.
bool isLocalReference(const clang::VarDecl *V);
// Pointers, iterators and local references.
bool isPointerLike(const clang::VarDecl *V);
// The variables a lambda's closure captures (none for other classes).
std::vector<const clang::VarDecl *> capturedVariables(const clang::CXXRecordDecl *Closure);
// A local struct of pointers (Types.h, isViewType): what it may point into
// is tracked like a pointer's.
bool isViewVariable(const clang::VarDecl *V);

// A parameter through which f reaches its caller's memory (a pointer,
// array or reference): what f stores there is f's side effect, which
// f_grad keeps.
bool isExternalRoot(const clang::VarDecl *V);

// The object a non-static member function works on, as the parameter its
// pullback takes first: `self`, a pointer (`const C *self` for a const
// member function), in whose terms `this` is read. Null for other
// functions. One per function and translation unit (resetSelfParameters).
const clang::ParmVarDecl *selfParameter(const clang::FunctionDecl *F);
bool isSelfParameter(const clang::VarDecl *V);
void resetSelfParameters();
// A function's parameters as its pullback takes them: `self` first for a
// member function.
std::vector<const clang::ParmVarDecl *> formalParameters(const clang::FunctionDecl *F);

class PointsTo {
public:
  explicit PointsTo(const clang::FunctionDecl *FD);
  // `self` of a member function (`this` stands for it), or null.
  const clang::ParmVarDecl *self() const { return Self; }

  Roots location(const clang::Expr *LValue) const;
  Roots pointer(const clang::Expr *Pointer) const;
  // What a pointer-like variable or a view may point into (a parameter:
  // itself).
  Roots variable(const clang::VarDecl *V) const;
  // What the pointers held by the view Object designates may point into.
  Roots viewPointees(const clang::Expr *Object) const;

private:
  bool assign(const clang::VarDecl *V, const clang::Expr *Value);
  Roots viewRoots(const clang::Expr *Value) const;
  llvm::DenseMap<const clang::VarDecl *, Roots> Sets;
  const clang::ParmVarDecl *Self = nullptr;
  llvm::SmallPtrSet<const clang::VarDecl *, 8> Captured; // a lambda's
};

} // namespace adgen
