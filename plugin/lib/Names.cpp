#include "Names.h"

#include "clang/AST/DeclCXX.h"
#include "clang/AST/RecursiveASTVisitor.h"

using namespace clang;

namespace adgen {

namespace {
class NameCollector : public RecursiveASTVisitor<NameCollector> {
public:
  explicit NameCollector(NameAllocator &Names) : Names(Names) {}
  bool VisitNamedDecl(NamedDecl *D) {
    if (D->getIdentifier())
      Names.reserve(D->getName());
    return true;
  }
  bool VisitDeclRefExpr(DeclRefExpr *E) {
    if (E->getDecl()->getIdentifier())
      Names.reserve(E->getDecl()->getName());
    return true;
  }

private:
  NameAllocator &Names;
};
} // namespace

void NameAllocator::reserveNamesUsedIn(const FunctionDecl *FD) {
  Used.insert(FD->getName());
  NameCollector(*this).TraverseDecl(const_cast<FunctionDecl *>(FD));
}

std::string NameAllocator::fresh(const std::string &Base) {
  if (Used.insert(Base).second)
    return Base;
  for (unsigned I = 1;; ++I) {
    std::string Candidate = Base + "_" + std::to_string(I);
    if (Used.insert(Candidate).second)
      return Candidate;
  }
}

std::string NameAllocator::numbered(const std::string &Base) {
  for (unsigned &I = NextNumber[Base];; ++I) {
    std::string Candidate = Base + std::to_string(I);
    if (Used.insert(Candidate).second) {
      ++I;
      return Candidate;
    }
  }
}

namespace {
std::set<std::string> &takenFunctionNames() {
  static thread_local std::set<std::string> Names;
  return Names;
}
} // namespace

void setTakenFunctionNames(std::set<std::string> Names) { takenFunctionNames() = std::move(Names); }

bool isTakenFunctionName(const std::string &Name) { return takenFunctionNames().count(Name) > 0; }

std::string claimFunctionName(const std::string &Base, std::set<std::string> &Used) {
  std::string Name = Base;
  for (unsigned I = 1; Used.count(Name) || isTakenFunctionName(Name); ++I)
    Name = Base + "_" + std::to_string(I);
  Used.insert(Name);
  return Name;
}

std::string functionIdentifier(const clang::FunctionDecl *F) {
  using namespace clang;
  if (const auto *C = dyn_cast<CXXConstructorDecl>(F))
    return C->getParent()->getNameAsString() + "_ctor";
  OverloadedOperatorKind Op = F->getOverloadedOperator();
  if (Op == OO_None)
    return F->getIdentifier() ? F->getName().str() : "function";
  static const std::pair<OverloadedOperatorKind, const char *> Words[] = {
      {OO_Plus, "plus"},        {OO_Minus, "minus"},       {OO_Star, "times"},
      {OO_Slash, "divide"},     {OO_PlusEqual, "plus_assign"},
      {OO_MinusEqual, "minus_assign"}, {OO_StarEqual, "times_assign"},
      {OO_SlashEqual, "divide_assign"}, {OO_Call, "call"}, {OO_Subscript, "subscript"},
      {OO_Equal, "assign"},     {OO_Less, "less"},         {OO_Greater, "greater"},
      {OO_Caret, "caret"},      {OO_Percent, "percent"},   {OO_Pipe, "pipe"},
      {OO_Amp, "amp"},          {OO_Exclaim, "not"},       {OO_Tilde, "tilde"}};
  for (const auto &[Kind, Word] : Words)
    if (Kind == Op)
      return std::string("operator_") + Word;
  return "operator";
}

} // namespace adgen
