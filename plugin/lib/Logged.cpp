#include "Logged.h"
#include "Names.h"
#include "Activity.h"
#include "LibraryRules.h"
#include "Locations.h"
#include "Pullbacks.h"
#include "ad-gen/Attribute.h"

#include "clang/AST/DeclTemplate.h"
#include "clang/AST/ExprCXX.h"
#include "clang/AST/RecursiveASTVisitor.h"
#include "clang/Basic/SourceManager.h"
#include "clang/Lex/Lexer.h"

#include <algorithm>
#include <vector>

using namespace clang;

namespace adgen {

namespace {

struct Edit {
  unsigned Offset;  // in the function's text
  unsigned Removed; // characters replaced
  std::string Text;
};

// Finds the edits in an instantiated (or plain) body; their locations are
// those of the written pattern, whose text is edited.
class EditFinder : public RecursiveASTVisitor<EditFinder> {
public:
  EditFinder(ASTContext &Ctx, const FunctionDecl *Def, SourceLocation Start,
             LoggedVariants &Variants)
      : Ctx(Ctx), SM(Ctx.getSourceManager()), Points(Def), Start(Start),
        Variants(Variants) {
    for (const ParmVarDecl *P : Def->parameters())
      if (P->getType()->isPointerType() || P->getType()->isReferenceType())
        Params.push_back(P);
  }

  std::vector<Edit> Edits;
  std::string Why;

  bool VisitBinaryOperator(BinaryOperator *B) {
    if (B->isAssignmentOp())
      store(B->getLHS(), B);
    return Why.empty();
  }
  bool VisitUnaryOperator(UnaryOperator *U) {
    if (U->isIncrementDecrementOp())
      store(U->getSubExpr(), U);
    return Why.empty();
  }
  bool VisitCXXOperatorCallExpr(CXXOperatorCallExpr *C) {
    if (C->getOperator() == OO_Equal && C->getNumArgs() == 2)
      store(C->getArg(0), C);
    return Why.empty();
  }
  bool VisitCallExpr(CallExpr *C) {
    if (isa<CXXOperatorCallExpr>(C))
      return true;
    const FunctionDecl *Callee = C->getDirectCallee();
    if (!Callee)
      return true;
    if (const auto *M = dyn_cast<CXXMemberCallExpr>(C)) {
      if (reachesParameter(Points.location(M->getImplicitObjectArgument())) &&
          !M->getMethodDecl()->isConst())
        Why = "it changes an object it was given through a reference or pointer "
              "(as in '" + text(C) + "')";
      return Why.empty();
    }
    std::vector<const Expr *> Written;
    for (const AlgorithmWrite &W : algorithmWrites(C))
      if (reachesParameter(W.IsPointer ? Points.pointer(W.Target)
                                       : Points.location(W.Target)))
        Written.push_back(W.Target);
    if (algorithmOf(C) != Algorithm::None) {
      if (!Written.empty())
        algorithm(C);
      return Why.empty();
    }
    bool Writes = false;
    for (unsigned I = 0; I < C->getNumArgs() && I < Callee->getNumParams(); ++I)
      if (writesThroughParameter(Callee, Callee->getParamDecl(I)) &&
          reachesParameter(Callee->getParamDecl(I)->getType()->isReferenceType()
                               ? Points.location(C->getArg(I))
                               : Points.pointer(C->getArg(I))))
        Writes = true;
    if (!Writes)
      return true;
    if (Callee->isInStdNamespace()) {
      Why = "it calls '" + Callee->getNameAsString() + "' on what it was given";
      return false;
    }
    std::string Inner = Variants.request(Ctx, Callee, Why);
    if (Inner.empty())
      return false;
    const auto *Ref = dyn_cast<DeclRefExpr>(C->getCallee()->IgnoreParenImpCasts());
    if (!Ref || !fileLoc(Ref->getLocation()) || !fileLoc(C->getRParenLoc())) {
      Why = "a call in it cannot be rewritten";
      return false;
    }
    Edits.push_back({offset(Ref->getLocation()),
                     static_cast<unsigned>(Callee->getName().size()), Inner});
    Edits.push_back({offset(C->getRParenLoc()), 0,
                     C->getNumArgs() ? ", _undo" : "_undo"});
    return true;
  }

private:
  bool fileLoc(SourceLocation L) const { return L.isValid() && L.isFileID(); }
  unsigned offset(SourceLocation L) const {
    return SM.getFileOffset(L) - SM.getFileOffset(Start);
  }
  std::string text(const Expr *E) const {
    return Lexer::getSourceText(CharSourceRange::getTokenRange(E->getSourceRange()), SM,
                                Ctx.getLangOpts())
        .str();
  }
  unsigned endOffset(const Expr *E) const {
    SourceLocation End = Lexer::getLocForEndOfToken(E->getEndLoc(), 0, SM,
                                                    Ctx.getLangOpts());
    return offset(End);
  }
  bool reachesParameter(const Roots &R) const {
    for (const VarDecl *V : R.Vars)
      if (std::find(Params.begin(), Params.end(), V) != Params.end())
        return true;
    return false;
  }

