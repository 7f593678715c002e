// Calls in split mode. A call `g(x)` whose pullback would run g's forward
// sweep again (Pullbacks.h) is instead split in two halves that share a
// record: the caller's forward sweep runs g's forward sweep where g is
// called, keeping its locals, tapes and the records of its own calls in a
// record it pushes; the caller's reverse sweep runs g's reverse sweep on
// the record it pops (runtime/include/ad/records.hpp):
//
//   y = _records_g.push()._forward(x, d_x);
//   ...
//   _records_g.top()._reverse(x, _d_y, d_x);
//   _records_g.pop();
//
// A call outside any loop runs at most once per call of the function that
// makes it: its record is then a plain local `g_record _record_g;` (a
// member, in a record), with `_record_g._forward(x, d_x)` and
// `_record_g._reverse(...)`: no stack, and once the halves are inlined the
// compiler keeps the record's members in registers as it does a
// pullback's locals.
//
// The record is a struct whose members are the pullback's locals under
// their own names, so both halves are the pullback's forward and reverse
// text unchanged. A helper at call depth d then runs once, not d + 1 times
// (Tapenade's split mode; Enzyme's cache). The callee's reverse half
// restores only the values it reads itself; what else the call overwrote
// the caller saves before it, as for any call, if its reverse sweep needs
// it (saveCallOutputs), and restores after the reverse half.
//
// What is split: calls of free functions defined here, returning nothing or
// a real, without lambdas, not recursive, whose value reaches the
// statement's derivative through arithmetic (so its pullback runs exactly
// once per execution, in reverse order), and whose pointer and reference
// arguments point into storage that stays put until the reverse sweep
// (the record holds pointers into it). Other calls keep their pullback.
#include "FunctionBuilder.h"
#include "CustomRules.h"
#include "MathRules.h"
#include "Purity.h"
#include "QuietParameters.h"
#include "Types.h"
#include "ad-gen/Attribute.h"

#include "clang/AST/ExprCXX.h"
#include "clang/AST/RecursiveASTVisitor.h"
#include "clang/Basic/SourceManager.h"

using namespace clang;

