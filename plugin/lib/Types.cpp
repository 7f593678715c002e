#include "Types.h"
#include "Handles.h"
#include "ad-gen/Attribute.h"

#include "clang/AST/DeclCXX.h"
#include "clang/AST/DeclTemplate.h"
#include "llvm/ADT/DenseMap.h"

using namespace clang;

namespace adgen {

namespace {

const ClassTemplateSpecializationDecl *stdSpecialization(QualType T,
                                                         StringRef Name) {
  T = T.getNonReferenceType().getCanonicalType();
  const auto *Spec =
      dyn_cast_or_null<ClassTemplateSpecializationDecl>(T->getAsCXXRecordDecl());
  if (!Spec || Spec->getName() != Name)
    return nullptr;
  // Inline namespaces (std::__cxx11) and libstdc++'s debug mode
  // (_GLIBCXX_DEBUG: std::__debug::vector) are the standard library too.
  const DeclContext *DC = Spec->getDeclContext();
  while (DC && (DC->isInlineNamespace() ||
                (isa<NamespaceDecl>(DC) &&
                 (cast<NamespaceDecl>(DC)->getName() == "__debug" ||
                  cast<NamespaceDecl>(DC)->getName() == "__cxx1998"))))
    DC = DC->getParent();
  return DC && DC->isStdNamespace() ? Spec : nullptr;
}

QualType firstTypeArgument(const ClassTemplateSpecializationDecl *Spec) {
  const TemplateArgumentList &Args = Spec->getTemplateArgs();
  if (Args.size() < 1 || Args[0].getKind() != TemplateArgument::Type)
    return QualType();
  return Args[0].getAsType();
}

// Memoized, with a guard against recursive types (a node holding a pointer
// to its own type): a type being computed counts as holding no reals.
bool holdsRealsUncached(QualType T,
                        llvm::DenseMap<const Type *, bool> &Memo);

bool holdsRealsMemo(QualType T, llvm::DenseMap<const Type *, bool> &Memo) {
  T = T.getNonReferenceType().getCanonicalType();
  const Type *Key = T.getTypePtr();
  auto It = Memo.find(Key);
  if (It != Memo.end())
    return It->second;
  Memo[Key] = false;
  bool Result = holdsRealsUncached(T, Memo);
  Memo[Key] = Result;
  return Result;
}

bool holdsRealsUncached(QualType T, llvm::DenseMap<const Type *, bool> &Memo) {
  if (isRealType(T))
    return true;
  if (const auto *C = T->getAs<ComplexType>())
    return isRealType(C->getElementType());
  if (const auto *Arr = T->getAsArrayTypeUnsafe())
    return holdsRealsMemo(Arr->getElementType(), Memo);
  if (const auto *Ptr = T->getAs<PointerType>())
    return holdsRealsMemo(Ptr->getPointeeType(), Memo);
  const CXXRecordDecl *Record = T->getAsCXXRecordDecl();
  if (!Record)
    return false;
  Record = Record->getDefinition();
  if (!Record)
    return false;
  // A container of reals whose definition was not instantiated yet still
  // holds reals.
  if (const auto *Spec = dyn_cast<ClassTemplateSpecializationDecl>(Record))
    for (const TemplateArgument &Arg : Spec->getTemplateArgs().asArray())
      if (Arg.getKind() == TemplateArgument::Type &&
          (isStdVector(T) || isStdArray(T)) &&
          holdsRealsMemo(Arg.getAsType(), Memo))
        return true;
  for (const FieldDecl *F : Record->fields())
    if (holdsRealsMemo(F->getType(), Memo))
      return true;
  for (const CXXBaseSpecifier &Base : Record->bases())
    if (holdsRealsMemo(Base.getType(), Memo))
      return true;
  return false;
}

} // namespace

namespace {
// Types belong to one ASTContext: the generator clears this cache for each
// translation unit (resetTypeCache).
thread_local llvm::DenseMap<const Type *, bool> HoldsRealsCache;
} // namespace

void resetTypeCache() { HoldsRealsCache.clear(); }

bool holdsReals(QualType T) { return holdsRealsMemo(T, HoldsRealsCache); }

bool isStdVector(QualType T) { return stdSpecialization(T, "vector"); }
bool isStdArray(QualType T) { return stdSpecialization(T, "array"); }

bool isVectorIterator(QualType T) {
  T = T.getNonReferenceType().getCanonicalType();
  const auto *Spec =
      dyn_cast_or_null<ClassTemplateSpecializationDecl>(T->getAsCXXRecordDecl());
  if (!Spec)
    return false;
  StringRef Name = Spec->getName();
  if (Name != "__normal_iterator" && Name != "__wrap_iter")
    return false;
  QualType Ptr = firstTypeArgument(Spec);
  return !Ptr.isNull() && Ptr->isPointerType();
}

QualType elementOf(QualType T) {
  T = T.getNonReferenceType();
  if (const auto *Arr = T->getAsArrayTypeUnsafe())
    return Arr->getElementType();
  if (const auto *Ptr = T->getAs<PointerType>())
    return Ptr->getPointeeType();
  if (isStdVector(T))
    return firstTypeArgument(stdSpecialization(T, "vector"));
  if (isStdArray(T))
    return firstTypeArgument(stdSpecialization(T, "array"));
  if (isVectorIterator(T)) {
    const auto *Spec = cast<ClassTemplateSpecializationDecl>(
        T.getCanonicalType()->getAsCXXRecordDecl());
    return firstTypeArgument(Spec)->getPointeeType();
  }
  return QualType();
}

std::vector<const FieldDecl *> recordFields(QualType T) {
  std::vector<const FieldDecl *> Out;
  const CXXRecordDecl *RD = T.getNonReferenceType()->getAsCXXRecordDecl();
  if (!RD || !(RD = RD->getDefinition()))
    return Out;
  for (const CXXBaseSpecifier &Base : RD->bases()) {
    std::vector<const FieldDecl *> Inherited = recordFields(Base.getType());
    Out.insert(Out.end(), Inherited.begin(), Inherited.end());
  }
  for (const FieldDecl *F : RD->fields())
    Out.push_back(F);
  return Out;
}

bool isStdTuple(QualType T) { return stdSpecialization(T, "tuple"); }
bool isStdPair(QualType T) { return stdSpecialization(T, "pair"); }

// The element types of a std::tuple, in order.
static std::vector<QualType> tupleElements(QualType T) {
  std::vector<QualType> Out;
  const ClassTemplateSpecializationDecl *Spec = stdSpecialization(T, "tuple");
  if (!Spec)
    return Out;
  for (const TemplateArgument &Arg : Spec->getTemplateArgs().asArray()) {
    if (Arg.getKind() == TemplateArgument::Pack) {
      for (const TemplateArgument &E : Arg.pack_elements())
        Out.push_back(E.getAsType());
    } else if (Arg.getKind() == TemplateArgument::Type) {
      Out.push_back(Arg.getAsType());
    }
  }
  return Out;
}

std::vector<RecordPart> recordParts(QualType T) {
  std::vector<RecordPart> Out;
  if (isStdTuple(T)) {
    unsigned I = 0;
    for (QualType E : tupleElements(T))
      Out.push_back({E, "", I++});
    return Out;
  }
  for (const FieldDecl *F : recordFields(T))
    Out.push_back({F->getType(), F->getNameAsString(), 0});
  return Out;
}

namespace {

// A followed part of a Record: a shape whose shadow code the generator
// writes (not a pointer or a lambda; no references).
bool isFollowedPart(QualType T) {
  if (T->isReferenceType())
    return false;
  Shape S = shapeOf(T);
  return S == Shape::Inactive || S == Shape::Real || S == Shape::Array ||
         S == Shape::Container || S == Shape::Record;
}

// A class whose data the generator can follow member by member: public
// data members (generated code names them) of shapes it follows, no
// virtual bases, not a lambda.
bool isFollowedRecord(QualType T) {
  const CXXRecordDecl *RD = T->getAsCXXRecordDecl();
  if (!RD || !(RD = RD->getDefinition()) || RD->isLambda() || RD->getNumVBases() ||
      isStdVector(T) || isStdArray(T) || isVectorIterator(T))
    return false;
  if (isStdTuple(T)) {
    for (QualType E : tupleElements(T))
      if (!isFollowedPart(E) || holdsPointersToReals(E))
        return false;
    return true;
  }
  for (const CXXBaseSpecifier &Base : RD->bases())
    if (Base.getAccessSpecifier() != AS_public || !isFollowedRecord(Base.getType()))
      return false;
  for (const FieldDecl *F : RD->fields()) {
    if (F->getType()->isPointerType() || F->getType()->isReferenceType()) {
      // A pointer to reals: a view (isViewType); not pointers to objects
      // (and no recursion into a node's own type).
      if (holdsReals(F->getType()) &&
          (F->getType()->isReferenceType() || F->getAccess() != AS_public ||
           !isRealType(F->getType()->getPointeeType())))
        return false;
      continue;
    }
    Shape S = shapeOf(F->getType());
    if (S == Shape::Inactive)
      continue;
    if (F->getAccess() != AS_public || F->getType()->isReferenceType() ||
        (S != Shape::Real && S != Shape::Array && S != Shape::Container &&
         S != Shape::Record))
      return false;
  }
  // A struct either holds reals or views them, not both: a view's shadow
  // is built from the shadows of what it points into (Records.cpp).
  return !(holdsPointersToReals(T) && holdsOwnReals(T));
}

} // namespace

// Pointers to reals in T's members, directly or in nested members, arrays
// and containers.
bool holdsPointersToReals(QualType T) {
  T = T.getNonReferenceType();
  if (const ArrayType *Arr = T->getAsArrayTypeUnsafe())
    return holdsPointersToReals(Arr->getElementType());
  if (isStdVector(T) || isStdArray(T))
    return holdsPointersToReals(elementOf(T));
  const CXXRecordDecl *RD = T->getAsCXXRecordDecl();
  if (!RD || !(RD = RD->getDefinition()) || isVectorIterator(T) || RD->isLambda())
    return false;
  for (const CXXBaseSpecifier &Base : RD->bases())
    if (holdsPointersToReals(Base.getType()))
      return true;
  for (const FieldDecl *F : RD->fields())
    if ((F->getType()->isPointerType() && isRealType(F->getType()->getPointeeType())) ||
        (!F->getType()->isPointerType() && holdsPointersToReals(F->getType())))
      return true;
  return false;
}

// Reals held by value: T itself, or in members, arrays and containers (not
// behind pointers).
bool holdsOwnReals(QualType T) {
  T = T.getNonReferenceType();
  if (isRealType(T))
    return true;
  if (T->isPointerType() || isVectorIterator(T))
    return false;
  if (const ArrayType *Arr = T->getAsArrayTypeUnsafe())
    return holdsOwnReals(Arr->getElementType());
  if (isStdVector(T) || isStdArray(T))
    return holdsOwnReals(elementOf(T));
  const CXXRecordDecl *RD = T->getAsCXXRecordDecl();
  if (!RD || !(RD = RD->getDefinition()) || RD->isLambda())
    return false;
  for (const CXXBaseSpecifier &Base : RD->bases())
    if (holdsOwnReals(Base.getType()))
      return true;
  for (const FieldDecl *F : RD->fields())
    if (holdsOwnReals(F->getType()))
      return true;
  return false;
}

bool isViewType(QualType T) {
  return shapeOf(T) == Shape::Record && holdsPointersToReals(T) && !isHandleType(T);
}

std::string unsupportedReason(QualType T) {
  T = T.getNonReferenceType();
  while (const ArrayType *Arr = T->getAsArrayTypeUnsafe())
    T = Arr->getElementType();
  if (isStdVector(T) || isStdArray(T) || T->isPointerType())
    return unsupportedReason(elementOf(T));
  if (isStdTuple(T)) {
    for (QualType E : tupleElements(T))
      if (E->isReferenceType() && holdsReals(E))
        return "a tuple of references (std::tie) is not followed; keep the tuple "
               "(auto t = f(x);) and read its elements with std::get<I>(t)";
    for (QualType E : tupleElements(T))
      if (holdsReals(E) && (E->isPointerType() || holdsPointersToReals(E)))
        return "a std::tuple holding pointers to reals is not followed; use a struct of "
               "pointers (struct View { const double *p; };)";
    for (QualType E : tupleElements(T))
      if (holdsReals(E) && !isFollowedPart(E))
        return unsupportedReason(E);
  }
  const CXXRecordDecl *RD = T->getAsCXXRecordDecl();
  if (!RD || !(RD = RD->getDefinition()))
    return "use floating-point values, arrays, std::vector or structs of them";
  for (const DeclContext *DC = RD->getDeclContext(); DC; DC = DC->getParent())
    if (const auto *NS = dyn_cast<NamespaceDecl>(DC); NS && NS->getName() == "Eigen")
      return "Eigen's types keep their values in private, aligned storage the generator "
             "does not follow; use std::array<double, N> or a struct of doubles";
  if (holdsPointersToReals(T) && holdsOwnReals(T))
    return "a struct holds either values or pointers to values, not both; split it";
  for (const FieldDecl *F : RD->fields())
    if (F->getAccess() != AS_public && holdsReals(F->getType()))
      return "its member '" + F->getNameAsString() +
             "' is not public; the generator follows public data members";
  for (const FieldDecl *F : RD->fields())
    if (F->getType()->isReferenceType() && holdsReals(F->getType()))
      return "its member '" + F->getNameAsString() + "' is a reference; hold a pointer";
  return "use floating-point values, arrays, std::vector or structs of them with public "
         "members";
}

bool isComplexType(QualType T) {
  const auto *Spec = dyn_cast_or_null<ClassTemplateSpecializationDecl>(
      T.getNonReferenceType()->getAsCXXRecordDecl());
  return Spec && Spec->isInStdNamespace() && Spec->getName() == "complex" &&
         Spec->getTemplateArgs().size() == 1 &&
         Spec->getTemplateArgs()[0].getKind() == TemplateArgument::Type &&
         Spec->getTemplateArgs()[0].getAsType()->isRealFloatingType();
}

bool isClosureType(QualType T) {
  const CXXRecordDecl *RD = T.getNonReferenceType()->getAsCXXRecordDecl();
  return RD && RD->isLambda();
}

Shape shapeOf(QualType T) {
  T = T.getNonReferenceType();
  // Whatever it captures, a lambda's parameters may carry derivatives.
  if (isClosureType(T))
    return Shape::Closure;
  if (isComplexType(T))
    return Shape::Complex;
  if (!holdsReals(T))
    return Shape::Inactive;
  if (isRealType(T))
    return Shape::Real;
  bool IsArray = T->isArrayType(), IsPointer = T->isPointerType() ||
                                               isVectorIterator(T);
  bool IsContainer = isStdVector(T) || isStdArray(T);
  if (!IsArray && !IsPointer && !IsContainer)
    return isFollowedRecord(T) ? Shape::Record : Shape::Unsupported;
  Shape Element = shapeOf(elementOf(T));
  if (Element != Shape::Real && Element != Shape::Array &&
      Element != Shape::Container && Element != Shape::Record)
    return Shape::Unsupported;
  return IsArray ? Shape::Array : IsPointer ? Shape::Pointer : Shape::Container;
}

bool hasFixedShape(QualType T) {
  T = T.getNonReferenceType();
  switch (shapeOf(T)) {
  case Shape::Container:
    return isStdArray(T) && hasFixedShape(elementOf(T));
  case Shape::Array:
    return hasFixedShape(elementOf(T));
  case Shape::Record:
    if (isHandleType(T))
      return false; // its size is its value's
    for (const RecordPart &P : recordParts(T))
      if (!hasFixedShape(P.Type))
        return false;
    return true;
  default:
    return true;
  }
}

bool isDefaultConstructible(QualType T) {
  T = T.getNonReferenceType();
  if (const auto *Arr = T->getAsArrayTypeUnsafe())
    return isDefaultConstructible(Arr->getElementType());
  const CXXRecordDecl *RD = T->getAsCXXRecordDecl();
  if (!RD || !(RD = RD->getDefinition()))
    return true;
  if (RD->isLambda())
    return false;
  if (isStdTuple(T) || isStdPair(T)) { // their default constructors are templates
    for (const RecordPart &P : recordParts(T))
      if (!isDefaultConstructible(P.Type))
        return false;
    return true;
  }
  if (RD->needsImplicitDefaultConstructor())
    return true;
  for (const CXXConstructorDecl *C : RD->ctors())
    if (C->isDefaultConstructor() && !C->isDeleted())
      return true;
  return false;
}

bool zeroWhenValueInitialized(QualType T) {
  T = T.getNonReferenceType();
  switch (shapeOf(T)) {
  case Shape::Container:
    return isStdVector(T) || zeroWhenValueInitialized(elementOf(T));
  case Shape::Array:
    return zeroWhenValueInitialized(elementOf(T));
  case Shape::Record: {
    if (isStdTuple(T)) { // its elements are value-initialized
      for (const RecordPart &P : recordParts(T))
        if (!zeroWhenValueInitialized(P.Type))
          return false;
      return true;
    }
    const CXXRecordDecl *RD = T->getAsCXXRecordDecl()->getDefinition();
    if (RD->hasUserProvidedDefaultConstructor())
      return false;
    for (const CXXBaseSpecifier &Base : RD->bases())
      if (!zeroWhenValueInitialized(Base.getType()))
        return false;
    for (const FieldDecl *F : RD->fields())
      if (F->hasInClassInitializer() || !zeroWhenValueInitialized(F->getType()))
        return false;
    return true;
  }
  default:
    return true;
  }
}

QualType writtenElementType(ASTContext &Ctx, QualType Written) {
  if (const auto *Ptr = Written->getAs<PointerType>())
    return Ptr->getPointeeType();
  if (const ArrayType *Arr = Ctx.getAsArrayType(Written))
    return Arr->getElementType();
  if (const auto *Spec = Written->getAs<TemplateSpecializationType>();
      Spec && !Spec->template_arguments().empty() &&
      Spec->template_arguments()[0].getKind() == TemplateArgument::Type)
    return Spec->template_arguments()[0].getAsType();
  return QualType();
}

} // namespace adgen
