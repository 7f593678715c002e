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

// One active parameter of a dense derivative (f_jacobian, f_hessian, f_hvp).
struct Block {
  const clang::ParmVarDecl *P;
  std::string Name, Size; // Size: "1" for a scalar, "" if not known
  clang::QualType Element;
  bool Scalar, Changes; // a real (by value or reference); f may write it
  bool ByValue;         // a real by value or const reference: tangent by value
  // Generated names: its size, shadow, tangent and saved entry values.
  std::string N, D, T, Entry;
};

// The blocks of f's active parameters; "" or what is missing ("the size of
// 'x': state it ...", "the parameter 'p' of type 'P'"). Without NeedSizes a
// pointer of unknown size is a block with Size "".
std::string blocksOf(clang::ASTContext &Ctx, const clang::FunctionDecl *Def,
                     const std::vector<const clang::ParmVarDecl *> &Active,
                     const std::map<const clang::ParmVarDecl *, std::string> &Sizes,
                     std::vector<Block> &Out, bool NeedSizes);

// Why Callee (made from f) may not be called once per Per ("column"):
// f changes state outside its arguments or a parameter that is not
// active; "" if it may.
std::string repeatedCallProblem(const clang::FunctionDecl *Def,
                                const std::vector<const clang::ParmVarDecl *> &Active,
                                const std::string &Callee, const std::string &Per);

// The type as generated code writes it (canonical, unqualified).
std::string typeText(clang::ASTContext &Ctx, clang::QualType T);

// `f_jacobian`, or its not-generated declaration; JvpFailure is why f_jvp
// was not built ("" if it was). For a member function, its definition
// (qualified), and in MemberDeclaration its declaration for the class.
std::string jacobianText(clang::ASTContext &Ctx, const clang::FunctionDecl *Def,
                         const std::vector<const clang::ParmVarDecl *> &Active,
                         const std::map<const clang::ParmVarDecl *, std::string> &Sizes,
                         const std::string &JvpFailure,
                         std::string *MemberDeclaration = nullptr);

// The same from f's result type (as text) and whether f is static.
std::string notGeneratedStub(const std::string &Result, bool Static, const std::string &Name,
                             const std::string &Why);

// `template <class... A> ad::not_generated<R> Name(A &&...)` whose body
// fails a static_assert with "ad: Name is not generated: Why".
std::string notGeneratedText(clang::ASTContext &Ctx, const clang::FunctionDecl *Def,
                             const std::string &Name, const std::string &Why);

// Everything generated next to f_grad for a marked free function: f_jvp,
// f_jacobian, f_hvp and f_hessian, or for each the declaration that makes
// a call of it the error. Second-order derivatives only if SecondOrder
// (the file names them), with the rules for calls of f_grad in other
// marked functions if Nested.
struct FamilyText {
  std::string Text;
  std::string Core;      // f_hvp's core, marked for the next stage ("": none)
  std::string NestedWhy; // why a call of f_grad cannot be differentiated
  std::string InClass;   // for a member function: what goes in its class
};
FamilyText derivativeFamilyText(clang::ASTContext &Ctx, const clang::FunctionDecl *Def,
                                const clang::AnnotateAttr *Attr,
                                PushforwardRegistry &Pushforwards, RecordHooks &Hooks,
                                bool SecondOrder, bool Nested);

// For a marked member of a class template: f_jvp, f_jacobian, f_hvp and
// f_hessian as static member templates whose call says they are missing.
std::string classTemplateMemberStubs(clang::ASTContext &Ctx, const clang::FunctionDecl *Pattern);

// After an error in the file, f_jvp, f_jacobian, f_hvp and f_hessian are
// only declared (as templates; for a member function, static member
// templates to put in its class), so that calls of them add no error.
std::string familyDeclarations(clang::ASTContext &Ctx, const clang::FunctionDecl *Def);

} // namespace adgen