namespace adgen {
namespace {

// What split mode needs to know of a callee's body.
class BodyScan : public RecursiveASTVisitor<BodyScan> {
public:
  bool Refused = false; // a lambda, a jump or an exception
  std::vector<const FunctionDecl *> Callees;
  bool VisitLambdaExpr(LambdaExpr *) { return !(Refused = true); }
  bool VisitGotoStmt(GotoStmt *) { return !(Refused = true); }
  bool VisitCXXTryStmt(CXXTryStmt *) { return !(Refused = true); }
  bool VisitCXXThrowExpr(CXXThrowExpr *) { return !(Refused = true); }
  bool VisitVarDecl(VarDecl *V) { // a static local cannot be a member
    Refused |= V->isStaticLocal();
    return !Refused;
  }
  // A loop whose trip count is not a constant: what makes running the body
  // again cost in proportion to the data (`for (i = 0; i < n; ++i)`), where
  // a record's fixed cost (building it, keeping its members in memory)
  // pays. A straight-line helper or one with a loop over 3 coordinates
  // costs less to run again than to keep (W9, bundle adjustment).
  bool DataLoop = false;
  explicit BodyScan(const ASTContext &Ctx) : Ctx(Ctx) {}
  bool VisitWhileStmt(WhileStmt *) { return DataLoop = true; }
  bool VisitDoStmt(DoStmt *) { return DataLoop = true; }
  bool VisitCXXForRangeStmt(CXXForRangeStmt *R) {
    DataLoop |= !R->getRangeInit()->getType()->isConstantArrayType();
    return true;
  }
  bool VisitForStmt(ForStmt *F) {
    const auto *Cond = dyn_cast_or_null<BinaryOperator>(F->getCond());
    DataLoop |= !Cond || !Cond->getRHS()->isIntegerConstantExpr(Ctx);
    return true;
  }
  const ASTContext &Ctx;
  // A transcendental function: what makes running the body again cost
  // more than keeping its values. Helpers of arithmetic only (`out[i] =
  // x[i] - y[i]`, a matrix product) keep their pullback, which computes
  // again what a record would have to store.
  bool Transcendental = false;
  bool VisitCallExpr(CallExpr *C) {
    if (const MathRule *Rule = findMathRule(C->getDirectCallee()))
      Transcendental |= !llvm::is_contained(
          {"abs", "fabs", "fmin", "fmax", "min", "max", "floor", "ceil", "round", "trunc",
           "fma", "copysign"},
          llvm::StringRef(Rule->Name));
    if (const FunctionDecl *F = C->getDirectCallee())
      if (const FunctionDecl *Def = F->getDefinition(); Def && Def->hasBody())
        Callees.push_back(Def);
    return true;
  }
};

GeneratorOptions::SplitCalls &policy() {
  static thread_local GeneratorOptions::SplitCalls Policy = GeneratorOptions::SplitCalls::Auto;
  return Policy;
}
struct Splitting {
  bool Eligible = false; // a call may be split
  bool InLoops = false;  // ... and it pays inside loops too
};
std::map<const FunctionDecl *, Splitting> &splittableKnown() {
  static thread_local std::map<const FunctionDecl *, Splitting> Known;
  return Known;
}

// What F and the functions it calls (defined here) hold, as BodyScan
// finds it: whether F calls To (recursion), computes a transcendental
// function; and To's own scan (Own), when F is To.
struct Reach {
  bool CallsTo = false, Transcendental = false;
  bool Refused = false, DataLoop = false; // To's own body
};
void scanReach(const FunctionDecl *F, const FunctionDecl *To, Reach &R,
               llvm::SmallPtrSet<const FunctionDecl *, 16> &Seen) {
  if (!Seen.insert(F).second)
    return;
  BodyScan Scan(F->getASTContext());
  Scan.TraverseStmt(F->getBody());
  if (F == To) {
    R.Refused = Scan.Refused;
    R.DataLoop = Scan.DataLoop;
  }
  R.Transcendental |= Scan.Transcendental;
  for (const FunctionDecl *Callee : Scan.Callees) {
    R.CallsTo |= Callee == To;
    scanReach(Callee, To, R, Seen);
  }
}

// True if every use of P in Def reads one of its members' values (`w.gamma`):
// nothing can point into it.
bool onlyMembersRead(const FunctionDecl *Def, const ParmVarDecl *P) {
  struct Uses : RecursiveASTVisitor<Uses> {
    const ParmVarDecl *P;
    llvm::SmallPtrSet<const DeclRefExpr *, 8> Read;
    bool Other = false;
    bool VisitImplicitCastExpr(ImplicitCastExpr *C) {
      if (C->getCastKind() == CK_LValueToRValue)
        if (const auto *M = dyn_cast<MemberExpr>(C->getSubExpr()->IgnoreParens()); M && !M->isArrow())
          if (const auto *Ref = dyn_cast<DeclRefExpr>(M->getBase()->IgnoreParenImpCasts()))
            Read.insert(Ref);
      return true;
    }
    bool VisitDeclRefExpr(DeclRefExpr *Ref) {
      Other |= Ref->getDecl() == P && !Read.count(Ref);
      return true;
    }
  } U;
  U.P = P;
  U.TraverseStmt(Def->getBody());
  return !U.Other;
}

// Whether a call of Callee may be split, and whether it pays inside loops.
Splitting splitting(const FunctionDecl *Def) {
  Splitting No;
  const auto *Body = dyn_cast<CompoundStmt>(Def->getBody());
  QualType Result = Def->getReturnType();
  // The standard library's functions have their own rules (LibraryRules).
  const SourceManager &SM = Def->getASTContext().getSourceManager();
  if (Def->isInStdNamespace() || SM.isInSystemHeader(SM.getExpansionLoc(Def->getLocation())))
    return No;
  if (!Body || isa<CXXMethodDecl>(Def) || Def->isVariadic() || Def->isTemplated() ||
      customRule(Def, RuleKind::Pullback) ||
      !(Result->isVoidType() || (isRealType(Result) && !Result->isReferenceType())))
    return No;
  // A helper that changes state outside its arguments keeps its pullback,
  // whose check explains what to change (CallAdjoint.cpp).
  if (!changesOnlyItsArguments(Def))
    return No;
  // Its forward half returns the value at its last statement.
  if (!Result->isVoidType() && (Body->body_empty() || !isa<ReturnStmt>(Body->body_back())))
    return No;
  for (const ParmVarDecl *P : Def->parameters()) {
    if (shapeOf(P->getType()) == Shape::Closure)
      return No;
    // A changed parameter's final value is kept in the record, if a scalar.
    QualType T = P->getType();
    if (movesVariable(Def->getBody(), P) &&
        (T->isReferenceType() || T->isPointerType() || !T->isScalarType()))
      return No;
    // Each half takes its own copy of a parameter passed by value: the
    // record must not keep a pointer into the first (`for (double &e : a)`
    // over a vector `a`).
    if (!T->isReferenceType() && !T->isScalarType() && !onlyMembersRead(Def, P))
      return No;
  }
  Reach R;
  llvm::SmallPtrSet<const FunctionDecl *, 16> Seen;
  scanReach(Def, Def, R, Seen);
  if (R.Refused || R.CallsTo)
    return No;
  // In a loop each call's record is pushed on a stack, with its tapes:
  // worth it for a helper whose own loop over the data makes transcendental
  // calls (`sqsum(3, v)` called in a helper does not make the helper's
  // work grow with the data); W4's arithmetic helper Qtimesx split in its
  // loop made the gradient 1.7 times slower. Outside loops a record is a
  // plain local and always pays: the helper runs once, not again in every
  // pullback above it (W9's rotation: 3.87 -> 2.87 times the hand-written
  // Jacobian).
  return {true, policy() == GeneratorOptions::SplitCalls::Always ||
                    (R.DataLoop && R.Transcendental)};
}

bool splittable(const FunctionDecl *Callee, bool InLoop) {
  if (policy() == GeneratorOptions::SplitCalls::Never)
    return false;
  const FunctionDecl *Def = Callee->getDefinition();
  if (!Def || !Def->hasBody())
    return false;
  std::map<const FunctionDecl *, Splitting> &Known = splittableKnown();
  auto It = Known.find(Def);
  if (It == Known.end())
    It = Known.emplace(Def, splitting(Def)).first;
  return It->second.Eligible && (!InLoop || It->second.InLoops);
}

// The calls in E whose derivative the statement's reverse sweep reaches
// through arithmetic, math functions and the arguments of calls.
void callsOnPath(const Expr *E, std::vector<const CallExpr *> &Out) {
  E = E->IgnoreParens();
  if (const auto *C = dyn_cast<ExprWithCleanups>(E))
    return callsOnPath(C->getSubExpr(), Out);
  if (const auto *M = dyn_cast<MaterializeTemporaryExpr>(E))
    return callsOnPath(M->getSubExpr(), Out);
  if (const auto *Cast = dyn_cast<ImplicitCastExpr>(E)) {
    if (isRealType(Cast->getType()))
      callsOnPath(Cast->getSubExpr(), Out);
    return;
  }
  if (const auto *U = dyn_cast<UnaryOperator>(E)) {
    if (U->getOpcode() == UO_Minus || U->getOpcode() == UO_Plus)
      callsOnPath(U->getSubExpr(), Out);
    return;
  }
  if (const auto *B = dyn_cast<BinaryOperator>(E)) {
    if (B->isAdditiveOp() || B->isMultiplicativeOp()) {
      callsOnPath(B->getLHS(), Out);
      callsOnPath(B->getRHS(), Out);
    }
    return;
  }
  if (const auto *Call = dyn_cast<CallExpr>(E); Call && !isa<CXXOperatorCallExpr>(Call) &&
                                                !isa<CXXMemberCallExpr>(Call)) {
    if (!findMathRule(Call->getDirectCallee()))
      Out.push_back(Call);
    for (const Expr *Arg : Call->arguments())
      callsOnPath(Arg, Out);
  }
}

// `i++`, `x = y` inside an argument (calls that change their arguments
// are bound before the statement: Effects.cpp).
bool changesSomething(const Stmt *S) {
  if (const auto *U = dyn_cast<UnaryOperator>(S); U && U->isIncrementDecrementOp())
    return true;
  if (const auto *B = dyn_cast<BinaryOperator>(S); B && B->isAssignmentOp())
    return true;
  for (const Stmt *Child : S->children())
    if (Child && changesSomething(Child))
      return true;
  return false;
}

const Expr *defaultedArgument(const Expr *Arg) {
  if (const auto *D = dyn_cast<CXXDefaultArgExpr>(Arg))
    return D->getExpr();
  return Arg;
}

} // namespace

void setSplitPolicy(GeneratorOptions::SplitCalls Policy) {
  policy() = Policy;
  splittableKnown().clear();
}

bool leanPullbacks() { return policy() != GeneratorOptions::SplitCalls::Never; }

void FunctionBuilder::planSplitCalls(const Stmt *S) {
  if (Enclosing || CurrentReduction || Accumulating)
    return;
  std::vector<const CallExpr *> Calls;
  if (const auto *D = dyn_cast<DeclStmt>(S)) {
    for (const Decl *Each : D->decls())
      if (const auto *V = dyn_cast<VarDecl>(Each);
          V && V->getInit() && isRealType(V->getType()) && !V->getType()->isReferenceType())
        callsOnPath(V->getInit(), Calls);
  } else if (const auto *R = dyn_cast<ReturnStmt>(S)) {
    // A whole pullback's forward sweep does not compute the value it returns.
    bool Computed = Kind == AdjointKind::Gradient || Split;
    if (Computed && R->getRetValue() && isRealType(R->getRetValue()->getType()))
      callsOnPath(R->getRetValue(), Calls);
  } else if (const auto *B = dyn_cast<BinaryOperator>(S)) {
    if (B->isAssignmentOp() && isRealType(B->getLHS()->getType()) && B->getOpcode() != BO_RemAssign)
      callsOnPath(B->getRHS(), Calls);
  } else if (const auto *E = dyn_cast<Expr>(S)) {
    callsOnPath(E, Calls); // a call as a statement (void or not)
  }
  for (const CallExpr *Call : Calls) {
    std::string ShadowArgs;
    bool Statement = Call == dyn_cast<Expr>(S);
    if (SplitSites.count(Call) || !splitCallSite(Call, Statement, ShadowArgs))
      continue;
    const SplitSite &Site = SplitSites[Call];
    Printer.splitCall(Call, Site.forward(), ShadowArgs);
    // Its value, where the statement's partials read it, is the record's:
    // not the helper called again (the records of the statement are popped
    // at the end of its reverse: PendingPops).
    if (!Call->getType()->isVoidType())
      Printer.substituteInReverse(Call, Site.top() + "._value", {});
  }
}

// Decides whether Call is split and, if so, registers its site: the
// callee's record and the stack of the site, and the shadow arguments its
// forward half takes (those its pullback takes, as the forward sweep sees
// them; a scalar's adjoint only matters to the reverse half: nullptr).
bool FunctionBuilder::splitCallSite(const CallExpr *Call, bool Statement,
                                    std::string &ShadowArgs) {
  const FunctionDecl *Callee = Call->getDirectCallee();
  if (!Callee || !isUserCall(Call) || !splittable(Callee, inLoop()))
    return false;
  const FunctionDecl *Definition = Callee->getDefinition();
  // Memory of unknown size written, which the caller cannot save: the
  // record restores all it overwrites.
  bool Restoring = needsLoggedCall(Call);
  std::vector<CallArgument> Formal = callArguments(Call);
  if (Formal.size() != Definition->getNumParams())
    return false;
  bool Value = !Definition->getReturnType()->isVoidType();
  std::vector<bool> Mask;
  std::vector<std::string> Shadows;
  bool AnyActive = false;
  for (const CallArgument &A : Formal) {
    const Expr *Arg = defaultedArgument(A.Arg);
    QualType T = A.Param->getType();
    QualType Bare = T.getNonReferenceType();
    bool Real = isRealType(Bare) || isComplexType(Bare);
    if (changesSomething(A.Arg))
      return false;
    // The record keeps pointers into what the argument reaches.
    if (T->isPointerType() || T->isReferenceType() || isViewType(Bare)) {
      Roots R = T->isPointerType() ? Activity.pointsTo().pointer(Arg)
                                   : Activity.pointsTo().location(Arg);
      if (isViewType(Bare))
        R.add(Activity.pointsTo().viewPointees(Arg));
      // A pointer loaded from memory (`seq[t]` of a vector of pointers):
      // stable if no local storage of the caller ever moves.
      if (!R.known() && !localStorageStable())
        return false;
      for (const VarDecl *V : R.Vars)
        if (!hasStableStorage(V, Def))
          return false;
    }
    Shape S = shapeOf(T); // never a lambda: splittable refuses them
    bool ArgActive = argumentActive(T, Arg);
    Mask.push_back(takesShadow(T) && ArgActive);
    AnyActive |= ArgActive;
    if (!Mask.back())
      continue;
    std::string Text;
    if (Real && !T->isReferenceType()) {
      Text = "nullptr";
    } else if (Real || S == Shape::Record) {
      const Expr *Place = Arg->IgnoreParenImpCasts();
      if (!Place->isGLValue() ||
          !Ctx.hasSameUnqualifiedType(Place->getType(), Bare))
        return false;
      Text = addressText(adjointOf(Place, false), true);
    } else if (isStdVector(Bare) || isStdArray(Bare)) {
      Text = Shadow.data(Arg, [this](const Expr *E) { return fwd(E); });
    } else {
      Text = adjointPointer(Arg, false);
    }
    if (Text.empty())
      return false;
    Shadows.push_back(Text);
  }
  // Its pullback runs if the call's value has an adjoint (or, for a call
  // as a statement, if an argument is active).
  if (!AnyActive || (Value && !Statement && !Activity.isActive(Call)))
    return false;
  std::string Record =
      Pullbacks.request(Definition, Mask, Call->getExprLoc(),
                        Restoring ? PullbackForm::SplitRestoring : PullbackForm::Split);
  bool Single = !inLoop();
  std::string Stack =
      Names.fresh((Single ? "_record_" : "_records_") + functionIdentifier(Definition));
  Tapes.push_back({Stack, Record, -1, false, true, Single});
  SplitSites[Call] = {Stack, Record, Mask, Restoring, Single};
  for (const std::string &Text : Shadows)
    ShadowArgs += ", " + Text;
  return true;
}

bool FunctionBuilder::localStorageStable() {
  if (!LocalStorageKnown) {
    LocalStorageKnown = true;
    LocalStorageStable = true;
    std::function<void(const Stmt *)> Visit = [&](const Stmt *S) {
      if (const auto *D = dyn_cast<DeclStmt>(S))
        for (const Decl *Each : D->decls())
          if (const auto *V = dyn_cast<VarDecl>(Each))
            // Only storage of reals can be pointed into by a pointer to reals.
            LocalStorageStable &= !holdsOwnReals(V->getType()) || hasStableStorage(V, Def);
      for (const Stmt *Child : S->children())
        if (Child)
          Visit(Child);
    };
    Visit(Def->getBody());
    for (const ParmVarDecl *P : Def->parameters()) // a vector taken by value
      LocalStorageStable &= !holdsOwnReals(P->getType()) || hasStableStorage(P, Def);
  }
  return LocalStorageStable;
}

// Every reverse half needs its forward half: a site whose record the
// reverse sweep pops but the forward sweep never pushed would read garbage.
void FunctionBuilder::checkSplitSites() {
  std::string Fwd = Forward.str(0), Rev = Reverse.str(0);
  for (const auto &[Call, Site] : SplitSites)
    if (Fwd.find(Site.top() + "._reverse(") != std::string::npos ||
        Fwd.find(Site.top() + "._value") != std::string::npos ||
        (Rev.find(Site.top() + ".") != std::string::npos &&
         Fwd.find(Site.forward() + "(") == std::string::npos))
      unsupported(Call, "this call in split mode, whose forward half is not run (an "
                        "internal inconsistency of ad: please report it)");
}

std::vector<std::string> FunctionBuilder::usedRecords() const {
  std::vector<std::string> Out;
  for (const auto &[Call, Site] : SplitSites)
    Out.push_back(Site.Record);
  return Out;
}

bool FunctionBuilder::isSplitCall(const Expr *Call) const {
  const auto *C = dyn_cast<CallExpr>(Call);
  return C && SplitSites.count(C);
}

// The reverse half of a split call, Args as its pullback would take them.
std::string FunctionBuilder::splitReverse(const Expr *Call, const std::string &Args) {
  const SplitSite &Site = SplitSites.at(cast<CallExpr>(Call));
  if (!Site.Single)
    PendingPops.push_back(Site.Stack + ".pop();");
  return Site.top() + "._reverse(" + Args + ");";
}

// An early return of a split pullback's forward half: the reverse half
// starts at Label.
std::string FunctionBuilder::splitExit(const std::string &Label) {
  if (ExitVar.empty())
    ExitVar = Names.fresh("_exit");
  SplitExits.push_back(Label);
  return ExitVar + " = " + std::to_string(SplitExits.size()) + ";";
}

// `(double x, const double *p, double *d_p)` for the forward half,
// `(double x, const double *p, double _d_return, double *d_p, ::ad::RedoLog
// *_redo)` for the reverse half: the pullback's parameters.
std::string FunctionBuilder::splitParameters(bool Reverse, bool Declaration) const {
  return "(" + parameterList(Declaration, Reverse, Reverse && pullbackTakesRedoLog(Def)) + ")";
}

std::string FunctionBuilder::recordDefinition() const {
  std::string Out = "// A call of " + Def->getNameAsString() +
                    " differentiated in split mode: what its forward sweep leaves for its "
                    "reverse sweep.\n";
  Out += "struct " + Name + " {\n";
  Out += localDeclarations();
  for (const auto &[P, Kept] : KeptParameters)
    Out += "  " + Printer.type(P->getType().getUnqualifiedType(), Kept) + " = 0; // " +
           Printer.nameOf(P) + " at the end\n";
  if (!Seed.empty())
    Out += "  " + Printer.type(Def->getReturnType().getUnqualifiedType()) +
           " _value = 0; // what the call returned\n";
  if (!ExitVar.empty())
    Out += "  int " + ExitVar + " = 0; // the return taken\n";
  std::string Result =
      Seed.empty() ? "void" : Printer.type(Def->getReturnType().getUnqualifiedType());
  Out += "  " + Result + " _forward" + splitParameters(false, true) + ";\n";
  Out += "  void _reverse" + splitParameters(true, true) + ";\n";
  return Out + "};\n";
}

std::string FunctionBuilder::splitDefinition() const {
  std::string Result =
      Seed.empty() ? "void" : Printer.type(Def->getReturnType().getUnqualifiedType());
  std::string Fwd = " {\n  // Forward sweep: " + Def->getNameAsString() +
                    " as written, saving what the reverse sweep needs.\n" + Forward.str(1);
  if (Seed.empty()) // falls off its end
    for (const auto &[P, Kept] : KeptParameters)
      Fwd += "  " + Kept + " = " + Printer.nameOf(P) + ";\n";
  Fwd += "}\n";
  std::string Rev = " {\n";
  for (const auto &[P, Kept] : KeptParameters)
    Rev += "  " + Printer.nameOf(P) + " = " + Kept + "; // as the forward sweep left it\n";
  if (!SplitExits.empty()) {
    Rev += "  switch (" + ExitVar + ") {\n";
    for (size_t I = 0; I < SplitExits.size(); ++I)
      Rev += "  case " + std::to_string(I + 1) + ":\n    goto " + SplitExits[I] + ";\n";
    Rev += "  default:\n    break;\n  }\n";
  }
  Rev += "  // Reverse sweep: adjoints flow from the result back to the parameters.\n" +
         Reverse.str(1) + Epilogue.str(1) + "}\n";
  return quietUnusedParameters(Result + " " + Name + "::_forward" +
                                   splitParameters(false, false),
                               Fwd) +
         Fwd +
         quietUnusedParameters("void " + Name + "::_reverse" + splitParameters(true, false),
                               Rev) +
         Rev;
}

} // namespace adgen
