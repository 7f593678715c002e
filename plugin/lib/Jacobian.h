// Dense derivatives built from f_jvp and f_grad (Jacobian.cpp), and the
// declaration that stands for a generated function that cannot be built:
// a call of it, and only a call, is an error quoting why.
#pragma once

#include "CodeBlock.h"
#include "Jvp.h"
#include "RecordHooks.h"

#include "clang/AST/ASTContext.h"
#include "clang/AST/Decl.h"

#include <map>
#include <string>
#include <vector>

namespace adgen {

// `f_jacobian`, or its not-generated declaration; JvpFailure is why f_jvp
// was not built ("" if it was).
std::string jacobianText(clang::ASTContext &Ctx, const clang::FunctionDecl *Def,
                         const std::vector<const clang::ParmVarDecl *> &Active,
                         const std::map<const clang::ParmVarDecl *, std::string> &Sizes,
                         const std::string &JvpFailure);

// `template <class... A> ad::not_generated<R> Name(A &&...)` whose body
// fails a static_assert with "ad: Name is not generated: Why".
std::string notGeneratedText(clang::ASTContext &Ctx, const clang::FunctionDecl *Def,
                             const std::string &Name, const std::string &Why);

// Everything generated next to f_grad for a marked free function: f_jvp
// and f_jacobian, or for each the declaration that makes a call of it the
// error; f_hvp and f_hessian likewise, until second derivatives exist.
std::string derivativeFamilyText(clang::ASTContext &Ctx, const clang::FunctionDecl *Def,
                                 const clang::AnnotateAttr *Attr,
                                 PushforwardRegistry &Pushforwards, RecordHooks &Hooks);

// After an error in the file, f_jvp, f_jacobian, f_hvp and f_hessian are
// only declared (as templates), so that calls of them add no error.
std::string familyDeclarations(clang::ASTContext &Ctx, const clang::FunctionDecl *Def);

} // namespace adgen
