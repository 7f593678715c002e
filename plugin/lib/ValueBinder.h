// Computing each value once. Derivative code reads subexpressions of the
// statement it belongs to: the operands of a product, a call's arguments,
// a call's own value (exp, pow). Printed
// again they would be computed again, and a math call costs as much as the
// statement itself. So the builder first generates the derivative code into
// scratch while the printer records what it printed (pass 1); the binder
// then binds the recorded subexpressions that hold a math call to
// temporaries in front of the statement (`double _v0 = std::log(t[i]);`),
// and the statement and its derivative code are printed reading them
// (pass 2).
//
// Values stay bit for bit those of the function: the same operations on the
// same operands. A product is never bound on its own, since the compiler
// may fuse it with the addition it feeds (a * b + c as one fma).
#pragma once

#include "CodeBlock.h"
#include "ExprPrinter.h"
#include "Names.h"

#include "clang/AST/Expr.h"
#include "llvm/ADT/SmallPtrSet.h"

#include <map>
#include <string>
#include <vector>

namespace adgen {

using ExprSet = llvm::SmallPtrSet<const clang::Expr *, 16>;

// A call that is worth computing once: not a container read.
bool containsCall(const clang::Expr *E);
bool isMathCall(const clang::Expr *E);
// Reading a std::vector or std::array of reals: `t[i]`, `t.at(i)`,
// `t.size()`.
bool isContainerRead(const clang::Expr *E);
// A call to the user's code: neither <cmath> nor a container read.
bool isCallToUserCode(const clang::Expr *E);
// S assigns, increments, or calls the user's code (or holds a lambda or a
// statement expression): printing it twice would do that twice.
bool hasSideEffects(const clang::Stmt *S);
// A product or a negation: may be fused into the addition it feeds.
bool mayBeFused(const clang::Expr *E);
// `<float>` for a helper called in place of Call when the argument as
// written has another type than Call computes in (sinf(x) with x double),
// else "".
std::string explicitRealType(const clang::CallExpr *Call,
                             const ExprPrinter &Printer);

class ValueBinder {
public:
  ValueBinder(ExprPrinter &Printer, NameAllocator &Names)
      : Printer(Printer), Names(Names) {}

  // Pass 1: what derivative code printed.
  ExprSet Read;

  // Binds, innermost first, the recorded subexpressions of Root that hold a
  // math call and are evaluated on every path through Root.
  void bind(const clang::Expr *Root, CodeBlock &Out);
  // Undoes the substitutions of bind(), for the next statement.
  void release();

private:
  void visit(const clang::Expr *E, bool Unconditional, CodeBlock &Out);

  ExprPrinter &Printer;
  NameAllocator &Names;
  std::vector<const clang::Expr *> Bound;
};

} // namespace adgen
