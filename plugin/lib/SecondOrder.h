// Second derivatives (contract §5) and nested derivatives (§3), made from
// first derivatives the generator already builds — JAX's "linearize, then
// transpose" in source form:
//
//   f_hvp_core   (marked)  *value = f_jvp(a, t, tangent): f's value and
//                          its directional derivative <grad f(a), t>;
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
};

// f_hvp and f_hessian of Def (or declarations that make a call of them an
// error quoting why), given its f_jvp; with Nested, the rules for calls of
// f_grad in other marked functions.
SecondOrderText secondOrderText(clang::ASTContext &Ctx, const clang::FunctionDecl *Def,
                                const clang::AnnotateAttr *Attr, const BuiltJvp &Jvp,
                                bool Wanted, bool Nested);

// Calls in Def of derivatives that do not exist yet (`g_grad(...)` before
// g's generated code is parsed) of a function named in Marked: the names
// called, empty if none.
std::set<std::string> pendingDerivativeCalls(const clang::FunctionDecl *Def,
                                             const std::set<std::string> &Marked);

// True if the text of Def's file or of the main file names Name as a word.
bool fileNames(clang::ASTContext &Ctx, const clang::FunctionDecl *Def, const std::string &Name);

// What a later stage knows of the earlier ones' output: the names its
// generated regions are given (#line), and why nested calls of some
// derivatives cannot be differentiated. The functions defined there are
// taken names (Names.h).
void setGeneratedCode(clang::ASTContext &Ctx, std::set<std::string> FileNames,
                      std::map<std::string, std::string> Why);

// "" if a differentiated call of Callee is fine; otherwise why not, when
// Callee is code an earlier stage generated (a gradient without the rules
// above, f_hvp, a rule itself: derivatives of a higher order).
std::string generatedCalleeProblem(const clang::FunctionDecl *Callee);

} // namespace adgen
