// Registers [[ad::differentiate]] and [[ad::differentiate("x", ...)]] with
// Clang and checks, at the attribute, everything that can be checked from the
// declaration alone (contract §1). Checks that need the whole translation unit
// (is there a definition?) are made by the generator.
#include "ad-gen/Attribute.h"
#include "Locations.h"
#include "Types.h"

#include "clang/AST/ASTContext.h"
#include "clang/AST/Attr.h"
#include "clang/Basic/DiagnosticSema.h"
#include "clang/Sema/ParsedAttr.h"
#include "clang/Sema/Sema.h"
#include "llvm/ADT/StringSet.h"

using namespace clang;

namespace adgen {

bool isRealType(QualType T) {
  T = T.getCanonicalType().getUnqualifiedType();
  return T->isSpecificBuiltinType(BuiltinType::Float) ||
         T->isSpecificBuiltinType(BuiltinType::Double) ||
         T->isSpecificBuiltinType(BuiltinType::LongDouble);
}

static QualType containerElementType(QualType T) {
  T = T.getNonReferenceType().getCanonicalType();
  const auto *Record = T->getAsCXXRecordDecl();
  if (!Record)
    return QualType();
  const auto *Spec = dyn_cast<ClassTemplateSpecializationDecl>(Record);
  if (!Spec || !Spec->isInStdNamespace())
    return QualType();
  StringRef Name = Spec->getName();
  if (Name != "vector" && Name != "array")
    return QualType();
  const TemplateArgumentList &Args = Spec->getTemplateArgs();
  if (Args.size() < 1 || Args[0].getKind() != TemplateArgument::Type ||
      !isRealType(Args[0].getAsType()))
    return QualType();
  return Args[0].getAsType();
}

bool isRealContainer(QualType T) { return !containerElementType(T).isNull(); }

QualType realElementType(QualType T) {
  T = T.getNonReferenceType();
  if (isRealType(T))
    return T.getUnqualifiedType();
  if (const auto *Ptr = T->getAs<PointerType>())
    T = Ptr->getPointeeType();
  else if (const auto *Arr = T->getAsArrayTypeUnsafe())
    T = Arr->getElementType();
  else
    return containerElementType(T);
  return isRealType(T) ? T.getUnqualifiedType() : QualType();
}

bool isOutputType(QualType T) {
  if (realElementType(T).isNull())
    return false;
  if (const auto *Ref = T->getAs<ReferenceType>())
    return !Ref->getPointeeType().isConstQualified();
  if (const auto *Ptr = T->getAs<PointerType>())
    return !Ptr->getPointeeType().isConstQualified();
  if (const auto *Arr = T->getAsArrayTypeUnsafe())
    return !Arr->getElementType().isConstQualified();
  return false;
}

// A parameter of a template whose type depends on the template's
// parameters (`const T *x`) may hold reals: each instantiation decides.
bool canBeActive(const ParmVarDecl *P) {
  return P->getOriginalType()->isDependentType() ||
         !realElementType(P->getOriginalType()).isNull();
}

// Named in the attribute, a parameter may also be an object holding reals
// (a struct, std::complex, a vector of structs): its shadow is `C *d_c`.
static bool canBeNamedActive(const ParmVarDecl *P) {
  if (canBeActive(P))
    return true;
  QualType T = P->getOriginalType();
  if (T->isPointerType())
    T = T->getPointeeType();
  Shape S = shapeOf(T);
  return S == Shape::Record || S == Shape::Complex ||
         (S == Shape::Container && shapeOf(elementOf(T)) == Shape::Record);
}

const AnnotateAttr *findDifferentiateAttr(const FunctionDecl *FD) {
  for (const FunctionDecl *Redecl : FD->redecls())
    for (const auto *A : Redecl->specific_attrs<AnnotateAttr>())
      if (A->getAnnotation() == kAnnotation)
        return A;
  return nullptr;
}

// "x" or "x[n]": the parameter's name, and the size its elements number.
static StringRef argumentText(const Expr *E) {
  return cast<StringLiteral>(E->IgnoreParenImpCasts())->getString();
}
static StringRef argumentName(const Expr *E) {
  return argumentText(E).split('[').first.trim();
}
static StringRef argumentSize(const Expr *E) {
  StringRef Text = argumentText(E);
  if (!Text.contains('['))
    return "";
  return Text.split('[').second.rsplit(']').first.trim();
}

std::map<const ParmVarDecl *, std::string> parameterSizes(const FunctionDecl *FD,
                                                        const AnnotateAttr *A) {
  std::map<const ParmVarDecl *, std::string> Out;
  for (const Expr *Arg : A->args())
    if (StringRef Size = argumentSize(Arg); !Size.empty())
      for (const ParmVarDecl *P : FD->parameters())
        if (P->getName() == argumentName(Arg))
          Out[P] = Size.str();
  return Out;
}

std::vector<const ParmVarDecl *> activeParameters(const FunctionDecl *FD,
                                                  const AnnotateAttr *A) {
  std::vector<const ParmVarDecl *> Active;
  llvm::StringSet<> Named;
  for (const Expr *Arg : A->args())
    Named.insert(argumentName(Arg));
  // A function returning nothing gives its results through its output
  // parameters: those are active whether named or not.
  bool Void = FD->getReturnType()->isVoidType();
  // "this": the object of a member function, first (contract §1).
  if (Named.contains("this"))
    if (const ParmVarDecl *Self = selfParameter(FD))
      Active.push_back(Self);
  for (const ParmVarDecl *P : FD->parameters()) {
    bool Wanted = Named.empty() ? canBeActive(P) : Named.contains(P->getName());
    if (Wanted || (Void && isOutputType(P->getOriginalType())))
      Active.push_back(P);
  }
  return Active;
}

namespace {

class DifferentiateAttrInfo : public ParsedAttrInfo {
public:
  DifferentiateAttrInfo() {
    OptArgs = 15; // ParsedAttrInfo's limit; a longer list gets Clang's error
    // Clang 19's parser decides whether to parse a C++11 attribute's
    // arguments by the name without its scope, so the unscoped spelling is
    // registered too (and rejected in handleDeclAttribute).
    static constexpr Spelling S[] = {{ParsedAttr::AS_CXX11, "ad::differentiate"},
                                     {ParsedAttr::AS_CXX11, "differentiate"}};
    Spellings = S;
  }

