// Shadow memory in source form: every active storage location has an
// adjoint of the same shape, and the adjoint of any location the source
// designates is found by the same path through the shadows:
//
//   location in f           its shadow in f_grad
//   y                        _d_y
//   a[i][j]                  _d_a[i][j]
//   v[i], v.at(i)            _d_v[i]               (std::vector _d_v sized like v)
//   *p, p[k], *(p + k)       *_d_p, _d_p[k], ...   (_d_p points where p points, in the shadows)
//   r  (double &r = m[k])    (*_d_r)               (local references become pointers)
//   pointer &m[i * n]        &_d_m[i * n]
//   pointer v.data() + k     _d_v.data() + k
//   pointer v.begin()        _d_v.data()           (iterators' shadows are pointers)
//
// A parameter's shadow is the caller's (`d_x`, contract §2): for a pointer,
// array or container parameter it is a plain pointer to the elements'
// shadows, for a reference a pointer to the referenced value's shadow.
//
// Every rule (assignments, calls, containers, loops; reverse and forward
// mode) asks this unit for shadows, so a new kind of location is added here
// once.
#pragma once

#include "Activity.h"
#include "ExprPrinter.h"
#include "Types.h"

#include "clang/AST/ASTContext.h"

#include <functional>
#include <map>
#include <string>

namespace adgen {

enum class ShadowKind {
  Value,       // `_d_x`: a real, an array or a container of the same shape
  Indirect,    // `d_r`, `_d_r`: a pointer to the shadow (references)
  Pointer,     // `_d_p`: the shadow of a pointer variable, pointing into shadows
  DataPointer, // `d_v`: the elements' shadows of an array, pointer or container parameter
};

struct ShadowVar {
  std::string Name;
  ShadowKind Kind;
};

// `&x` for the text of an lvalue; `p` for `(*p)`, and for `*p` if it is a
// shadow's text (a value's `*it` may be an iterator's).
std::string addressText(const std::string &LValue, bool OfShadow);

// `Object.field`, or `p->field` for an Object written `(*p)` or `*p`.
std::string memberText(const std::string &Object, const std::string &Field);
// The text of a Record's part (Types.h): `Object.field`, `std::get<I>(Object)`.
std::string partText(const std::string &Object, const RecordPart &Part);

class ShadowMemory {
public:
  // Prints an index or offset subexpression (forward or reverse text).
  using PrintFn = std::function<std::string(const clang::Expr *)>;
  // Reports a location whose shadow cannot be followed.
  using ErrorFn = std::function<void(const clang::Expr *, const std::string &What,
                                     const std::string &Hint)>;

  ShadowMemory(clang::ASTContext &Ctx, const ExprPrinter &Printer, ErrorFn Error)
      : Ctx(Ctx), Printer(Printer), Error(std::move(Error)) {}

  void bind(const clang::VarDecl *V, std::string Name, ShadowKind Kind);
  // `this` in a member function's pullback: its `self` parameter.
  void setSelf(const clang::VarDecl *V) { Self = V; }
  const ShadowVar *find(const clang::VarDecl *V) const;
  // The shadow of a pointer variable that moves with it (`p = q + 1` gives
  // `_d_p = _d_q + 1`, `++p` gives `++_d_p`): a local pointer's or iterator's,
  // or a pointer parameter's; null for others.
  const ShadowVar *movingPointer(const clang::VarDecl *V) const;

  // The shadow of the location LValue designates ("" after an error).
  std::string of(const clang::Expr *LValue, const PrintFn &Print);
  // The shadow pointer of a pointer or iterator expression.
  std::string pointer(const clang::Expr *Pointer, const PrintFn &Print);
  // A pointer to the first element's shadow of a container, array or
  // pointer expression (`_d_v.data()`, `d_v`, `_d_a`).
  std::string data(const clang::Expr *Object, const PrintFn &Print);

  // The declared type of V's shadow variable for Kind (const dropped;
  // iterators' shadows are pointers).
  std::string declaration(const clang::VarDecl *V, ShadowKind Kind,
                          const std::string &Name) const;
  clang::QualType type(const clang::VarDecl *V, ShadowKind Kind) const;

  // While set, each variable whose shadow variable is printed is added to
  // *Uses (a shadow pointer restored in the reverse sweep is saved with its
  // pointer, so reading it reads the variable).
  void recordUses(VarSet *Uses) { this->Uses = Uses; }
  // Forward mode reads a statement's tangents before the statement runs:
  // while set, `p++` designates the shadow of p, `++p` that of p + 1 (in
  // reverse mode a step's shadow pointer has stepped already).
  void stepsAhead(bool Ahead) { StepsAhead = Ahead; }

private:
  std::string variable(const clang::VarDecl *V, const clang::Expr *At);
  std::string writable(clang::QualType PointerType, const std::string &Text) const;

  clang::ASTContext &Ctx;
  const ExprPrinter &Printer;
  ErrorFn Error;
  std::map<const clang::VarDecl *, ShadowVar> Vars;
  VarSet *Uses = nullptr;
  const clang::VarDecl *Self = nullptr;
  bool StepsAhead = false;
};

} // namespace adgen
