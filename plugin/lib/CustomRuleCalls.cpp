// Calls of custom pullbacks (contract §6, CustomRules.h). A custom pullback
// takes an adjoint for every parameter of `g` holding reals, also where the
// call's argument carries no derivative: it then gets scratch storage whose
// contents nobody reads (a zero value, a zeroed copy of a container or
// object), or a null pointer for a raw pointer, whose size is unknown.
#include "FunctionBuilder.h"
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

} // namespace adgen
