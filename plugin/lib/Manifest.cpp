// The manifest of marked functions (Manifest.h): one JSON object per
// function, its parameters classified by the forms another language can
// pass (a number, an array, a std::vector, ...).
#include "ad-gen/Manifest.h"
#include "ad-gen/Attribute.h"

#include "clang/AST/DeclCXX.h"
#include "clang/AST/DeclTemplate.h"
#include "clang/AST/RecursiveASTVisitor.h"
#include "clang/Basic/SourceManager.h"
#include "llvm/Support/FormatVariadic.h"
#include "llvm/Support/JSON.h"

#include <map>
#include <set>

using namespace clang;

namespace adgen {
namespace {

std::string spelled(ASTContext &Ctx, QualType T) {
  PrintingPolicy Policy(Ctx.getLangOpts());
  Policy.SuppressTagKeyword = true;
  return T.getAsString(Policy);
}

// The name of a std:: class template T instantiates ("vector", "array"),
// or "".
std::string standardTemplateName(QualType T) {
  const auto *Spec = dyn_cast_or_null<ClassTemplateSpecializationDecl>(T->getAsCXXRecordDecl());
  if (!Spec || !Spec->isInStdNamespace())
    return "";
  return Spec->getSpecializedTemplate()->getNameAsString();
}

// A number's type as the machine sees it: aliases resolved (`using real =
// double` is double), an enum as its integer type.
std::string machineType(ASTContext &Ctx, QualType T) {
  T = T.getCanonicalType().getUnqualifiedType();
  if (const auto *Enum = T->getAs<EnumType>())
    T = Enum->getDecl()->getIntegerType();
  return spelled(Ctx, T);
}

// How a parameter's value is passed: form, element type, extent (an array's
// length, or the size the attribute states, "x[n]": the integer or the
// parameter's name).
llvm::json::Object describeParameter(ASTContext &Ctx, const ParmVarDecl *P,
                                     const std::set<const ParmVarDecl *> &Active,
                                     const std::map<const ParmVarDecl *, std::string> &Sizes) {
  QualType Declared = P->getType(); // arrays are already pointers here
  QualType Original = P->getOriginalType();
  QualType Value = Declared.getNonReferenceType();
  bool IsReference = Declared->isReferenceType();
  std::string Form = "other";
  QualType Element = Value;
  std::optional<uint64_t> Extent;
  bool Writable = !Value.isConstQualified();
  if (const auto *Array = Ctx.getAsConstantArrayType(Original)) {
    Form = "array";
    Element = Array->getElementType();
    Extent = Array->getSize().getZExtValue();
    Writable = !Element.isConstQualified();
  } else if (Value->isPointerType()) {
    Element = Value->getPointeeType();
    Form = Element->isArithmeticType() ? "pointer" : "other";
    Writable = !Element.isConstQualified();
  } else if (Value->isArithmeticType() || Value->isEnumeralType()) {
    Form = IsReference && Writable ? "reference" : "scalar";
  } else if (std::string Std = standardTemplateName(Value); Std == "vector" || Std == "array") {
    const auto *Spec = cast<ClassTemplateSpecializationDecl>(Value->getAsCXXRecordDecl());
    Element = Spec->getTemplateArgs()[0].getAsType();
    if (!Element->isArithmeticType())
      Form = "other";
    else if (Std == "vector")
      Form = "vector";
    else {
      Form = "std_array";
      Extent = Spec->getTemplateArgs()[1].getAsIntegral().getZExtValue();
    }
    Writable = IsReference && !Value.isConstQualified();
  }
  llvm::json::Object Out;
  Out["name"] = P->getNameAsString();
  Out["type"] = spelled(Ctx, Original);
  Out["form"] = Form;
  Out["element"] = machineType(Ctx, Element);
  Out["const"] = !Writable;
  Out["active"] = Active.count(P) > 0;
  Out["output"] = Active.count(P) > 0 && isOutputType(P->getType());
  llvm::json::Value ExtentValue = nullptr;
  if (Extent)
    ExtentValue = *Extent;
  else if (auto It = Sizes.find(P); It != Sizes.end()) {
    uint64_t N;
    if (llvm::StringRef(It->second).getAsInteger(10, N))
      ExtentValue = It->second;
    else
      ExtentValue = N;
  }
  Out["extent"] = std::move(ExtentValue);
  return Out;
}

llvm::json::Object describeFunction(ASTContext &Ctx, const FunctionDecl *FD,
                                    const AnnotateAttr *A) {
  std::vector<const ParmVarDecl *> ActiveList = activeParameters(FD, A);
  std::set<const ParmVarDecl *> Active(ActiveList.begin(), ActiveList.end());
  llvm::json::Object Out;
  Out["name"] = FD->getNameAsString();
  Out["qualified"] = FD->getQualifiedNameAsString();
  Out["grad"] = FD->getQualifiedNameAsString() + "_grad";
  Out["kind"] = FD->getDescribedFunctionTemplate() ? "template"
                : isa<CXXMethodDecl>(FD)            ? "member"
                                                    : "function";
  QualType R = FD->getReturnType();
  Out["return"] = llvm::json::Object{{"type", R->isVoidType() ? "void" : machineType(Ctx, R)},
                                     {"real", isRealType(R)}};
  std::map<const ParmVarDecl *, std::string> Sizes = parameterSizes(FD, A);
  llvm::json::Array Params;
  for (const ParmVarDecl *P : FD->parameters())
    Params.push_back(describeParameter(Ctx, P, Active, Sizes));
  Out["params"] = std::move(Params);
  return Out;
}

class MarkedFunctions : public RecursiveASTVisitor<MarkedFunctions> {
public:
  explicit MarkedFunctions(ASTContext &Ctx) : Ctx(Ctx) {}
  bool shouldVisitTemplateInstantiations() const { return false; }

  bool VisitFunctionDecl(FunctionDecl *FD) {
    if (Ctx.getSourceManager().isInSystemHeader(FD->getLocation()) ||
        !Seen.insert(FD->getCanonicalDecl()).second)
      return true;
    // The attribute may stand on any declaration; the definition, where
    // the translation unit has it, names the parameters.
    const FunctionDecl *Def = FD->getDefinition() ? FD->getDefinition() : FD;
    if (const AnnotateAttr *A = findDifferentiateAttr(Def)) {
      llvm::json::Object Function = describeFunction(Ctx, Def, A);
      Function["defined"] = Def->isThisDeclarationADefinition();
      Functions.push_back(std::move(Function));
    }
    return true;
  }

  llvm::json::Array Functions;

private:
  ASTContext &Ctx;
  std::set<const Decl *> Seen;
};

} // namespace

std::string describeMarkedFunctions(ASTContext &Ctx) {
  MarkedFunctions Visitor(Ctx);
  Visitor.TraverseDecl(Ctx.getTranslationUnitDecl());
  llvm::json::Object Root{{"functions", std::move(Visitor.Functions)}};
  std::string Text;
  llvm::raw_string_ostream OS(Text);
  OS << llvm::formatv("{0:2}", llvm::json::Value(std::move(Root))) << "\n";
  return Text;
}

} // namespace adgen
