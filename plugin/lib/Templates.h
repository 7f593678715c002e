// Marked function templates (contract §1, §2): `f_grad` is a template with
// f's template parameters, declared right after f, and each instantiation
// the translation unit needs is an explicit specialization of it built from
// f's instantiation like any other gradient:
//
//   template <class T> T rosen_grad(const T *x, int n, T *d_x);
//   template <> inline float rosen_grad<float>(const float *x, int n, float *d_x) {...}
//
// Which instantiations: those that the calls of f_grad deduce (the analysis
// parse, which runs before f_grad exists, keeps each as a call of an unknown
// name with typed arguments) and those of f itself the program uses.
#pragma once

#include "clang/AST/ASTContext.h"
#include "clang/AST/DeclTemplate.h"

#include <string>
#include <vector>

namespace clang {
class Sema;
}

namespace adgen {

class PullbackRegistry;

// `rosen<float>`, for messages.
std::string instantiationName(const clang::FunctionDecl *F);

// The gradient template's declaration, `template <class T> T
// rosen_grad(const T *x, int n, T *d_x)`, its types as the template writes
// them; Instantiation (if any) says which parameters are active and what
// their shadows are.
std::string templatePrototype(clang::ASTContext &Ctx, clang::FunctionTemplateDecl *FT,
                              const clang::FunctionDecl *Instantiation,
                              const clang::AnnotateAttr *Attr, PullbackRegistry &Pullbacks,
                              const std::string &Name);

struct TemplateUse {
  clang::FunctionDecl *Instantiation; // with its body instantiated
  clang::SourceLocation Call;         // a call of f_grad that needs it, or invalid
};

// The instantiations of FT whose gradient GradientName the translation unit
// needs, each instantiated (through S) with its body.
std::vector<TemplateUse> gradientInstantiations(clang::Sema &S,
                                                clang::FunctionTemplateDecl *FT,
                                                llvm::StringRef GradientName);

// The instantiations, with bodies, of Pattern, a member function of a
// class template, in the class's instantiations for floating-point types
// (`Box<double>::energy`).
std::vector<clang::FunctionDecl *> memberInstantiations(clang::Sema &S,
                                                        const clang::CXXMethodDecl *Pattern);

// `template <class T> ` as FT writes it.
std::string templateHeader(const clang::FunctionTemplateDecl *FT,
                           const clang::PrintingPolicy &Policy);

// The prototype of a gradient turned into that of an explicit
// specialization: `template <> inline float rosen_grad<float>(...)`.
std::string asSpecialization(const std::string &Prototype, const std::string &Name,
                             const clang::FunctionDecl *Instantiation,
                             const clang::PrintingPolicy &Policy);

} // namespace adgen