  bool diagAppertainsToDecl(Sema &S, const ParsedAttr &Attr,
                            const Decl *D) const override {
    if (isa<FunctionDecl>(D))
      return true;
    // An error, not Clang's warning: the user expects a derivative.
    error(S, Attr.getLoc(), "'ad::differentiate' applies to functions only; put it on the "
                            "function whose gradient you want");
    return false;
  }

  bool diagAppertainsToStmt(Sema &S, const ParsedAttr &Attr, const Stmt *) const override {
    error(S, Attr.getLoc(), "'ad::differentiate' applies to functions only, not to a "
                            "statement; put it on the function whose gradient you want");
    return false;
  }

  AttrHandling handleDeclAttribute(Sema &S, Decl *D,
                                   const ParsedAttr &Attr) const override {
    auto *FD = cast<FunctionDecl>(D);
    if (!Attr.getScopeName() || Attr.getScopeName()->getName() != "ad") {
      error(S, Attr.getLoc(), "write the attribute as [[ad::differentiate]]");
      return AttributeNotApplied;
    }
    std::vector<Expr *> Args;
    for (unsigned I = 0; I < Attr.getNumArgs(); ++I) {
      auto *E = Attr.isArgExpr(I) ? Attr.getArgAsExpr(I) : nullptr;
      if (!E || !isa<StringLiteral>(E->IgnoreParenImpCasts())) {
        SourceLocation Loc = E ? E->getBeginLoc() : Attr.getLoc();
        error(S, Loc, "argument %0 of 'ad::differentiate' must be a string "
                      "literal naming a parameter, as in "
                      "[[ad::differentiate(\"x\")]]")
            << (I + 1);
        return AttributeNotApplied;
      }
      Args.push_back(E);
    }
    if (!checkNames(S, FD, Attr, Args))
      return AttributeNotApplied;
    // As Clang's own [[clang::annotate]] keeps them (constant expressions):
    // where the attribute cannot be hidden from the compilation (in a
    // macro), code generation emits the annotation and expects that form.
    if (!S.ConstantFoldAttrArgs(Attr, Args))
      return AttributeNotApplied;
    auto *A = AnnotateAttr::Create(S.Context, kAnnotation, Args.data(),
                                   Args.size(), Attr.getRange());
    if (activeParameters(FD, A).empty()) {
      error(S, Attr.getLoc(),
            "'ad::differentiate' on %0, which has no parameter that can be "
            "active; a gradient needs a float, double or long double "
            "parameter (or a pointer, array, std::vector or std::array of "
            "them)")
          << FD;
      return AttributeNotApplied;
    }
    if (!checkResults(S, FD, Attr, A))
      return AttributeNotApplied;
    D->addAttr(A);
    return AttributeApplied;
  }

private:
  template <unsigned N>
  static DiagnosticBuilder error(Sema &S, SourceLocation Loc,
                                 const char (&Message)[N]) {
    DiagnosticsEngine &Diags = S.getDiagnostics();
    return Diags.Report(Loc, Diags.getCustomDiagID(DiagnosticsEngine::Error,
                                                   Message));
  }

