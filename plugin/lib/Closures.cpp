// Lambdas (contract §3). A lambda of a differentiated function is defined
// once, at the top of the generated function, capturing by reference: what
// it captures are the generated function's own variables, declared there.
// Its pullback is a second lambda beside it that also captures their
// adjoints:
//
//   auto f = [&](double t) { return std::exp(-k * t); };
//   auto _d_f = [&](double t, double _d_return, double *d_t) { ... _d_k += ...; };
//
// and a call `f(t)` is reversed as `_d_f(t, _r0, &_d_t)`. The pullback is
// built by a FunctionBuilder of the lambda's call operator whose captured
// variables print, vary and have shadows as in the enclosing function.
// Handed to a function (`simpson(f, a, b, n)`), the lambda comes with its
// pullback: the callee's pullback is a template over both closure types and
// reverses `f(x)` as `d_f(x, seed, &d_x)`. Lambdas written where they are
// used are named `lambda`, `lambda_1`, ... and defined at the top too.
//
// A variable captured by value must not change after the lambda is made (the
// copy and the variable are then the same), and the lambda's body must not
// change what it captures; both are errors that say what to write instead.
#include "FunctionBuilder.h"
#include "Purity.h"
#include "Types.h"

#include "clang/AST/ASTLambda.h"
#include "clang/AST/ExprCXX.h"
#include "clang/AST/RecursiveASTVisitor.h"
#include "clang/Basic/SourceManager.h"

using namespace clang;

namespace adgen {

bool isLambdaOperator(const FunctionDecl *F) {
  return F && isLambdaCallOperator(F);
}


namespace {

// True if S may change V: assigns or steps it (or an element of it), calls a
// non-const member function on it, or hands it to a function by non-const
// reference or pointer.
class ChangeFinder : public RecursiveASTVisitor<ChangeFinder> {
public:
  explicit ChangeFinder(const VarDecl *V) : V(V) {}
  bool Found = false;

