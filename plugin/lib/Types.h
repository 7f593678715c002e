// What a C++ type holds, seen by the generator: whether it can carry a
// derivative at all, and which shape its shadow (its adjoint storage) has.
//
// Every active storage location has a shadow of the same shape (see
// Shadow.h): a real has a real, an array an array, a std::vector a
// std::vector of the same size, a pointer a pointer into the shadow of what
// it points to. A type that holds reals in a form the generator does not
// follow (a class) is Unsupported: a value of it that depends on an active
// input is a compile error, never silently inactive.
#pragma once

#include "clang/AST/Decl.h"
#include "clang/AST/Type.h"

#include <string>
#include <vector>

namespace adgen {

// True if a value of type T contains a float, double or long double
// anywhere: itself, the elements of arrays, what pointers and references
// point to, the fields and bases of classes (std::vector<double>,
// std::complex<double>, a struct with a double member).
bool holdsReals(clang::QualType T);
// Forgets what holdsReals learned (types belong to one translation unit).
void resetTypeCache();

enum class Shape {
  Inactive,    // holds no reals: int, bool, std::vector<int>, a struct of ints
  Real,        // float, double, long double
  Array,       // T[N] (also nested) of a Real, Array, Container or Record
  Container,   // std::vector<E> or std::array<E, N>, E a Real, Array, Container or Record
  Pointer,     // T* (also const) or a std::vector iterator, T a Real, Array, Container or Record
  Record,      // a struct or class whose data members are public and of these shapes
  Closure,     // a lambda's closure: its shadow is its pullback (Closures.cpp)
  Complex,     // std::complex<float|double|long double>: a scalar (ComplexRules.cpp)
  Unsupported, // holds reals in another form (a class, a pointer to pointers)
};

// A struct of pointers to reals (ADBench's `WeightOrBias { const T *forget,
// *ingate; ... }`), also nested and in vectors: a view of other storage.
// Its shadow is a view of the shadows (Records.cpp); what its pointers may
// point into is tracked like a pointer's (Locations.h). A class owning
// what its pointer points to is a handle instead (Handles.h).
bool isViewType(clang::QualType T);
bool holdsPointersToReals(clang::QualType T);
bool holdsOwnReals(clang::QualType T);

// Why a type holding reals is Unsupported, in the user's terms, with what
// to write instead (for diagnostics).
std::string unsupportedReason(clang::QualType T);

// std::complex<float>, <double>, <long double> (references looked through).
bool isComplexType(clang::QualType T);

// A lambda's closure type (references looked through).
bool isClosureType(clang::QualType T);

// The shape of a value of type T; references are looked through (a local
// reference is handled like a pointer by the generator, see Shadow.h).
Shape shapeOf(clang::QualType T);

// The elements of an Array, Container or Pointer type (what `a[i]`, `*p`
// designate); null for other shapes.
clang::QualType elementOf(clang::QualType T);

// The data members of a Record (those of its bases first), in order.
std::vector<const clang::FieldDecl *> recordFields(clang::QualType T);

// std::tuple<E...> (any element types), references looked through. A
// tuple of followed shapes is a Record whose parts are its elements,
// designated `std::get<I>(t)`.
bool isStdTuple(clang::QualType T);
bool isStdPair(clang::QualType T);

// One part of a Record's value: a data member (Field), or the element
// Index of a std::tuple.
struct RecordPart {
  clang::QualType Type;
  std::string Field; // empty for a tuple element
  unsigned Index = 0;
};
// A Record's parts, in order: its data members, or its tuple elements.
std::vector<RecordPart> recordParts(clang::QualType T);

// True if every value of T has the same shape: no std::vector anywhere in
// it (a shadow can then be made without a value to copy the shape from).
bool hasFixedShape(clang::QualType T);
// True if `T x{};` compiles: not a class, or a class with a default
// constructor that is not deleted.
bool isDefaultConstructible(clang::QualType T);
// True if value-initializing a T (`T x{};`, `T a[3] = {};`) sets all its
// reals to zero: no constructor of the user's, no default member
// initializers, on the way down.
bool zeroWhenValueInitialized(clang::QualType T);

// std::vector<...> / std::array<...> (any element type), references looked
// through.
bool isStdVector(clang::QualType T);
bool isStdArray(clang::QualType T);
// A std::vector iterator (libstdc++'s __normal_iterator, libc++'s
// __wrap_iter): handled like a pointer to the element type.
bool isVectorIterator(clang::QualType T);

// The element type a template writes for a (dependent) parameter type:
// the pointee of `const T *`, the element of `T[N]`, the first type
// argument of `std::vector<T>`; null if none of these.
clang::QualType writtenElementType(clang::ASTContext &Ctx, clang::QualType Written);

} // namespace adgen
