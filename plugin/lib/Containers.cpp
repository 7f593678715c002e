// std::vector and std::array locals. The shadow `_d_v` of a container is a
// container of the same type and shape, created with it
// (`_d_v = ::ad::zeros_like(v)`) and kept in step with it by every
// operation that changes its size: push_back adds a zero shadow, resize
// resizes the shadow like the vector, assign and clear start it over. The
// reverse sweep undoes each step: the adjoint of a pushed value flows back
// to it, the shadow and (if the reverse sweep reads it) the vector get their
// old size and contents back.
#include "FunctionBuilder.h"
#include "Types.h"
#include "ad-gen/Attribute.h"

#include "clang/AST/ExprCXX.h"
#include "clang/AST/RecursiveASTVisitor.h"
#include "clang/AST/StmtCXX.h"
#include "clang/Basic/SourceManager.h"

#include <map>

using namespace clang;

namespace adgen {

namespace {

const Expr *withoutCleanups(const Expr *E) {
  if (const auto *C = dyn_cast<ExprWithCleanups>(E))
    E = C->getSubExpr();
  return E->IgnoreParens();
}

StringRef methodName(const CXXMemberCallExpr *Call) {
  const CXXMethodDecl *M = Call->getMethodDecl();
  return M && M->getIdentifier() ? M->getName() : StringRef();
}

} // namespace

// Adds the adjoint Adj of a container just built from Init into what Init
// read: the value copied into every element, the elements of another
// container or of an iterator range, the elements of a braced list.
void FunctionBuilder::containerInitAdjoint(const Expr *Init, const std::string &Adj,
                                           CodeBlock &Rev) {
  Init = withoutCleanups(Init);
  if (!Activity.dependsOnVaried(Init))
    return;
  // A temporary (`std::vector<double>(2, x)` pushed into a vector).
  while (true) {
    if (const auto *M = dyn_cast<MaterializeTemporaryExpr>(Init))
      Init = withoutCleanups(M->getSubExpr());
    else if (const auto *B = dyn_cast<CXXBindTemporaryExpr>(Init))
      Init = withoutCleanups(B->getSubExpr());
    else if (const auto *F = dyn_cast<CXXFunctionalCastExpr>(Init))
      Init = withoutCleanups(F->getSubExpr());
    else if (const auto *C = dyn_cast<ImplicitCastExpr>(Init);
             C && C->getCastKind() == CK_NoOp)
      Init = withoutCleanups(C->getSubExpr());
    else
      break;
  }
  if (Init->IgnoreImpCasts()->isGLValue() &&
      (isStdVector(Init->getType()) || isStdArray(Init->getType()))) {
    // A copy of another container.
    Rev.line("::ad::add_into(" + Shadow.data(Init, [this](const Expr *E) {
               return rev(E);
             }) + ", " + Adj + ");");
    return;
  }
  if (const auto *List = dyn_cast<InitListExpr>(Init)) {
    // std::array's aggregate initialization: `{{x, y}}` or `{x, y}`.
    if (List->getNumInits() == 1 && isa<InitListExpr>(List->getInit(0)))
      List = cast<InitListExpr>(List->getInit(0));
    for (unsigned K = 0; K < List->getNumInits(); ++K)
      diff(List->getInit(K), Adj + "[" + std::to_string(K) + "]", Rev);
    return;
  }
  if (const auto *IL = dyn_cast<CXXStdInitializerListExpr>(Init)) {
    const auto *List = dyn_cast<InitListExpr>(
        IL->getSubExpr()->IgnoreImplicit());
    if (List) {
      for (unsigned K = 0; K < List->getNumInits(); ++K)
        diff(List->getInit(K), Adj + "[" + std::to_string(K) + "]", Rev);
      return;
    }
  }
  // Returned by a function of the user's (or a lambda): its pullback takes
  // the container's adjoint as its seed.
  if (const auto *Call = dyn_cast<CallExpr>(Init); Call && isUserCall(Call)) {
    pullbackCall(Call, Adj, Rev);
    return;
  }
  const auto *C = dyn_cast<CXXConstructExpr>(Init);
  if (!C) {
    unsupported(Init, "a container built from the result of a call with active arguments",
                "build it element by element, or have the function write into a "
                "container it is given");
    return;
  }
  std::vector<const Expr *> Args;
  for (const Expr *Arg : C->arguments())
    if (!isa<CXXDefaultArgExpr>(Arg))
      Args.push_back(Arg);
  if (Args.size() == 1 && isa<CXXStdInitializerListExpr>(withoutCleanups(Args[0])))
    return containerInitAdjoint(Args[0], Adj, Rev);
  if (Args.size() == 1 && C->getConstructor()->isCopyOrMoveConstructor()) {
    Rev.line("::ad::add_into(" + Shadow.data(Args[0], [this](const Expr *E) {
               return rev(E);
             }) + ", " + Adj + ");");
    return;
  }
  if (Args.size() == 2 && isRealType(Args[1]->getType())) { // (n, x)
    diff(Args[1], "::ad::sum_of(" + Adj + ")", Rev);
    return;
  }
  if (Args.size() == 2 && Activity.dependsOnVaried(Args[0])) { // (first, last)
    Rev.line("::ad::add_into(" + adjointPointer(Args[0]) + ", " + Adj + ");");
    return;
  }
  unsupported(Init, "this way of building a std::vector from active values",
              "use (n), (n, value), a braced list, a copy or an iterator range");
}

CodeBlock FunctionBuilder::containerDeclaration(const VarDecl *V, CodeBlock &Fwd) {
  CodeBlock Rev;
  std::string Name = Printer.nameOf(V);
  QualType T = V->getType().getNonReferenceType().getUnqualifiedType();
  const Expr *Init = V->getInit();
  bool Varied = Activity.isVaried(V);
  std::string Text = Init ? Name + " = " + initializerText(V) + ";"
                     : inLoop() ? Name + " = " + Printer.type(T) + "();"
                                : "";
  // Declared again in a loop: the object of the iteration before is saved
  // (moved, not copied) when the reverse sweep reads it or its shadow's
  // shape.
  // The shadow object is saved with it, so shadow pointers into it taken
  // in that iteration stay valid.
  bool Save = inLoop() && (Needed.count(V) || Varied);
  const ShadowVar *S = Varied ? Shadow.find(V) : nullptr;
  std::string Tape = Save ? tapeFor(T) : "";
  if (Save) {
    Fwd.line(push(Tape, "std::move(" + Name + ")"));
    if (S)
      Fwd.line(push(Tape, "std::move(" + S->Name + ")"));
  }
  if (!Text.empty())
    Fwd.line(Text);
  if (S)
    Fwd.line(S->Name + " = ::ad::zeros_like(" + Name + ");");
  if (S && Init)
    containerInitAdjoint(Init, S->Name, Rev);
  if (Save) {
    if (S)
      Rev.line(S->Name + " = " + Tape + ".pop();");
    Rev.line(Name + " = " + Tape + ".pop();");
  }
  return Rev;
}

// The shadow of a container that is about to change size: an object
// (`_d_v`, `(*_d_w)`, `_d_m[i]`), not a parameter's element shadows.
std::string FunctionBuilder::containerShadow(const Expr *Object, bool Reverse) {
  if (const auto *Ref = dyn_cast<DeclRefExpr>(Object->IgnoreParenImpCasts()))
    if (const auto *V = dyn_cast<VarDecl>(Ref->getDecl()))
      if (const ShadowVar *S = Shadow.find(V); S && S->Kind == ShadowKind::DataPointer) {
        unsupported(Object, "changing the size of the parameter '" +
                                V->getName().str() + "', which holds active values",
                    "its shadow is a plain array of the size it had on entry; "
                    "build the result in a local std::vector");
        return "";
      }
  std::string Text = adjointOf(Object, Reverse);
  return Text == "?" ? "" : Text;
}

CodeBlock FunctionBuilder::containerCall(const CXXMemberCallExpr *Call, CodeBlock &Fwd) {
  CodeBlock Rev;
  const Expr *Object = Call->getImplicitObjectArgument();
  StringRef Method = methodName(Call);
  for (const Expr *Arg : Call->arguments())
    if (!checkNoSideEffects(Arg))
      return Rev;
  bool Varied = Activity.dependsOnVaried(Object);
  bool NeedOld = needsSave(Object);
  std::string Primal = fwd(Object), PrimalRev = rev(Object);
  QualType Element = elementOf(Object->getType());
  bool RealElements = isRealType(Element);
  if (!Varied && NeedOld && (Method == "push_back" || Method == "emplace_back")) {
    // An integer or inactive vector that grew by one: shrink it back.
    Fwd.line(fwd(Call) + ";");
    Rev.line(PrimalRev + ".pop_back();");
    return Rev;
  }
  if (!Varied) {
    // An integer or inactive vector: the reverse sweep only needs its old
    // contents back if it reads them.
    std::string Tape = NeedOld ? tapeFor(Object->getType().getNonReferenceType()) : "";
    if (NeedOld)
      Fwd.line(push(Tape, Primal));
    Fwd.line(fwd(Call) + ";");
    if (NeedOld)
      Rev.line(PrimalRev + " = " + Tape + ".pop();");
    return Rev;
  }
  std::string SF = containerShadow(Object, false);
  std::string SR = SF.empty() ? "" : containerShadow(Object, true);
  if (SF.empty() || SR.empty())
    return Rev;
  if (Method == "push_back" || Method == "emplace_back") {
    Fwd.line(fwd(Call) + ";");
    Fwd.line(SF + ".push_back(::ad::zeros_like(" + Primal + ".back()));");
    if (Call->getNumArgs() == 1 && RealElements) {
      diff(Call->getArg(0), SR + ".back()", Rev);
    } else if (Call->getNumArgs() == 1 &&
               shapeOf(elementOf(Object->getType())) == Shape::Record) {
      // An object: its adjoint flows into what made it.
      recordInitAdjoint(Call->getArg(0), SR + ".back()", Rev);
    } else if (Call->getNumArgs() == 1) {
      // An element that is itself a container: built from the argument.
      containerInitAdjoint(Call->getArg(0), SR + ".back()", Rev);
    } else if (!RealElements && Call->getNumArgs() == 2 && Method == "emplace_back") {
      // emplace_back(n, x): an element built as (n, x).
      if (isRealType(Call->getArg(1)->getType()))
        diff(Call->getArg(1), "::ad::sum_of(" + SR + ".back())", Rev);
    } else {
      for (const Expr *Arg : Call->arguments())
        if (Activity.dependsOnVaried(Arg)) {
          unsupported(Call, "'" + Method.str() + "' with several arguments",
                      "construct the element first and push it");
          return Rev;
        }
    }
    Rev.line(SR + ".pop_back();");
    if (NeedOld)
      Rev.line(PrimalRev + ".pop_back();");
    return Rev;
  }
  if (Method == "swap") {
    const Expr *Other = Call->getArg(0);
    std::string OF = containerShadow(Other, false), OR = containerShadow(Other, true);
    if (OF.empty() || OR.empty())
      return Rev;
    Fwd.line(fwd(Call) + ";");
    Fwd.line(SF + ".swap(" + OF + ");");
    Rev.line(SR + ".swap(" + OR + ");");
    if (NeedOld || needsSave(Other))
      Rev.line(PrimalRev + ".swap(" + rev(Other) + ");");
    return Rev;
  }
  bool Resize = Method == "resize", Assign = Method == "assign",
       Clear = Method == "clear", PopBack = Method == "pop_back";
  if (!Resize && !Assign && !Clear && !PopBack) {
    unsupported(Call, "'" + Method.str() + "' on a std::vector that holds active values",
                "use push_back, pop_back, resize, assign, clear or swap, or index it");
    return Rev;
  }
  return containerChange(
      Object, fwd(Call) + ";", Resize || PopBack,
      [&](const std::string &SR, const std::string &OldSize, CodeBlock &Rev) {
        if (Resize && Call->getNumArgs() == 2)
          diff(Call->getArg(1), "::ad::sum_of(" + SR + ", " + OldSize + ")", Rev);
        if (Assign && Call->getNumArgs() == 2 && isRealType(Call->getArg(1)->getType()))
          diff(Call->getArg(1), "::ad::sum_of(" + SR + ")", Rev);
        else if (Assign && Call->getNumArgs() == 2 &&
                 Activity.dependsOnVaried(Call->getArg(0)))
          Rev.line("::ad::add_into(" + adjointPointer(Call->getArg(0)) + ", " + SR + ");");
      },
      Fwd);
}

// A change of a varied container's size or of all its elements: the old
// object (when its contents are needed, or its elements are vectors whose
// shapes the shadow must get back) or else its size is saved; the shadow
// follows the new size (KeepsPrefix: the elements that remain keep their
// shadows) or starts over; the reverse sweep lets Propagate send the new
// contents' adjoints back, then restores the old size (and contents).
CodeBlock FunctionBuilder::containerChange(
    const Expr *Object, const std::string &ForwardText, bool KeepsPrefix,
    const std::function<void(const std::string &, const std::string &, CodeBlock &)>
        &Propagate,
    CodeBlock &Fwd) {
  CodeBlock Rev;
  std::string SF = containerShadow(Object, false);
  std::string SR = SF.empty() ? "" : containerShadow(Object, true);
  if (SF.empty() || SR.empty())
    return Rev;
  QualType T = Object->getType().getNonReferenceType().getUnqualifiedType();
  std::string Primal = fwd(Object), PrimalRev = rev(Object);
  bool Copy = needsSave(Object) || !isRealType(elementOf(T));
  std::string Tape = Copy ? tapeFor(T) : controlTape();
  Fwd.line(push(Tape, Copy ? Primal : "static_cast<unsigned long>(" + Primal + ".size())"));
  Fwd.line(ForwardText);
  Fwd.line(KeepsPrefix ? "::ad::resize_like(" + SF + ", " + Primal + ");"
                       : SF + " = ::ad::zeros_like(" + Primal + ");");
  ReshapesShadows = true;
  Rev.open("");
  std::string Old = newTemp();
  Rev.line(std::string(Copy ? "auto " : "unsigned long ") + Old + " = " + Tape + ".pop();");
  Propagate(SR, Copy ? Old + ".size()" : Old, Rev);
  if (Copy)
    Rev.line(PrimalRev + " = std::move(" + Old + ");");
  if (KeepsPrefix)
    Rev.line(Copy ? "::ad::resize_like(" + SR + ", " + PrimalRev + ");"
                  : SR + ".resize(" + Old + ");");
  else
    Rev.line(Copy ? SR + " = ::ad::zeros_like(" + PrimalRev + ");"
                  : SR + ".assign(" + Old + ", 0);");
  Rev.close();
  return Rev;
}

// `v = w;` and `v = {a, b};` on containers: every element is replaced.
CodeBlock FunctionBuilder::containerAssign(const CXXOperatorCallExpr *Call,
                                           CodeBlock &Fwd) {
  CodeBlock Rev;
  const Expr *Object = Call->getArg(0), *Value = Call->getArg(1);
  if (!checkNoSideEffects(Value))
    return Rev;
  if (!Activity.dependsOnVaried(Object)) {
    bool NeedOld = needsSave(Object);
    std::string Tape = NeedOld ? tapeFor(Object->getType().getNonReferenceType()) : "";
    if (NeedOld)
      Fwd.line(push(Tape, fwd(Object)));
    Fwd.line(fwd(Call) + ";");
    if (NeedOld)
      Rev.line(rev(Object) + " = " + Tape + ".pop();");
    return Rev;
  }
  // `c = g(c)`: g's pullback would be handed c's new value and one array
  // as both the seed and the adjoint of its argument.
  if (const auto *G = dyn_cast<CallExpr>(withoutTemporaries(Value)->IgnoreParenImpCasts())) {
    Roots Target = Activity.pointsTo().location(Object);
    for (const Expr *Arg : G->arguments()) {
      Roots Read = holdsReals(Arg->getType()) ? Activity.pointsTo().location(Arg) : Roots();
      for (const VarDecl *V : Target.Vars)
        if (Read.contains(V)) {
          unsupported(Call, "assigning to '" + V->getName().str() +
                                "' the result of a call that reads it",
                      "assign the result to a new vector");
          return Rev;
        }
    }
  }
  return containerChange(
      Object, fwd(Call) + ";", false,
      [&](const std::string &SR, const std::string &, CodeBlock &Rev) {
        containerInitAdjoint(Value, SR, Rev);
      },
      Fwd);
}

} // namespace adgen

