// Generation stages (Stages.h).
#include "Stages.h"
#include "CustomRules.h"
#include "Jacobian.h"
#include "MathRules.h"
#include "Names.h"
#include "SecondOrder.h"

#include "clang/AST/DeclCXX.h"
#include "clang/AST/ExprCXX.h"
#include "clang/AST/RecursiveASTVisitor.h"
#include "clang/Basic/SourceManager.h"
#include "llvm/Support/Path.h"

using namespace clang;

namespace adgen {

namespace {

class PendingCallFinder : public RecursiveASTVisitor<PendingCallFinder> {
public:
  explicit PendingCallFinder(const std::set<std::string> &Marked) : Marked(Marked) {}
  std::set<std::string> Found;

  bool VisitRecoveryExpr(RecoveryExpr *E) {
    ArrayRef<Expr *> Parts = E->subExpressions();
    if (!Parts.empty())
      check(Parts[0]);
    return true;
  }
  bool VisitUnresolvedLookupExpr(UnresolvedLookupExpr *E) {
    if (E->getNumDecls() == 0)
      check(E);
    return true;
  }

private:
  void check(const Expr *Callee) {
    const auto *Lookup = dyn_cast_or_null<UnresolvedLookupExpr>(Callee);
    if (!Lookup)
      return;
    std::string Name = Lookup->getName().getAsString();
    for (const char *Suffix : {"_grad", "_jvp", "_hvp"}) {
      StringRef N(Name);
      if (N.consume_back(Suffix) && Marked.count(N.str()))
        Found.insert(Name);
    }
  }
  const std::set<std::string> &Marked;
};

class ErrorFinder : public RecursiveASTVisitor<ErrorFinder> {
public:
  bool Found = false;
  bool VisitExpr(Expr *E) {
    Found |= E->containsErrors();
    return !Found;
  }
};


struct GeneratedCode {
  std::set<std::string> FileNames;
  std::map<std::string, std::string> Why;
};

GeneratedCode &generatedCode() {
  static thread_local GeneratedCode Code;
  return Code;
}

bool isWord(char C) { return std::isalnum(static_cast<unsigned char>(C)) || C == '_'; }

bool containsWord(StringRef Text, StringRef Word) {
  for (size_t At = Text.find(Word); At != StringRef::npos; At = Text.find(Word, At + 1)) {
    bool Start = At == 0 || !isWord(Text[At - 1]);
    bool End = At + Word.size() >= Text.size() || !isWord(Text[At + Word.size()]);
    if (Start && End)
      return true;
  }
  return false;
}

std::vector<std::pair<SourceLocation, std::string>> &parseErrors() {
  static thread_local std::vector<std::pair<SourceLocation, std::string>> Errors;
  return Errors;
}

// The errors located in F's body.
std::vector<const std::string *> errorsIn(const FunctionDecl *F) {
  std::vector<const std::string *> Out;
  const Stmt *Body = F->getBody();
  if (!Body)
    return Out;
  const SourceManager &SM = F->getASTContext().getSourceManager();
  SourceLocation Begin = SM.getExpansionLoc(Body->getBeginLoc());
  SourceLocation End = SM.getExpansionLoc(Body->getEndLoc());
  for (const auto &[Loc, Message] : parseErrors()) {
    SourceLocation At = SM.getExpansionLoc(Loc);
    if (SM.getFileID(At) == SM.getFileID(Begin) && !SM.isBeforeInTranslationUnit(At, Begin) &&
        !SM.isBeforeInTranslationUnit(End, At))
      Out.push_back(&Message);
  }
  return Out;
}

// The user's functions F calls directly (with bodies, not the library's).
class CalleeCollector : public RecursiveASTVisitor<CalleeCollector> {
public:
  std::vector<const FunctionDecl *> Callees; // with bodies, the user's
  std::vector<const FunctionDecl *> Declared; // every direct callee
  bool VisitCallExpr(CallExpr *C) {
    if (const FunctionDecl *F = C->getDirectCallee())
      Declared.push_back(F);
    add(C->getDirectCallee());
    return true;
  }
  bool VisitCXXConstructExpr(CXXConstructExpr *C) {
    add(C->getConstructor());
    return true;
  }

private:
  void add(const FunctionDecl *F) {
    if (!F || !F->getDefinition() || !F->getDefinition()->hasBody())
      return;
    const FunctionDecl *D = F->getDefinition();
    const SourceManager &SM = D->getASTContext().getSourceManager();
    // Generated code is complete (f_jvp) or refused when differentiated
    // (generatedCalleeProblem): its errors (a wrapper calling what this
    // stage generates) are no reason to wait.
    PresumedLoc P = SM.getPresumedLoc(SM.getExpansionLoc(D->getLocation()));
    if (P.isValid() && generatedCode().FileNames.count(P.getFilename()))
      return;
    if (!SM.isInSystemHeader(SM.getExpansionLoc(D->getLocation())))
      Callees.push_back(D);
  }
};

} // namespace

void setParseErrors(const std::vector<std::pair<SourceLocation, std::string>> &Errors) {
  parseErrors() = Errors;
}

bool bodyHasErrors(const FunctionDecl *F) {
  const FunctionDecl *D = F->getDefinition();
  if (!D)
    return false;
  ErrorFinder Finder;
  Finder.TraverseStmt(D->getBody());
  return Finder.Found || !errorsIn(D).empty();
}

ReachedErrors errorsReachedFrom(const FunctionDecl *Def, const std::set<std::string> &Marked) {
  ReachedErrors Out;
  std::set<const FunctionDecl *> Seen;
  std::vector<const FunctionDecl *> Work{Def};
  while (!Work.empty() && Seen.size() < 200) {
    const FunctionDecl *F = Work.back();
    Work.pop_back();
    if (!Seen.insert(F).second)
      continue;
    Out.Any |= bodyHasErrors(F);
    for (const std::string *Message : errorsIn(F))
      for (size_t Open = Message->find('\''); Open != std::string::npos;
           Open = Message->find('\'', Open + 1)) {
        size_t Close = Message->find('\'', Open + 1);
        if (Close == std::string::npos)
          break;
        StringRef Name = StringRef(*Message).slice(Open + 1, Close);
        Open = Close;
        if (Name.consume_back("_grad") && Marked.count(Name.str()))
          Out.Gradients.insert(Name.str());
      }
    CalleeCollector Calls;
    Calls.TraverseStmt(const_cast<Stmt *>(F->getBody()));
    Work.insert(Work.end(), Calls.Callees.begin(), Calls.Callees.end());
    // A declared g_grad (the user's prototype) whose body is not there yet.
    for (const FunctionDecl *Callee : Calls.Declared) {
      if (!Callee->getIdentifier() || Callee->getDefinition())
        continue;
      StringRef Name = Callee->getName();
      if (Name.consume_back("_grad") && Marked.count(Name.str()))
        Out.Gradients.insert(Name.str());
    }
  }
  return Out;
}

std::set<std::string> pendingDerivativeCalls(const FunctionDecl *Def,
                                             const std::set<std::string> &Marked) {
  PendingCallFinder Finder(Marked);
  Finder.TraverseStmt(Def->getBody());
  return Finder.Found;
}

bool fileNames(ASTContext &Ctx, const FunctionDecl *Def, const std::string &Name) {
  const SourceManager &SM = Ctx.getSourceManager();
  FileID Own = SM.getFileID(SM.getExpansionLoc(Def->getLocation()));
  for (FileID F : {SM.getMainFileID(), Own})
    if (containsWord(SM.getBufferData(F), Name))
      return true;
  return false;
}

namespace {
class GeneratedFunctions : public RecursiveASTVisitor<GeneratedFunctions> {
public:
  GeneratedFunctions(const SourceManager &SM, const std::set<std::string> &Files)
      : SM(SM), Files(Files) {}
  std::set<std::string> Names;
  bool VisitFunctionDecl(FunctionDecl *F) {
    PresumedLoc P = SM.getPresumedLoc(SM.getExpansionLoc(F->getLocation()));
    if (P.isValid() && Files.count(P.getFilename()) && F->getIdentifier())
      Names.insert(F->getName().str());
    return true;
  }
  // The records of split calls (SplitCalls.cpp) are named like functions.
  bool VisitCXXRecordDecl(CXXRecordDecl *R) {
    PresumedLoc P = SM.getPresumedLoc(SM.getExpansionLoc(R->getLocation()));
    if (P.isValid() && Files.count(P.getFilename()) && R->getIdentifier())
      Names.insert(R->getName().str());
    return true;
  }

private:
  const SourceManager &SM;
  const std::set<std::string> &Files;
};
} // namespace

void setGeneratedCode(ASTContext &Ctx, std::set<std::string> FileNames,
                      std::map<std::string, std::string> Why) {
  std::set<std::string> Taken;
  if (!FileNames.empty()) {
    GeneratedFunctions Finder(Ctx.getSourceManager(), FileNames);
    Finder.TraverseDecl(Ctx.getTranslationUnitDecl());
    Taken = std::move(Finder.Names);
  }
  setTakenFunctionNames(std::move(Taken));
  generatedCode() = {std::move(FileNames), std::move(Why)};
}

std::string generatedCalleeProblem(const FunctionDecl *Callee) {
  if (isRuntimePartial(Callee)) // those with rules do not get here
    return "'ad::d::" + Callee->getNameAsString() + "' is the derivative of " +
           Callee->getNameAsString() + "; its own derivative (a second derivative of " +
           Callee->getNameAsString() + ") is not in ad's table";
  if (isRuntimeFunction(Callee))
    return "'" + Callee->getQualifiedNameAsString() +
           "' is part of ad's runtime, whose derivative ad does not generate";
  const SourceManager &SM = Callee->getASTContext().getSourceManager();
  PresumedLoc P = SM.getPresumedLoc(SM.getExpansionLoc(Callee->getLocation()));
  std::string Name = Callee->getNameAsString();
  StringRef N(Name);
  if (P.isInvalid() || !generatedCode().FileNames.count(P.getFilename())) {
    if (bodyHasErrors(Callee)) // the user's own errors, or an unknown g_grad
      return "the body of '" + Name + "' did not compile; fix its errors first";
    return "";
  }
  // Forward-mode code is differentiated like the user's (that is f_hvp),
  // unless it calls generated code that is not (a rule for a nested call).
  const auto *Method = dyn_cast<CXXMethodDecl>(Callee);
  bool Lambda = Method && Method->getParent()->isLambda(); // one inside f_jvp
  if (N.ends_with("_jvp") || N.contains("_pushforward") || Lambda) {
    static thread_local std::set<const FunctionDecl *> Visiting;
    const FunctionDecl *Def = Callee->getDefinition();
    if (!Def || !Visiting.insert(Def).second)
      return "";
    CalleeCollector Calls;
    Calls.TraverseStmt(Def->getBody());
    std::string Why;
    for (const FunctionDecl *F : Calls.Declared)
      if (Why.empty() && F->getDefinition() && !findMathRule(F) && !isRuntimeZeros(F))
        if (std::string Inner = generatedCalleeProblem(F->getDefinition()); !Inner.empty())
          Why = "'" + Name + "' calls '" + F->getNameAsString() + "': " + Inner;
    Visiting.erase(Def);
    return Why;
  }
  if (StringRef Base = N; Base.consume_back("_grad")) {
    auto It = generatedCode().Why.find(Base.str());
    return "differentiating this call of '" + Name + "' needs second derivatives of '" +
           Base.str() + "'" + (It != generatedCode().Why.end() ? ", and " + It->second : "");
  }
  return "'" + Name + "' is code ad generated for a derivative; differentiating it would "
         "need third derivatives, which ad does not generate";
}

DiagnosticCapture::DiagnosticCapture(DiagnosticsEngine &Diags)
    : Diags(Diags), Previous(Diags.getClient()) {
  if (Diags.ownsClient())
    Owned = Diags.takeClient();
  Diags.setClient(this, /*ShouldOwnClient=*/false);
}

DiagnosticCapture::~DiagnosticCapture() {
  Diags.setClient(Previous, /*ShouldOwnClient=*/Owned != nullptr);
  Owned.release(); // owned by Diags again
}

void DiagnosticCapture::HandleDiagnostic(DiagnosticsEngine::Level Level, const Diagnostic &Info) {
  if (Level < DiagnosticsEngine::Error || !First.empty())
    return;
  llvm::SmallString<128> Message;
  Info.FormatDiagnostic(Message);
  First = Message.str().str();
  if (Info.hasSourceManager() && Info.getLocation().isValid()) {
    const SourceManager &SM = Info.getSourceManager();
    PresumedLoc P = SM.getPresumedLoc(SM.getExpansionLoc(Info.getLocation()));
    if (P.isValid())
      First += " (" + llvm::sys::path::filename(P.getFilename()).str() + ":" +
               std::to_string(P.getLine()) + ")";
  }
}

void replaceSecondOrder(Rewriter &R, const FunctionDecl *Core, const std::string &Why) {
  const SourceManager &SM = R.getSourceMgr();
  std::string Name = Core->getNameAsString();
  StringRef Base = StringRef(Name).drop_back(StringRef("_hvp_core").size());
  // f's result type: that of the core's `_value` output.
  unsigned N = Core->getNumParams();
  QualType Result = N >= 2 ? Core->getParamDecl(N - 2)->getType()->getPointeeType() : QualType();
  if (Result.isNull())
    return;
  ASTContext &Ctx = Core->getASTContext();
  bool Static = Core->getStorageClass() == SC_Static || isa<CXXMethodDecl>(Core);
  std::string Stubs;
  for (const char *Suffix : {"_hvp", "_hessian"})
    Stubs += notGeneratedStub(typeText(Ctx, Result), Static, Base.str() + Suffix,
                              "differentiating " + Base.str() + "_jvp fails: " + Why);
  // The regions after the core's declarations: a member's is in its class
  // (declarations, which become the stubs) and after it (definitions).
  std::pair<FileID, unsigned> At = SM.getDecomposedExpansionLoc(
      Core->getCanonicalDecl()->getLocation());
  StringRef Buffer = SM.getBufferData(At.first);
  for (size_t Begin = Buffer.find(secondOrderBegin(Base), At.second); Begin != StringRef::npos;
       Begin = Buffer.find(secondOrderBegin(Base), Begin + 1)) {
    size_t End = Buffer.find(secondOrderEnd(Base), Begin);
    if (End == StringRef::npos)
      return;
    End = Buffer.find('\n', End);
    End = End == StringRef::npos ? Buffer.size() : End + 1;
    SourceLocation Start = SM.getLocForStartOfFile(At.first).getLocWithOffset(Begin);
    R.ReplaceText(Start, End - Begin, Stubs);
    Stubs.clear();
  }
  std::string Qualified = Core->getQualifiedNameAsString();
  forgetCustomRules(StringRef(Qualified).drop_back(StringRef("_hvp_core").size()).str() + "_grad");
}

} // namespace adgen