  // `L op= e` through a parameter: `(_undo.save(L), L op= e)`.
  void store(const Expr *L, const Expr *Whole) {
    if (const auto *Ref = dyn_cast<DeclRefExpr>(L->IgnoreParenImpCasts()))
      if (const auto *P = dyn_cast<ParmVarDecl>(Ref->getDecl());
          P && !P->getType()->isReferenceType())
        return; // the pointer parameter itself, the callee's own copy
    if (!reachesParameter(Points.location(L)))
      return;
    if (!fileLoc(Whole->getBeginLoc()) || !fileLoc(Whole->getEndLoc())) {
      Why = "a store in it comes from a macro";
      return;
    }
    if (L->HasSideEffects(Ctx)) {
      Why = "a store in it has side effects in its target ('" + text(L) + "')";
      return;
    }
    Edits.push_back({offset(Whole->getBeginLoc()), 0, "(_undo.save(" + text(L) + "), "});
    Edits.push_back({endOffset(Whole), 0, ")"});
  }

  // std::fill and friends: the range saved before the call.
  void algorithm(const CallExpr *C) {
    std::string Save;
    auto T = [&](unsigned I) { return "(" + text(C->getArg(I)) + ")"; };
    switch (algorithmOf(C)) {
    case Algorithm::Fill:
      Save = "_undo.save_n(" + T(0) + ", " + T(1) + " - " + T(0) + ")";
      break;
    case Algorithm::FillN:
      Save = "_undo.save_n(" + T(0) + ", " + T(1) + ")";
      break;
    case Algorithm::Copy:
      Save = "_undo.save_n(" + T(2) + ", " + T(1) + " - " + T(0) + ")";
      break;
    case Algorithm::CopyN:
      Save = "_undo.save_n(" + T(2) + ", " + T(1) + ")";
      break;
    case Algorithm::Swap:
      Save = "_undo.save(" + T(0) + "), _undo.save(" + T(1) + ")";
      break;
    default:
      return;
    }
    if (!fileLoc(C->getBeginLoc()) || !fileLoc(C->getEndLoc())) {
      Why = "a call in it comes from a macro";
      return;
    }
    Edits.push_back({offset(C->getBeginLoc()), 0, "(" + Save + ", "});
    Edits.push_back({endOffset(C), 0, ")"});
  }