namespace adgen {

namespace {

// Where pointers into std::vectors are bound and where those vectors change
// size, with the loops around each place.
class PointerBindings : public RecursiveASTVisitor<PointerBindings> {
public:
  struct Site {
    const Stmt *S;
    std::vector<const Stmt *> Loops;
  };
  explicit PointerBindings(const PointsTo &Points) : Points(Points) {}
  std::map<const VarDecl *, std::vector<Site>> Bindings, Changes;

  bool TraverseStmt(Stmt *S) {
    bool Loop = S && isa<ForStmt, WhileStmt, DoStmt, CXXForRangeStmt>(S);
    if (Loop)
      Loops.push_back(S);
    bool Ok = RecursiveASTVisitor::TraverseStmt(S);
    if (Loop)
      Loops.pop_back();
    return Ok;
  }
  bool VisitDeclStmt(DeclStmt *D) {
    for (const Decl *Each : D->decls())
      if (const auto *V = dyn_cast<VarDecl>(Each)) {
        DeclaredIn[V] = Loops;
        if (isPointerLike(V) && V->getInit())
          bind(V, D);
      }
    return true;
  }
  // The loops around each local's declaration: a vector declared inside a
  // loop is a new one in each iteration.
  std::map<const VarDecl *, std::vector<const Stmt *>> DeclaredIn;
  bool VisitCXXForRangeStmt(CXXForRangeStmt *S) {
    if (isLocalReference(S->getLoopVariable()))
      bind(S->getLoopVariable(), S);
    return true;
  }
  bool VisitBinaryOperator(BinaryOperator *B) {
    if (B->isAssignmentOp())
      if (const auto *Ref = dyn_cast<DeclRefExpr>(B->getLHS()->IgnoreParenImpCasts()))
        if (const auto *V = dyn_cast<VarDecl>(Ref->getDecl()); V && isPointerLike(V))
          bind(V, B);
    return true;
  }
  bool VisitCXXOperatorCallExpr(CXXOperatorCallExpr *C) {
    if (C->getOperator() != OO_Equal || C->getNumArgs() != 2)
      return true;
    if (const auto *Ref = dyn_cast<DeclRefExpr>(C->getArg(0)->IgnoreParenImpCasts()))
      if (const auto *V = dyn_cast<VarDecl>(Ref->getDecl())) {
        if (isVectorIterator(V->getType()))
          bind(V, C);
        else if (isStdVector(V->getType()))
          change(C->getArg(0), C);
      }
    return true;
  }
  bool VisitCXXMemberCallExpr(CXXMemberCallExpr *C) {
    const CXXMethodDecl *M = C->getMethodDecl();
    if (isContainerMutation(C) && M && M->getIdentifier() && M->getName() != "swap")
      change(C->getImplicitObjectArgument(), C);
    return true;
  }

private:
  void bind(const VarDecl *Pointer, const Stmt *At) {
    for (const VarDecl *V : Points.variable(Pointer).Vars)
      if (isStdVector(V->getType()))
        Bindings[V].push_back({At, Loops});
  }
  void change(const Expr *Object, const Stmt *At) {
    for (const VarDecl *V : Points.location(Object).Vars)
      Changes[V].push_back({At, Loops});
  }
  const PointsTo &Points;
  std::vector<const Stmt *> Loops;
};

} // namespace

// A std::vector that changes size after a pointer, reference or iterator
// into it was taken (later in the code, or in a later iteration of a loop
// around both) may have moved; the reverse sweep reads through the pointer
// it restores, so that is refused. Declaring the vector again in a loop is
// fine: the old one is saved whole (containerDeclaration).
void FunctionBuilder::checkPointersIntoContainers() {
  PointerBindings Finder(Activity.pointsTo());
  Finder.TraverseStmt(const_cast<Stmt *>(Def->getBody()));
  const SourceManager &SM = Ctx.getSourceManager();
  for (const auto &[V, Changes] : Finder.Changes) {
    auto Bound = Finder.Bindings.find(V);
    if (Bound == Finder.Bindings.end())
      continue;
    for (const auto &C : Changes)
      for (const auto &B : Bound->second) {
        bool Later = SM.isBeforeInTranslationUnit(B.S->getBeginLoc(), C.S->getBeginLoc());
        bool SameLoop = false;
        const std::vector<const Stmt *> &Fresh = Finder.DeclaredIn[V];
        for (const Stmt *L : B.Loops)
          SameLoop |= std::find(C.Loops.begin(), C.Loops.end(), L) != C.Loops.end() &&
                      std::find(Fresh.begin(), Fresh.end(), L) == Fresh.end();
        if (!Later && !SameLoop)
          continue;
        unsupported(C.S, "changing the size of '" + V->getName().str() +
                             "' after a pointer, reference or iterator into it was "
                             "taken (line " +
                             std::to_string(SM.getExpansionLineNumber(B.S->getBeginLoc())) +
                             ")",
                    "the reverse sweep reads through that pointer after '" +
                        V->getName().str() + "' may have moved; size it first, "
                        "then take pointers into it");
        break;
      }
  }
}

} // namespace adgen
