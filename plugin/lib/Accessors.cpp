// Accessors: member functions of the user's that designate a location in
// their own object (`T &operator()(int i, int j)`, `const T *col(int j)`),
// followed like member accesses (Locations.h).
#include "Locations.h"
#include "Types.h"

#include "clang/AST/DeclCXX.h"
#include "clang/AST/ExprCXX.h"

using namespace clang;

namespace adgen {

namespace {

// E designates a location in *this: `data[i * cols + j]`, `(*this)(0, i)`,
// `v[0]`, `x`.
bool isLocationInThis(const Expr *E) {
  while (true) {
    E = stripToValue(E);
    if (isa<CXXThisExpr>(E))
      return true;
    if (const auto *U = dyn_cast<UnaryOperator>(E); U && U->getOpcode() == UO_Deref) {
      E = U->getSubExpr();
      continue;
    }
    if (const auto *Mem = dyn_cast<MemberExpr>(E); Mem && isa<FieldDecl>(Mem->getMemberDecl())) {
      E = Mem->getBase();
      continue;
    }
    if (const auto *Sub = dyn_cast<ArraySubscriptExpr>(E)) {
      E = Sub->getBase();
      continue;
    }
    const Expr *Container, *Index;
    if (containerElement(E, Container, Index)) {
      E = Container;
      continue;
    }
    if (const Expr *Object = accessedObject(E)) {
      E = Object;
      continue;
    }
    return false;
  }
}

// The body is only `return E;`.
const Expr *returnedValue(const CXXMethodDecl *M) {
  const FunctionDecl *Def = M->getDefinition();
  const auto *Body = Def ? dyn_cast_or_null<CompoundStmt>(Def->getBody()) : nullptr;
  if (!Body || Body->size() != 1)
    return nullptr;
  const auto *Return = dyn_cast<ReturnStmt>(Body->body_front());
  return Return ? Return->getRetValue() : nullptr;
}

// The body is `return E;` with E a location in *this.
bool isAccessorBody(const CXXMethodDecl *M) {
  const Expr *E = returnedValue(M);
  return E && isLocationInThis(E);
}

// The body is `return &E;` with E a location in *this, or returns a
// pointer member (plus an offset).
bool isPointerAccessorBody(const CXXMethodDecl *M) {
  const Expr *E = returnedValue(M);
  if (!E)
    return false;
  E = stripToValue(E);
  if (const auto *U = dyn_cast<UnaryOperator>(E); U && U->getOpcode() == UO_AddrOf)
    return isLocationInThis(U->getSubExpr());
  PointerOp Op = pointerOp(E);
  if (Op.K == PointerOp::Offset)
    E = stripToValue(Op.Pointer);
  const auto *Mem = dyn_cast<MemberExpr>(E);
  return Mem && isa<FieldDecl>(Mem->getMemberDecl()) && isLocationInThis(Mem->getBase());
}

// The object a member call works on (`m` in `m.get(i)`, `p` in `p->get(i)`).
const Expr *callObject(const CallExpr *Call) {
  if (const auto *Member = dyn_cast<CXXMemberCallExpr>(Call))
    return Member->getImplicitObjectArgument();
  if (isa<CXXOperatorCallExpr>(Call) && Call->getNumArgs() > 0)
    return Call->getArg(0);
  return nullptr;
}

} // namespace

// `std::get<I>(t)` on a std::tuple or std::pair lvalue: the element's
// shadow is `std::get<I>(_d_t)`.
static const Expr *tupleOfGet(const CallExpr *Call) {
  if (!Call || Call->getNumArgs() != 1 || !isStdFunction(Call->getDirectCallee(), {"get"}) ||
      !Call->isLValue())
    return nullptr;
  const Expr *Object = Call->getArg(0);
  QualType T = Object->getType();
  if (!Object->isLValue() || !(isStdTuple(T) || isStdPair(T)))
    return nullptr;
  return Object;
}

const Expr *accessedObject(const Expr *E) {
  E = stripToValue(E);
  const auto *Call = dyn_cast<CallExpr>(E);
  if (const Expr *Tuple = tupleOfGet(Call))
    return Tuple;
  const auto *M = Call ? dyn_cast_or_null<CXXMethodDecl>(Call->getDirectCallee()) : nullptr;
  if (!M || M->isStatic() || M->getParent()->isInStdNamespace() ||
      !M->getReturnType()->isLValueReferenceType() || !isAccessorBody(M))
    return nullptr;
  return callObject(Call);
}

const Expr *pointerAccessedObject(const Expr *E) {
  E = stripToValue(E);
  const auto *Call = dyn_cast<CallExpr>(E);
  const auto *M = Call ? dyn_cast_or_null<CXXMethodDecl>(Call->getDirectCallee()) : nullptr;
  if (!M || !isa<CXXMemberCallExpr>(Call) || M->isStatic() ||
      M->getParent()->isInStdNamespace() || !M->getReturnType()->isPointerType() ||
      !holdsReals(M->getReturnType()) || !isPointerAccessorBody(M))
    return nullptr;
  return callObject(Call);
}

} // namespace adgen
