// Building derivative expressions as text: products and sums of printed
// operands with only the parentheses they need (`s * x`, `-(a + b)`).
#pragma once

#include <cstring>
#include <string>

namespace adgen {

// Operators at parenthesis depth 0, ignoring a leading unary minus.
inline std::string topLevelOperators(const std::string &S) {
  std::string Ops;
  int Depth = 0;
  for (size_t I = 0; I < S.size(); ++I) {
    char C = S[I];
    if (C == '-' && I + 1 < S.size() && S[I + 1] == '>') {
      ++I; // member access through a pointer, `self->x`
      continue;
    }
    if (C == '(' || C == '[')
      ++Depth;
    else if (C == ')' || C == ']')
      --Depth;
    else if (Depth == 0 && I > 0 && std::strchr("+-*/?<>=&|!", C))
      Ops += C;
  }
  return Ops;
}

inline bool isAtomic(const std::string &S) {
  if (S.size() > 1 && S[0] == '-' &&
      S.find_first_not_of("0123456789.", 1) == std::string::npos)
    return true; // a negative number
  return S.empty() || (S[0] != '-' && topLevelOperators(S).empty());
}

// Left operand of `*` or `/`: a product needs no parentheses.
inline std::string asLeftFactor(const std::string &S) {
  return topLevelOperators(S).find_first_not_of("*/") == std::string::npos
             ? S
             : "(" + S + ")";
}

inline std::string asRightFactor(const std::string &S) {
  return isAtomic(S) ? S : "(" + S + ")";
}

inline std::string negate(const std::string &S);

inline std::string times(const std::string &Seed, const std::string &Factor) {
  if (Seed == "1")
    return Factor;
  if (Seed == "-1")
    return negate(Factor);
  if (Factor == "1")
    return Seed;
  if (Factor == "-1")
    return negate(Seed);
  return asLeftFactor(Seed) + " * " + asRightFactor(Factor);
}

inline std::string negate(const std::string &S) {
  if (S.size() > 1 && S[0] == '-' && isAtomic(S.substr(1)))
    return S.substr(1);
  return isAtomic(S) ? "-" + S : "-(" + S + ")";
}


// Sum and difference; "" stands for zero.
inline std::string plus(const std::string &A, const std::string &B) {
  if (A.empty())
    return B;
  if (B.empty())
    return A;
  // a + -b*c is a - b*c (negation is exact, so the value is the same).
  if (B.size() > 1 && B[0] == '-' &&
      topLevelOperators(B).find_first_not_of("*/") == std::string::npos)
    return A + " - " + B.substr(1);
  return A + " + " + B;
}

inline std::string minus(const std::string &A, const std::string &B) {
  if (B.empty())
    return A;
  if (A.empty())
    return negate(B);
  return A + " - " + asLeftFactor(B);
}

} // namespace adgen
