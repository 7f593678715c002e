#include "Names.h"

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

} // namespace adgen