  ASTContext &Ctx;
  const SourceManager &SM;
  PointsTo Points;
  SourceLocation Start;
  LoggedVariants &Variants;
  std::vector<const ParmVarDecl *> Params;
};

} // namespace

std::string LoggedVariants::request(ASTContext &Ctx, const FunctionDecl *Callee,
                                    std::string &Why) {
  const FunctionDecl *Def = Callee->getDefinition();
  if (!Def || !Def->getBody()) {
    Why = "its definition is not visible";
    return "";
  }
  if (const auto *M = dyn_cast<CXXMethodDecl>(Def); M && !M->isStatic()) {
    Why = "it is a member function";
    return "";
  }
  const FunctionDecl *Pattern = Def->getTemplateInstantiationPattern();
  if (!Pattern)
    Pattern = Def;
  if (auto It = Names.find(Pattern); It != Names.end()) {
    if (It->second.empty())
      Why = Failures[Pattern];
    return It->second;
  }
  const SourceManager &SM = Ctx.getSourceManager();
  const FunctionTemplateDecl *Template = Pattern->getDescribedFunctionTemplate();
  SourceLocation Start = Template ? Template->getBeginLoc() : Pattern->getBeginLoc();
  SourceLocation End = Pattern->getEndLoc();
  if (!Start.isFileID() || !End.isFileID() || SM.isInSystemHeader(Start)) {
    Why = "its definition comes from a macro or a system header";
    return "";
  }
  std::string Name = claimFunctionName(Pattern->getNameAsString() + "_logged", Used);
  Names[Pattern] = Name; // before its body is edited: it may call itself

  EditFinder Finder(Ctx, Def, Start, *this);
  Finder.TraverseStmt(const_cast<Stmt *>(Def->getBody()));
  if (!Finder.Why.empty()) {
    Why = Finder.Why;
    Names[Pattern] = "";
    Failures[Pattern] = Why;
    return "";
  }
  auto Offset = [&](SourceLocation L) { return SM.getFileOffset(L) - SM.getFileOffset(Start); };
  std::vector<Edit> Edits = Finder.Edits;
  // The name, the undo log parameter, internal linkage.
  Edits.push_back({Offset(Pattern->getLocation()),
                   static_cast<unsigned>(Pattern->getName().size()), Name});
  SourceLocation RParen = Pattern->getFunctionTypeLoc().getRParenLoc();
  Edits.push_back({Offset(RParen), 0,
                   Pattern->getNumParams() ? ", ::ad::UndoLog &_undo" : "::ad::UndoLog &_undo"});
  if (Pattern->getStorageClass() != SC_Static)
    Edits.push_back({Offset(Pattern->getBeginLoc()), 0, "static "});
  // The attribute of a marked helper stays a comment.
  for (const FunctionDecl *Redecl : {Pattern})
    for (const auto *A : Redecl->specific_attrs<AnnotateAttr>())
      if (A->getAnnotation() == kAnnotation && A->getRange().getBegin().isFileID()) {
        unsigned From = Offset(A->getRange().getBegin());
        unsigned To = Offset(Lexer::getLocForEndOfToken(A->getRange().getEnd(), 0, SM,
                                                        Ctx.getLangOpts()));
        Edits.push_back({From, To - From, "/* ad::differentiate */"});
      }
  std::string Text =
      Lexer::getSourceText(CharSourceRange::getTokenRange(Start, End), SM,
                           Ctx.getLangOpts())
          .str();
  // Last edits first, so earlier offsets stay right; at one offset, the
  // insertions keep their order.
  std::vector<size_t> Order(Edits.size());
  for (size_t I = 0; I < Order.size(); ++I)
    Order[I] = I;
  std::sort(Order.begin(), Order.end(), [&](size_t A, size_t B) {
    return Edits[A].Offset != Edits[B].Offset ? Edits[A].Offset > Edits[B].Offset : A < B;
  });
  for (size_t I : Order)
    Text.replace(Edits[I].Offset, Edits[I].Removed, Edits[I].Text);
  if (Insert)
    Insert(Pattern, End, "// " + Pattern->getNameAsString() +
                    " as written, saving what it overwrites through its "
                    "parameters (see ad's docs/design.md).\n" +
                    Text + "\n");
  return Name;
}

} // namespace adgen
