// Registers [[ad::pullback_of("g")]] and [[ad::tangent_of("g")]] (contract
// §6): custom derivatives. At the attribute only its form is checked (one
// string naming a function, on a function); which `g` it belongs to and
// whether the signature fits needs the whole translation unit and is
// checked by CustomRules.cpp.
#include "CustomRules.h"

#include "clang/AST/ASTContext.h"
#include "clang/AST/Attr.h"
#include "clang/Basic/DiagnosticSema.h"
#include "clang/Sema/ParsedAttr.h"
#include "clang/Sema/Sema.h"

using namespace clang;

namespace adgen {

namespace {

template <const char *Scoped, const char *Bare, const char *Annotation>
class RuleAttrInfo : public ParsedAttrInfo {
public:
  RuleAttrInfo() {
    NumArgs = 1;
    // As for ad::differentiate (Attribute.cpp), the unscoped spelling is
    // registered so that Clang parses the arguments, and then rejected.
    static constexpr Spelling S[] = {{ParsedAttr::AS_CXX11, Scoped},
                                     {ParsedAttr::AS_CXX11, Bare}};
    Spellings = S;
  }

  bool diagAppertainsToDecl(Sema &S, const ParsedAttr &Attr,
                            const Decl *D) const override {
    if (isa<FunctionDecl>(D))
      return true;
    error(S, Attr.getLoc(), "'%0' applies to functions: write it on the function that "
                            "computes the derivative")
        << Scoped;
    return false;
  }

  AttrHandling handleDeclAttribute(Sema &S, Decl *D,
                                   const ParsedAttr &Attr) const override {
    if (!Attr.getScopeName() || Attr.getScopeName()->getName() != "ad") {
      error(S, Attr.getLoc(), "write the attribute as [[%0(\"g\")]]") << Scoped;
      return AttributeNotApplied;
    }
    Expr *E = Attr.getNumArgs() == 1 && Attr.isArgExpr(0) ? Attr.getArgAsExpr(0) : nullptr;
    if (!E || !isa<StringLiteral>(E->IgnoreParenImpCasts())) {
      error(S, E ? E->getBeginLoc() : Attr.getLoc(),
            "the argument of '%0' must be a string literal naming the function whose "
            "derivative this is, as in [[%0(\"g\")]]")
          << Scoped;
      return AttributeNotApplied;
    }
    auto *FD = cast<FunctionDecl>(D);
    if (FD->getDescribedFunctionTemplate() || isa<CXXMethodDecl>(FD)) {
      error(S, Attr.getLoc(), "'%0' on %1: a custom derivative is a function at namespace "
                              "scope, not a template or a member; write one for each type")
          << Scoped << FD;
      return AttributeNotApplied;
    }
    D->addAttr(AnnotateAttr::Create(S.Context, Annotation, &E, 1, Attr.getRange()));
    return AttributeApplied;
  }

private:
  template <unsigned N>
  static DiagnosticBuilder error(Sema &S, SourceLocation Loc, const char (&Message)[N]) {
    DiagnosticsEngine &Diags = S.getDiagnostics();
    return Diags.Report(Loc, Diags.getCustomDiagID(DiagnosticsEngine::Error, Message));
  }
};

constexpr char PullbackScoped[] = "ad::pullback_of", PullbackBare[] = "pullback_of";
constexpr char TangentScoped[] = "ad::tangent_of", TangentBare[] = "tangent_of";
constexpr char PullbackAnnotation[] = "ad.pullback_of", TangentAnnotation[] = "ad.tangent_of";

} // namespace

const char *const kPullbackAnnotation = PullbackAnnotation;
const char *const kTangentAnnotation = TangentAnnotation;

static ParsedAttrInfoRegistry::Add<RuleAttrInfo<PullbackScoped, PullbackBare, PullbackAnnotation>>
    RegisterPullback("ad-pullback-of", "[[ad::pullback_of(\"g\")]]");
static ParsedAttrInfoRegistry::Add<RuleAttrInfo<TangentScoped, TangentBare, TangentAnnotation>>
    RegisterTangent("ad-tangent-of", "[[ad::tangent_of(\"g\")]]");

} // namespace adgen
