#include "Templates.h"
#include "FunctionBuilder.h"
#include "ad-gen/Attribute.h"

#include "clang/AST/ExprCXX.h"
#include "clang/AST/RecursiveASTVisitor.h"
#include "clang/AST/TemplateBase.h"
#include "clang/Sema/Sema.h"
#include "clang/Sema/TemplateDeduction.h"

#include <set>

using namespace clang;

namespace adgen {

namespace {

// Calls of the not-yet-existing gradient: `rosen_grad(x, 2, d_x)` and
// `rosen_grad<double>(...)` parse as a RecoveryExpr whose first child looks
// the name up and whose other children are the typed arguments.
class GradientCallFinder : public RecursiveASTVisitor<GradientCallFinder> {
public:
  explicit GradientCallFinder(StringRef Name) : Name(Name) {}
  std::vector<RecoveryExpr *> Calls;

  bool VisitRecoveryExpr(RecoveryExpr *E) {
    ArrayRef<Expr *> Parts = E->subExpressions();
    if (Parts.empty())
      return true;
    if (const auto *Lookup = dyn_cast_or_null<UnresolvedLookupExpr>(Parts[0]))
      if (Lookup->getName().getAsString() == Name)
        Calls.push_back(E);
    return true;
  }

private:
  StringRef Name;
};

bool hasDependentArguments(const FunctionDecl *F) {
  const TemplateArgumentList *Args = F->getTemplateSpecializationArgs();
  if (!Args)
    return true;
  for (const TemplateArgument &A : Args->asArray())
    if (A.isDependent())
      return true;
  return false;
}

// The instantiation of FT that `GradientName(args...)` asks for: f's
// parameters come first in f_grad's, so the first arguments deduce f's
// template arguments as a call of f would.
FunctionDecl *deduceFromCall(Sema &S, FunctionTemplateDecl *FT, RecoveryExpr *Call) {
  ArrayRef<Expr *> Parts = Call->subExpressions();
  const auto *Lookup = cast<UnresolvedLookupExpr>(Parts[0]);
  unsigned Count = FT->getTemplatedDecl()->getNumParams();
  if (Parts.size() - 1 < Count)
    return nullptr;
  std::vector<Expr *> Args(Parts.begin() + 1, Parts.begin() + 1 + Count);
  for (const Expr *A : Args)
    if (A->containsErrors() || A->isTypeDependent())
      return nullptr;
  TemplateArgumentListInfo Explicit;
  if (Lookup->hasExplicitTemplateArgs())
    Lookup->copyTemplateArgumentsInto(Explicit);
  sema::TemplateDeductionInfo Info(Call->getBeginLoc());
  FunctionDecl *Instantiation = nullptr;
  Sema::SFINAETrap Trap(S);
  TemplateDeductionResult Result = S.DeduceTemplateArguments(
      FT, Lookup->hasExplicitTemplateArgs() ? &Explicit : nullptr, Args, Instantiation,
      Info, /*PartialOverloading=*/false, /*AggregateDeductionCandidate=*/false,
      QualType(), Expr::Classification(), [](ArrayRef<QualType>) { return false; });
  if (Result != TemplateDeductionResult::Success || Trap.hasErrorOccurred())
    return nullptr;
  return Instantiation;
}

// True if every type among Args is float, double or long double (not
// f<fz::dual> that a test uses to check the gradient, not f<int>).
bool floatingArguments(ArrayRef<TemplateArgument> Args) {
  return llvm::all_of(Args, [](const TemplateArgument &A) {
    return A.getKind() != TemplateArgument::Type || A.getAsType()->isRealFloatingType();
  });
}

// F's definition, instantiated through S if it was not yet (with what it
// calls), or null.
FunctionDecl *instantiatedDefinition(Sema &S, FunctionDecl *F, SourceLocation At) {
  if (!F->isDefined())
    S.InstantiateFunctionDefinition(At.isValid() ? At : F->getLocation(), F,
                                    /*Recursive=*/true, /*DefinitionRequired=*/false,
                                    /*AtEndOfTU=*/true);
  S.PerformPendingInstantiations();
  return const_cast<FunctionDecl *>(F->getDefinition());
}

} // namespace

std::vector<TemplateUse> gradientInstantiations(Sema &S, FunctionTemplateDecl *FT,
                                                StringRef GradientName) {
  std::vector<TemplateUse> Out;
  std::set<const FunctionDecl *> Seen;
  auto Add = [&](FunctionDecl *F, SourceLocation Call) {
    if (!F || hasDependentArguments(F) || !Seen.insert(F->getCanonicalDecl()).second)
      return;
    if (FunctionDecl *Def = instantiatedDefinition(S, F, Call))
      Out.push_back({Def, Call});
  };
  GradientCallFinder Finder(GradientName);
  Finder.TraverseDecl(S.getASTContext().getTranslationUnitDecl());
  for (RecoveryExpr *Call : Finder.Calls)
    Add(deduceFromCall(S, FT, Call), Call->getBeginLoc());
  // f's own instantiations for floating-point types.
  std::vector<FunctionDecl *> Used(FT->specializations().begin(),
                                   FT->specializations().end());
  for (FunctionDecl *F : Used)
    if (const TemplateArgumentList *Args = F->getTemplateSpecializationArgs();
        Args && floatingArguments(Args->asArray()))
      Add(F, SourceLocation());
  return Out;
}

std::vector<FunctionDecl *> memberInstantiations(Sema &S, const CXXMethodDecl *Pattern) {
  std::vector<FunctionDecl *> Out;
  const ClassTemplateDecl *Class = Pattern->getParent()->getDescribedClassTemplate();
  if (!Class)
    return Out;
  const FunctionDecl *Canonical = Pattern->getCanonicalDecl();
  for (ClassTemplateSpecializationDecl *Spec : Class->specializations()) {
    if (!Spec->hasDefinition() || !floatingArguments(Spec->getTemplateArgs().asArray()))
      continue;
    for (CXXMethodDecl *M : Spec->methods()) {
      const FunctionDecl *From = M->getInstantiatedFromMemberFunction();
      if (!From || From->getCanonicalDecl() != Canonical)
        continue;
      if (FunctionDecl *Def = instantiatedDefinition(S, M, SourceLocation()))
        Out.push_back(Def);
    }
  }
  return Out;
}

std::string templateHeader(const FunctionTemplateDecl *FT, const PrintingPolicy &Policy) {
  std::string Out;
  llvm::raw_string_ostream OS(Out);
  FT->getTemplateParameters()->print(OS, FT->getASTContext(), Policy);
  OS.flush();
  while (!Out.empty() && (Out.back() == ' ' || Out.back() == '\n'))
    Out.pop_back();
  return Out + " ";
}

std::string asSpecialization(const std::string &Prototype, const std::string &Name,
                             const FunctionDecl *Instantiation,
                             const PrintingPolicy &Policy) {
  std::string Text = Prototype;
  // A specialization has the storage class of its template.
  for (const char *Prefix : {"static ", "inline "})
    if (Text.rfind(Prefix, 0) == 0)
      Text = Text.substr(std::string(Prefix).size());
  std::string Args;
  llvm::raw_string_ostream OS(Args);
  printTemplateArgumentList(OS, Instantiation->getTemplateSpecializationArgs()->asArray(),
                            Policy);
  OS.flush();
  size_t At = Text.find(" " + Name + "(");
  if (At != std::string::npos)
    Text.insert(At + 1 + Name.size(), Args);
  // Inline: each translation unit that needs it builds it.
  return "template <> inline " + Text;
}

// `rosen<float>`, for messages.
std::string instantiationName(const FunctionDecl *F) {
  std::string Out;
  llvm::raw_string_ostream OS(Out);
  F->getNameForDiagnostic(OS, F->getASTContext().getPrintingPolicy(), /*Qualified=*/false);
  return Out;
}

// The gradient template's declaration, `template <class T> T
// rosen_grad(const T *x, int n, T *d_x)`, its types as the template writes
// them; Instantiation (if any) says which parameters are active and what
// their shadows are.
std::string templatePrototype(ASTContext &Ctx, FunctionTemplateDecl *FT,
                              const FunctionDecl *Instantiation, const AnnotateAttr *Attr,
                              PullbackRegistry &Pullbacks, const std::string &Name) {
  const FunctionDecl *Pattern = FT->getTemplatedDecl();
  const FunctionDecl *Like = Instantiation ? Instantiation : Pattern;
  VarSet Needed;
  FunctionBuilder Builder(Ctx, Like, activeParameters(Like, Attr), Needed, Pullbacks,
                          AdjointKind::Gradient, Name);
  Builder.setSignaturePattern(Pattern);
  Builder.prepareSignature();
  return templateHeader(FT, Ctx.getPrintingPolicy()) + Builder.prototype();
}

} // namespace adgen
