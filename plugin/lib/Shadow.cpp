#include "Shadow.h"
#include "Locations.h"
#include "Types.h"

#include "clang/AST/ExprCXX.h"

#include <cctype>

using namespace clang;

namespace adgen {

namespace {


// `const double a[2][3]` -> `double[2][3]`.
QualType withoutConst(ASTContext &Ctx, QualType T) {
  T = T.getNonReferenceType().getUnqualifiedType();
  if (const auto *Arr = Ctx.getAsConstantArrayType(T))
    return Ctx.getConstantArrayType(withoutConst(Ctx, Arr->getElementType()),
                                    Arr->getSize(), nullptr,
                                    ArraySizeModifier::Normal, 0);
  return T;
}

} // namespace

namespace {
// `_d_m`, `_d_v[i]`, `(*_d_r)`: text that needs no parentheses as an object.
bool isPrimaryText(const std::string &S) {
  if (S.empty())
    return false;
  if (S.front() == '(' && S.back() == ')')
    return true;
  for (char C : S)
    if (!(std::isalnum(static_cast<unsigned char>(C)) || C == '_' || C == '[' || C == ']' ||
          C == '.' || C == '>'))
      return false;
  return true;
}
} // namespace

namespace {
// `(*p)`: a pointer's target in parentheses, nothing else inside them.
bool isParenthesizedDeref(const std::string &S) {
  return S.size() > 3 && S.compare(0, 2, "(*") == 0 && S.back() == ')' &&
         S.find_first_of("()", 2) == S.size() - 1;
}
} // namespace

std::string addressText(const std::string &LValue, bool OfShadow) {
  if (isParenthesizedDeref(LValue))
    return LValue.substr(2, LValue.size() - 3);
  if (OfShadow && LValue.size() > 1 && LValue.front() == '*' &&
      LValue.find_first_of("()[]+-*. ", 1) == std::string::npos)
    return LValue.substr(1);
  return "&" + LValue;
}

std::string memberText(const std::string &Object, const std::string &Field) {
  if (isParenthesizedDeref(Object))
    return Object.substr(2, Object.size() - 3) + "->" + Field;
  if (Object.size() > 1 && Object.front() == '*' &&
      Object.find_first_of("()[]+-*. ", 1) == std::string::npos)
    return Object.substr(1) + "->" + Field;
  return Object + "." + Field;
}

std::string partText(const std::string &Object, const RecordPart &Part) {
  if (!Part.Field.empty())
    return memberText(Object, Part.Field);
  std::string Inner = Object;
  if (isParenthesizedDeref(Inner))
    Inner = Inner.substr(1, Inner.size() - 2); // `std::get<0>(*p)`
  return "std::get<" + std::to_string(Part.Index) + ">(" + Inner + ")";
}

void ShadowMemory::bind(const VarDecl *V, std::string Name, ShadowKind Kind) {
  Vars[V] = {std::move(Name), Kind};
}

const ShadowVar *ShadowMemory::find(const VarDecl *V) const {
  auto It = Vars.find(V);
  return It == Vars.end() ? nullptr : &It->second;
}

const ShadowVar *ShadowMemory::movingPointer(const VarDecl *V) const {
  const ShadowVar *S = find(V);
  if (!S)
    return nullptr;
  if (S->Kind == ShadowKind::Pointer)
    return S;
  if (S->Kind == ShadowKind::DataPointer && isa<ParmVarDecl>(V) &&
      V->getType()->isPointerType())
    return S;
  return nullptr;
}

std::string ShadowMemory::variable(const VarDecl *V, const Expr *At) {
  const ShadowVar *S = find(V);
  if (!S) {
    std::string Name = V->getName().str();
    if (isSelfParameter(V)) // the object of a member function
      Error(At, "a member of the object that holds an active value, while the object is not active",
            "name \"this\" in the attribute ([[ad::differentiate(\"this\", ...)]]), or "
            "compute into a local variable");
    else if (isa<ParmVarDecl>(V))
      Error(At, "a use of '" + Name + "', which receives active values but is not active",
            "name '" + Name + "' in the attribute, or compute into a local variable or array");
    else
      Error(At, "a use of '" + Name + "', whose derivative is not tracked", "");
    return "";
  }
  // A pointer's shadow is saved and restored with the pointer: reading it
  // in the reverse sweep needs the variable's value there.
  if (Uses && (movingPointer(V) ||
               (!isa<ParmVarDecl>(V) && S->Kind == ShadowKind::Indirect)))
    Uses->insert(V);
  return S->Name;
}

std::string ShadowMemory::of(const Expr *LValue, const PrintFn &Print) {
  const Expr *E = stripToValue(LValue);
  // A copy of a container or object (an argument passed by value): its
  // derivative flows to and from the original's shadow.
  const Expr *Bare = E;
  if (const auto *Bound = dyn_cast<CXXBindTemporaryExpr>(Bare))
    Bare = Bound->getSubExpr();
  if (const auto *Copy = dyn_cast<CXXConstructExpr>(Bare);
      Copy && Copy->getNumArgs() == 1 && Copy->getConstructor()->isCopyOrMoveConstructor() &&
      holdsReals(Copy->getType()))
    return of(Copy->getArg(0), Print);
  if (const auto *Ref = dyn_cast<DeclRefExpr>(E)) {
    const auto *V = dyn_cast<VarDecl>(Ref->getDecl());
    if (!V) {
      Error(E, "a use of '" + Ref->getNameInfo().getAsString() + "'", "");
      return "";
    }
    std::string Name = variable(V, E);
    if (Name.empty())
      return "";
    return find(V)->Kind == ShadowKind::Indirect ? "(*" + Name + ")" : Name;
  }
  PointerOp Op = pointerOp(E);
  if (Op.K == PointerOp::Deref || Op.K == PointerOp::Subscript) {
    std::string P = pointer(Op.Pointer, Print);
    if (P.empty())
      return "";
    if (Op.K == PointerOp::Deref)
      return P.front() == '&' ? P.substr(1) : "*" + P;
    return P + "[" + Print(Op.Index) + "]";
  }
  const Expr *Container, *Index;
  if (containerElement(E, Container, Index)) {
    std::string C = data(Container, Print);
    if (C.empty())
      return "";
    // `_d_v[i]` reads better than `_d_v.data()[i]`.
    const std::string Suffix = ".data()";
    bool Whole = C.size() > Suffix.size() &&
                 C.compare(C.size() - Suffix.size(), Suffix.size(), Suffix) == 0;
    if (Whole)
      C.resize(C.size() - Suffix.size());
    if (!Index) { // `v.front()`, `v.back()`
      if (Whole)
        return C + (isLastElement(E) ? ".back()" : ".front()");
      return C + "[" + (isLastElement(E) ? Print(Container) + ".size() - 1" : "0") + "]";
    }
    return C + "[" + Print(Index) + "]";
  }
  // A data member's shadow is the same member of the object's shadow.
  if (const auto *M = dyn_cast<MemberExpr>(E); M && isa<FieldDecl>(M->getMemberDecl())) {
    std::string Base = M->isArrow() ? pointer(M->getBase(), Print) : of(M->getBase(), Print);
    if (Base.empty())
      return "";
    std::string Field = M->getMemberDecl()->getNameAsString();
    if (!M->isArrow())
      return memberText(Base, Field);
    if (Base.size() > 1 && Base.front() == '&')
      return Base.substr(1) + "." + Field;
    return Base + "->" + Field;
  }
  // What an accessor returns: the same accessor on the object's shadow
  // (`_d_m(i, j)` for `m(i, j)`), which has the object's shape.
  if (const Expr *Object = accessedObject(E)) {
    bool IsPointer = Object->getType()->isPointerType();
    std::string S = IsPointer ? pointer(Object, Print) : of(Object, Print);
    if (S.empty())
      return "";
    if (!IsPointer && !isPrimaryText(S))
      S = "(" + S + ")";
    // An argument needs no parentheses: `std::get<0>(*d_p)`.
    if (!isa<CXXMemberCallExpr>(stripToValue(E)) && !isa<CXXOperatorCallExpr>(stripToValue(E)) &&
        isParenthesizedDeref(S))
      S = S.substr(1, S.size() - 2);
    return Printer.printReplacing(E, Object, S, Uses);
  }
  if (const auto *C = dyn_cast<ConditionalOperator>(E)) {
    std::string A = of(C->getTrueExpr(), Print), B = of(C->getFalseExpr(), Print);
    if (A.empty() || B.empty())
      return "";
    return "(" + Print(C->getCond()) + " ? " + A + " : " + B + ")";
  }
  if (const auto *B = dyn_cast<BinaryOperator>(E); B && B->getOpcode() == BO_Comma)
    return of(B->getRHS(), Print);
  Error(E, "the derivative of this expression's value",
        "store it in a variable first");
  return "";
}

std::string ShadowMemory::data(const Expr *Object, const PrintFn &Print) {
  QualType T = Object->getType();
  if (T->isPointerType() || isVectorIterator(T))
    return pointer(Object, Print);
  if (T->isArrayType())
    return of(Object, Print);
  if (const auto *Ref = dyn_cast<DeclRefExpr>(stripToValue(Object)))
    if (const auto *V = dyn_cast<VarDecl>(Ref->getDecl()))
      if (const ShadowVar *S = find(V); S && S->Kind == ShadowKind::DataPointer)
        return variable(V, Object);
  std::string Whole = of(Object, Print);
  return Whole.empty() ? "" : Whole + ".data()";
}

std::string ShadowMemory::pointer(const Expr *Pointer, const PrintFn &Print) {
  const Expr *E = stripToValue(Pointer);
  if (const auto *Cast = dyn_cast<CastExpr>(E)) {
    if (Cast->getCastKind() == CK_ArrayToPointerDecay)
      return data(Cast->getSubExpr(), Print);
    if (Cast->getCastKind() == CK_NullToPointer)
      return "nullptr";
    if (Cast->getCastKind() == CK_NoOp || Cast->getCastKind() == CK_BitCast)
      return pointer(Cast->getSubExpr(), Print);
  }
  if (isa<CXXNullPtrLiteralExpr, GNUNullExpr>(E))
    return "nullptr";
  if (isa<CXXThisExpr>(E) && Self)
    return variable(Self, E);
  if (const auto *Ref = dyn_cast<DeclRefExpr>(E)) {
    if (const auto *V = dyn_cast<VarDecl>(Ref->getDecl())) {
      std::string Name = variable(V, E);
      if (Name.empty())
        return "";
      return find(V)->Kind == ShadowKind::Indirect ? "(*" + Name + ")" : Name;
    }
  }
  if (const auto *U = dyn_cast<UnaryOperator>(E); U && U->getOpcode() == UO_AddrOf) {
    std::string L = of(U->getSubExpr(), Print);
    if (L.empty())
      return "";
    if (L.size() > 3 && L.compare(0, 2, "(*") == 0 && L.back() == ')')
      return L.substr(2, L.size() - 3);
    if (L.front() == '*')
      return L.substr(1);
    return "&" + L;
  }
  PointerOp Op = pointerOp(E);
  if (Op.K == PointerOp::Step) {
    // Inside a statement (Effects.cpp): the shadow pointer steps right
    // after it, so `p++` is its shadow minus one there, `++p` the shadow.
    std::string P = pointer(Op.Pointer, Print);
    if (P.empty() || (Op.Prefix != StepsAhead))
      return P;
    if (StepsAhead) // `++p` before it runs: p + 1
      return "(" + P + (Op.Minus ? " - 1" : " + 1") + ")";
    return "(" + P + (Op.Minus ? " + 1" : " - 1") + ")";
  }
  if (Op.K == PointerOp::Offset) {
    std::string P = pointer(Op.Pointer, Print);
    if (P.empty())
      return "";
    return "(" + P + (Op.Minus ? " - " : " + ") + Print(Op.Index) + ")";
  }
  bool End = false;
  if (const Expr *Container = containerOfPointer(E, &End)) {
    std::string D = data(Container, Print);
    if (D.empty() || !End)
      return D;
    return "(" + D + " + " + Printer.operand(Container) + ".size())";
  }
  if (const auto *C = dyn_cast<ConditionalOperator>(E)) {
    std::string A = pointer(C->getTrueExpr(), Print),
                B = pointer(C->getFalseExpr(), Print);
    if (A.empty() || B.empty())
      return "";
    return "(" + Print(C->getCond()) + " ? " + A + " : " + B + ")";
  }
  if (const auto *B = dyn_cast<BinaryOperator>(E); B && B->getOpcode() == BO_Comma)
    return pointer(B->getRHS(), Print);
  if (const auto *Call = dyn_cast<CallExpr>(E);
      Call && Call->getNumArgs() >= 1 &&
      isStdFunction(Call->getDirectCallee(), {"min_element", "max_element"})) {
    // The same position in the shadows: first's shadow + (found - first).
    std::string First = pointer(Call->getArg(0), Print);
    if (First.empty())
      return "";
    const Expr *Start = Call->getArg(0);
    std::string From = isPrimary(Start) ? Print(Start) : "(" + Print(Start) + ")";
    return "(" + First + " + (" + Print(Call) + " - " + From + "))";
  }
  // What a pointer accessor returns: the same accessor on the object's
  // shadow (`_d_m.get_col(i)`), made writable: adjoints are added through it.
  if (const Expr *Object = pointerAccessedObject(E)) {
    bool IsPointer = Object->getType()->isPointerType();
    std::string S = IsPointer ? pointer(Object, Print) : of(Object, Print);
    if (S.empty())
      return "";
    if (!IsPointer && !isPrimaryText(S))
      S = "(" + S + ")";
    // Printed call by call: the call itself may be bound to a temporary.
    const auto *Call = cast<CallExpr>(E);
    std::string Text = S + (IsPointer ? "->" : ".") +
                       Call->getDirectCallee()->getNameAsString() + "(";
    for (unsigned K = 0; K < Call->getNumArgs(); ++K)
      Text += (K ? ", " : "") + Print(Call->getArg(K));
    return writable(E->getType(), Text + ")");
  }
  // A pointer member of a struct of pointers: the same member of its
  // shadow, which points into the shadows.
  if (const auto *M = dyn_cast<MemberExpr>(E); M && isa<FieldDecl>(M->getMemberDecl())) {
    // The shadow's `const double *` points into shadows, which are never
    // const: the adjoints are added through it.
    std::string Field = M->getMemberDecl()->getNameAsString();
    std::string Base = M->isArrow() ? pointer(M->getBase(), Print) : of(M->getBase(), Print);
    if (Base.empty())
      return "";
    return writable(M->getType(),
                    M->isArrow() ? Base + "->" + Field : memberText(Base, Field));
  }
  Error(E, "a pointer whose origin cannot be followed",
        "point into a local array or std::vector, or a parameter (p = &a[i], "
        "p = v.data() + k, p = q + 1)");
  return "";
}

// Text, a shadow pointer of type PointerType, as a pointer to non-const.
std::string ShadowMemory::writable(QualType PointerType, const std::string &Text) const {
  QualType Pointee = PointerType->getPointeeType();
  if (!Pointee.isConstQualified())
    return Text;
  return "const_cast<" +
         Printer.type(Ctx.getPointerType(Pointee.getUnqualifiedType().getCanonicalType())) +
         ">(" + Text + ")";
}

QualType ShadowMemory::type(const VarDecl *V, ShadowKind Kind) const {
  QualType T = V->getType();
  switch (Kind) {
  case ShadowKind::Value:
    return withoutConst(Ctx, T.getCanonicalType());
  case ShadowKind::Indirect:
    return Ctx.getPointerType(
        withoutConst(Ctx, T.getNonReferenceType().getCanonicalType()));
  case ShadowKind::Pointer:
  case ShadowKind::DataPointer:
    return Ctx.getPointerType(withoutConst(Ctx, elementOf(T).getCanonicalType()));
  }
  return QualType();
}

std::string ShadowMemory::declaration(const VarDecl *V, ShadowKind Kind,
                                      const std::string &Name) const {
  return Printer.type(type(V, Kind), Name);
}

} // namespace adgen