  // A result: a real returned value, or an active output parameter (a
  // non-const pointer, array, reference or container of reals) of a void
  // function (contract §1).
  static bool checkResults(Sema &S, const FunctionDecl *FD, const ParsedAttr &Attr,
                           const AnnotateAttr *A) {
    if (isRealType(FD->getReturnType()) || FD->getReturnType()->isDependentType())
      return true;
    if (FD->getReturnType()->isVoidType()) {
      for (const ParmVarDecl *P : activeParameters(FD, A))
        if (isOutputType(P->getOriginalType()) || P->getOriginalType()->isDependentType())
          return true;
      error(S, Attr.getLoc(),
            "'ad::differentiate' on %0, which returns nothing and has no "
            "active output parameter; return a float, double or long double, "
            "or write the results through a non-const pointer, array or "
            "reference parameter that is active")
          << FD;
      return false;
    }
    error(S, Attr.getLoc(), "'ad::differentiate' needs a function returning "
                            "float, double or long double, or void with "
                            "output parameters; %0 returns %1")
        << FD << FD->getReturnType();
    return false;
  }

  // An integer constant, or the name of an integer parameter.
  static bool sizeIsValid(const FunctionDecl *FD, StringRef Size) {
    unsigned long long Value;
    if (!Size.getAsInteger(10, Value))
      return true;
    for (const ParmVarDecl *P : FD->parameters())
      if (P->getName() == Size)
        return P->getType().getNonReferenceType()->isIntegralOrEnumerationType() ||
               P->getType()->isDependentType();
    return false;
  }

  static bool checkNames(Sema &S, const FunctionDecl *FD,
                         const ParsedAttr &Attr, ArrayRef<Expr *> Args) {
    llvm::StringSet<> Seen;
    for (const Expr *E : Args) {
      StringRef Name = argumentName(E);
      const ParmVarDecl *Param = nullptr;
      if (Name == "this") {
        const auto *M = dyn_cast<CXXMethodDecl>(FD);
        if (!M || M->isStatic()) {
          error(S, E->getBeginLoc(), "'this' names the object of a non-static member "
                                     "function; %0 has none")
              << FD;
          return false;
        }
      } else {
        for (const ParmVarDecl *P : FD->parameters())
          if (P->getName() == Name)
            Param = P;
        if (!Param) {
          error(S, E->getBeginLoc(), "'%0' is not a parameter of %1")
              << Name << FD;
          return false;
        }
      }
      StringRef Size = argumentSize(E);
      if (argumentText(E).contains('[') &&
          (Size.empty() || !argumentText(E).rtrim().ends_with("]") ||
           !sizeIsValid(FD, Size) || !Param ||
           !Param->getOriginalType().getNonReferenceType()->isPointerType())) {
        error(S, E->getBeginLoc(),
              "'%0': a size names a pointer parameter and, in brackets, an integer "
              "parameter of %1 or an integer constant, as in \"x[n]\"")
            << argumentText(E) << FD;
        return false;
      }
      if (!Seen.insert(Name).second) {
        error(S, E->getBeginLoc(), "parameter '%0' is named twice") << Name;
        return false;
      }
      if (Param) { // a class template's specialization is instantiated on use
        QualType T = Param->getOriginalType().getNonReferenceType();
        if (T->isPointerType())
          T = T->getPointeeType();
        if (!T->isDependentType())
          (void)S.isCompleteType(E->getBeginLoc(), T);
      }
      if (Param && !canBeNamedActive(Param)) {
        error(S, E->getBeginLoc(),
              "parameter '%0' has type %1, which cannot be active; only "
              "float, double, long double, pointers, arrays, std::vector "
              "and std::array of them, and classes holding them can")
            << Name << Param->getType();
        return false;
      }
    }
    (void)Attr;
    return true;
  }
};

} // namespace

static ParsedAttrInfoRegistry::Add<DifferentiateAttrInfo>
    RegisterAttribute("ad-differentiate", "[[ad::differentiate]]");

} // namespace adgen
