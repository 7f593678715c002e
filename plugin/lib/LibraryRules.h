// Standard algorithms on reals whose libstdc++ bodies are not worth
// differentiating (layers of iterator dispatch, memset paths), as a short
// table of rules. Everything else in the standard library with a visible
// body (std::min, std::max, std::clamp, ...) is differentiated like user
// code; see docs/design.md.
//
//   std::fill(first, last, v), std::fill_n(first, n, v)   writes a range
//   std::copy(first, last, out), std::copy_n(first, n, out)
//   std::swap(a, b)                                        two locations
//   std::accumulate(first, last, init)                     a value
//   std::inner_product(first1, last1, first2, init)        a value
//   std::accumulate(first, last, init, op)                 a value, op a lambda
//   std::transform(first, last, out, op)                   writes a range through
//   std::transform(first1, last1, first2, out, op)         a lambda (its pullback)
//   std::clamp(v, lo, hi)       a value; at a bound it follows the bound
//                               (contract §2), which its body would not
//
// std::min_element, std::max_element and friends return positions, which
// Shadow.cpp maps into the shadows.
#pragma once

#include "clang/AST/Expr.h"

#include <vector>

namespace adgen {

enum class Algorithm {
  None, Fill, FillN, Copy, CopyN, Swap, Accumulate, InnerProduct, Clamp, Transform,
  Transform2, AccumulateOp, InnerProductOp
};

// Which rule of the table a call uses (None: not in the table).
Algorithm algorithmOf(const clang::CallExpr *Call);

// A range or location the call writes: Pointer (the first element of a
// range) or Location (swap's operands).
struct AlgorithmWrite {
  const clang::Expr *Target;
  bool IsPointer;
};
std::vector<AlgorithmWrite> algorithmWrites(const clang::CallExpr *Call);

// An operator of a standard class that may store into what holds reals
// (`std::tie(a, b) = ...`); a call of it with active values is refused.
bool writesThroughLibraryOperator(const clang::CallExpr *Call);

// The arguments that hand memory holding reals over as raw bytes (`void *`:
// std::memcpy, std::memset, fread): no rule follows what the callee does
// with them.
std::vector<const clang::Expr *> rawMemoryArguments(const clang::CallExpr *Call);

} // namespace adgen
