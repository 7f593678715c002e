// Calls to the user's own functions (see Pullbacks.h): forward, the call runs
// as written; reverse, the callee's pullback propagates the adjoint of the
// call's value (and of what it wrote through its arguments) back into the
// adjoints of its arguments.
#include "FunctionBuilder.h"
#include "MathRules.h"
#include "ad-gen/Attribute.h"

#include "clang/AST/DeclCXX.h"
#include "clang/AST/ExprCXX.h"

using namespace clang;

namespace adgen {

bool FunctionBuilder::isUserCall(const CallExpr *Call) const {
  const FunctionDecl *Callee = Call->getDirectCallee();
  return Callee && !findMathRule(Callee) && !isa<CXXOperatorCallExpr>(Call);
}

CodeBlock FunctionBuilder::callStmt(const CallExpr *Call, CodeBlock &Fwd) {
  CodeBlock Rev;
  bool Active = false;
  for (const Expr *Arg : Call->arguments())
    Active |= Activity.dependsOnVaried(Arg);
  if (!Active || !isUserCall(Call)) {
    // Nothing flows back through it (or a math call whose value is dropped).
    for (const Expr *Arg : Call->arguments())
      if (!checkNoSideEffects(Arg))
        return Rev;
    Fwd.line(fwd(Call) + ";");
    return Rev;
  }
  for (const Expr *Arg : Call->arguments())
    if (!checkNoSideEffects(Arg))
      return Rev;
  saveCallOutputs(Call, Fwd, Rev);
  Fwd.line(fwd(Call) + ";");
  pullbackCall(Call, "", Rev);
  return Rev;
}

void FunctionBuilder::saveCallOutputs(const CallExpr *Call, CodeBlock &Fwd,
                                      CodeBlock &Rev) {
  const FunctionDecl *Callee = Call->getDirectCallee();
  std::vector<std::string> Restores; // popped in the reverse order of pushes
  for (unsigned I = 0; I < Call->getNumArgs() && I < Callee->getNumParams(); ++I) {
    if (!writesThroughParameter(Callee, Callee->getParamDecl(I)))
      continue;
    const Expr *Arg = Call->getArg(I)->IgnoreParenImpCasts();
    const VarDecl *V = assignedVariable(Arg);
    if (!V || !Needed.count(V))
      continue;
    QualType T = V->getType().getNonReferenceType();
    if (T->isPointerType()) {
      unsupported(Arg, "passing the pointer '" + V->getName().str() +
                           "' to '" + Callee->getNameAsString() +
                           "', which writes through it",
                  "the size of what it points to is unknown; pass a local "
                  "array instead");
      continue;
    }
    // The whole variable (every element of an array) is saved, since the
    // callee may write anywhere in it.
    QualType Element = T;
    while (const auto *Arr = Element->getAsArrayTypeUnsafe())
      Element = Arr->getElementType();
    std::string Tape = tapeFor(Element);
    std::string Name = Printer.nameOf(V);
    long Count = 1;
    for (QualType A = T; const auto *Arr = Ctx.getAsConstantArrayType(A);
         A = Arr->getElementType())
      Count *= Arr->getSize().getZExtValue();
    notePush(Tape, Count);
    Fwd.line("::ad::push_all(" + Tape + ", " + Name + ");");
    Restores.push_back("::ad::pop_all(" + Tape + ", " + Name + ");");
  }
  for (auto It = Restores.rbegin(); It != Restores.rend(); ++It)
    Rev.line(*It);
}

void FunctionBuilder::pullbackCall(const CallExpr *Call, const std::string &Seed,
                                   CodeBlock &Rev) {
  settleReset(); // the pullback adds into adjoints through pointers
  const FunctionDecl *Callee = Call->getDirectCallee();
  if (!Callee) {
    unsupported(Call, "a call through a function pointer with an active "
                      "argument",
                "call the function directly");
    return;
  }
  std::string CalleeName = Callee->getNameAsString();
  const FunctionDecl *Definition = Callee->getDefinition();
  if (!Definition || !Definition->hasBody()) {
    unsupported(Call, "the call to '" + CalleeName + "' with an active argument",
                "'" + CalleeName + "' has no visible definition and no "
                "derivative rule; define it in this translation unit or a "
                "header it includes");
    return;
  }
  if (const auto *M = dyn_cast<CXXMethodDecl>(Definition); M && !M->isStatic()) {
    unsupported(Call, "the call to the member function '" + CalleeName + "'",
                "call a free function instead");
    return;
  }
  if (Definition->isVariadic() || Call->getNumArgs() != Definition->getNumParams()) {
    unsupported(Call, "the call to the variadic function '" + CalleeName + "'");
    return;
  }

  std::vector<bool> Mask;
  std::vector<std::string> Args;
  for (unsigned I = 0; I < Call->getNumArgs(); ++I) {
    const ParmVarDecl *P = Definition->getParamDecl(I);
    const Expr *Arg = Call->getArg(I);
    bool Real = isRealType(P->getType().getNonReferenceType());
    bool ArgActive = Real ? Activity.isActive(Arg) : Activity.dependsOnVaried(Arg);
    Mask.push_back(!realElementType(P->getType()).isNull() && ArgActive);
    Args.push_back(rev(Arg));
  }
  std::string Pullback = Pullbacks.request(Definition, Mask, Call->getExprLoc());
  if (!Definition->getReturnType()->isVoidType())
    Args.push_back(Seed.empty() ? "0" : Seed);

  // Adjoints of scalar arguments: straight into the variable's adjoint when
  // the argument is a variable of the parameter's type, else into a slot
  // `_rN` whose value is then propagated through the argument expression.
  std::vector<std::pair<const Expr *, std::string>> Slots;
  for (unsigned I = 0; I < Call->getNumArgs(); ++I) {
    if (!Mask[I])
      continue;
    const ParmVarDecl *P = Definition->getParamDecl(I);
    const Expr *Arg = Call->getArg(I);
    QualType ParamType = P->getType().getNonReferenceType();
    if (!isRealType(ParamType)) {
      Args.push_back(adjointPointer(Arg));
      continue;
    }
    const auto *Ref = dyn_cast<DeclRefExpr>(Arg->IgnoreParenImpCasts());
    const auto *V = Ref ? dyn_cast<VarDecl>(Ref->getDecl()) : nullptr;
    bool SameType = Ctx.hasSameUnqualifiedType(
        Arg->IgnoreParenImpCasts()->getType(), ParamType);
    if (V && Adjoints.count(V) && SameType) {
      Args.push_back("&" + Adjoints.at(V));
      continue;
    }
    if (writesThroughParameter(Definition, P)) {
      unsupported(Arg, "passing this expression to '" + CalleeName +
                           "', which writes through the reference",
                  "pass a variable");
      return;
    }
    std::string Slot = newTemp();
    Rev.line(Printer.type(ParamType.getCanonicalType().getUnqualifiedType()) +
             " " + Slot + " = 0;");
    Args.push_back("&" + Slot);
    Slots.push_back({Arg, Slot});
  }
  std::string Line = Pullback + "(";
  for (size_t I = 0; I < Args.size(); ++I)
    Line += (I ? ", " : "") + Args[I];
  Rev.line(Line + ");");
  for (const auto &[Arg, Slot] : Slots)
    diff(Arg, Slot, Rev);
}

} // namespace adgen
