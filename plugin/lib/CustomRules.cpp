#include "CustomRules.h"

#include <algorithm>
#include "Types.h"
#include "ad-gen/Attribute.h"

#include "clang/AST/Attr.h"
#include "clang/AST/RecursiveASTVisitor.h"
#include "llvm/ADT/SmallPtrSet.h"

#include <map>
#include <vector>

using namespace clang;

namespace adgen {

namespace {

// Per translation unit: the canonical declaration of g -> its rules.
thread_local std::map<const FunctionDecl *, const FunctionDecl *> Pullbacks, Tangents;
thread_local std::vector<const AnnotateAttr *> Attributes;

const AnnotateAttr *ruleAttr(const FunctionDecl *F, const char *Annotation) {
  for (const auto *A : F->specific_attrs<AnnotateAttr>())
    if (A->getAnnotation() == Annotation)
      return A;
  return nullptr;
}

StringRef namedFunction(const AnnotateAttr *A) {
  return cast<StringLiteral>((*A->args_begin())->IgnoreParenImpCasts())->getString();
}

class Collector : public RecursiveASTVisitor<Collector> {
public:
  std::vector<const FunctionDecl *> Rules;
  std::vector<const FunctionDecl *> Functions;
  bool shouldVisitTemplateInstantiations() const { return false; }
  bool VisitFunctionDecl(FunctionDecl *F) {
    if (ruleAttr(F, kPullbackAnnotation) || ruleAttr(F, kTangentAnnotation))
      Rules.push_back(F);
    else if (!F->getDescribedFunctionTemplate() && F->isFirstDecl())
      Functions.push_back(F);
    return true;
  }
};

bool sameType(ASTContext &Ctx, QualType A, QualType B) {
  return Ctx.hasSameType(A.getCanonicalType(), B.getCanonicalType());
}

bool namesFunction(const FunctionDecl *F, StringRef Name) {
  Name.consume_front("::");
  if (Name.contains("::"))
    return F->getQualifiedNameAsString() == Name;
  return F->getDeclName().isIdentifier() && F->getName() == Name;
}

// The parameter types a rule of kind K for G must have after G's own.
std::vector<QualType> derivativeParameters(ASTContext &Ctx, const FunctionDecl *G, RuleKind K) {
  std::vector<QualType> Out;
  QualType Result = G->getReturnType();
  if (K == RuleKind::Pullback && isRealType(Result))
    Out.push_back(Result.getCanonicalType().getUnqualifiedType());
  for (const ParmVarDecl *P : G->parameters()) {
    QualType T = K == RuleKind::Pullback ? adjointParameterType(Ctx, P->getType())
                                         : tangentParameterType(Ctx, P->getType());
    if (!T.isNull())
      Out.push_back(T);
  }
  return Out;
}

// What a rule of kind K for G returns: void for a pullback, the result's
// tangent (G's result type, or void) for a tangent rule.
QualType ruleResult(ASTContext &Ctx, const FunctionDecl *G, RuleKind K) {
  if (K == RuleKind::Pullback || !isRealType(G->getReturnType()))
    return Ctx.VoidTy;
  return G->getReturnType().getCanonicalType().getUnqualifiedType();
}

bool fits(ASTContext &Ctx, const FunctionDecl *Rule, const FunctionDecl *G, RuleKind K) {
  unsigned N = G->getNumParams();
  std::vector<QualType> Extra = derivativeParameters(Ctx, G, K);
  if (Rule->getNumParams() != N + Extra.size() ||
      !sameType(Ctx, Rule->getReturnType(), ruleResult(Ctx, G, K)))
    return false;
  for (unsigned I = 0; I < N; ++I)
    if (!sameType(Ctx, Rule->getParamDecl(I)->getType(), G->getParamDecl(I)->getType()))
      return false;
  for (unsigned I = 0; I < Extra.size(); ++I)
    if (!sameType(Ctx, Rule->getParamDecl(N + I)->getType(), Extra[I]))
      return false;
  return true;
}

bool leadingMatch(ASTContext &Ctx, const FunctionDecl *Rule, const FunctionDecl *G) {
  if (Rule->getNumParams() < G->getNumParams())
    return false;
  for (unsigned I = 0; I < G->getNumParams(); ++I)
    if (!sameType(Ctx, Rule->getParamDecl(I)->getType(), G->getParamDecl(I)->getType()))
      return false;
  return true;
}

// `void g_pb(double x, double d_ret, double *d_x)` for g: the signature
// that would fit.
std::string expectedSignature(ASTContext &Ctx, const FunctionDecl *Rule, const FunctionDecl *G,
                              RuleKind K) {
  PrintingPolicy Policy(Ctx.getLangOpts());
  Policy.SuppressTagKeyword = true;
  std::string Out = ruleResult(Ctx, G, K).getAsString(Policy) + " " + Rule->getNameAsString() + "(";
  unsigned I = 0;
  for (const ParmVarDecl *P : G->parameters())
    Out += (I++ ? ", " : "") + P->getType().getAsString(Policy);
  for (QualType T : derivativeParameters(Ctx, G, K))
    Out += (I++ ? ", " : "") + T.getAsString(Policy);
  return Out + ")";
}

void report(ASTContext &Ctx, SourceLocation Loc, const std::string &Message) {
  DiagnosticsEngine &Diags = Ctx.getDiagnostics();
  Diags.Report(Loc, Diags.getCustomDiagID(DiagnosticsEngine::Error, "%0")) << Message;
}

void match(ASTContext &Ctx, const FunctionDecl *Rule, RuleKind K,
           const std::vector<const FunctionDecl *> &Functions) {
  const char *Annotation = K == RuleKind::Pullback ? kPullbackAnnotation : kTangentAnnotation;
  const char *Spelling = K == RuleKind::Pullback ? "ad::pullback_of" : "ad::tangent_of";
  const AnnotateAttr *A = ruleAttr(Rule, Annotation);
  StringRef Name = namedFunction(A);
  std::vector<const FunctionDecl *> Named;
  for (const FunctionDecl *F : Functions)
    if (F != Rule->getFirstDecl() && namesFunction(F, Name))
      Named.push_back(F);
  if (Named.empty()) {
    report(Ctx, A->getLocation(),
           "'" + std::string(Spelling) + "(\"" + Name.str() + "\")' names no function "
           "declared in this translation unit; declare '" + Name.str() + "' before it");
    return;
  }
  auto &Rules = K == RuleKind::Pullback ? Pullbacks : Tangents;
  for (const FunctionDecl *G : Named) {
    QualType Result = G->getReturnType();
    if (!Result->isVoidType() && !isRealType(Result) && holdsReals(Result) &&
        leadingMatch(Ctx, Rule, G)) {
      report(Ctx, A->getLocation(),
             "'" + G->getNameAsString() + "' returns '" + Result.getAsString() +
                 "'; a custom derivative is for a function returning a float, double or "
                 "long double, or void with output parameters");
      return;
    }
    if (!fits(Ctx, Rule, G, K))
      continue;
    auto [It, New] = Rules.insert({G->getCanonicalDecl(), Rule});
    if (!New && It->second->getCanonicalDecl() != Rule->getCanonicalDecl())
      report(Ctx, A->getLocation(),
             "'" + G->getNameAsString() + "' already has a custom " +
                 (K == RuleKind::Pullback ? "pullback" : "tangent") + ", '" +
                 It->second->getNameAsString() + "'; keep one");
    return;
  }
  // The overload the leading parameters pick, else the only one: say what
  // would fit it.
  const FunctionDecl *Closest = Named.size() == 1 ? Named.front() : nullptr;
  for (const FunctionDecl *G : Named)
    if (leadingMatch(Ctx, Rule, G))
      Closest = G;
  std::string Why = Closest ? "for '" + Closest->getNameAsString() + "' it would be " +
                                  expectedSignature(Ctx, Rule, Closest, K)
                            : "its first parameters must repeat those of the '" +
                                  Name.str() + "' it is for";
  report(Ctx, A->getLocation(),
         "the signature of '" + Rule->getNameAsString() + "' does not fit '" + Name.str() +
             "' (contract §6: g's parameters, then " +
             (K == RuleKind::Pullback ? "the adjoint of its real result, then one adjoint "
                                        "pointer per parameter holding reals"
                                      : "one tangent per parameter holding reals, "
                                        "returning the result's tangent") +
             "); " + Why);
}

} // namespace

QualType adjointParameterType(ASTContext &Ctx, QualType T) {
  QualType Bare = T.getNonReferenceType().getCanonicalType();
  if (!holdsReals(Bare))
    return QualType();
  Shape S = shapeOf(Bare);
  if (isRealType(Bare) || S == Shape::Complex || S == Shape::Record)
    return Ctx.getPointerType(Bare.getUnqualifiedType());
  if (S == Shape::Pointer || S == Shape::Array || S == Shape::Container)
    return Ctx.getPointerType(elementOf(Bare).getCanonicalType().getUnqualifiedType());
  return QualType();
}

QualType tangentParameterType(ASTContext &Ctx, QualType T) {
  QualType Bare = T.getNonReferenceType().getCanonicalType();
  bool ConstOrValue = !T->isReferenceType() || Bare.isConstQualified();
  if ((isRealType(Bare) || shapeOf(Bare) == Shape::Complex) && ConstOrValue)
    return Bare.getUnqualifiedType();
  QualType D = adjointParameterType(Ctx, T);
  if (D.isNull())
    return D;
  Shape S = shapeOf(Bare);
  bool ConstInput = (S == Shape::Pointer && elementOf(Bare).isConstQualified()) ||
                    ((S == Shape::Array || S == Shape::Container) && Bare.isConstQualified());
  if (ConstInput)
    return Ctx.getPointerType(D->getPointeeType().withConst());
  return D;
}

std::string ruleCallName(const FunctionDecl *Rule) {
  // Qualified by its named namespaces (generated code may sit in another);
  // anonymous and inline ones are found from their parent.
  std::string Out = Rule->getNameAsString();
  for (const DeclContext *DC = Rule->getDeclContext(); DC; DC = DC->getParent()) {
    const auto *NS = dyn_cast<NamespaceDecl>(DC);
    if (!NS)
      continue;
    if (NS->isAnonymousNamespace() || NS->isInlineNamespace())
      continue;
    Out = NS->getNameAsString() + "::" + Out;
  }
  return Out.find("::") == std::string::npos ? Out : "::" + Out;
}

void collectCustomRules(ASTContext &Ctx) {
  resetCustomRules();
  Collector C;
  C.TraverseDecl(Ctx.getTranslationUnitDecl());
  llvm::SmallPtrSet<const FunctionDecl *, 8> Seen;
  for (const FunctionDecl *Rule : C.Rules) {
    for (const auto *A : Rule->specific_attrs<AnnotateAttr>())
      if (A->getAnnotation() == kPullbackAnnotation || A->getAnnotation() == kTangentAnnotation)
        Attributes.push_back(A);
    if (!Seen.insert(Rule->getCanonicalDecl()).second)
      continue; // the same rule declared again
    if (ruleAttr(Rule, kPullbackAnnotation))
      match(Ctx, Rule, RuleKind::Pullback, C.Functions);
    if (ruleAttr(Rule, kTangentAnnotation))
      match(Ctx, Rule, RuleKind::Tangent, C.Functions);
  }
}

void resetCustomRules() {
  Pullbacks.clear();
  Tangents.clear();
  Attributes.clear();
}

std::vector<const AnnotateAttr *> customRuleAttributes() { return Attributes; }

void forgetCustomRules(const std::string &Name) {
  for (auto *Rules : {&Pullbacks, &Tangents})
    for (auto It = Rules->begin(); It != Rules->end();) {
      if (It->first->getQualifiedNameAsString() != Name) {
        ++It;
        continue;
      }
      for (const auto *A : It->second->specific_attrs<AnnotateAttr>())
        Attributes.erase(std::remove(Attributes.begin(), Attributes.end(), A), Attributes.end());
      It = Rules->erase(It);
    }
}

const FunctionDecl *customRule(const FunctionDecl *F, RuleKind K) {
  if (!F)
    return nullptr;
  auto &Rules = K == RuleKind::Pullback ? Pullbacks : Tangents;
  auto It = Rules.find(F->getCanonicalDecl());
  return It == Rules.end() ? nullptr : It->second;
}

} // namespace adgen
