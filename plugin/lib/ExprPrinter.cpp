#include "ExprPrinter.h"

#include <cctype>

#include "clang/AST/Attr.h"
#include "clang/AST/DeclCXX.h"
#include "clang/AST/ExprCXX.h"
#include "clang/AST/TemplateBase.h"
#include "clang/AST/PrettyPrinter.h"
#include "clang/Lex/Lexer.h"
#include "llvm/Support/raw_ostream.h"

using namespace clang;

namespace adgen {

namespace {
class RenamingHelper : public PrinterHelper {
public:
  RenamingHelper(const ExprPrinter &Printer, const ASTContext &Ctx,
                 VarSet *Reads, bool Forward)
      : Printer(Printer), Ctx(Ctx), Reads(Reads), Forward(Forward) {}

  // One more substitution, for this printing only.
  const Expr *Part = nullptr;
  std::string PartText;

  bool handledStmt(Stmt *S, raw_ostream &OS) override {
    if (S == Part) {
      OS << PartText;
      return true;
    }
    if (const auto *E = dyn_cast<Expr>(S)) {
      if (const auto *Sub = Forward ? nullptr : Printer.reverseSubstitute(E)) {
        OS << Sub->first;
        if (Reads)
          Reads->insert(Sub->second.begin(), Sub->second.end());
        return true;
      }
      if (const std::string *Name = Printer.substitute(E)) {
        OS << *Name;
        return true;
      }
    }
    if (auto *Call = dyn_cast<CallExpr>(S); Call && Forward) {
      if (auto Fused = Printer.fusedForm(Call)) {
        OS << Fused->first << "(" << Printer.print(Call->getArg(0), Reads, true)
           << ", " << Fused->second << ")";
        return true;
      }
      if (const auto *Split = Printer.splitForm(Call)) {
        OS << Split->first << "(";
        for (unsigned I = 0; I < Call->getNumArgs(); ++I) {
          const Expr *Arg = Call->getArg(I);
          if (const auto *D = dyn_cast<CXXDefaultArgExpr>(Arg))
            Arg = D->getExpr();
          OS << (I ? ", " : "") << Printer.print(Arg, Reads, true);
        }
        OS << Split->second << ")";
        return true;
      }
    }
    if (isa<CXXThisExpr>(S) && Printer.self()) {
      if (Reads)
        Reads->insert(Printer.self());
      OS << Printer.nameOf(Printer.self());
      return true;
    }
    if (auto *Ref = dyn_cast<DeclRefExpr>(S)) {
      auto *V = dyn_cast<VarDecl>(Ref->getDecl());
      if (!V || !V->isLocalVarDeclOrParm())
        return printQualified(Ref, OS);
      if (Reads)
        Reads->insert(V);
      if (Printer.isPointerized(V))
        OS << "(*" << Printer.nameOf(V) << ")";
      else
        OS << Printer.nameOf(V);
      return true;
    }
    // `T(1)` with T = long double cannot be written `long double(1)`.
    if (auto *Cast = dyn_cast<CXXFunctionalCastExpr>(S)) {
      std::string Type = Printer.type(Cast->getTypeAsWritten());
      if (Type.find(' ') != std::string::npos && Cast->getTypeAsWritten()->isBuiltinType()) {
        OS << "static_cast<" << Type << ">("
           << Printer.print(Cast->getSubExprAsWritten(), Reads, Forward) << ")";
        return true;
      }
    }
    // A defaulted argument is spelled out: the pullback has no defaults.
    if (auto *Default = dyn_cast<CXXDefaultArgExpr>(S)) {
      OS << Printer.print(Default->getExpr(), Reads);
      return true;
    }
    // Keep the user's spelling of floating literals (0.1 stays 0.1).
    if (auto *Lit = dyn_cast<FloatingLiteral>(S)) {
      SourceLocation Loc = Lit->getLocation();
      if (Loc.isFileID()) {
        OS << Lexer::getSourceText(
            CharSourceRange::getTokenRange(Loc, Loc), Ctx.getSourceManager(),
            Ctx.getLangOpts());
        return true;
      }
    }
    return false;
  }

private:
  // Functions, globals and enumerators by their full name, with the
  // template arguments as written: generated code sits in other scopes than
  // the code it comes from, and must name exactly what f named.
  bool printQualified(DeclRefExpr *Ref, raw_ostream &OS) {
    const NamedDecl *D = Ref->getDecl();
    if (isa<CXXMethodDecl>(D) || !D->getIdentifier() ||
        !(isa<FunctionDecl, VarDecl, EnumConstantDecl>(D)))
      return false;
    const DeclContext *DC = D->getDeclContext();
    if (isa<EnumConstantDecl>(D))
      DC = DC->getParent();
    if (DC->isFunctionOrMethod() || DC->isRecord())
      return false;
    // The global namespace needs `::` only where generated code sits in a
    // namespace; the standard library is `std::` from anywhere.
    DC = DC->getEnclosingNamespaceContext();
    while (DC->isInlineNamespace() || (isa<NamespaceDecl>(DC) &&
                                       cast<NamespaceDecl>(DC)->isAnonymousNamespace()))
      DC = DC->getParent();
    if (DC->isTranslationUnit() && !Printer.insideNamespace())
      return false;
    if (!DC->isStdNamespace())
      OS << "::";
    D->printQualifiedName(OS, Printer.policy());
    if (Ref->hasExplicitTemplateArgs())
      printTemplateArgumentList(OS, Ref->template_arguments(), Printer.policy());
    return true;
  }