  bool VisitBinaryOperator(BinaryOperator *B) {
    Found |= B->isAssignmentOp() && assignedVariable(B->getLHS()) == V;
    return !Found;
  }
  bool VisitUnaryOperator(UnaryOperator *U) {
    Found |= U->isIncrementDecrementOp() && assignedVariable(U->getSubExpr()) == V;
    return !Found;
  }
  bool VisitCallExpr(CallExpr *C) {
    // Reads (`v[i]` on a vector, a const accessor) change nothing; a store
    // into what they give is an assignment, seen above.
    if (isPureCall(C))
      return true;
    const FunctionDecl *Callee = C->getDirectCallee();
    unsigned Shift = 0;
    if (const auto *M = dyn_cast_or_null<CXXMethodDecl>(Callee); M && !M->isStatic()) {
      const Expr *Object = nullptr;
      if (const auto *MC = dyn_cast<CXXMemberCallExpr>(C))
        Object = MC->getImplicitObjectArgument();
      else if (isa<CXXOperatorCallExpr>(C) && C->getNumArgs() > 0)
        Object = C->getArg(0), Shift = 1;
      if (Object && !M->isConst() && !Object->getType()->isPointerType() &&
          assignedVariable(Object) == V)
        Found = true;
    }
    for (unsigned I = Shift; I < C->getNumArgs() && !Found; ++I) {
      const Expr *Arg = C->getArg(I);
      if (assignedVariable(Arg) != V)
        continue;
      if (!Callee || I - Shift >= Callee->getNumParams()) {
        Found = Arg->isGLValue() || Arg->getType()->isPointerType();
        continue;
      }
      Found = isOutputParameterType(Callee->getParamDecl(I - Shift)->getType());
    }
    return !Found;
  }

private:
  const VarDecl *V;
};

bool mayChange(const Stmt *S, const VarDecl *V) {
  if (!S)
    return false;
  ChangeFinder Finder(V);
  Finder.TraverseStmt(const_cast<Stmt *>(S));
  return Finder.Found;
}

} // namespace

bool FunctionBuilder::checkLambda(const LambdaExpr *L) {
  bool Ok = true;
  for (const LambdaCapture &C : L->captures()) {
    if (C.capturesThis() || C.capturesVLAType()) {
      unsupported(C.getLocation(), "a lambda that captures 'this'",
                  "capture the members it needs into locals first");
      Ok = false;
      continue;
    }
    const auto *W = dyn_cast<VarDecl>(C.getCapturedVar());
    if (!W || W->isInitCapture()) {
      unsupported(C.getLocation(), "a lambda with an initialized capture ([name = value])",
                  "declare the value as a local before the lambda and capture that");
      Ok = false;
      continue;
    }
    if (mayChange(L->getBody(), W)) {
      unsupported(C.getLocation(),
                  "a lambda that changes '" + W->getName().str() + "', which it captures",
                  "return the value from the lambda and assign it where the lambda is "
                  "called");
      Ok = false;
      continue;
    }
    if (C.getCaptureKind() == LCK_ByCopy && mayChange(Def->getBody(), W)) {
      unsupported(C.getLocation(),
                  "a lambda that captures '" + W->getName().str() +
                      "' by value while the function changes '" + W->getName().str() + "'",
                  "capture it by reference, or copy it into a local that does not change "
                  "and capture that");
      Ok = false;
    }
  }
  return Ok;
}

// `[&](double t) -> double { ... }`: the parameters with their types in
// this instantiation (`auto t` of a generic lambda stays `auto`), the body
// printed with the names it has in the generated function.
std::string FunctionBuilder::lambdaText(const LambdaExpr *L) {
  std::string Out = "[&](";
  const CXXMethodDecl *Op = L->getCallOperator();
  for (unsigned I = 0; I < Op->getNumParams(); ++I) {
    const ParmVarDecl *P = Op->getParamDecl(I);
    Out += (I ? ", " : "") + Printer.type(P->getType(), P->getName().str());
  }
  Out += ")";
  if (L->isMutable())
    Out += " mutable";
  if (L->hasExplicitResultType())
    Out += " -> " + Printer.type(Op->getReturnType());
  std::string Body = Printer.printStmt(L->getBody());
  while (!Body.empty() && Body.back() == '\n')
    Body.pop_back();
  return Out + " " + Body;
}

// `auto f = [...](...) {...};` at the top of the generated function.
std::string FunctionBuilder::defineLambda(const LambdaExpr *L, const std::string &Name,
                                          const VarDecl *V) {
  LambdaNames[L] = Name;
  unsigned Line = Ctx.getSourceManager().getExpansionLineNumber(L->getBeginLoc());
  ClosureDecls.push_back("// The lambda of line " + std::to_string(Line) +
                         ", capturing by reference what it captures.\n" +
                         ExprPrinter::attributes(V) + "auto " + Name + " = " + lambdaText(L) +
                         ";");
  return Name;
}

CodeBlock FunctionBuilder::lambdaDeclaration(const VarDecl *V, const LambdaExpr *L) {
  if (!checkLambda(L)) {
    Refused.insert(V);
    return {};
  }
  std::string Name = V->getName().str();
  if (!HoistedNames.insert(Name).second) {
    Name = Names.fresh(Name);
    HoistedNames.insert(Name);
  }
  Printer.rename(V, Name);
  LambdaVars[V] = L;
  defineLambda(L, Name, V);
  return {};
}

// Lambdas written where they are used (`integrate([&](double t) {...}, 0,
// 1)`): named `lambda`, `lambda_1`... and defined at the top like the others.
void FunctionBuilder::registerUnnamedLambdas(const Stmt *Body) {
  class Finder : public RecursiveASTVisitor<Finder> {
  public:
    std::vector<const LambdaExpr *> All;
    llvm::SmallPtrSet<const LambdaExpr *, 4> Named;
    bool VisitVarDecl(VarDecl *V) {
      if (const Expr *Init = V->getInit())
        if (const auto *L = dyn_cast<LambdaExpr>(Init->IgnoreImplicit()))
          Named.insert(L);
      return true;
    }
    bool TraverseLambdaExpr(LambdaExpr *L) { // its body is its own
      All.push_back(L);
      return true;
    }
  } F;
  F.TraverseStmt(const_cast<Stmt *>(Body));
  for (const LambdaExpr *L : F.All) {
    if (F.Named.count(L) || !checkLambda(L))
      continue;
    std::string Name = Names.fresh("lambda");
    Printer.substitute(L, Name);
    defineLambda(L, Name);
  }
}

// The lambda a closure expression holds: `f` (a lambda local), the lambda
// written there, or a copy of either; null for others.
static const Expr *withoutClosureCopies(const Expr *E) {
  while (true) {
    E = withoutTemporaries(E)->IgnoreParenImpCasts();
    if (const auto *C = dyn_cast<CXXConstructExpr>(E);
        C && C->getNumArgs() == 1 && isClosureType(C->getType()))
      E = C->getArg(0);
    else
      return E;
  }
}

const LambdaExpr *FunctionBuilder::lambdaOf(const Expr *E) const {
  E = withoutClosureCopies(E);
  if (const auto *L = dyn_cast<LambdaExpr>(E))
    return LambdaNames.count(L) ? L : nullptr;
  if (const auto *Ref = dyn_cast<DeclRefExpr>(E))
    if (const auto *V = dyn_cast<VarDecl>(Ref->getDecl()))
      if (auto It = LambdaVars.find(V); It != LambdaVars.end())
        return It->second;
  return nullptr;
}

void FunctionBuilder::readCaptures(const LambdaExpr *L) {
  for (const VarDecl *W : capturedVariables(L->getLambdaClass()))
    ReverseReads.insert(W);
}

// The text of the pullback lambda of the closure Closure evaluates to, for
// its call operator Op (null: the only one): `_d_f`, or `d_f` for a lambda
// this pullback was handed. "" after an error.
std::string FunctionBuilder::closureShadow(const Expr *Closure, const FunctionDecl *Op,
                                           const Expr *At) {
  if (const auto *Ref = dyn_cast<DeclRefExpr>(withoutClosureCopies(Closure)))
    if (const auto *P = dyn_cast<ParmVarDecl>(Ref->getDecl()))
      if (const ShadowVar *S = Shadow.find(P))
        return S->Name;
  const LambdaExpr *L = lambdaOf(Closure);
  // A lambda of the enclosing function called inside this lambda: its
  // pullback is defined there, before this one.
  if (!L && Enclosing && Enclosing->lambdaOf(Closure))
    return Enclosing->closureShadow(Closure, Op, At);
  if (!L) {
    unsupported(At, "a lambda that is not defined in this function or handed to it",
                "define the lambda here (auto f = [&](...) {...};) and use that");
    return "";
  }
  readCaptures(L);
  if (Op)
    return closurePullback(L, Op, At);
  if (L->isGenericLambda())
    return genericClosurePullback(L, At);
  return closurePullback(L, L->getCallOperator(), At);
}

// A generic lambda handed to a function: the function may call any
// instantiation of its call operator, so the shadow handed along is the
// pullback of every instantiation the program has (`auto t` called with a
// double: one), combined into one overload set when there are several.
std::string FunctionBuilder::genericClosurePullback(const LambdaExpr *L, const Expr *At) {
  const FunctionTemplateDecl *Template = 
      L->getDependentCallOperator();
  std::vector<std::string> Each;
  for (const FunctionDecl *Op : Template->specializations()) {
    if (!Op->isDefined())
      continue;
    std::string Name = closurePullback(L, Op, At);
    if (Name.empty())
      return "";
    Each.push_back(Name);
  }
  if (Each.empty()) // never called: nothing to pull back through
    Each.push_back("[](auto &&...) {}");
  if (Each.size() == 1)
    return Each.front();
  auto Key = std::make_pair(L, static_cast<const FunctionDecl *>(nullptr));
  if (auto It = ClosurePullbacks.find(Key); It != ClosurePullbacks.end())
    return It->second;
  std::string Name = Names.fresh("_d_" + LambdaNames[L]);
  std::string List;
  for (const std::string &E : Each)
    List += (List.empty() ? "" : ", ") + E;
  ClosureDecls.push_back("// The pullbacks of every instantiation of '" + LambdaNames[L] +
                         "', as one overload set.\nauto " + Name + " = ::ad::overloaded{" +
                         List + "};");
  ClosurePullbacks[Key] = Name;
  return Name;
}

// The pullback lambda of L's call operator Op (one per operator: a generic
// lambda has one per instantiation called), built on first use.
std::string FunctionBuilder::closurePullback(const LambdaExpr *L, const FunctionDecl *Op,
                                             const Expr *At) {
  auto Key = std::make_pair(L, Op);
  if (auto It = ClosurePullbacks.find(Key); It != ClosurePullbacks.end())
    return It->second;
  std::vector<const ParmVarDecl *> Act;
  for (const ParmVarDecl *P : Op->parameters()) {
    Shape S = shapeOf(P->getType());
    if (S != Shape::Inactive && S != Shape::Unsupported)
      Act.push_back(P);
  }
  std::string Closure = LambdaNames[L];
  std::string PullbackName = Names.fresh("_d_" + Closure);
  VarSet LambdaNeeded;
  std::string Text;
  for (bool Grew = true; Grew;) {
    FunctionBuilder Nested(Ctx, Op, Act, LambdaNeeded, Pullbacks, AdjointKind::Pullback,
                           PullbackName, this);
    Nested.setInsideNamespace(Printer.insideNamespace());
    if (!Nested.build()) {
      unsupported(At->getExprLoc(),
                  "this use of the lambda '" + Closure + "' (see the errors in its body)");
      ClosurePullbacks[Key] = "";
      return "";
    }
    Grew = false;
    for (const VarDecl *V : Nested.reverseReads())
      if (V->getDeclContext() == Op)
        Grew |= LambdaNeeded.insert(V).second;
    if (!Grew)
      Text = Nested.definition();
  }
  ClosureDecls.push_back("// Its pullback: adds d" + Closure +
                         "/d(input) * _d_return into the d_ arguments and into the "
                         "adjoints of what it captures.\n" + Text);
  ClosurePullbacks[Key] = PullbackName;
  return PullbackName;
}

// A pullback taking a lambda is a template over its closure type and the
// closure type of the lambda's pullback.
void FunctionBuilder::aliasClosureParameters() {
  for (const ParmVarDecl *P : formalParameters(Def)) {
    if (!isClosureType(P->getType()))
      continue;
    std::string F = Names.fresh("F"), DF = Names.fresh("D_" + F);
    Printer.aliasClosure(P->getType().getNonReferenceType()->getAsCXXRecordDecl(), F);
    ClosureTemplateParams.push_back(F);
    ClosureTemplateParams.push_back(DF);
    ClosureShadowTypes[P] = DF;
  }
}

// What a nested builder of a lambda's call operator takes from the
// function the lambda is in: how its captured variables print, whether they
// vary, and their shadows.
void FunctionBuilder::adoptCaptures() {
  for (const VarDecl *W : capturedVariables(cast<CXXMethodDecl>(Def)->getParent())) {
    std::string Text = Enclosing->Printer.nameOf(W);
    Printer.rename(W, Text);
    Names.reserve(Text);
    if (Enclosing->Printer.isPointerized(W))
      Printer.pointerize(W);
    if (const ShadowVar *S = Enclosing->Shadow.find(W)) {
      Shadow.bind(W, S->Name, S->Kind);
      Names.reserve(S->Name);
    }
  }
}

VarSet FunctionBuilder::capturedVaried(const FunctionDecl *Def,
                                       const FunctionBuilder *Enclosing) {
  VarSet Out;
  if (!Enclosing)
    return Out;
  for (const VarDecl *W : capturedVariables(cast<CXXMethodDecl>(Def)->getParent()))
    if (Enclosing->Activity.isVaried(W))
      Out.insert(W);
  return Out;
}

} // namespace adgen
