// Classes that own their reals (Handles.h) in generated code: the two
// operations that change a handle's shape. Everything else a handle does
// is differentiated like any object's: its accessors are locations
// (`_d_m(i, j)`), its other member functions are helpers whose pullbacks
// take `d_self`, its copy constructor copies values (Records.cpp).
//
//   m.resize(3, n);                    _tape_LightMatrix.push(m);
//                                      m.resize(3, n);
//                                      ad_shadow_resize_like(_d_m, m);
//                                      ...
//                                      // reverse sweep: the shadow gets
//                                      // the old shape back
#include "FunctionBuilder.h"
#include "Handles.h"
#include "Locations.h"
#include "Types.h"

#include "clang/AST/DeclCXX.h"
#include "clang/AST/ExprCXX.h"

using namespace clang;

namespace adgen {

// The object's old value is saved (its shape; its values, put back when
// the reverse sweep reads them); the shadow takes the new shape after the
// change (keeping its adjoints where the storage stays) and, once Propagate
// has sent the new value's adjoints back, the old shape again.
CodeBlock FunctionBuilder::handleChange(
    const Expr *Object, const std::string &ForwardText,
    const std::function<void(const std::string &, CodeBlock &)> &Propagate, CodeBlock &Fwd) {
  CodeBlock Rev;
  QualType T = Object->getType().getNonReferenceType().getCanonicalType().getUnqualifiedType();
  std::string Primal = fwd(Object), PrimalRev = rev(Object);
  bool NeedOld = needsSave(Object);
  if (!Activity.dependsOnVaried(Object)) {
    std::string Tape = NeedOld ? tapeFor(T) : "";
    if (NeedOld)
      Fwd.line(push(Tape, Primal));
    Fwd.line(ForwardText);
    if (NeedOld)
      Rev.line(PrimalRev + " = " + Tape + ".pop();");
    return Rev;
  }
  std::string SF = containerShadow(Object, false);
  std::string SR = SF.empty() ? "" : containerShadow(Object, true);
  if (SF.empty() || SR.empty() || !requireHooks(T, Object))
    return Rev;
  std::string Tape = tapeFor(T);
  Fwd.line(push(Tape, Primal));
  Fwd.line(ForwardText);
  Fwd.line("ad_shadow_resize_like(" + SF + ", " + Primal + ");");
  ReshapesShadows = true;
  Rev.open("");
  Propagate(SR, Rev);
  std::string Old = newTemp();
  Rev.line("auto " + Old + " = " + Tape + ".pop();");
  if (NeedOld) {
    Rev.line(PrimalRev + " = std::move(" + Old + ");");
    Rev.line("ad_shadow_resize_like(" + SR + ", " + PrimalRev + ");");
  } else {
    Rev.line("ad_shadow_resize_like(" + SR + ", " + Old + ");");
  }
  Rev.close();
  return Rev;
}

// `m.resize(r, c)`: a member function that reallocates the handle. It
// touches no values (else it is refused: what it does to them is not
// followed), so nothing flows through it.
CodeBlock FunctionBuilder::handleReshape(const CXXMemberCallExpr *Call, CodeBlock &Fwd) {
  const CXXMethodDecl *M = Call->getMethodDecl();
  std::string Class = M->getParent()->getNameAsString();
  if (firstValueIn(M)) {
    unsupported(Call, "a call of '" + M->getNameAsString() + "', which reallocates the '" +
                          Class + "' and also reads or writes its values",
                "reallocate in one member function and set the values in another");
    return {};
  }
  const Expr *Object = Call->getImplicitObjectArgument();
  if (Object->getType()->isPointerType()) {
    unsupported(Call, "a call of '" + M->getNameAsString() + "' through a pointer to a '" +
                          Class + "'",
                "bind a reference first: `auto &m = *p; m." + M->getNameAsString() + "(...)`");
    return {};
  }
  for (const Expr *Arg : Call->arguments())
    if (!checkNoSideEffects(Arg))
      return {};
  return handleChange(Object, fwd(Call) + ";", [](const std::string &, CodeBlock &) {}, Fwd);
}

// `a = b` on handles (the class's own copy assignment, or a move from a
// temporary): every value is replaced by b's, and a takes b's shape.
CodeBlock FunctionBuilder::handleAssign(const CXXOperatorCallExpr *Call, CodeBlock &Fwd) {
  const Expr *Object = Call->getArg(0), *Value = Call->getArg(1);
  if (!checkNoSideEffects(Value))
    return {};
  const auto *Moved = dyn_cast<CallExpr>(Value->IgnoreParenImpCasts());
  if (Moved && isStdFunction(Moved->getDirectCallee(), {"move"})) {
    unsupported(Call, "moving a '" +
                          Printer.type(Value->getType().getCanonicalType().getUnqualifiedType()) +
                          "' that holds active values",
                "copy it (its shadow stays with the moved-from object)");
    return {};
  }
  QualType T = Object->getType().getNonReferenceType().getCanonicalType().getUnqualifiedType();
  return handleChange(
      Object, fwd(Call) + ";",
      [&](const std::string &SR, CodeBlock &Rev) {
        if (!Activity.dependsOnVaried(Value)) {
          emitZero(T, SR, Rev);
          return;
        }
        // The new values' adjoints, taken out of the shadow (b may be a).
        std::string Taken = newTemp();
        Rev.line(Printer.type(T) + " " + Taken + " = " + SR + ";");
        emitZero(T, SR, Rev);
        recordInitAdjoint(Value, Taken, Rev);
      },
      Fwd);
}

} // namespace adgen
