// The [[ad::differentiate]] attribute: how a marked function is recognised.
//
// The attribute is registered with Clang's ParsedAttrInfo (Attribute.cpp).
// On a valid use it attaches an AnnotateAttr named kAnnotation whose
// arguments are the parameter names, so later passes only need the AST.
#pragma once

#include <map>
#include <string>

#include "clang/AST/Attr.h"
#include "clang/AST/Decl.h"

#include <vector>

namespace adgen {

inline constexpr const char *kAnnotation = "ad.differentiate";

// The annotation left by a valid [[ad::differentiate]], or null.
const clang::AnnotateAttr *findDifferentiateAttr(const clang::FunctionDecl *FD);

// True for float, double and long double (the types a value can be active in).
bool isRealType(clang::QualType T);

// The floating type a parameter of type T holds: T itself for float, double,
// long double (also by reference), the element type for pointers, arrays,
// std::vector and std::array of them; a null type otherwise.
clang::QualType realElementType(clang::QualType T);

// True for std::vector<R> and std::array<R, N> (also by reference), R real.
bool isRealContainer(clang::QualType T);

// A parameter type through which a function can return results: a
// non-const pointer, array or reference to reals or to a container of them.
bool isOutputType(clang::QualType T);

// True for the parameter types the contract lets be active (§2 table).
bool canBeActive(const clang::ParmVarDecl *P);

// The sizes stated in attribute A ("x[n]": x has n elements), as the text
// of the integer parameter or constant.
std::map<const clang::ParmVarDecl *, std::string>
parameterSizes(const clang::FunctionDecl *FD, const clang::AnnotateAttr *A);

// The active parameters of FD under attribute A, in declaration order.
std::vector<const clang::ParmVarDecl *>
activeParameters(const clang::FunctionDecl *FD, const clang::AnnotateAttr *A);

} // namespace adgen
