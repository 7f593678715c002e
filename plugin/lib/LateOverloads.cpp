// In the one-parse layout the generated definitions come at the end of the
// file, where a name may have overloads it did not have where the user's
// function called it: `g(1)` in f calls g(double), and a g(int) declared
// after f would take the call in generated code that runs f's statements
// again. That would be silently wrong, so such a file is refused (it
// compiles in two parses, where the generated code follows f).
#include "LateOverloads.h"

#include "clang/AST/RecursiveASTVisitor.h"
#include "clang/Basic/SourceManager.h"
#include "clang/Sema/Overload.h"
#include "clang/Sema/Sema.h"

#include <set>

using namespace clang;

namespace adgen {
namespace {

struct Call {
  const CallExpr *Expr;
  const FunctionDecl *Callee;
};

class CallScan : public RecursiveASTVisitor<CallScan> {
public:
  std::vector<Call> Calls;
  bool VisitCallExpr(CallExpr *C) {
    if (const FunctionDecl *F = C->getDirectCallee())
      Calls.push_back({C, F});
    return true;
  }
};

bool sameFunction(const FunctionDecl *A, const FunctionDecl *B) {
  auto Origin = [](const FunctionDecl *F) -> const Decl * {
    if (const FunctionTemplateDecl *T = F->getPrimaryTemplate())
      return T->getCanonicalDecl();
    return F->getCanonicalDecl();
  };
  return Origin(A) == Origin(B);
}

// Whether the call, resolved among every declaration of its callee's name
// visible now, would still call its callee. Without the compiler's
// semantic analysis: only if no other overload exists.
bool resolvesTheSame(Sema *S, const Call &C, DeclContext::lookup_result Found) {
  if (!S || isa<CXXOperatorCallExpr>(C.Expr) || C.Expr->getNumArgs() != C.Callee->getNumParams())
    return false;
  const auto *Ref = dyn_cast<DeclRefExpr>(C.Expr->getCallee()->IgnoreParenImpCasts());
  if (!Ref || Ref->hasExplicitTemplateArgs())
    return false;
  SourceLocation Loc = C.Expr->getBeginLoc();
  OverloadCandidateSet Set(Loc, OverloadCandidateSet::CSK_Normal);
  // The arguments as written: the call's own conversions are to the
  // callee's parameter types.
  std::vector<Expr *> Args;
  for (const Expr *A : C.Expr->arguments())
    Args.push_back(const_cast<Expr *>(A->IgnoreImplicit()));
  Sema::SFINAETrap Trap(*S);
  for (NamedDecl *D : Found) {
    if (auto *T = dyn_cast<FunctionTemplateDecl>(D))
      S->AddTemplateOverloadCandidate(T, DeclAccessPair::make(T, AS_none), nullptr, Args, Set);
    else if (auto *F = dyn_cast<FunctionDecl>(D))
      S->AddOverloadCandidate(F, DeclAccessPair::make(F, AS_none), Args, Set);
  }
  OverloadCandidateSet::iterator Best;
  return Set.BestViableFunction(*S, Loc, Best) == OR_Success && Best->Function &&
         sameFunction(Best->Function, C.Callee) && !Trap.hasErrorOccurred();
}

// A declaration of the callee's name in its scope after Before (the end of
// the calling function) that would take the call, or null.
const NamedDecl *laterOverload(Sema *S, const SourceManager &SM, const Call &C,
                               SourceLocation Before) {
  // A class's members are all declared in the class; the standard
  // library's overloads are not the user's to add.
  const FunctionDecl *Callee = C.Callee;
  if (isa<CXXMethodDecl>(Callee) || SM.isInSystemHeader(Callee->getLocation()))
    return nullptr;
  const DeclContext *Scope = Callee->getDeclContext()->getRedeclContext();
  DeclContext::lookup_result Found = Scope->lookup(Callee->getDeclName());
  const NamedDecl *Later = nullptr;
  for (const NamedDecl *D : Found)
    if (const FunctionDecl *F = D->getAsFunction();
        !(F && sameFunction(F, Callee)) && SM.isBeforeInTranslationUnit(Before, D->getLocation()))
      Later = D;
  if (!Later || resolvesTheSame(S, C, Found))
    return nullptr;
  return Later;
}

} // namespace

std::string overloadDeclaredLater(ASTContext &Ctx, Sema *S,
                                  const std::vector<const FunctionDecl *> &Marked) {
  const SourceManager &SM = Ctx.getSourceManager();
  std::vector<const FunctionDecl *> Work(Marked.begin(), Marked.end());
  std::set<const FunctionDecl *> Seen(Marked.begin(), Marked.end());
  while (!Work.empty()) {
    const FunctionDecl *F = Work.back();
    Work.pop_back();
    const FunctionDecl *Def = F->getDefinition();
    if (!Def || !Def->getBody() || SM.isInSystemHeader(Def->getLocation()))
      continue;
    CallScan Scan;
    Scan.TraverseStmt(Def->getBody());
    for (const Call &C : Scan.Calls) {
      const FunctionDecl *Callee = C.Callee;
      if (const NamedDecl *Later = laterOverload(S, SM, C, Def->getEndLoc()))
        return "'" + Def->getNameAsString() + "' calls '" + Later->getQualifiedNameAsString() +
               "', which has another overload declared after it; the gradients, defined at the "
               "end of the file, would see it";
      if (Seen.insert(Callee).second)
        Work.push_back(Callee);
    }
  }
  return "";
}

} // namespace adgen
