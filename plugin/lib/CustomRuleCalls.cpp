// Calls of custom pullbacks (contract §6, CustomRules.h). A custom pullback
// takes an adjoint for every parameter of `g` holding reals, also where the
// call's argument carries no derivative: it then gets scratch storage whose
// contents nobody reads (a zero value, a zeroed copy of a container or
// object), or a null pointer for a raw pointer, whose size is unknown.
#include "FunctionBuilder.h"
#include "Pullbacks.h"
#include "Types.h"
#include "ad-gen/Attribute.h"

#include "clang/Basic/SourceManager.h"

using namespace clang;

namespace adgen {

std::string FunctionBuilder::scratchAdjoint(const ParmVarDecl *P, const Expr *Arg,
                                            CodeBlock &Rev) {
  QualType T = P->getType().getNonReferenceType().getCanonicalType();
  Shape S = shapeOf(T);
  std::string Slot;
  if (isRealType(T) || S == Shape::Complex) {
    Slot = newTemp();
    Rev.line(Printer.type(T.getUnqualifiedType()) + " " + Slot + " = 0; // d(constant): unused");
    return "&" + Slot;
  }
  if (S == Shape::Container || S == Shape::Record) {
    Slot = newTemp();
    Rev.line("auto " + Slot + " = ::ad::zeros_like(" + rev(Arg) + "); // d(constant): unused");
    return S == Shape::Container ? Slot + ".data()" : "&" + Slot;
  }
  return "nullptr"; // a pointer or array: d(constant), size unknown
}

// Generated code calls the rule after the marked function: a rule
// declared after the call would not be visible there.
bool FunctionBuilder::ruleDeclaredBefore(const FunctionDecl *Rule, const Expr *Call,
                                         const std::string &CalleeName) {
  if (Ctx.getSourceManager().isBeforeInTranslationUnit(Rule->getFirstDecl()->getLocation(),
                                                       Call->getBeginLoc()))
    return true;
  unsupported(Call, "the call to '" + CalleeName + "' before its custom pullback '" +
                        Rule->getNameAsString() + "' is declared",
              "declare '" + Rule->getNameAsString() + "' before the function making this "
              "call (generated code calls it)");
  return false;
}

// A pullback adds into the adjoints of what the callee reads and resets
// those of what it overwrites; when an argument the callee writes through
// is the same storage as another argument (`scale(w, w, a)`), the two
// adjoints are one and the updates collide. Refused (pass a copy). Only
// the same designation twice is recognized: elements at indices that
// differ at run time (`mul(g[parent[b]], l[b], &g[b])`) are taken as
// distinct.
bool FunctionBuilder::argumentsDisjoint(const Expr *Call, const FunctionDecl *Callee,
                                        const std::vector<CallArgument> &Formal) {
  // Scalars by reference are handled: a scalar's adjoint is added into its
  // shadow at the end of the pullback (the aliased case then adds twice, as
  // it should).
  auto Reaches = [](const CallArgument &A) {
    QualType T = A.Param->getType();
    if (T->isReferenceType() && isRealType(T.getNonReferenceType()))
      return false;
    return A.Object || T->isReferenceType() || T->isPointerType();
  };
  for (size_t I = 0; I < Formal.size(); ++I) {
    if (!Reaches(Formal[I]) || !writesThroughParameter(Callee, Formal[I].Param))
      continue;
    Roots Written = writtenRoots(Activity.pointsTo(), Formal[I]);
    for (size_t J = 0; J < Formal.size(); ++J) {
      if (J == I || !Reaches(Formal[J]) || !holdsReals(Formal[J].Arg->getType()))
        continue;
      Roots Other = writtenRoots(Activity.pointsTo(), Formal[J]);
      auto Text = [this](const Expr *E) {
        E = E->IgnoreParenImpCasts();
        if (const auto *U = dyn_cast<UnaryOperator>(E); U && U->getOpcode() == UO_AddrOf)
          E = U->getSubExpr()->IgnoreParenImpCasts();
        return Printer.print(E);
      };
      if (Text(Formal[I].Arg) != Text(Formal[J].Arg))
        continue;
      for (const VarDecl *V : Written.Vars) {
        if (!Other.contains(V) || !Activity.isVaried(V))
          continue;
        unsupported(Formal[J].Arg, "passing '" + V->getName().str() + "' to '" +
                                       Callee->getNameAsString() +
                                       "' twice, through one argument it writes and another",
                    "pass a copy of one of them (the two adjoints would be the same memory)");
        (void)Call;
        return false;
      }
    }
  }
  return true;
}

} // namespace adgen
