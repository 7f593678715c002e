#include "RecordHooks.h"
#include "QuietParameters.h"
#include "Handles.h"
#include "Types.h"

#include "clang/AST/DeclCXX.h"
#include "clang/AST/DeclTemplate.h"
#include "clang/Basic/SourceManager.h"

using namespace clang;

namespace adgen {

namespace {

// `template <class T, int N>` and `Vec<T, N>` for a class template.
void templateHeads(const ClassTemplateDecl *Template, std::string &Head,
                   std::string &Args) {
  Head = "template <";
  Args = "<";
  const TemplateParameterList *Params = Template->getTemplateParameters();
  for (unsigned I = 0; I < Params->size(); ++I) {
    const NamedDecl *P = Params->getParam(I);
    std::string Name = P->getNameAsString();
    if (Name.empty())
      Name = "_P" + std::to_string(I);
    std::string Kind;
    if (const auto *T = dyn_cast<TemplateTypeParmDecl>(P)) {
      Kind = std::string("class") + (T->isParameterPack() ? "..." : "");
    } else if (const auto *N = dyn_cast<NonTypeTemplateParmDecl>(P)) {
      Kind = N->getType().getAsString(P->getASTContext().getPrintingPolicy()) +
             (N->isParameterPack() ? "..." : "");
    } else {
      Kind = "?"; // template template parameters: refused by the caller
    }
    Head += (I ? ", " : "") + Kind + " " + Name;
    Args += (I ? ", " : "") + Name + (P->isParameterPack() ? "..." : "");
  }
  Head += ">\n";
  Args += ">";
}

} // namespace

bool RecordHooks::request(QualType T, std::string &Why) {
  T = T.getNonReferenceType().getCanonicalType();
  switch (shapeOf(T)) {
  case Shape::Array:
  case Shape::Container:
  case Shape::Pointer:
    return request(elementOf(T), Why);
  case Shape::Record:
    if (isStdTuple(T) || isStdPair(T)) { // the runtime handles these itself
      for (const RecordPart &P : recordParts(T))
        if (!request(P.Type, Why))
          return false;
      return true;
    }
    return requestRecord(T->getAsCXXRecordDecl()->getDefinition(), Why);
  default:
    return true;
  }
}

// True if Pattern's namespace already declares `ad_shadow_zero(Type &)`.
static bool hasHooks(const CXXRecordDecl *Pattern, const std::string &Type) {
  ASTContext &Ctx = Pattern->getASTContext();
  PrintingPolicy Policy(Ctx.getLangOpts());
  Policy.SuppressTagKeyword = true;
  Policy.SuppressScope = true;
  for (const NamedDecl *D : Pattern->getDeclContext()->lookup(&Ctx.Idents.get("ad_shadow_zero"))) {
    const FunctionDecl *F = D->getAsFunction();
    if (F && F->getNumParams() == 1 &&
        F->getParamDecl(0)->getType().getNonReferenceType().getAsString(Policy) == Type)
      return true;
  }
  return false;
}

bool RecordHooks::requestRecord(const CXXRecordDecl *RD, std::string &Why) {
  const CXXRecordDecl *Pattern = RD;
  const ClassTemplateDecl *Template = nullptr;
  if (const auto *Spec = dyn_cast<ClassTemplateSpecializationDecl>(RD)) {
    if (Spec->getSpecializationKind() == TSK_ExplicitSpecialization ||
        Spec->getSpecializedTemplateOrPartial().is<ClassTemplatePartialSpecializationDecl *>()) {
      Why = "'" + RD->getNameAsString() + "' is a specialized class template";
      return false;
    }
    Template = Spec->getSpecializedTemplate();
    Pattern = Template->getTemplatedDecl();
  }
  if (!Done.insert(Pattern).second)
    return true;
  for (const FieldDecl *F : recordFields(QualType(RD->getTypeForDecl(), 0)))
    if (!request(F->getType(), Why))
      return false;
  const ASTContext &Ctx = RD->getASTContext();
  const SourceManager &SM = Ctx.getSourceManager();
  if (!Pattern->getDeclContext()->isFileContext() ||
      SM.isInSystemHeader(SM.getExpansionLoc(Pattern->getLocation()))) {
    Why = "'" + RD->getNameAsString() +
          "' is declared inside a function or class, or in a system header";
    return false;
  }
  std::string Head, Args;
  if (Template) {
    templateHeads(Template, Head, Args);
    if (Head.find('?') != std::string::npos) {
      Why = "'" + RD->getNameAsString() + "' has a template template parameter";
      return false;
    }
  }
  std::string Type = Pattern->getNameAsString() + Args;
  if (hasHooks(Pattern, Type)) // an earlier generation stage wrote them
    return true;
  if (isHandleType(QualType(RD->getTypeForDecl(), 0))) {
    Insert(Pattern, Pattern->getBraceRange().getEnd(), handleHooks(RD, Head, Type));
    return true;
  }
  std::string Zero = "", Add = "";
  for (const FieldDecl *F : recordFields(QualType(RD->getTypeForDecl(), 0))) {
    // Pointers (of a view) are not adjoints: left as they are.
    if (shapeOf(F->getType()) == Shape::Inactive || !holdsOwnReals(F->getType()))
      continue;
    std::string Name = F->getNameAsString();
    Zero += "  ::ad::zero(x." + Name + ");\n";
    Add += "  ::ad::add_into(dst." + Name + ", src." + Name + ");\n";
  }
  std::string Text =
      "// ad: " + Type + "'s shadow is a " + Type +
      " holding the adjoints of its reals; the runtime zeroes and adds\n"
      "// shadows of it (in arrays, vectors, ad::zeros_like) with these.\n" +
      Head + quietUnusedParameters("inline void ad_shadow_zero(" + Type + " &x)", Zero) +
      " {\n" + Zero + "}\n" + Head +
      quietUnusedParameters("inline void ad_shadow_add(" + Type + " &dst, const " + Type + " &src)",
                            Add) +
      " {\n" + Add + "}\n";
  Insert(Pattern, Pattern->getBraceRange().getEnd(), Text);
  return true;
}

} // namespace adgen
