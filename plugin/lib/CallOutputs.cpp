// What a call overwrites through its pointer and reference arguments: the
// shadows refitted to what the call resized, the caller's saves of what its
// reverse sweep reads again (before a pullback runs the callee again from
// it, or after a split call's reverse half), and which calls get a lean
// pullback (Pullbacks.h).
#include "FunctionBuilder.h"
#include "CustomRules.h"
#include "Handles.h"
#include "LibraryRules.h"
#include "Purity.h"
#include "Types.h"
#include "ad-gen/Attribute.h"

#include "clang/AST/DeclCXX.h"
#include "clang/AST/ExprCXX.h"

#include <set>

using namespace clang;

namespace adgen {

// A helper may resize std::vectors inside what it is handed (`fill(x, &m)`
// resizing m.d): the shadow of such a local, all zero in the forward sweep,
// is made again in the new shape (never indexed out of its bounds later).
void FunctionBuilder::refitShadows(const CallExpr *Call, CodeBlock &Fwd) {
  const FunctionDecl *Callee = Call->getDirectCallee();
  if (!Callee || isPureCall(Call))
    return;
  std::set<const VarDecl *> Done;
  for (const CallArgument &A : callArguments(Call)) {
    if (!writesThroughParameter(Callee, A.Param))
      continue;
    // A pointer to elements cannot resize the container they are in, nor
    // can a struct of pointers (a view) resize what it views.
    QualType Param = A.Param->getType();
    QualType Reached = Param->isPointerType() ? Param->getPointeeType() : Param.getNonReferenceType();
    if (isRealType(Reached) || isViewType(Reached))
      continue;
    bool Location = Param->isReferenceType() || (A.Object && !A.Arg->getType()->isPointerType());
    Roots R = Location ? Activity.pointsTo().location(A.Arg) : Activity.pointsTo().pointer(A.Arg);
    for (const VarDecl *V : R.Vars) {
      QualType T = V->getType().getNonReferenceType();
      const ShadowVar *S = Shadow.find(V);
      // A parameter pointing to a vector or handle (its shadow is one too,
      // with the caller's adjoints, kept where the shape stays).
      bool Behind = isExternalRoot(V) && T->isPointerType() && knowsItsSize(T->getPointeeType());
      if (Behind)
        T = T->getPointeeType();
      if (!S || (isExternalRoot(V) && !Behind) || hasFixedShape(T) || isViewType(T) || !Done.insert(V).second)
        continue;
      if (T->isArrayType() ||
          (!Behind && S->Kind != ShadowKind::Value && S->Kind != ShadowKind::Indirect)) {
        unsupported(A.Arg, "passing '" + V->getName().str() + "' to '" +
                               Callee->getNameAsString() +
                               "', which may resize the std::vectors it holds",
                    "keep the vectors in a local std::vector or struct variable");
        continue;
      }
      if (!requireHooks(T, A.Arg))
        continue;
      std::string Name = Printer.nameOf(V);
      if (Printer.isPointerized(V) || Behind)
        Name = "(*" + Name + ")";
      std::string ShadowText =
          S->Kind == ShadowKind::Indirect || Behind ? "(*" + S->Name + ")" : S->Name;
      // A vector keeps its storage when its size stays (shadow pointers
      // into it stay valid).
      ReshapesShadows = true;
      if (isStdVector(T))
        Fwd.line("::ad::resize_like(" + ShadowText + ", " + Name + ");");
      else if (isHandleType(T))
        Fwd.line("ad_shadow_resize_like(" + ShadowText + ", " + Name + ");");
      else
        Fwd.line(ShadowText + " = ::ad::zeros_like(" + Name + ");");
    }
  }
}

// True if Call (a statement) gets a lean pullback, which does not restore
// what the callee writes through its arguments: where the caller can save
// and restore all of it itself -- it writes only into the caller's own
// storage, which the caller saves if its reverse sweep reads it (twice:
// restored before the pullback, which runs the callee again from it, and
// after). A pullback restoring every value the callee overwrote (W4's
// Qtimesx overwrites each element of its output five times over) costs
// more than the caller saving the output once or twice. The callee's own
// memory beyond the caller's (a parameter of the marked function) needs
// the redo log: there the pullback restores it.
bool FunctionBuilder::leanCall(const CallExpr *Call) const {
  const FunctionDecl *Callee = Call->getDirectCallee();
  if (!leanPullbacks() || Enclosing || CurrentReduction || !Callee || !isUserCall(Call) ||
      isSplitCall(Call) || customRule(Callee, RuleKind::Pullback) || needsLoggedCall(Call))
    return false;
  const FunctionDecl *Definition = Callee->getDefinition();
  if (!Definition || !Definition->hasBody() || isLambdaOperator(Definition))
    return false;
  bool Writes = false;
  for (const CallArgument &A : callArguments(Call)) {
    if (!writesThroughParameter(Definition, A.Param))
      continue;
    Writes = true;
    Roots R = writtenRoots(Activity.pointsTo(), A);
    if (!R.known())
      return false;
    for (const VarDecl *V : R.Vars)
      if (isExternalRoot(V) || isViewVariable(V))
        return false;
  }
  return Writes;
}

// What a call may overwrite through its pointer and reference arguments,
// saved before it when the reverse sweep reads it: the reverse sweep puts it
// back before the callee's pullback recomputes the callee from its inputs.
void FunctionBuilder::saveCallOutputs(const CallExpr *Call, CodeBlock &Fwd,
                                      CodeBlock &Rev, bool ReadOnly) {
  const FunctionDecl *Callee = Call->getDirectCallee();
  if (!Callee || isPureCall(Call))
    return;
  if (auto It = SplitSites.find(Call); It != SplitSites.end() && It->second.Restoring)
    return; // its reverse half restores all it overwrote
  std::vector<std::string> Restores; // in the reverse order of the saves
  std::set<const VarDecl *> Saved;
  if (needsLoggedCall(Call)) {
    loggedCall(Call, Fwd, Rev);
    return;
  }
  for (const CallArgument &A : callArguments(Call)) {
    if (!writesThroughParameter(Callee, A.Param) ||
        (ReadOnly && (onlyOverwritesThroughParameter(Callee, A.Param) ||
                      pullbackIgnoresValuesOf(Callee, A.Param))))
      continue;
    const Expr *Arg = A.Arg;
    Roots R = writtenRoots(Activity.pointsTo(), A);
    bool NeedsAny = false;
    for (const VarDecl *V : R.Vars)
      NeedsAny |= Needed.count(V) > 0;
    if (!NeedsAny)
      continue;
    if (!R.known()) {
      unsupported(Arg, "saving what '" + Callee->getNameAsString() +
                           "' may overwrite through a pointer whose origin cannot be followed",
                  "pass a local array or std::vector");
      continue;
    }
    for (const VarDecl *V : R.Vars) {
      // A view handed over is not changed (what it views may be).
      if (!Needed.count(V) || !Saved.insert(V).second || isViewVariable(V))
        continue;
      QualType T = V->getType().getNonReferenceType();
      std::string Name = Printer.nameOf(V);
      if (Printer.isPointerized(V)) // a class local kept in a std::optional
        Name = "(*" + Name + ")";
      // A std::vector or a class owning its values behind a parameter
      // pointer: saved whole (it knows its size).
      bool Whole = isExternalRoot(V) && T->isPointerType() && knowsItsSize(T->getPointeeType());
      if (Whole)
        Name = "(*" + Name + ")";
      Whole |= isExternalRoot(V) && isHandleType(T);
      if (isExternalRoot(V) && !T->isArithmeticType() && !isStdVector(T) &&
          !isStdArray(T) && !Whole) {
        unsupported(Arg, "passing '" + V->getName().str() + "' to '" +
                             Callee->getNameAsString() + "', which may overwrite "
                             "values the reverse sweep needs",
                    "the size of what '" + V->getName().str() +
                        "' points to is unknown here; copy it into a local "
                        "std::vector, pass that, and copy the result back");
        continue;
      }
      if (T->isConstantArrayType()) {
        // The whole array, since the callee may write anywhere in it.
        QualType Element = T;
        long Count = 1;
        while (const auto *Arr = Ctx.getAsConstantArrayType(Element)) {
          Count *= Arr->getSize().getZExtValue();
          Element = Arr->getElementType();
        }
        std::string Tape = tapeFor(Element);
        notePush(Tape, Count);
        Fwd.line("::ad::push_all(" + Tape + ", " + Name + ");");
        Restores.push_back("::ad::pop_all(" + Tape + ", " + Name + ");");
        continue;
      }
      std::string Tape = tapeFor(Whole && T->isPointerType() ? T->getPointeeType() : T);
      Fwd.line(push(Tape, Name));
      // A vector keeps its storage: pointers and views into it stay valid.
      Restores.push_back(isExternalRoot(V)  ? restoreExternal(Name, Tape + ".pop()")
                         : isStdVector(T) ? "::ad::restore_in_place(" + Name + ", " + Tape +
                                                ".pop());"
                                          : Name + " = " + Tape + ".pop();");
    }
  }
  for (auto It = Restores.rbegin(); It != Restores.rend(); ++It)
    Rev.line(*It);
}

} // namespace adgen
