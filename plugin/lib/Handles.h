// Classes that own the reals they point to ("owning handles"), like
// ADBench's LightMatrix:
//
//   template <class T> class LightMatrix {
//     LightMatrix(int r, int c) { data_ = new T[r * c]; ... }
//     LightMatrix(const LightMatrix &);          // a deep copy
//     ~LightMatrix() { delete[] data_; }
//     int size() const { return nrows_ * ncols_; }
//     void resize(int r, int c);                 // reallocates data_
//     T &operator()(int i, int j) { return data_[j * nrows_ + i]; }
//     int nrows_, ncols_; T *data_;
//   };
//
// A handle's reals are `data_[0 .. size())`; its shadow is another handle
// of the same shape (made by the class's own copy constructor, then
// zeroed), so `_d_m(i, j)` and `_d_m.data_[k]` are the adjoints of `m(i, j)`
// and `m.data_[k]`. Functions that reallocate (*reshaping* members, like
// `resize`) are not differentiated: they touch no values, and the shadow
// takes the new shape after them (generated `ad_shadow_resize_like`).
#pragma once

#include "clang/AST/Decl.h"
#include "clang/AST/DeclCXX.h"
#include "clang/AST/Type.h"

#include <string>

namespace adgen {

// True if T is a class with a user-written copy constructor and destructor
// whose only member holding reals is one public pointer to reals, and a
// `size() const` member returning an integer (references looked through).
bool isHandleType(clang::QualType T);
// A std::vector, std::array or handle: a copy of it holds all its values,
// so it can be saved and put back whole wherever it is.
bool knowsItsSize(clang::QualType T);
// The pointer member of a handle class, or null.
const clang::FieldDecl *handleStorage(clang::QualType T);
// Why a class allocating reals with new is not a handle, in the user's
// terms ("" if it is one).
std::string handleProblem(const clang::CXXRecordDecl *RD);

// A non-static member function of a handle class that assigns the storage
// pointer (`data_ = new T[n]`): it changes the handle's shape.
bool isReshapingMember(const clang::FunctionDecl *F);
// The first expression of a real type in a reshaping member's body (which
// must not read or write values), or null.
const clang::Expr *firstValueIn(const clang::FunctionDecl *F);

// The text of the runtime hooks for a handle class Type (`LightMatrix<T>`,
// with its template head Head, "" for a class): ad_shadow_zero,
// ad_shadow_add and ad_shadow_resize_like.
std::string handleHooks(const clang::CXXRecordDecl *RD, const std::string &Head,
                        const std::string &Type);

} // namespace adgen
