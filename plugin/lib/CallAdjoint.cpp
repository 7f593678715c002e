// Calls to the user's own functions (see Pullbacks.h): forward, the call runs
// as written; reverse, the callee's pullback propagates the adjoint of the
// call's value (and of what it wrote through its arguments) back into the
// adjoints of its arguments.
#include "CustomRules.h"
#include "Stages.h"
#include "FunctionBuilder.h"
#include "Handles.h"
#include "LibraryRules.h"
#include "Purity.h"
#include "Types.h"
#include "MathRules.h"
#include "ad-gen/Attribute.h"

#include "clang/AST/DeclCXX.h"
#include "clang/AST/ExprCXX.h"
#include "clang/AST/TemplateBase.h"

using namespace clang;

namespace adgen {

bool FunctionBuilder::isUserCall(const CallExpr *Call) const {
  const FunctionDecl *Callee = Call->getDirectCallee();
  if (!Callee || findMathRule(Callee))
    return false;
  // An operator is the user's when the user wrote it (`Vec3 operator+`),
  // not the standard library's or the compiler's (`v[i]`, `q = p`).
  if (isa<CXXOperatorCallExpr>(Call))
    return Callee->isUserProvided() && !Callee->isInStdNamespace() &&
           !(isa<CXXMethodDecl>(Callee) &&
             cast<CXXMethodDecl>(Callee)->getParent()->isInStdNamespace());
  return true;
}

CodeBlock FunctionBuilder::callStmt(const CallExpr *Call, CodeBlock &Fwd) {
  for (const Expr *Raw : rawMemoryArguments(Call))
    if (Activity.dependsOnVaried(Raw)) {
      unsupported(Raw, "handing active values to a function as raw memory (void *)",
                  "copy element by element, or with std::copy");
      return {};
    }
  if (const auto *M = dyn_cast<CXXMemberCallExpr>(Call); M && isContainerMutation(M))
    return withEffects(Call, Call, [&](CodeBlock &Fwd, const auto &) {
      return containerCall(M, Fwd);
    }, Fwd);
  if (const auto *M = dyn_cast<CXXMemberCallExpr>(Call);
      M && isReshapingMember(M->getMethodDecl()))
    return withEffects(Call, Call, [&](CodeBlock &Fwd, const auto &) {
      return handleReshape(M, Fwd);
    }, Fwd);
  return withEffects(Call, Call, [&](CodeBlock &Fwd, const auto &Text) {
    return callRule(Call, Text, Fwd);
  }, Fwd);
}

CodeBlock FunctionBuilder::callRule(const CallExpr *Call,
                                    const std::function<std::string()> &Text,
                                    CodeBlock &Fwd) {
  if (algorithmOf(Call) != Algorithm::None)
    return algorithmStmt(Call, Text, Fwd);
  CodeBlock Rev;
  bool Active = false;
  // The arguments and, for a member function, its object (`a.normalize()`).
  for (const CallArgument &A : callArguments(Call))
    Active |= Activity.dependsOnVaried(A.Arg);
  for (const Expr *Arg : Call->arguments())
    Active |= Activity.dependsOnVaried(Arg);
  for (const CallArgument &A : callArguments(Call))
    if (!checkNoSideEffects(A.Arg))
      return Rev;
  if (Active && writesThroughLibraryOperator(Call)) {
    const FunctionDecl *Callee = Call->getDirectCallee();
    unsupported(Call, "the operator '" + Callee->getNameAsString().substr(8) + "' of '" +
                          Call->getArg(0)->getType().getNonReferenceType().getCanonicalType().getAsString(PrintingPolicy(Ctx.getLangOpts())) +
                          "', which writes active values the generator does not follow",
                "assign to the variables themselves (a = ...; b = ...;), or keep the object "
                "and read its elements (auto t = f(x); double a = std::get<0>(t);)");
    return Rev;
  }
  if (!Active || !isUserCall(Call)) {
    // Nothing flows back through it (or a math call whose value is dropped);
    // what it writes is restored if the reverse sweep reads it.
    saveCallOutputs(Call, Fwd, Rev);
    Fwd.line(Text() + ";");
    refitShadows(Call, Fwd);
    return Rev;
  }
  // A split call's reverse half leaves what the call wrote as the call
  // left it: the saved values go back after it; a pullback runs the call
  // again from them: before it. A lean pullback leaves what it wrote as
  // the call left it too: the saved values go back after it, and a second
  // copy of what the callee reads before writing goes back before it.
  CodeBlock Restores;
  bool Lean = leanCall(Call);
  if (Lean) {
    saveCallOutputs(Call, Fwd, Restores);
    saveCallOutputs(Call, Fwd, Rev, /*ReadOnly=*/true);
  } else {
    saveCallOutputs(Call, Fwd, isSplitCall(Call) ? Restores : Rev);
  }
  Fwd.line(Text() + ";");
  refitShadows(Call, Fwd);
  pullbackCall(Call, "", Rev, Lean);
  Rev.append(Restores);
  return Rev;
}

// The type of the shadow parameter `d_a` for a parameter of type T
// (contract §2): a pointer to one real, or to the elements' shadows.
std::string FunctionBuilder::shadowParameterType(const ParmVarDecl *P,
                                                 const std::string &Name) const {
  QualType T = P->getOriginalType().getNonReferenceType();
  QualType Element =
      isRealType(T) || isComplexType(T) || shapeOf(T) == Shape::Record ? T : elementOf(T);
  return Printer.type(Ctx.getPointerType(
                          Element.getCanonicalType().getUnqualifiedType()),
                      Name);
}

bool FunctionBuilder::argumentActive(QualType T, const Expr *Arg) const {
  if (shapeOf(T) == Shape::Closure)
    return true;
  return isRealType(T.getNonReferenceType()) ? Activity.isActive(Arg)
                                             : Activity.dependsOnVaried(Arg);
}

bool FunctionBuilder::takesShadow(QualType T) {
  Shape S = shapeOf(T);
  return S == Shape::Real || S == Shape::Array || S == Shape::Container ||
         S == Shape::Pointer || S == Shape::Record || S == Shape::Closure ||
         S == Shape::Complex;
}

void FunctionBuilder::pullbackCall(const CallExpr *Call, const std::string &Seed,
                                   CodeBlock &Rev, bool Lean) {
  const FunctionDecl *Callee = Call->getDirectCallee();
  if (!Callee) {
    unsupported(Call, "a call through a function pointer with an active "
                      "argument",
                "call the function directly");
    return;
  }
  pullbackOf(Call, Callee, callArguments(Call), Seed, Rev, Lean);
}

void FunctionBuilder::pullbackOf(const Expr *Call, const FunctionDecl *Callee,
                                 const std::vector<CallArgument> &Formal,
                                 const std::string &Seed, CodeBlock &Rev, bool Lean) {
  settleReset(); // the pullback adds into adjoints through pointers
  std::string CalleeName = Callee->getNameAsString();
  // A custom pullback (contract §6) stands for the callee's body.
  const FunctionDecl *Rule = customRule(Callee, RuleKind::Pullback);
  const FunctionDecl *Definition = Rule ? Callee : Callee->getDefinition();
  if (!Definition || !Definition->hasBody()) {
    if (!Rule) {
      unsupported(Call, "the call to '" + CalleeName + "' with an active argument",
                  "'" + CalleeName + "' has no visible definition and no "
                  "derivative rule; define it in this translation unit or a "
                  "header it includes, or give it a custom pullback "
                  "([[ad::pullback_of(\"" + CalleeName + "\")]], docs/reference.md)");
      return;
    }
  }
  if (Rule && !ruleDeclaredBefore(Rule, Call, CalleeName))
    return;
  if (std::string Why = Rule ? "" : generatedCalleeProblem(Definition); !Why.empty()) {
    unsupported(Call, "the call of '" + CalleeName + "' with an active argument", Why);
    return;
  }
  if (const auto *M = dyn_cast<CXXMethodDecl>(Definition); M && M->isVirtual()) {
    const auto *Member = dyn_cast<CXXMemberCallExpr>(Call);
    const Expr *Object = Member ? Member->getImplicitObjectArgument() : nullptr;
    if (!Object || Object->getType()->isPointerType() || isa<CXXThisExpr>(Object) ||
        Object->getType()->isReferenceType() || !isa<DeclRefExpr>(Object->IgnoreParenImpCasts())) {
      unsupported(Call, "the virtual call to '" + CalleeName +
                            "', whose dynamic type may differ from its static one",
                  "call it on an object of the class (not a pointer or reference), or "
                  "name the class: obj.Class::" + CalleeName + "(...)");
      return;
    }
  }
  // A call of a lambda: its pullback is a lambda too, which every call's
  // arguments may feed (Closures.cpp).
  std::string ClosurePullback;
  if (!Rule && isLambdaOperator(Definition)) {
    const Expr *Object = nullptr;
    if (const auto *Op = dyn_cast<CXXOperatorCallExpr>(Call))
      Object = Op->getArg(0);
    else if (const auto *M = dyn_cast<CXXMemberCallExpr>(Call))
      Object = M->getImplicitObjectArgument();
    if (!Object) {
      unsupported(Call, "this call of a lambda (not through a variable)",
                  "hold the lambda in a local variable (auto f = [&](...) {...};) and call f");
      return;
    }
    ClosurePullback = closureShadow(Object, Definition, Call);
    if (ClosurePullback.empty())
      return;
  }
  bool Closure = !ClosurePullback.empty();
  if (!Rule && !changesOnlyItsArguments(Definition)) {
    // Its pullback runs its body again: that must not change anything else.
    unsupported(Call, "the call to '" + CalleeName +
                          "', which changes state outside its arguments (a global "
                          "or static variable, I/O, an object it is a member of)",
                "its pullback would run it again; pass that state as a parameter, "
                "or compute '" + CalleeName + "' outside the differentiated code");
    if (auto [At, Why] = impurity(Definition); At) {
      DiagnosticsEngine &Diags = Ctx.getDiagnostics();
      Diags.Report(At->getBeginLoc(), Diags.getCustomDiagID(DiagnosticsEngine::Note, "%0"))
          << ("here: " + Why);
    }
    return;
  }
  if (Definition->isVariadic() || Formal.size() != formalParameters(Definition).size()) {
    unsupported(Call, "the call to the variadic function '" + CalleeName + "'",
                "give it a fixed parameter list, or compute its result outside the "
                "differentiated code");
    return;
  }

  std::vector<bool> Mask, ArgIsActive;
  std::vector<std::string> Args;
  bool External = false; // an argument reaches the caller's memory
  for (const CallArgument &A : Formal) {
    const ParmVarDecl *P = A.Param;
    const Expr *Arg = A.Arg;
    QualType T = P->getType();
    if (A.Object) {
      // `self`: a pointer to the object.
      bool ObjectActive = Activity.dependsOnVaried(Arg);
      Mask.push_back(ObjectActive && shapeOf(T) == Shape::Pointer);
      Args.push_back(objectPointer(Arg, false, Rev));
      ArgIsActive.push_back(ObjectActive);
      if (writesThroughParameter(Definition, P))
        for (const VarDecl *V : writtenRoots(Activity.pointsTo(), A).Vars)
          External |= isExternalRoot(V);
      continue;
    }
    if (T->isReferenceType() && T.getNonReferenceType()->isPointerType() && holdsReals(T) &&
        Activity.dependsOnVaried(Arg)) { // the callee may move the caller's pointer
      unsupported(Arg, "passing the pointer '" + Printer.print(Arg) + "' by reference to '" +
                           CalleeName + "'",
                  "pass it by value and step it where it is called");
      return;
    }
    bool ArgActive = argumentActive(T, Arg);
    bool CanShadow = takesShadow(T);
    if (ArgActive && !CanShadow) {
      unsupported(Arg, "passing active values to '" + CalleeName +
                           "' as a parameter of type '" + Printer.type(T) + "'",
                  "pass floating-point values, arrays, pointers, std::vectors or "
                  "structs of them");
      return;
    }
    // A lambda's one pullback takes adjoints of all its parameters, a
    // custom one of all that hold reals.
    Mask.push_back(Rule ? !adjointParameterType(Ctx, T).isNull()
                        : CanShadow && (ArgActive || Closure));
    ArgIsActive.push_back(ArgActive);
    Args.push_back(overwrittenOnly(Definition, P, A) ? revAddressOnly(Arg, A) : rev(Arg));
    if ((T->isPointerType() || T->isReferenceType()) &&
        writesThroughParameter(Definition, P))
      for (const VarDecl *V : writtenRoots(Activity.pointsTo(), A).Vars)
        External |= isExternalRoot(V);
  }
  if (!Rule && !argumentsDisjoint(Call, Definition, Formal))
    return;
  std::string Pullback;
  if (Closure) {
    Pullback = ClosurePullback;
  } else if (Rule) {
    Pullback = ruleCallName(Rule);
  } else if (isSplitCall(Call)) {
    if (SplitSites.at(cast<CallExpr>(Call)).Mask != Mask) {
      unsupported(Call, "this call in split mode (an internal inconsistency of ad: please "
                        "report it)");
      return;
    }
  } else {
    Pullback = Pullbacks.request(Definition, Mask, Call->getExprLoc(),
                                 Lean ? PullbackForm::Lean : PullbackForm::Whole);
  }
  QualType Result = resultType(Definition).getNonReferenceType();
  if (!Result->isVoidType()) {
    if (!Seed.empty() || isRealType(Result)) {
      Args.push_back(Seed.empty() ? "0" : Seed);
    } else if (Rule) {
      // Checked at the rule: g's result holds no reals.
    } else {
      // A discarded object (`a += b;` returns *this): a zero adjoint of its
      // shape, which a member's object has.
      std::string Slot = newTemp();
      bool OfObject = !Formal.empty() && Formal[0].Object &&
                      Ctx.hasSameUnqualifiedType(Result, Formal[0].Param->getType()->getPointeeType());
      zeroObject(Result, Slot, OfObject ? "*" + Args[0] : rev(Call), Rev);
      Args.push_back(Slot);
    }
  }

  // Adjoints of scalar arguments: straight into the variable's adjoint when
  // the argument is a variable of the parameter's type, else into a slot
  // `_rN` whose value is then propagated through the argument expression.
  std::vector<std::pair<const Expr *, std::string>> Slots;
  // An argument that is no variable gets a slot; the callee must not write
  // its result there (it would be lost).
  auto WritesIntoTemporary = [&](const ParmVarDecl *P, const Expr *Arg) {
    if (!writesThroughParameter(Definition, P))
      return false;
    unsupported(Arg, "passing this expression to '" + CalleeName +
                         "', which writes through the reference",
                "pass a variable");
    return true;
  };
  for (unsigned I = 0; I < Formal.size(); ++I) {
    if (!Mask[I])
      continue;
    const ParmVarDecl *P = Formal[I].Param;
    const Expr *Arg = Formal[I].Arg;
    if (Formal[I].Object) {
      Args.push_back(objectPointer(Arg, true, Rev, &Slots));
      continue;
    }
    QualType ParamType = P->getType().getNonReferenceType();
    if (shapeOf(ParamType) == Shape::Closure) {
      std::string D = closureShadow(Arg, nullptr, Call);
      if (D.empty())
        return;
      Args.push_back(D);
      continue;
    }
    if (!ArgIsActive[I] && Rule) {
      Args.push_back(scratchAdjoint(P, Arg, Rev));
      continue;
    }
    if (!ArgIsActive[I]) {
      // A lambda's argument that carries no derivative: a slot it adds into.
      if (!isRealType(ParamType)) {
        unsupported(Arg, "passing constant values to a lambda's parameter of type '" +
                             Printer.type(P->getType()) + "'",
                    "pass values that depend on the active inputs, or make the parameter "
                    "a floating-point value");
        return;
      }
      std::string Slot = newTemp();
      Rev.line(Printer.type(ParamType.getCanonicalType().getUnqualifiedType()) + " " +
               Slot + " = 0; // d(constant): unused");
      Args.push_back("&" + Slot);
      continue;
    }
    if (shapeOf(ParamType) == Shape::Record) {
      // An object in memory passes its own shadow; a temporary one
      // (`norm(a - b)`) a zeroed slot whose adjoint then flows into what
      // made it.
      const Expr *Bare = Arg->IgnoreParenImpCasts();
      if (const auto *M = dyn_cast<MaterializeTemporaryExpr>(Bare))
        Bare = M->getSubExpr()->IgnoreParenImpCasts();
      if (const auto *C = dyn_cast<CXXConstructExpr>(Bare);
          C && C->getNumArgs() == 1 && C->getConstructor()->isCopyOrMoveConstructor() &&
          !C->getConstructor()->isUserProvided())
        Bare = C->getArg(0)->IgnoreParenImpCasts();
      if (Bare->isGLValue()) {
        std::string Adj = adjointOf(Bare);
        Args.push_back(addressText(Adj, true));
        continue;
      }
      if (WritesIntoTemporary(P, Arg))
        return;
      std::string Slot = newTemp();
      zeroObject(ParamType, Slot, rev(Arg), Rev);
      Args.push_back("&" + Slot);
      Slots.push_back({Arg, Slot});
      continue;
    }
    if (!isRealType(ParamType) && !isComplexType(ParamType)) {
      Args.push_back(isStdVector(ParamType) || isStdArray(ParamType)
                         ? Shadow.data(Arg, [this](const Expr *E) { return rev(E); })
                         : adjointPointer(Arg));
      continue;
    }
    bool SameType = Ctx.hasSameUnqualifiedType(
        Arg->IgnoreParenImpCasts()->getType(), ParamType);
    const Expr *Bare = Arg->IgnoreParenImpCasts();
    PointerOp Op = pointerOp(Bare);
    const Expr *Container, *Index;
    bool LValue = Bare->isLValue() && !Bare->getType()->isArrayType() &&
                  (isa<DeclRefExpr>(Bare) || Op.K == PointerOp::Deref ||
                   Op.K == PointerOp::Subscript ||
                   containerElement(Bare, Container, Index));
    if (SameType && LValue &&
        (P->getType()->isReferenceType() || isa<DeclRefExpr>(Arg->IgnoreParenImpCasts()))) {
      // The variable's (or element's) own shadow.
      std::string Adj = adjointOf(Arg);
      Args.push_back(addressText(Adj, true));
      continue;
    }
    if (WritesIntoTemporary(P, Arg))
      return;
    std::string Slot = newTemp();
    Rev.line(Printer.type(ParamType.getCanonicalType().getUnqualifiedType()) +
             " " + Slot + " = 0;");
    Args.push_back("&" + Slot);
    Slots.push_back({Arg, Slot});
  }
  if (!Rule && pullbackTakesRedoLog(Definition) && External) {
    UsesRedo = true;
    Args.push_back(Kind == AdjointKind::Gradient ? "&" + RedoLog : RedoLog);
  }
  std::string Line;
  for (size_t I = 0; I < Args.size(); ++I)
    Line += (I ? ", " : "") + Args[I];
  if (isSplitCall(Call)) {
    Rev.line(splitReverse(Call, Line));
  } else {
    Rev.line(Pullback + "(" + Line + ");");
  }
  for (const auto &[Arg, Slot] : Slots)
    diff(Arg, Slot, Rev);
}

// The object of a member function call as its pullback's `self` (Shadow
// false) or `d_self` (Shadow true): `&a` and `&_d_a` for `a.norm()`, `p`
// and `_d_p` for `p->norm()`, `self` and `d_self` inside another member. A
// temporary object (`(a - b).norm()`) is computed into a slot; its shadow
// slot's adjoint then flows into what made it (added to Slots).
std::string FunctionBuilder::objectPointer(
    const Expr *Object, bool Shadow, CodeBlock &Rev,
    std::vector<std::pair<const Expr *, std::string>> *Slots) {
  if (Object->getType()->isPointerType())
    return Shadow ? adjointPointer(Object) : rev(Object);
  const Expr *Bare = Object->IgnoreParenImpCasts();
  if (const auto *M = dyn_cast<MaterializeTemporaryExpr>(Bare))
    Bare = M->getSubExpr()->IgnoreParenImpCasts();
  if (Bare->isGLValue()) {
    return Shadow ? addressText(adjointOf(Bare), true) : addressText(rev(Bare), false);
  }
  QualType T = Bare->getType().getCanonicalType().getUnqualifiedType();
  std::string Slot = newTemp();
  if (!Shadow) {
    Rev.line(Printer.type(T) + " " + Slot + " = " + rev(Bare) + ";");
    return "&" + Slot;
  }
  zeroObject(T, Slot, rev(Bare), Rev);
  if (Slots)
    Slots->push_back({Bare, Slot});
  return "&" + Slot;
}

} // namespace adgen
