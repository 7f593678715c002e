#include "Handles.h"
#include "Types.h"
#include "ad-gen/Attribute.h"

#include "clang/AST/Expr.h"
#include "clang/AST/ExprCXX.h"

#include <functional>

using namespace clang;

namespace adgen {

namespace {

const CXXRecordDecl *definitionOf(QualType T) {
  const CXXRecordDecl *RD = T.getNonReferenceType()->getAsCXXRecordDecl();
  return RD ? RD->getDefinition() : nullptr;
}

// `size() const` returning an integer: how many reals the handle owns.
const CXXMethodDecl *sizeMember(const CXXRecordDecl *RD) {
  for (const CXXMethodDecl *M : RD->methods())
    if (M->getIdentifier() && M->getName() == "size" && M->isConst() && !M->isStatic() &&
        M->getNumParams() == 0 && M->getReturnType()->isIntegerType() &&
        M->getAccess() == AS_public)
      return M;
  return nullptr;
}

// The one member holding reals, if it is a pointer to (non-const) reals.
const FieldDecl *pointerMember(const CXXRecordDecl *RD) {
  const FieldDecl *Found = nullptr;
  for (const CXXBaseSpecifier &Base : RD->bases())
    if (holdsReals(Base.getType()))
      return nullptr;
  for (const FieldDecl *F : RD->fields()) {
    if (!holdsReals(F->getType()))
      continue;
    QualType T = F->getType();
    if (Found || !T->isPointerType() || !isRealType(T->getPointeeType()) ||
        T->getPointeeType().isConstQualified())
      return nullptr;
    Found = F;
  }
  return Found;
}

bool ownsMemory(const CXXRecordDecl *RD) {
  const CXXDestructorDecl *D = RD->getDestructor();
  return RD->hasUserDeclaredCopyConstructor() && D && D->isUserProvided();
}

} // namespace

bool isHandleType(QualType T) {
  const CXXRecordDecl *RD = definitionOf(T);
  if (!RD || RD->isLambda() || RD->isInStdNamespace() || !ownsMemory(RD))
    return false;
  const FieldDecl *F = pointerMember(RD);
  return F && F->getAccess() == AS_public && sizeMember(RD);
}

bool knowsItsSize(QualType T) {
  return isHandleType(T) || isStdVector(T) || isStdArray(T);
}

const FieldDecl *handleStorage(QualType T) {
  return isHandleType(T) ? pointerMember(definitionOf(T)) : nullptr;
}

std::string handleProblem(const CXXRecordDecl *RD) {
  if (!RD || !(RD = RD->getDefinition()))
    return "keep the values in a std::vector";
  std::string Name = "'" + RD->getNameAsString() + "'";
  if (!ownsMemory(RD))
    return Name + " allocates memory but has no " +
           (RD->hasUserDeclaredCopyConstructor() ? "destructor" : "copy constructor") +
           " of its own (ad follows a class that copies and frees what it owns); "
           "keep the values in a std::vector";
  const FieldDecl *F = pointerMember(RD);
  if (!F)
    return Name + " owns memory; ad follows such a class when one pointer member "
                  "(not const) holds all its values; keep them in a std::vector";
  if (F->getAccess() != AS_public)
    return Name + " owns memory through '" + F->getNameAsString() +
           "', which is not public; ad follows a public one";
  if (!sizeMember(RD))
    return Name + " owns memory through '" + F->getNameAsString() +
           "'; give it a public member `int size() const` returning how many values "
           "it holds, and ad follows it";
  return "";
}

bool isReshapingMember(const FunctionDecl *F) {
  const auto *M = dyn_cast_or_null<CXXMethodDecl>(F);
  if (!M || M->isStatic() || isa<CXXConstructorDecl, CXXDestructorDecl>(M) ||
      M->isCopyAssignmentOperator() || M->isMoveAssignmentOperator())
    return false;
  QualType Class(M->getParent()->getTypeForDecl(), 0);
  const FieldDecl *Storage = handleStorage(Class);
  const FunctionDecl *Def = M->getDefinition();
  if (!Storage || !Def || !Def->getBody())
    return false;
  bool Found = false;
  std::function<void(const Stmt *)> Walk = [&](const Stmt *S) {
    if (const auto *B = dyn_cast<BinaryOperator>(S); B && B->getOpcode() == BO_Assign)
      if (const auto *Mem = dyn_cast<MemberExpr>(B->getLHS()->IgnoreParenImpCasts());
          Mem && Mem->getMemberDecl()->getCanonicalDecl() == Storage->getCanonicalDecl() &&
          isa<CXXThisExpr>(Mem->getBase()->IgnoreParenImpCasts()))
        Found = true;
    for (const Stmt *Child : S->children())
      if (Child && !Found)
        Walk(Child);
  };
  Walk(Def->getBody());
  return Found;
}

const Expr *firstValueIn(const FunctionDecl *F) {
  const FunctionDecl *Def = F ? F->getDefinition() : nullptr;
  if (!Def || !Def->getBody())
    return nullptr;
  const Expr *Found = nullptr;
  std::function<void(const Stmt *)> Walk = [&](const Stmt *S) {
    if (const auto *E = dyn_cast<Expr>(S);
        E && !E->isTypeDependent() && isRealType(E->getType().getNonReferenceType()))
      Found = E;
    for (const Stmt *Child : S->children())
      if (Child && !Found)
        Walk(Child);
  };
  Walk(Def->getBody());
  return Found;
}

std::string handleHooks(const CXXRecordDecl *RD, const std::string &Head,
                        const std::string &Type) {
  QualType T(RD->getTypeForDecl(), 0);
  std::string Data = pointerMember(RD)->getNameAsString();
  // The shape: the integer members (dimensions), copied when the storage
  // stays.
  std::string Shape;
  for (const FieldDecl *F : RD->fields()) {
    QualType FT = F->getType();
    if ((FT->isIntegerType() && !FT->isBooleanType()) || FT->isEnumeralType())
      Shape += "  d." + F->getNameAsString() + " = x." + F->getNameAsString() + ";\n";
  }
  return "// ad: " + Type + " owns its reals (" + Data + "[0 .. size())); its shadow is a " +
         Type + "\n// of the same shape holding their adjoints, zeroed, added and reshaped "
         "by these.\n" +
         Head + "inline void ad_shadow_zero(" + Type + " &x) {\n"
         "  auto n = x.size();\n"
         "  for (decltype(n) i = 0; i < n; ++i)\n"
         "    x." + Data + "[i] = 0;\n"
         "}\n" +
         Head + "inline void ad_shadow_add(" + Type + " &dst, const " + Type + " &src) {\n"
         "  auto n = src.size();\n"
         "  for (decltype(n) i = 0; i < n; ++i)\n"
         "    dst." + Data + "[i] += src." + Data + "[i];\n"
         "}\n"
         "// Where x's reals are (the runtime restores values through it).\n" +
         Head + "inline auto *ad_shadow_values(const " + Type + " &x) {\n"
         "  return x." + Data + ";\n"
         "}\n"
         "// After x changed shape: its adjoints stay where its storage stayed (same\n"
         "// size), else they start over as zeros of the new shape.\n" +
         Head + "inline void ad_shadow_resize_like(" + Type + " &d, const " + Type + " &x) {\n"
         "  if (d.size() != x.size()) {\n"
         "    d = x;\n"
         "    ad_shadow_zero(d);\n"
         "    return;\n"
         "  }\n" +
         Shape + "}\n";
}

} // namespace adgen