  const ExprPrinter &Printer;
  const ASTContext &Ctx;
  VarSet *Reads;
  bool Forward;
};
} // namespace

ExprPrinter::ExprPrinter(const ASTContext &Ctx)
    : Ctx(Ctx), Policy(Ctx.getPrintingPolicy()) {
  Policy.Bool = true;
  Policy.SuppressTagKeyword = true;
  Policy.SuppressUnwrittenScope = true;
}

std::string ExprPrinter::nameOf(const VarDecl *V) const {
  auto It = Names.find(V);
  return It != Names.end() ? It->second : V->getName().str();
}

std::string ExprPrinter::print(const Expr *E, VarSet *Reads,
                               bool Forward) const {
  if (Printed)
    Printed->insert(E);
  std::string Out;
  llvm::raw_string_ostream OS(Out);
  RenamingHelper Helper(*this, Ctx, Reads, Forward);
  E->printPretty(OS, &Helper, Policy);
  return Out;
}

std::string ExprPrinter::printStmt(const Stmt *S) const {
  std::string Out;
  llvm::raw_string_ostream OS(Out);
  RenamingHelper Helper(*this, Ctx, nullptr, true);
  PrintingPolicy Indented = Policy;
  Indented.Indentation = 1; // levels of two spaces
  S->printPretty(OS, &Helper, Indented);
  return Out;
}

std::string ExprPrinter::printReplacing(const Expr *E, const Expr *Part,
                                        const std::string &Text, VarSet *Reads) const {
  std::string Out;
  llvm::raw_string_ostream OS(Out);
  RenamingHelper Helper(*this, Ctx, Reads, false);
  Helper.Part = Part;
  Helper.PartText = Text;
  E->printPretty(OS, &Helper, Policy);
  return Out;
}

std::optional<std::pair<std::string, std::string>>
ExprPrinter::fusedForm(const CallExpr *Call) const {
  auto It = Fused.find(Call);
  if (It == Fused.end())
    return std::nullopt;
  return It->second;
}

std::string ExprPrinter::operand(const Expr *E, VarSet *Reads) const {
  std::string Text = print(E, Reads);
  return isPrimary(E) || substitute(E) ? Text : "(" + Text + ")";
}

// True if Canonical names a namespace (`nn::`) that Written does not,
// leaving aside the standard library's.
static bool missesNamespace(const std::string &Written, const std::string &Canonical) {
  for (size_t At = Canonical.find("::"); At != std::string::npos;
       At = Canonical.find("::", At + 2)) {
    size_t Start = At;
    while (Start > 0 && (std::isalnum(static_cast<unsigned char>(Canonical[Start - 1])) ||
                         Canonical[Start - 1] == '_'))
      --Start;
    std::string Qualifier = Canonical.substr(Start, At - Start + 2);
    if (Qualifier == "::" || Qualifier == "std::" || Qualifier.rfind("__", 0) == 0)
      continue;
    if (Written.find(Qualifier) == std::string::npos)
      return true;
  }
  return false;
}

std::string ExprPrinter::type(QualType T, const std::string &Name) const {
  if (const CXXRecordDecl *RD = T.getNonReferenceType()->getAsCXXRecordDecl();
      RD && ClosureAliases.count(RD)) {
    QualType Object = T.getNonReferenceType();
    return (Object.isConstQualified() ? "const " : "") + ClosureAliases.lookup(RD) +
           (T->isLValueReferenceType()   ? " &"
            : T->isRValueReferenceType() ? " &&"
                                         : "") +
           (Name.empty() ? "" : (T->isReferenceType() ? "" : " ") + Name);
  }
  if (T->getContainedAutoType())
    T = T.getCanonicalType();
  std::string Out;
  llvm::raw_string_ostream OS(Out);
  T.print(OS, Policy, Name);
  OS.flush();
  // Generated code may sit in another scope than the code the type comes
  // from (a helper's pullback outside the helper's namespace): a class of a
  // namespace the type as written leaves out prints as its canonical type,
  // `nn::Layer<double>`.
  if (!T->isDependentType()) {
    std::string Canonical;
    llvm::raw_string_ostream CS(Canonical);
    T.getCanonicalType().print(CS, Policy, Name);
    CS.flush();
    if (missesNamespace(Out, Canonical))
      return Canonical;
  }
  return Out;
}

bool isIntegerConstant(const VarDecl *V) {
  return (V->getType().isConstQualified() || V->isConstexpr()) &&
         V->getType()->isIntegralOrEnumerationType();
}

std::string ExprPrinter::attributes(const VarDecl *V) {
  // Also for a local the user never uses (their own -Wunused-variable
  // warning): its copy in generated code would warn a second time.
  return V && (V->hasAttr<UnusedAttr>() || (V->isLocalVarDecl() && !V->isReferenced()))
             ? "[[maybe_unused]] "
             : "";
}

std::string ExprPrinter::declaration(const VarDecl *V) const {
  if (isIntegerConstant(V)) {
    // Printed with the attribute in front, which Clang's printer omits.
    const Expr *Init = V->getInit();
    return "[[maybe_unused]] " + type(V->getType(), nameOf(V)) +
           (Init ? " = " + print(Init) : std::string());
  }
  const Expr *Init = V->getInit();
  if (V->getInitStyle() == VarDecl::CInit &&
      (!Init || !isa<CXXConstructExpr, ExprWithCleanups>(Init)))
    return attributes(V) + type(V->getType(), nameOf(V)) +
           (Init ? " = " + print(Init) : std::string());
  std::string Text;
  llvm::raw_string_ostream OS(Text);
  V->print(OS, Policy);
  return OS.str();
}

std::string internalLinkagePrefix(const FunctionDecl *FD) {
  if (isa<CXXMethodDecl>(FD))
    return "";
  if (FD->getStorageClass() == SC_Static)
    return "[[maybe_unused]] static ";
  return FD->isInAnonymousNamespace() ? "[[maybe_unused]] " : "";
}

std::string storagePrefix(const FunctionDecl *FD) {
  std::string Out;
  if (FD->isTemplated() || FD->isTemplateInstantiation())
    Out += FD->getStorageClass() == SC_Static ? "static " : "";
  else
    Out += internalLinkagePrefix(FD);
  if (FD->isInlineSpecified())
    Out += "inline ";
  return Out;
}

bool isPrimary(const Expr *E) {
  E = E->IgnoreImpCasts();
  // `it + 1` on an iterator is a call in the AST, an operator in the text.
  if (const auto *Op = dyn_cast<CXXOperatorCallExpr>(E))
    return Op->getOperator() == OO_Subscript || Op->getOperator() == OO_Call ||
           Op->getOperator() == OO_Arrow;
  return isa<DeclRefExpr, IntegerLiteral, FloatingLiteral, CallExpr,
             ArraySubscriptExpr, MemberExpr, ParenExpr,
             CXXBoolLiteralExpr>(E);
}

} // namespace adgen
