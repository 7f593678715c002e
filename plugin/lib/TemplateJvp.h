// f_jvp for marked function templates (TemplateJvp.cpp).
#pragma once

#include "Jvp.h"
#include "RecordHooks.h"

#include "clang/AST/ASTContext.h"
#include "clang/AST/DeclTemplate.h"

#include <string>

namespace clang {
class Sema;
}

namespace adgen {

struct TemplateJvpText {
  std::string Declaration; // "" if no call of f_jvp needs one
  std::string Specializations; // their declarations
  std::string Definitions;
  bool Ok = true; // false: an error was reported at a call
};

// f_jvp of Template (whose definition is Pattern) for each instantiation a
// call of f_jvp deduces; an instantiation forward mode cannot build is an
// error at its call.
TemplateJvpText templateJvp(clang::Sema &S, clang::ASTContext &Ctx,
                            clang::FunctionTemplateDecl *Template,
                            const clang::FunctionDecl *Pattern, const clang::AnnotateAttr *Attr,
                            PushforwardRegistry &Pushforwards, RecordHooks &Hooks);

} // namespace adgen
