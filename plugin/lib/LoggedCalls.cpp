// Calls of helpers that overwrite memory of unknown size (what a pointer
// parameter of the marked function points to): the caller calls the
// helper's logged variant (Logged.h), which saves each old value into the
// undo log, and the reverse sweep rolls the log back.
#include "FunctionBuilder.h"
#include "Handles.h"
#include "Types.h"

#include "clang/AST/DeclCXX.h"
#include "clang/AST/ExprCXX.h"

using namespace clang;

namespace adgen {

// True if Call writes, through an argument, memory of the caller's caller
// whose size is unknown here (what a pointer parameter points to) and whose
// old values the reverse sweep needs: it cannot be saved whole.
bool FunctionBuilder::needsLoggedCall(const CallExpr *Call) const {
  const FunctionDecl *Callee = Call->getDirectCallee();
  for (const CallArgument &A : callArguments(Call)) {
    if (!writesThroughParameter(Callee, A.Param))
      continue;
    Roots R = writtenRoots(Activity.pointsTo(), A);
    for (const VarDecl *V : R.Vars) {
      QualType T = V->getType().getNonReferenceType();
      bool Whole = T->isPointerType() ? knowsItsSize(T->getPointeeType()) : isHandleType(T);
      if (Needed.count(V) && isExternalRoot(V) && !T->isArithmeticType() &&
          !isStdVector(T) && !isStdArray(T) && !Whole)
        return true;
    }
  }
  return false;
}

// Calls the callee's logged variant, which saves what it overwrites into
// the undo log; the reverse sweep rolls the log back to the mark taken
// before the call.
void FunctionBuilder::loggedCall(const CallExpr *Call, CodeBlock &Fwd, CodeBlock &Rev) {
  const FunctionDecl *Callee = Call->getDirectCallee();
  std::string Why;
  std::string Logged = Pullbacks.logged().request(Ctx, Callee, Why);
  if (Logged.empty()) {
    unsupported(Call, "saving what '" + Callee->getNameAsString() +
                          "' overwrites through the pointers it is given, since " + Why,
                "pass it a local std::vector (or array) and copy the result back");
    return;
  }
  UsesUndo = true;
  // Named like the callee: the variant sits right after it, in its namespace.
  std::string Text;
  const DeclContext *NS = Callee->getDeclContext()->getEnclosingNamespaceContext();
  while (NS->isInlineNamespace() ||
         (isa<NamespaceDecl>(NS) && cast<NamespaceDecl>(NS)->isAnonymousNamespace()))
    NS = NS->getParent();
  if (const auto *N = dyn_cast<NamespaceDecl>(NS)) {
    llvm::raw_string_ostream OS(Text);
    OS << "::";
    N->printQualifiedName(OS, Printer.policy());
    OS << "::";
  } else if (Printer.insideNamespace()) {
    Text = "::";
  }
  Text += Logged;
  if (const auto *Ref = dyn_cast<DeclRefExpr>(Call->getCallee()->IgnoreParenImpCasts());
      Ref && Ref->hasExplicitTemplateArgs()) {
    llvm::raw_string_ostream OS(Text);
    printTemplateArgumentList(OS, Ref->template_arguments(), Printer.policy());
  }
  Text += "(";
  for (const Expr *Arg : Call->arguments())
    Text += fwd(Arg) + ", ";
  Printer.substitute(Call, Text + UndoLog + ")");
  std::string Tape = controlTape();
  Fwd.line(push(Tape, UndoLog + ".mark()"));
  Rev.line(UndoLog + ".rollback(" + Tape + ".pop()" +
           (Kind == AdjointKind::Gradient ? ", &" + RedoLog : ", " + RedoLog) + ");");
  UsesRedo = true;
}

} // namespace adgen
