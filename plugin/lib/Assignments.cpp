// Assignments: `v = e`, `a[i] += e`, `*p *= e`, element by element, and
// what a store saves so the reverse sweep can restore the old value.
#include "FunctionBuilder.h"
#include "Pullbacks.h"
#include "Types.h"
#include "ad-gen/Attribute.h"

#include "clang/AST/ExprCXX.h"
#include "clang/AST/RecursiveASTVisitor.h"

#include <functional>

using namespace clang;

namespace adgen {

std::string FunctionBuilder::Target::text(FunctionBuilder &B,
                                         bool Reverse) const {
  if (LValue)
    return Reverse ? B.rev(LValue) : B.fwd(LValue);
  return B.Printer.nameOf(Var) + Subscript;
}

QualType FunctionBuilder::Target::type() const {
  if (LValue)
    return LValue->getType();
  QualType T = Var->getType().getNonReferenceType();
  for (size_t I = 0; I < Subscript.size(); ++I)
    if (Subscript[I] == '[')
      T = T->getAsArrayTypeUnsafe()->getElementType();
  return T;
}

// The text that puts Old back into Location in the reverse sweep: through
// the redo log when Location may be the caller's memory.
std::string FunctionBuilder::restore(const Expr *LValue, const std::string &Location,
                                     const std::string &Old) {
  if (!LValue)
    return Location + " = " + Old + ";";
  // A pointer parameter itself is f's own copy; what it points to is not.
  if (const auto *Ref = dyn_cast<DeclRefExpr>(LValue->IgnoreParenImpCasts()))
    if (isa<ParmVarDecl>(Ref->getDecl()) && !Ref->getType()->isReferenceType() &&
        !cast<ParmVarDecl>(Ref->getDecl())->getType()->isReferenceType())
      return Location + " = " + Old + ";";
  Roots R = Activity.pointsTo().location(LValue);
  unsigned External = 0;
  for (const VarDecl *V : R.Vars)
    External += isExternalRoot(V);
  if (External == 0)
    return Location + " = " + Old + ";";
  if (External != R.Vars.size())
    unsupported(LValue, "a store through a pointer that may point into the "
                        "caller's memory or into a local variable",
                "use one pointer for each");
  return restoreExternal(Location, Old);
}

std::string FunctionBuilder::restoreExternal(const std::string &Location,
                                             const std::string &Old) {
  UsesRedo = true;
  return Kind == AdjointKind::Gradient
             ? RedoLog + ".restore(" + Location + ", " + Old + ");"
             : "::ad::restore(" + RedoLog + ", " + Location + ", " + Old + ");";
}

void FunctionBuilder::saveBeforeWrite(const Target &T, CodeBlock &Fwd,
                                      CodeBlock &Rev) {
  bool Need = T.LValue ? needsSave(T.LValue) : Needed.count(T.Var) > 0;
  if (!Need)
    return;
  if (T.LValue && !Activity.pointsTo().location(T.LValue).known()) {
    unsupported(T.LValue, "a store whose old value the reverse sweep needs, "
                          "through a pointer whose origin cannot be followed",
                "point into a local array or std::vector, or a parameter");
    return;
  }
  // A pointer variable's shadow is saved with it.
  const ShadowVar *PointerShadow = nullptr;
  if (T.Var && T.Subscript.empty() && !Printer.isPointerized(T.Var) &&
      (!T.LValue || isa<DeclRefExpr>(T.LValue->IgnoreParenImpCasts())) &&
      isPointerLike(T.Var))
    PointerShadow = Shadow.movingPointer(T.Var);
  QualType Type = T.type().getCanonicalType().getUnqualifiedType();
  std::string Forward = T.text(*this, false), Reverse = T.text(*this, true);
  if (!inLoop()) { // written at most once: a variable holds the old value
    std::string Saved = record(Printer.type(Type), "_t",
                               Type->isPointerType()  ? "nullptr"
                               : Type->isScalarType() ? "0"
                                                      : "{}");
    Fwd.line(Saved + " = " + Forward + ";");
    if (PointerShadow) {
      std::string SavedShadow = record(
          Printer.type(Ctx.getPointerType(elementOf(Type).getUnqualifiedType())), "_t",
          "nullptr");
      Fwd.line(SavedShadow + " = " + PointerShadow->Name + ";");
      Rev.line(PointerShadow->Name + " = " + SavedShadow + ";");
    }
    Rev.line(restore(T.LValue, Reverse, Saved));
    return;
  }
  std::string Tape = tapeFor(Type);
  Fwd.line(push(Tape, Forward));
  if (PointerShadow) {
    std::string ShadowTape = tapeFor(Ctx.getPointerType(elementOf(Type).getUnqualifiedType()));
    Fwd.line(push(ShadowTape, PointerShadow->Name));
    Rev.line(PointerShadow->Name + " = " + ShadowTape + ".pop();");
  }
  Rev.line(restore(T.LValue, Reverse, Tape + ".pop()"));
}

// True if E holds a call that writes through a pointer or reference
// argument (`g(x, &t)`, g a helper or a lambda): its reverse must run for
// those outputs even when its value goes nowhere.
static bool callsWithOutputs(const Stmt *S) {
  if (!S || isa<LambdaExpr>(S))
    return false;
  if (const auto *Call = dyn_cast<CallExpr>(S))
    if (const FunctionDecl *Callee = Call->getDirectCallee())
      for (const CallArgument &A : callArguments(Call))
        if (!A.Object && writesThroughParameter(Callee, A.Param))
          return true;
  for (const Stmt *Child : S->children())
    if (callsWithOutputs(Child))
      return true;
  return false;
}

// A local real of f that nothing reads: stores into it have no reverse
// (and their math calls are not fused: no partials are taped for them).
bool FunctionBuilder::isDeadLocal(const VarDecl *V) {
  return V && !isa<ParmVarDecl>(V) && !isLocalReference(V) && isRealType(V->getType()) &&
         isNeverRead(V);
}

// True if V is only ever stored into: no expression of the function reads
// it (a store `v = e` or `v += e` to it does not count as a read).
bool FunctionBuilder::isNeverRead(const VarDecl *V) {
  if (!ReadVariablesKnown) {
    class Reads : public RecursiveASTVisitor<Reads> {
    public:
      VarSet &Out;
      explicit Reads(VarSet &Out) : Out(Out) {}
      bool TraverseBinaryOperator(BinaryOperator *B) {
        if (B->isAssignmentOp() && isa<DeclRefExpr>(B->getLHS()->IgnoreParenImpCasts()))
          return TraverseStmt(B->getRHS());
        return RecursiveASTVisitor::TraverseBinaryOperator(B);
      }
      bool TraverseCompoundAssignOperator(CompoundAssignOperator *B) {
        if (isa<DeclRefExpr>(B->getLHS()->IgnoreParenImpCasts()))
          return TraverseStmt(B->getRHS());
        return RecursiveASTVisitor::TraverseCompoundAssignOperator(B);
      }
      bool VisitDeclRefExpr(DeclRefExpr *E) {
        if (const auto *W = dyn_cast<VarDecl>(E->getDecl()))
          Out.insert(W);
        return true;
      }
    } Finder(ReadVariables);
    Finder.TraverseStmt(const_cast<Stmt *>(Def->getBody()));
    ReadVariablesKnown = true;
  }
  return !ReadVariables.count(V);
}

// True if Value may read the location Dest stores into: a variable it
// names, or memory reached through a pointer or reference that may point
// there.
bool FunctionBuilder::mayRead(const Expr *Value, const Target &Dest) const {
  Roots Where;
  if (Dest.LValue)
    Where = Activity.pointsTo().location(Dest.LValue);
  else
    Where.Vars.push_back(Dest.Var);
  std::function<bool(const Stmt *)> Reads = [&](const Stmt *S) {
    if (const auto *Ref = dyn_cast<DeclRefExpr>(S))
      if (const auto *W = dyn_cast<VarDecl>(Ref->getDecl())) {
        if (W == Dest.Var || Where.contains(W))
          return true;
        if (isPointerLike(W) && !isa<ParmVarDecl>(W))
          for (const VarDecl *R : Activity.pointsTo().variable(W).Vars)
            if (Where.contains(R))
              return true;
      }
    // A lambda called (or handed on) reads what it captures.
    const LambdaExpr *Lambda = dyn_cast<LambdaExpr>(S);
    if (const auto *Ref = dyn_cast<DeclRefExpr>(S))
      if (const auto *W = dyn_cast<VarDecl>(Ref->getDecl()))
        if (auto It = LambdaVars.find(W); It != LambdaVars.end())
          Lambda = It->second;
    if (Lambda)
      for (const VarDecl *C : capturedVariables(Lambda->getLambdaClass()))
        if (C == Dest.Var || Where.contains(C))
          return true;
    // `a` in a member function is `this->a`: it reads through self.
    if (isa<CXXThisExpr>(S))
      if (const ParmVarDecl *Self = Activity.pointsTo().self())
        for (const VarDecl *R : Activity.pointsTo().variable(Self).Vars)
          if (R == Dest.Var || Where.contains(R))
            return true;
    for (const Stmt *Child : S->children())
      if (Child && Reads(Child))
        return true;
    return false;
  };
  return Reads(Value);
}

// `p = q + 1`, `p += k`, `it = v.begin()`: the shadow pointer follows
// (`_d_p = _d_q + 1`); a pointer value has no derivative of its own.
void FunctionBuilder::pointerAssignment(const Target &Dest, const Expr *Value,
                                        BinaryOperatorKind Op, CodeBlock &Fwd) {
  const VarDecl *V = Dest.Var;
  if (!V || !Dest.Subscript.empty() ||
      (Dest.LValue && !isa<DeclRefExpr>(Dest.LValue->IgnoreParenImpCasts()))) {
    if (Value && Activity.dependsOnVaried(Value)) {
      const Stmt *At = Dest.LValue ? static_cast<const Stmt *>(Dest.LValue) : Value;
      if (Dest.LValue && isa<MemberExpr>(Dest.LValue->IgnoreParenImpCasts()))
        unsupported(At, "setting a pointer member to active values after the struct is built",
                    "build the struct with its pointers (Data d{x, n}; or a constructor)");
      else
        unsupported(At, "storing a pointer to active values into an array or through a pointer",
                    "keep the pointer in a local variable");
    }
    return;
  }
  const ShadowVar *S = Shadow.find(V);
  if (!S || S != Shadow.movingPointer(V) || !Value)
    return;
  if (Op == BO_Assign)
    Fwd.line(S->Name + " = " + adjointPointer(Value, false) + ";");
  else
    Fwd.line(S->Name + (Op == BO_AddAssign ? " += " : " -= ") + fwd(Value) + ";");
}

CodeBlock FunctionBuilder::assignment(const Target &Dest, const Expr *Value,
                                      BinaryOperatorKind Op,
                                      bool FreshVariable,
                                      const std::string &ForwardText,
                                      CodeBlock &Fwd, bool SaveOld) {
  CodeBlock Rev;
  const VarDecl *V = Dest.Var;
  if (Value && !checkNoSideEffects(Value))
    return Rev;
  // A variable declared outside loops is written once: its old value is
  // never needed, and its adjoint is never read again after this point.
  bool Rewritten = !FreshVariable || inLoop();
  if (Rewritten && SaveOld)
    saveBeforeWrite(Dest, Fwd, Rev);
  if (!ForwardText.empty())
    Fwd.line(ForwardText);
  QualType T = Dest.type();
  if (T->isPointerType() || isVectorIterator(T)) {
    pointerAssignment(Dest, Value, Op, Fwd);
    return Rev;
  }
  bool Varied = V ? Activity.isVaried(V)
                  : Dest.LValue && Activity.dependsOnVaried(Dest.LValue);
  if (!Varied || shapeOf(T) == Shape::Inactive)
    return Rev;
  if (!isRealType(T) && !isComplexType(T)) {
    // Objects and containers have rules of their own; reaching here would
    // drop their derivative.
    std::string What = "this store of a value of type '" + Printer.type(T) + "'";
    std::string Hint = "assign its members or elements one by one";
    if (Dest.LValue || Value)
      unsupported(Dest.LValue ? static_cast<const Stmt *>(Dest.LValue) : Value, What, Hint);
    else
      unsupported(Dest.Var->getLocation(), What, Hint);
    return Rev;
  }
  // A local nothing reads (`double unused = pow(big, 3);`): its adjoint is
  // always 0, and multiplying it by a partial that overflowed would give
  // NaN, not the 0 it is.
  if (Dest.Subscript.empty() &&
      (!Dest.LValue || isa<DeclRefExpr>(Dest.LValue->IgnoreParenImpCasts())) && isDeadLocal(V) &&
      !callsWithOutputs(Value))
    return Rev;
  std::string Adj = Dest.LValue ? adjointOf(Dest.LValue)
                                : Shadow.find(V)->Name + Dest.Subscript;
  bool ValueActive = Value && Activity.isActive(Value);
  bool SelfReference = Value && mayRead(Value, Dest);
  // Into a complex variable a real value flows with the real part.
  auto Flow = [&](const Expr *E, const std::string &Seed) {
    if (isComplexType(T))
      flowInto(E, Seed, Rev);
    else
      diffOnce(E, Seed, Rev);
  };
  auto General = [&](BinaryOperatorKind BinOp) {
    std::string Temp = newTemp();
    Rev.line(Printer.type(T.getNonReferenceType().getCanonicalType().getUnqualifiedType()) + " " + Temp + " = " + Adj +
             ";");
    // Only a variable of its own: an element's adjoint, or a reference's,
    // may alias another's.
    const ShadowVar *Own = V ? Shadow.find(V) : nullptr;
    if (Dest.Subscript.empty() && Own && Own->Kind == ShadowKind::Value &&
        (!Dest.LValue || isa<DeclRefExpr>(Dest.LValue->IgnoreParenImpCasts())))
      deferReset(Adj, Rev);
    else
      Rev.line(Adj + " = 0;");
    if (BinOp == BO_Assign)
      Flow(Value, Temp);
    else
      diffBinary(BinOp, Dest.LValue, Value, Temp, T, Rev);
    settleReset();
  };
  switch (Op) {
  case BO_Assign:
    if (ValueActive && SelfReference) {
      General(BO_Assign);
    } else {
      if (ValueActive)
        Flow(Value, Adj);
      if (Rewritten)
        Rev.line(Adj + " = 0;");
    }
    break;
  case BO_AddAssign:
  case BO_SubAssign:
    if (!ValueActive)
      break;
    if (SelfReference)
      General(Op == BO_AddAssign ? BO_Add : BO_Sub);
    else
      Flow(Value, Op == BO_AddAssign ? Adj : "-" + Adj);
    break;
  case BO_MulAssign:
    General(BO_Mul);
    break;
  case BO_DivAssign:
    General(BO_Div);
    break;
  default:
    // %=, <<=, &=, ... on a floating-point value do not compile; on an
    // integer or pointer they carry no derivative and do not get here.
    unsupported(Value, "this compound assignment to an active variable",
                "write it as v = v op e");
  }
  return Rev;
}

} // namespace adgen
