// Second derivatives (contract §5) and nested derivatives (§3), made from
// first derivatives the generator already builds — JAX's "linearize, then
// transpose" in source form:
//
//   f_hvp_core   (marked)  f_jvp's statements, the value stored through an
//                          output: f's value and its directional
//                          derivative <grad f(a), t>;
//   f_hvp_core_grad        its gradient, built in the next generation stage
//                          (the core is marked, f_jvp is plain C++): the
//                          shadow of `a` receives H t, that of `t` grad f;
//   f_hvp, f_hessian       calls of f_hvp_core_grad (one per column);
//   f_grad_pullback,       custom rules ([[ad::pullback_of("f_grad")]],
//   f_grad_tangent         tangent_of) that make a call of f_grad inside
//                          another marked function differentiable: its
//                          derivatives are Hessian-vector products. (A call
//                          of f_jvp needs no rule: f_jvp is plain C++.)
//
// All of it is generated only where the file names f_hvp or f_hessian, or
// a marked function calls f_grad or f_jvp, since each needs one more parse.
#pragma once

#include "Jvp.h"

#include "clang/AST/ASTContext.h"
#include "clang/AST/Decl.h"

#include <map>
#include <set>
#include <string>

namespace adgen {

struct SecondOrderText {
  std::string Text;
  std::string Core;       // the marked core's name, "" if none was emitted
  std::string NestedWhy;  // why calls of f_grad cannot be differentiated
  std::string InClass;    // for a member function: its class's part
};

// f_hvp and f_hessian of Def (or declarations that make a call of them an
// error quoting why), given its f_jvp; with Nested, the rules for calls of
// f_grad in other marked functions.
SecondOrderText secondOrderText(clang::ASTContext &Ctx, const clang::FunctionDecl *Def,
                                const clang::AnnotateAttr *Attr, const BuiltJvp &Jvp,
                                bool Wanted, bool Nested, PushforwardRegistry &Pushforwards,
                                RecordHooks &Hooks);

// The comments that open and close the second derivatives generated for
// F after its core (a later stage replaces the region if the core's
// gradient fails).
std::string secondOrderBegin(llvm::StringRef F);
std::string secondOrderEnd(llvm::StringRef F);

} // namespace adgen
