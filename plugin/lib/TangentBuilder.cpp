#include "TangentBuilder.h"
#include "Types.h"
#include "ExprText.h"
#include "MathRules.h"

#include "clang/AST/DeclCXX.h"
#include "clang/AST/ExprCXX.h"
#include "llvm/Support/raw_ostream.h"

using namespace clang;

namespace adgen {

TangentBuilder::TangentBuilder(ASTContext &Ctx, const FunctionDecl *Def,
                               const ParmVarDecl *Input, std::string Name)
    : Ctx(Ctx), Def(Def), Input(Input), Name(std::move(Name)),
      Activity(Def, {Input}), Printer(Ctx) {
  Names.reserveNamesUsedIn(Def);
}

bool TangentBuilder::build() {
  const auto *Statements = dyn_cast_or_null<CompoundStmt>(Def->getBody());
  if (!Statements || isa<CXXMethodDecl>(Def) || Def->isTemplated() ||
      Def->isVariadic() || !Input->getType()->isRealFloatingType())
    return false;
  ResultParam = Names.fresh("d_" + Input->getName().str());
  // The input's derivative is 1; a parameter that is assigned active values
  // starts at 0.
  for (const ParmVarDecl *P : Def->parameters()) {
    if (!Activity.isVaried(P))
      continue;
    if (!P->getType()->isRealFloatingType())
      return false; // an array, a pointer or a reference receiving values
    declareTangent(P, P == Input ? "1" : "0", Body);
  }
  for (const Stmt *S : Statements->body())
    if (!stmt(S, Body))
      return false;
  return !Unsupported;
}

std::string TangentBuilder::prototype() const {
  std::string Out = storagePrefix(Def) + Printer.type(Def->getReturnType()) +
                    " " + Name + "(";
  for (const ParmVarDecl *P : Def->parameters())
    Out += Printer.type(P->getOriginalType(), P->getName().str()) + ", ";
  QualType T = Input->getType().getCanonicalType().getUnqualifiedType();
  return Out + Printer.type(Ctx.getPointerType(T), ResultParam) + ")";
}

std::string TangentBuilder::definition() const {
  // A derivative nothing reads (of a variable that only feeds a condition,
  // say) is declared [[maybe_unused]], so -Wall stays quiet.
  std::string Text = Body.str(1);
  for (const auto &[V, Name] : Tangents) {
    std::string Marker = "@unused:" + Name + "@";
    size_t At = Text.find(Marker);
    if (At != std::string::npos)
      Text.replace(At, Marker.size(),
                   TangentsRead.count(V) ? "" : "[[maybe_unused]] ");
  }
  return prototype() + " {\n" + Text + "}\n";
}

// In the wider of v's type and x's: dv/dx of a float v and a double x is
// kept in double, as reverse mode keeps x's adjoint.
void TangentBuilder::declareTangent(const VarDecl *V, const std::string &Init,
                                    CodeBlock &Out) {
  QualType T = V->getType().getNonReferenceType().getCanonicalType().getUnqualifiedType();
  QualType InputType = Input->getType().getCanonicalType().getUnqualifiedType();
  if (Ctx.getFloatingTypeOrder(T, InputType) < 0)
    T = InputType;
  std::string Name = tangentOf(V);
  Out.line("@unused:" + Name + "@" + Printer.type(T) + " " + Name + " = " +
           Init + ";");
}

std::string TangentBuilder::tangentOf(const VarDecl *V) {
  auto It = Tangents.find(V);
  if (It != Tangents.end())
    return It->second;
  return Tangents[V] = Names.fresh("_d_" + V->getName().str());
}

std::string TangentBuilder::unrecorded(const std::function<std::string()> &Print) {
  Printer.recordPrinted(nullptr);
  std::string Text = Print();
  if (Binder && Recording)
    Printer.recordPrinted(&Binder->Read);
  return Text;
}

std::string TangentBuilder::primal(const Expr *E) {
  return unrecorded([&] { return Printer.print(E); });
}

bool TangentBuilder::writesVaried(const Stmt *S) const {
  if (!S)
    return false;
  const Expr *Target = nullptr;
  if (const auto *B = dyn_cast<BinaryOperator>(S); B && B->isAssignmentOp())
    Target = B->getLHS();
  if (const auto *U = dyn_cast<UnaryOperator>(S); U && U->isIncrementDecrementOp())
    Target = U->getSubExpr();
  if (Target) {
    const VarDecl *V = assignedVariable(Target);
    if (V ? Activity.isVaried(V) : holdsReals(Target->getType()))
      return true;
  }
  for (const Stmt *Child : S->children())
    if (writesVaried(Child))
      return true;
  return false;
}

// A user function given active values would need its own derivative:
// reverse mode generates those (pullbacks).
bool TangentBuilder::callsWithActiveArguments(const Stmt *S) const {
  if (!S)
    return false;
  if (isa<LambdaExpr, StmtExpr>(S))
    return true;
  if (const auto *Call = dyn_cast<CallExpr>(S); Call && !isMathCall(Call))
    for (const Expr *Arg : Call->arguments())
      if (Activity.dependsOnVaried(Arg))
        return true;
  for (const Stmt *Child : S->children())
    if (callsWithActiveArguments(Child))
      return true;
  return false;
}

bool TangentBuilder::withValues(const Expr *Root,
                                const std::function<void(CodeBlock &)> &Emit,
                                CodeBlock &Out) {
  // Root is printed twice (in the derivative and the statement): it must
  // not change anything (`x * (i++)`, a call to your function).
  if (hasSideEffects(Root))
    return false;
  ValueBinder Values(Printer, Names);
  NameAllocator SavedNames = Names;
  Binder = &Values;
  Recording = true;
  Printer.recordPrinted(&Values.Read);
  CodeBlock Scratch;
  Emit(Scratch);
  Printer.recordPrinted(nullptr);
  Recording = false;
  Names = SavedNames;
  if (!Unsupported) {
    Values.bind(Root, Out);
    Emit(Out);
  }
  Values.release();
  Binder = nullptr;
  return !Unsupported;
}

// --- statements ---

bool TangentBuilder::stmt(const Stmt *S, CodeBlock &Out) {
  if (!S || isa<NullStmt>(S))
    return true;
  if (const auto *C = dyn_cast<CompoundStmt>(S)) {
    Out.open("");
    for (const Stmt *Child : C->body())
      if (!stmt(Child, Out))
        return false;
    Out.close();
    return true;
  }
  if (const auto *D = dyn_cast<DeclStmt>(S))
    return declaration(D, Out);
  if (const auto *R = dyn_cast<ReturnStmt>(S)) {
    const Expr *Value = R->getRetValue();
    if (!Value || writesVaried(Value) || callsWithActiveArguments(Value))
      return false;
    return withValues(Value, [&](CodeBlock &B) {
      std::string T = tangent(Value);
      if (!T.empty())
        B.line("*" + ResultParam + " += " + T + ";");
      B.line("return " + primal(Value) + ";");
    }, Out);
  }
  if (const auto *If = dyn_cast<IfStmt>(S))
    return ifStmt(If, Out);
  if (isa<ForStmt, WhileStmt, DoStmt>(S))
    return loop(S, Out);
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
  return false; // switch, goto, try, ...: reverse mode
}

bool TangentBuilder::ifStmt(const IfStmt *S, CodeBlock &Out) {
  const Expr *Cond = S->getCond();
  if (S->getInit() || S->getConditionVariable() || S->isConsteval() ||
      writesVaried(Cond) || callsWithActiveArguments(Cond))
    return false;
  auto Branch = [&](const Stmt *B) {
    CodeBlock Inner;
    if (!stmt(B, Inner))
      return false;
    Out.append(Inner.unbraced());
    return true;
  };
  Out.open("if (" + primal(Cond) + ")");
  if (!Branch(S->getThen()))
    return false;
  const Stmt *Else = S->getElse();
  // An else-if chain stays a chain.
  while (const auto *ElseIf = dyn_cast_or_null<IfStmt>(Else)) {
    const Expr *C = ElseIf->getCond();
    if (ElseIf->getInit() || ElseIf->getConditionVariable() ||
        ElseIf->isConsteval() || writesVaried(C) || callsWithActiveArguments(C))
      return false;
    Out.orElse("else if (" + primal(C) + ")");
    if (!Branch(ElseIf->getThen()))
      return false;
    Else = ElseIf->getElse();
  }
  if (Else) {
    Out.orElse();
    if (!Branch(Else))
      return false;
  }
  Out.close();
  return true;
}

bool TangentBuilder::loop(const Stmt *S, CodeBlock &Out) {
  const auto *For = dyn_cast<ForStmt>(S);
  const auto *While = dyn_cast<WhileStmt>(S);
  const auto *Do = dyn_cast<DoStmt>(S);
  const Expr *Cond = For ? For->getCond() : While ? While->getCond() : Do->getCond();
  const Stmt *LoopBody = For ? For->getBody() : While ? While->getBody() : Do->getBody();
  if ((For && For->getConditionVariable()) || (While && While->getConditionVariable()))
    return false;
  auto Inactive = [&](const Stmt *Part) {
    return !writesVaried(Part) && !callsWithActiveArguments(Part);
  };
  if (!Inactive(Cond))
    return false;
  std::string CondText = Cond ? primal(Cond) : "";
  std::string Header;
  if (For) {
    std::string Init;
    if (const auto *D = dyn_cast_or_null<DeclStmt>(For->getInit())) {
      for (const Decl *Each : D->decls())
        if (const auto *V = dyn_cast<VarDecl>(Each); !V || Activity.isVaried(V))
          return false;
      llvm::raw_string_ostream OS(Init);
      D->printPretty(OS, nullptr, Printer.policy());
      OS.flush();
      while (!Init.empty() && (Init.back() == '\n' || Init.back() == ';'))
        Init.pop_back();
    } else if (const auto *E = dyn_cast_or_null<Expr>(For->getInit())) {
      if (!Inactive(E))
        return false;
      Init = primal(E);
    }
    if (!Inactive(For->getInc()))
      return false;
    Header = "for (" + Init + "; " + CondText + "; " +
             (For->getInc() ? primal(For->getInc()) : "") + ")";
  } else {
    Header = While ? "while (" + CondText + ")" : "do";
  }
  CodeBlock Inner;
  if (!stmt(LoopBody, Inner))
    return false;
  Out.open(Header);
  Out.append(Inner.unbraced());
  Out.close(Do ? "while (" + CondText + ");" : "");
  return true;
}

// An inactive declaration as written (pass 1 of a statement does not record
// it as read).
std::string TangentBuilder::primalDeclaration(const VarDecl *V) {
  return unrecorded([&] { return Printer.declaration(V); });
}

bool TangentBuilder::declaration(const DeclStmt *S, CodeBlock &Out) {
  for (const Decl *Each : S->decls()) {
    const auto *V = dyn_cast<VarDecl>(Each);
    if (!V || V->isStaticLocal())
      return false;
    const Expr *Init = V->getInit();
    if (Init && callsWithActiveArguments(Init))
      return false;
    if (!Activity.isVaried(V)) {
      if (Init && writesVaried(Init))
        return false;
      Out.line(primalDeclaration(V) + ";");
      continue;
    }
    if (!V->getType()->isRealFloatingType())
      return false; // an active array
    std::string Decl = Printer.type(V->getType(), V->getName().str());
    tangentOf(V); // named before the two passes, so they agree
    if (!Init) {
      declareTangent(V, "0", Out);
      Out.line(Decl + ";");
      continue;
    }
    if (const auto *List = dyn_cast<InitListExpr>(Init)) {
      if (List->getNumInits() != 1)
        return false;
      Init = List->getInit(0);
    }
    if (writesVaried(Init))
      return false;
    if (!withValues(Init, [&](CodeBlock &B) {
          std::string T = tangent(Init);
          declareTangent(V, T.empty() ? "0" : T, B);
          B.line(Decl + " = " + primal(Init) + ";");
        }, Out))
      return false;
  }
  return true;
}

bool TangentBuilder::expressionStmt(const Expr *E, CodeBlock &Out) {
  E = E->IgnoreParens();
  if (const auto *B = dyn_cast<BinaryOperator>(E); B && B->isAssignmentOp())
    return assignment(B, Out);
  // `++i`, `y++`: adding 1 does not change a derivative.
  if (const auto *U = dyn_cast<UnaryOperator>(E);
      U && U->isIncrementDecrementOp() && isa<DeclRefExpr>(U->getSubExpr()->IgnoreParens())) {
    Out.line(primal(E) + ";");
    return true;
  }
  if (writesVaried(E) || callsWithActiveArguments(E))
    return false;
  Out.line(primal(E) + ";");
  return true;
}

bool TangentBuilder::assignment(const BinaryOperator *B, CodeBlock &Out) {
  const Expr *Value = B->getRHS();
  if (writesVaried(Value) || callsWithActiveArguments(Value))
    return false;
  const auto *Ref = dyn_cast<DeclRefExpr>(B->getLHS()->IgnoreParens());
  const auto *V = Ref ? dyn_cast<VarDecl>(Ref->getDecl()) : nullptr;
  if (!V || !Activity.isVaried(V)) {
    if (writesVaried(B))
      return false; // an element of an active array
    Out.line(primal(B) + ";");
    return true;
  }
  if (!V->getType()->isRealFloatingType() || !Tangents.count(V))
    return false;
  std::string D = Tangents.at(V), Var = Printer.nameOf(V);
  return withValues(Value, [&](CodeBlock &Blk) {
    std::string T = tangent(Value);
    switch (B->getOpcode()) {
    case BO_Assign:
      Blk.line(D + " = " + (T.empty() ? "0" : T) + ";");
      break;
    case BO_AddAssign:
      if (!T.empty())
        Blk.line(D + " += " + T + ";");
      break;
    case BO_SubAssign:
      if (!T.empty())
        Blk.line(D + " -= " + T + ";");
      break;
    case BO_MulAssign: // d(v r) = dv r + v dr
      Blk.line(D + " = " + plus(times(D, operand(Value)), T.empty() ? "" : times(Var, T)) + ";");
      break;
    case BO_DivAssign: { // d(v / r) = dv / r - v dr / r^2
      std::string R = operand(Value);
      Blk.line(D + " = " +
               minus(D + " / " + R,
                     T.empty() ? "" : times(Var, T) + " / (" + R + " * " + R + ")") +
               ";");
      break;
    }
    default:
      Unsupported = true;
    }
    Blk.line(primal(B) + ";");
  }, Out);
}

// --- expressions ---

std::string TangentBuilder::tangent(const Expr *E) {
  if (!Activity.isActive(E))
    return "";
  if (const auto *P = dyn_cast<ParenExpr>(E))
    return tangent(P->getSubExpr());
  if (const auto *C = dyn_cast<CastExpr>(E))
    return tangent(C->getSubExpr());
  if (const auto *Ref = dyn_cast<DeclRefExpr>(E)) {
    const auto *V = dyn_cast<VarDecl>(Ref->getDecl());
    if (V && Tangents.count(V)) {
      TangentsRead.insert(V);
      return Tangents.at(V);
    }
  } else if (const auto *U = dyn_cast<UnaryOperator>(E)) {
    if (U->getOpcode() == UO_Plus)
      return tangent(U->getSubExpr());
    if (U->getOpcode() == UO_Minus) {
      std::string T = tangent(U->getSubExpr());
      return T.empty() ? T : negate(T);
    }
  } else if (const auto *B = dyn_cast<BinaryOperator>(E)) {
    const Expr *L = B->getLHS(), *R = B->getRHS();
    switch (B->getOpcode()) {
    case BO_Add:
      return plus(tangent(L), tangent(R));
    case BO_Sub:
      return minus(tangent(L), tangent(R));
    case BO_Mul: {
      std::string TL = tangent(L), TR = tangent(R);
      return plus(TL.empty() ? "" : times(TL, operand(R)),
                  TR.empty() ? "" : times(operand(L), TR));
    }
    case BO_Div: { // d(l / r) = dl / r - l dr / r^2
      std::string TL = tangent(L), TR = tangent(R), Den = operand(R);
      return minus(TL.empty() ? "" : asLeftFactor(TL) + " / " + Den,
                   TR.empty() ? "" : times(operand(L), TR) + " / (" + Den + " * " + Den + ")");
    }
    default:
      break;
    }
  } else if (const auto *C = dyn_cast<ConditionalOperator>(E)) {
    std::string A = tangent(C->getTrueExpr()), B = tangent(C->getFalseExpr());
    if (A.empty() && B.empty())
      return "";
    return "(" + Printer.print(C->getCond()) + " ? " + (A.empty() ? "0" : A) +
           " : " + (B.empty() ? "0" : B) + ")";
  } else if (const auto *Call = dyn_cast<CallExpr>(E)) {
    return tangentOfCall(Call);
  }
  Unsupported = true;
  return "";
}

// Sum over the arguments of partial * the argument's derivative; sin and
// cos get their partial from sincos with the value, pow, exp and sqrt from
// the value (see ValueBinder.h).
std::string TangentBuilder::tangentOfCall(const CallExpr *Call) {
  const MathRule *Rule = findMathRule(Call->getDirectCallee());
  if (!Rule) {
    Unsupported = true;
    return "";
  }
  StringRef RuleName = Rule->Name;
  bool WithSincos = Rule->Arity == 1 && (RuleName == "sin" || RuleName == "cos");
  std::vector<std::string> Args;
  for (const Expr *Arg : Call->arguments())
    Args.push_back(Printer.print(Arg));
  std::string Sum;
  for (unsigned K = 0; K < Call->getNumArgs(); ++K) {
    std::string T = Rule->Partials[K] ? tangent(Call->getArg(K)) : "";
    if (T.empty())
      continue;
    std::string Partial;
    if (const std::string *D = WithSincos && Binder ? Binder->derivativeOf(Call) : nullptr) {
      Partial = *D;
    } else if (const std::string *Value = Printer.substitute(Call);
               Value && Rule->ValuePartials[K]) {
      Partial = instantiatePartial(*Rule, K, Args, Value);
    } else {
      if (WithSincos && Binder)
        Binder->WantsDerivative.insert(Call);
      else if (Rule->ValuePartials[K])
        (void)Printer.print(Call); // recorded: its value is wanted
      Partial = instantiatePartial(*Rule, K, Args);
    }
    Sum = plus(Sum, times(Partial, T));
  }
  return Sum;
}

} // namespace adgen
