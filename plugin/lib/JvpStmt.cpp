// Statements in forward mode (Jvp.h): f's statements as written, each store
// of an active value preceded by the store of its tangent.
#include "ExprText.h"
#include "Jvp.h"
#include "LibraryRules.h"
#include "Locations.h"
#include "Purity.h"
#include "Types.h"
#include "ad-gen/Attribute.h"

#include "clang/AST/ExprCXX.h"
#include "clang/AST/StmtCXX.h"
#include "llvm/Support/raw_ostream.h"

#include <functional>

using namespace clang;

namespace adgen {

bool JvpBuilder::stmt(const Stmt *S, CodeBlock &Out) {
  if (!S || isa<NullStmt>(S))
    return true;
  if (const auto *C = dyn_cast<CompoundStmt>(S)) {
    Out.open("");
    bool Ok = compound(C, Out);
    Out.close();
    return Ok;
  }
  if (const auto *D = dyn_cast<DeclStmt>(S)) {
    for (const Decl *Each : D->decls()) {
      // `using std::tanh;`, a typedef: as written.
      if (isa<UsingDecl, UsingDirectiveDecl, TypedefNameDecl, StaticAssertDecl>(Each)) {
        std::string Text;
        llvm::raw_string_ostream OS(Text);
        Each->print(OS, Printer.policy());
        Out.line(OS.str() + ";");
        continue;
      }
      const auto *V = dyn_cast<VarDecl>(Each);
      if (!V)
        return refuse(S, "this declaration");
      if (!declaration(V, Out))
        return false;
    }
    return true;
  }
  if (const auto *R = dyn_cast<ReturnStmt>(S))
    return returnStmt(R, Out);
  if (const auto *If = dyn_cast<IfStmt>(S))
    return ifStmt(If, Out);
  if (isa<ForStmt, WhileStmt, DoStmt>(S))
    return loop(S, Out);
  if (const auto *Sw = dyn_cast<SwitchStmt>(S))
    return switchStmt(Sw, Out);
  if (const auto *Range = dyn_cast<CXXForRangeStmt>(S))
    return rangeLoop(Range, Out);
  if (const auto *A = dyn_cast<AttributedStmt>(S)) { // `[[fallthrough]];`
    if (isa<NullStmt>(A->getSubStmt())) {
      Out.line("[[fallthrough]];");
      return true;
    }
    return stmt(A->getSubStmt(), Out);
  }
  if (isa<BreakStmt>(S)) {
    Out.line("break;");
    return true;
  }
  if (isa<ContinueStmt>(S)) {
    Out.line("continue;");
    return true;
  }
  if (const auto *E = dyn_cast<Expr>(S))
    return expressionStmt(E, Out);
  return refuse(S, "this statement");
}

bool JvpBuilder::compound(const CompoundStmt *S, CodeBlock &Out) {
  for (const Stmt *Child : S->body())
    if (!stmt(Child, Out))
      return false;
  return true;
}

// Printed as written; it must not store an active value or call a function
// of the user's with active arguments (a condition, a loop step).
bool JvpBuilder::passive(const Expr *E, std::string &Text) {
  if (!E) {
    Text.clear();
    return true;
  }
  CodeBlock Scratch;
  CodeBlock *Saved = Pre;
  Pre = &Scratch;
  std::function<bool(const Stmt *)> Stores = [&](const Stmt *S) -> bool {
    if (!S)
      return false;
    if (isa<LambdaExpr>(S))
      return true; // refused: lambdas are not handled in forward mode yet
    const Expr *Target = nullptr;
    if (const auto *B = dyn_cast<BinaryOperator>(S); B && B->isAssignmentOp())
      Target = B->getLHS();
    if (const auto *U = dyn_cast<UnaryOperator>(S); U && U->isIncrementDecrementOp())
      Target = U->getSubExpr();
    if (const auto *Op = dyn_cast<CXXOperatorCallExpr>(S);
        Op && Op->isAssignmentOp() && Op->getNumArgs() > 0)
      Target = Op->getArg(0); // `s = t` on a class, `z += w` on std::complex
    if (const auto *M = dyn_cast<CXXMemberCallExpr>(S); M && !isPureCall(M))
      if (const auto *Method = M->getMethodDecl(); Method && !Method->isConst())
        Target = M->getImplicitObjectArgument(); // `v.push_back(x)`, `m.scale(2)`
    if (const auto *E = dyn_cast<Expr>(S); E && pointerOp(E).K == PointerOp::Step)
      Target = pointerOp(E).Pointer; // `++it` on an iterator
    if (Target && holdsReals(Target->getType()) && Activity.dependsOnVaried(Target))
      return true;
    // A call that may write active values through a pointer, an iterator
    // or a reference (`g(x, out)`, `std::fill(v.begin(), v.end(), x)`); its
    // value alone needs no tangent here.
    if (const auto *Call = dyn_cast<CallExpr>(S))
      for (const Expr *Raw : rawMemoryArguments(Call))
        if (Activity.dependsOnVaried(Raw))
          return true; // memcpy of active values
    if (const auto *Call = dyn_cast<CallExpr>(S); Call && !isPureCall(Call)) {
      const FunctionDecl *Callee = Call->getDirectCallee();
      for (unsigned I = 0; I < Call->getNumArgs(); ++I) {
        const Expr *Arg = Call->getArg(I);
        QualType P = Callee && I < Callee->getNumParams() ? Callee->getParamDecl(I)->getType()
                                                          : Arg->getType();
        bool Output = ((P->isReferenceType() || P->isPointerType()) &&
                       !P->getPointeeType().isConstQualified()) ||
                      isVectorIterator(Arg->getType()) || !Callee;
        if (Output && holdsReals(Arg->getType()) && Activity.dependsOnVaried(Arg))
          return true;
      }
    }
    for (const Stmt *Child : S->children())
      if (Stores(Child))
        return true;
    return false;
  };
  bool Ok = !Stores(E);
  Pre = Saved;
  if (!Ok)
    return refuse(E, "storing active values this way (an operator or a library call "
                     "writing through pointers, iterators or references, or such a store "
                     "in a condition)");
  Text = print(E);
  return true;
}

bool JvpBuilder::declaration(const VarDecl *V, CodeBlock &Out) {
  if (V->isStaticLocal())
    return refuse(V->getInit() ? static_cast<const Stmt *>(V->getInit()) : nullptr,
                  "a static local variable");
  const Expr *Init = V->getInit();
  CodeBlock Calls;
  Pre = &Calls;
  QualType T = V->getType();
  std::string Name = Printer.nameOf(V);
  if (isClosureType(T)) {
    const Expr *Bare = Init ? withoutTemporaries(Init)->IgnoreImplicit() : nullptr;
    if (const auto *L = dyn_cast_or_null<LambdaExpr>(Bare))
      return lambdaDeclaration(V, L, Out);
    return refuse(Init, "a copy of a lambda");
  }
  if (!Activity.isVaried(V)) {
    std::string Text;
    if (Init && !passive(Init, Text))
      return false;
    Out.line(Printer.declaration(V) + ";");
    return true;
  }
  std::string TName = Names.fresh("_t_" + V->getName().str());
  Shape S = shapeOf(T);
  // A call that changes state in a braced or constructor initializer would
  // run in the tangent's initializer too.
  if (!isRealType(T) && !isLocalReference(V))
    if (const CallExpr *Impure = impureCallIn(Init))
      return refuse(Impure, "a call that changes state inside the initializer of '" +
                                V->getName().str() + "'");
  if (isLocalReference(V)) { // a reference to a location: one to its tangent
    Tangents.bind(V, TName, ShadowKind::Value);
    std::string L = location(Init);
    if (!Failure.empty())
      return false;
    Out.append(Calls);
    Out.line(Printer.declaration(V) + ";");
    Out.line(declared(TName, "auto &" + TName + " = " + L + ";"));
    return true;
  }
  if (isRealType(T)) {
    Tangents.bind(V, TName, ShadowKind::Value);
    const Expr *Value = Init;
    if (const auto *List = dyn_cast_or_null<InitListExpr>(Value); List && List->getNumInits() == 1)
      Value = List->getInit(0);
    if (Value && isa<InitListExpr>(Value))
      return refuse(Init, "this initializer");
    if (Value && !beginSteps(Value))
      return false;
    std::string TV = Value ? tangent(Value) : "";
    std::vector<std::string> After = endSteps();
    if (!Failure.empty())
      return false;
    Out.append(Calls);
    Out.line(declared(TName, tangentType(T) + " " + TName + " = " + (TV.empty() ? "0" : TV) + ";"));
    // `T v = value;` (a call in it may have become its pushforward's value).
    Out.line(Value ? ExprPrinter::attributes(V) + Printer.type(T, Name) + " = " + print(Value) + ";"
                   : Printer.declaration(V) + ";");
    for (const std::string &Step : After)
      Out.line(Step);
    return true;
  }
  if (S == Shape::Pointer) {
    Tangents.bind(V, TName, ShadowKind::Pointer);
    std::string P = Init ? pointer(Init) : "nullptr";
    if (!Failure.empty())
      return false;
    Out.append(Calls);
    Out.line(Printer.declaration(V) + ";");
    // A pointer to const points into tangents that may be const (`t_x`).
    Out.line(declared(TName, Printer.type(Ctx.getPointerType(elementOf(T).getCanonicalType()),
                                          TName) + " = " + P + ";"));
    return true;
  }
  if (S == Shape::Array) {
    Tangents.bind(V, TName, ShadowKind::Value);
    std::string List;
    if (const auto *Cleanups = dyn_cast_or_null<ExprWithCleanups>(Init))
      Init = Cleanups->getSubExpr();
    if (const auto *L = dyn_cast_or_null<InitListExpr>(Init)) {
      for (unsigned K = 0; K < L->getNumInits(); ++K) {
        if (!isRealType(L->getInit(K)->getType()))
          return refuse(Init, "this initializer of a nested array");
        std::string TK = tangent(L->getInit(K));
        List += (K ? ", " : "") + (TK.empty() ? "0" : TK);
      }
    } else if (Init && !isa<ImplicitValueInitExpr>(Init)) {
      return refuse(Init, "this initializer of an array");
    }
    if (!Failure.empty())
      return false;
    Out.append(Calls);
    Out.line(Printer.declaration(V) + ";");
    Out.line(declared(TName, Tangents.declaration(V, ShadowKind::Value, TName) + " = {" + List +
                                 "};"));
    return true;
  }
  if (S == Shape::Container && isRealType(elementOf(T)))
    return containerDeclaration(V, TName, Out);
  if (isPlainRecord(T))
    return recordDeclaration(V, TName, Out);
  return refuse(Init ? static_cast<const Stmt *>(Init) : nullptr,
                "a local variable of type '" + Printer.type(T) + "' holding active values");
}

// `std::vector<double> v(n, x);`: the tangent is a vector of the same size
// built from the initializer's tangents, or a zero copy of v's shape.
bool JvpBuilder::containerDeclaration(const VarDecl *V, const std::string &TName,
                                      CodeBlock &Out) {
  Tangents.bind(V, TName, ShadowKind::Value);
  std::string Type = Tangents.declaration(V, ShadowKind::Value, TName);
  const Expr *Init = V->getInit() ? withoutTemporaries(V->getInit()) : nullptr;
  std::string Made;
  if (const auto *C = dyn_cast_or_null<CXXConstructExpr>(Init)) {
    unsigned Written = 0; // the arguments before the allocator's default
    while (Written < C->getNumArgs() && !isa<CXXDefaultArgExpr>(C->getArg(Written)))
      ++Written;
    const Expr *Last = Written ? C->getArg(Written - 1) : nullptr;
    if (Written == 2 && isRealType(Last->getType()) && isStdVector(V->getType())) {
      std::string TL = tangent(Last); // v(n, x)
      Made = Type + "(" + Printer.nameOf(V) + ".size(), " + (TL.empty() ? "0" : TL) + ");";
    } else if (Written == 1 && isa<CXXStdInitializerListExpr>(C->getArg(0)->IgnoreImplicit())) {
      const auto *List = dyn_cast<InitListExpr>(withoutTemporaries(
          cast<CXXStdInitializerListExpr>(C->getArg(0)->IgnoreImplicit())->getSubExpr()));
      if (!List)
        return refuse(Init, "this initializer");
      std::string Items;
      for (unsigned K = 0; K < List->getNumInits(); ++K) {
        std::string TK = tangent(List->getInit(K));
        Items += (K ? ", " : "") + (TK.empty() ? "0" : TK);
      }
      Made = Type + "{" + Items + "};";
    } else if (Written == 1 && C->getConstructor()->isCopyOrMoveConstructor()) {
      const Expr *From = withoutTemporaries(C->getArg(0));
      std::string D = data(From); // a copy: the tangents of the copied elements
      if (!Failure.empty())
        return false;
      Made = Type + "(" + D + ", " + D + " + " + Printer.operand(From) + ".size());";
    } else if (Activity.dependsOnVaried(C)) {
      return refuse(Init, "this initializer of a container holding active values");
    }
  } else if (const auto *Call = dyn_cast_or_null<CallExpr>(Init); Call && isUserCall(Call)) {
    std::string T;
    if (!userCall(Call, T))
      return false;
    Made = Type + " = " + (T.empty() ? "::ad::zeros_like(" + Printer.nameOf(V) + ")" : T) + ";";
  } else if (Init && Activity.dependsOnVaried(Init)) {
    return refuse(Init, "this initializer of a container holding active values");
  }
  if (!Failure.empty())
    return false;
  Out.append(*Pre);
  // A call's value was taken by its pushforward: `T v = _vN;`.
  const auto *Call = dyn_cast_or_null<CallExpr>(Init);
  Out.line(Call && Printer.substitute(Call)
               ? ExprPrinter::attributes(V) + Printer.type(V->getType(), Printer.nameOf(V)) +
                     " = " + print(Call) + ";"
               : Printer.declaration(V) + ";");
  Out.line(declared(TName, Made.empty() ? Type + " = ::ad::zeros_like(" + Printer.nameOf(V) + ");"
                                        : Made));
  return true;
}

bool JvpBuilder::returnStmt(const ReturnStmt *S, CodeBlock &Out) {
  const Expr *Value = S->getRetValue();
  CodeBlock Calls;
  Pre = &Calls;
  if (!Value || ResultTangent.empty()) {
    std::string Text;
    if (Value && !passive(Value, Text))
      return false;
    Out.line(Value ? "return " + Text + ";" : "return;");
    return true;
  }
  std::string T;
  if (!beginSteps(Value))
    return false;
  if (isRealType(Def->getReturnType())) {
    T = tangent(Value);
    if (T.empty())
      T = "0";
  } else if (isPlainRecord(Def->getReturnType())) {
    T = recordTangent(Value);
    if (T.empty() && Failure.empty())
      T = zeroTangent(Def->getReturnType(), print(Value));
  } else { // a container: a local's tangent, or zeros
    const Expr *Bare = withoutTemporaries(Value)->IgnoreParenImpCasts();
    if (const auto *C = dyn_cast<CXXConstructExpr>(Bare);
        C && C->getNumArgs() == 1 && C->getConstructor()->isCopyOrMoveConstructor())
      Bare = C->getArg(0)->IgnoreParenImpCasts(); // `return out;` moves it
    if (!Activity.dependsOnVaried(Bare))
      T = "::ad::zeros_like(" + print(Bare) + ")";
    else if (Bare->isGLValue() && isa<DeclRefExpr>(Bare))
      T = location(Bare);
    else
      return refuse(Value, "returning this container value");
  }
  endSteps();
  if (!Failure.empty())
    return false;
  Out.append(Calls);
  if (GradientOfOneInput)
    Out.line("*" + GradientShadow + " += " + T + ";");
  else
    Out.line("*" + ResultTangent + " = " + T + ";");
  if (!ValueOut.empty()) { // f_hvp's core
    Out.line("*" + ValueOut + " = " + print(Value) + ";");
    Out.line("return;");
    return true;
  }
  Out.line("return " + print(Value) + ";");
  return true;
}

} // namespace adgen
