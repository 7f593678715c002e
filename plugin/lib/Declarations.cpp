// Declarations of locals: hoisted to the top of f_grad (the reverse sweep
// reads them after the forward sweep has left their scopes), initialized
// where f initializes them.
#include "FunctionBuilder.h"
#include "Purity.h"
#include "ad-gen/Attribute.h"
#include "Types.h"

#include "clang/AST/DeclCXX.h"
#include "clang/AST/ExprCXX.h"
#include "clang/Basic/SourceManager.h"

using namespace clang;

namespace adgen {

// `double a[2][2] = {{1, x}}` as element assignments: a[0][0] = 1; ...
// Elements left to zero need no code outside loops (the hoisted array
// starts zeroed); inside a loop they are zeroed again each time.
CodeBlock FunctionBuilder::arrayInitializer(const VarDecl *V,
                                            const InitListExpr *List,
                                            QualType ArrayType,
                                            const std::string &Subscript,
                                            CodeBlock &Fwd) {
  CodeBlock Rev;
  const auto *Arr = Ctx.getAsConstantArrayType(ArrayType);
  if (!Arr) {
    unsupported(List, "this array initializer");
    return Rev;
  }
  uint64_t N = Arr->getSize().getZExtValue();
  for (uint64_t K = 0; K < N; ++K) {
    std::string Element = Subscript + "[" + std::to_string(K) + "]";
    const Expr *Init = K < List->getNumInits() ? List->getInit(K) : nullptr;
    if (Init && isa<ImplicitValueInitExpr>(Init))
      Init = nullptr;
    CodeBlock ElementRev;
    if (Arr->getElementType()->isArrayType()) {
      const auto *Inner = dyn_cast_or_null<InitListExpr>(Init);
      if (Init && !Inner) {
        unsupported(Init, "this array initializer");
        return Rev;
      }
      InitListExpr Empty(Ctx, SourceLocation(), {}, SourceLocation());
      ElementRev = arrayInitializer(V, Inner ? Inner : &Empty,
                                    Arr->getElementType(), Element, Fwd);
    } else if (shapeOf(Arr->getElementType()) == Shape::Record) {
      if (Init || inLoop()) {
        std::string Text =
            Printer.nameOf(V) + Element + " = " +
            (Init ? fwd(Init)
                  : Printer.type(Arr->getElementType().getUnqualifiedType()) + "{}") +
            ";";
        ElementRev = recordStore({V, nullptr, Element}, Init, true, Text, Fwd);
      }
    } else if (Init || inLoop()) {
      std::string Text = Printer.nameOf(V) + Element + " = " +
                         (Init ? fwd(Init) : std::string("0")) + ";";
      ElementRev = assignment({V, nullptr, Element}, Init, BO_Assign, true,
                              Text, Fwd);
    }
    ElementRev.append(Rev);
    Rev = ElementRev;
  }
  return Rev;
}

namespace {

// A class type that can be declared at the top of f_grad and assigned
// later: default-constructible and assignable (not a lambda).
// A user class whose constructors or assignments the user wrote (or with a
// member of such a class): building it as default + assignment would skip
// what those do (`R c(q)` counting copies), so it is built where f builds it.
bool hasUserWrittenCopies(const CXXRecordDecl *RD) {
  if (RD->isInStdNamespace() ||
      RD->getASTContext().getSourceManager().isInSystemHeader(RD->getLocation()))
    return false; // the library's classes copy as they assign
  for (const CXXConstructorDecl *C : RD->ctors())
    if (C->isUserProvided())
      return true;
  for (const CXXMethodDecl *M : RD->methods())
    if ((M->isCopyAssignmentOperator() || M->isMoveAssignmentOperator()) &&
        M->isUserProvided())
      return true;
  for (const FieldDecl *F : RD->fields()) {
    QualType T = F->getType();
    while (const auto *Arr = dyn_cast<ArrayType>(T.getCanonicalType()))
      T = Arr->getElementType();
    if (const CXXRecordDecl *Member = T->getAsCXXRecordDecl())
      if (Member->getDefinition() && hasUserWrittenCopies(Member->getDefinition()))
        return true;
  }
  return false;
}

bool isHoistable(QualType T) {
  const CXXRecordDecl *RD = T.getNonReferenceType()->getAsCXXRecordDecl();
  if (!RD)
    return true;
  RD = RD->getDefinition();
  if (RD && (isStdTuple(T) || isStdPair(T))) { // assignable element by element
    for (const RecordPart &P : recordParts(T))
      if (!isHoistable(P.Type) || P.Type.isConstQualified())
        return false;
    return isDefaultConstructible(T);
  }
  if (!RD || RD->isLambda() || hasUserWrittenCopies(RD))
    return false;
  bool Default = RD->needsImplicitDefaultConstructor();
  for (const CXXConstructorDecl *C : RD->ctors())
    Default |= C->isDefaultConstructor() && !C->isDeleted();
  // An implicit assignment is deleted by a const or reference member.
  bool Assignable = RD->needsImplicitMoveAssignment() || RD->needsImplicitCopyAssignment();
  for (const FieldDecl *F : RD->fields())
    if (F->getType().isConstQualified() || F->getType()->isReferenceType())
      Assignable = false;
  for (const CXXMethodDecl *M : RD->methods())
    Assignable |= (M->isCopyAssignmentOperator() || M->isMoveAssignmentOperator()) &&
                  !M->isDeleted();
  return Default && Assignable;
}

const Expr *withoutCleanups(const Expr *E) {
  if (const auto *C = dyn_cast<ExprWithCleanups>(E))
    E = C->getSubExpr();
  return E;
}


} // namespace

// Locals are declared at the top of f_grad: the reverse sweep, which runs
// after the forward sweep has left their scopes, reads them too. A local
// reference becomes a pointer (`double *r = nullptr;`, uses print `(*r)`).
// False if V cannot be declared there (a lambda): it stays where f
// declares it, and the reverse sweep must not need it.
bool FunctionBuilder::hoistLocal(const VarDecl *V) {
  std::string Name = V->getName().str();
  if (!HoistedNames.insert(Name).second) {
    Name = Names.fresh(Name);
    HoistedNames.insert(Name);
  }
  Printer.rename(V, Name);
  if (V->isStaticLocal()) {
    std::string Text;
    llvm::raw_string_ostream OS(Text);
    V->print(OS, Printer.policy());
    LocalDecls.push_back({V, Text + ";"});
    return true;
  }
  if (isLocalReference(V)) {
    Printer.pointerize(V);
    LocalDecls.push_back(
        {V, Printer.type(Ctx.getPointerType(V->getType().getNonReferenceType()),
                         Name) + " = nullptr;"});
    return true;
  }
  QualType T = V->getType().getNonReferenceType().getUnqualifiedType();
  if (T->isRecordType() && !isHoistable(T)) {
    const CXXRecordDecl *RD = T->getAsCXXRecordDecl();
    if (!RD || RD->isLambda()) {
      InPlace.insert(V);
      return false;
    }
    // Built where f builds it, in storage of its own, and used through a
    // pointer like a local reference (Records.cpp, deferredDeclaration).
    Printer.pointerize(V);
    std::string Storage = Names.fresh("_" + Name + "_storage");
    Deferred[V] = Storage;
    std::string Optional = "std::optional<" + Printer.type(T) + ">";
    LocalDecls.push_back({V, Optional + " " + Storage + ";"});
    LocalDecls.push_back({V, Printer.type(T) + " *" + Name + " = nullptr;"});
    if (Activity.isVaried(V)) {
      std::string Adj = Names.fresh("_d_" + Name);
      Shadow.bind(V, Adj, ShadowKind::Indirect);
      Deferred[V] += " " + Names.fresh("_d_" + Name + "_storage");
      AdjointDecls.push_back(Optional + " " + Deferred[V].substr(Storage.size() + 1) + ";");
      AdjointDecls.push_back(Printer.type(T) + " *" + Adj + " = nullptr;");
    }
    return true;
  }
  if (const auto *Arr = Ctx.getAsConstantArrayType(T))
    T = Ctx.getConstantArrayType(Arr->getElementType().getUnqualifiedType(),
                                 Arr->getSize(), nullptr,
                                 ArraySizeModifier::Normal, 0);
  std::string Init = T->isArrayType()    ? " = {};"
                     : T->isRecordType() ? "{};"
                     : T->isPointerType() ? " = nullptr;"
                                          : " = 0;";
  LocalDecls.push_back({V, Printer.type(T, Name) + Init});
  if (Activity.isVaried(V) && !Printer.isPointerized(V))
    declareAdjoint(V, Name, T);
  return true;
}

// The value `V = ...` assigns where f initializes V: the initializer as a
// prvalue of V's type. A constructor call `P p(y, 2.0)` is `P(y, 2.0)`, a
// list `P p{y, 2.0}` is `P{y, 2.0}`.
std::string FunctionBuilder::initializerText(const VarDecl *V) {
  return valueText(V->getType(), V->getInit(), V->getInitStyle() == VarDecl::ListInit);
}

// The initializer Init of an object of type T as a prvalue (see above);
// also for a constructor's member initializers.
std::string FunctionBuilder::valueText(QualType T, const Expr *Init, bool ListInit) {
  Init = withoutCleanups(Init);
  if (const auto *D = dyn_cast<CXXDefaultInitExpr>(Init))
    return valueText(T, D->getExpr(), ListInit);
  std::string Type = Printer.type(T.getNonReferenceType().getUnqualifiedType());
  if (const auto *C = dyn_cast<CXXConstructExpr>(Init);
      C && !isa<CXXTemporaryObjectExpr>(C)) {
    if (C->getNumArgs() == 1 && C->getConstructor()->isCopyOrMoveConstructor())
      return fwd(C->getArg(0));
    std::string Args;
    for (const Expr *Arg : C->arguments()) {
      if (isa<CXXDefaultArgExpr>(Arg))
        break;
      Args += (Args.empty() ? "" : ", ") + fwd(Arg);
    }
    bool List = C->isListInitialization() || ListInit;
    return Type + (List ? "{" + Args + "}" : "(" + Args + ")");
  }
  if (isa<InitListExpr>(Init->IgnoreImplicit()))
    return Type + fwd(Init);
  return fwd(Init);
}

// The shadow of a view built by Init: the same construction, each pointer
// to reals replaced by its shadow pointer, each view by its shadow
// (`ExtraParams<double>(d_params, hsize)`).
std::string FunctionBuilder::viewShadowValue(QualType T, const Expr *Init, bool ListInit) {
  Init = withoutTemporaries(Init);
  auto Part = [&](const Expr *Arg) {
    QualType A = Arg->getType();
    if (A->isPointerType() && holdsReals(A)) {
      if (!Activity.dependsOnVaried(Arg)) {
        unsupported(Arg, "a struct of pointers to active values built from this pointer "
                         "to values that are not active",
                    "view constant data and active data with separate structs");
        return std::string("nullptr");
      }
      return adjointPointer(Arg, false);
    }
    if (isViewType(A))
      return Arg->isGLValue() ? adjointOf(Arg, false)
                              : viewShadowValue(A, Arg, false);
    return fwd(Arg);
  };
  std::string Type = Printer.type(T.getNonReferenceType().getUnqualifiedType());
  if (const auto *C = dyn_cast<CXXConstructExpr>(Init)) {
    if (C->getNumArgs() == 1 && C->getConstructor()->isCopyOrMoveConstructor())
      return Part(C->getArg(0));
    std::string Args;
    for (const Expr *Arg : C->arguments()) {
      if (isa<CXXDefaultArgExpr>(Arg))
        break;
      Args += (Args.empty() ? "" : ", ") + Part(Arg);
    }
    bool List = C->isListInitialization() || ListInit;
    return Type + (List ? "{" + Args + "}" : "(" + Args + ")");
  }
  if (const auto *L = dyn_cast<InitListExpr>(Init->IgnoreImplicit())) {
    std::string Args;
    for (const Expr *E : L->inits())
      Args += (Args.empty() ? "" : ", ") + Part(E);
    return Type + "{" + Args + "}";
  }
  if (Init->isGLValue())
    return adjointOf(Init, false);
  unsupported(Init, "this way of building a struct of pointers to active values",
              "build it with a constructor or a braced list of pointers");
  return Type + "()";
}

// `double &r = a[i];` binds the pointer r; its shadow points to a[i]'s
// shadow (or is the caller's element shadows, for a container parameter).
CodeBlock FunctionBuilder::referenceDeclaration(const VarDecl *V, CodeBlock &Fwd) {
  CodeBlock Rev;
  std::string Name = Printer.nameOf(V);
  const Expr *Init = V->getInit();
  if (!checkNoSideEffects(Init))
    return Rev;
  bool Varied = Activity.isVaried(V);
  ShadowKind Kind = ShadowKind::Indirect;
  if (const auto *Ref = dyn_cast<DeclRefExpr>(Init->IgnoreParenImpCasts()))
    if (const auto *To = dyn_cast<VarDecl>(Ref->getDecl()))
      if (const ShadowVar *S = Shadow.find(To); S && S->Kind == ShadowKind::DataPointer)
        Kind = ShadowKind::DataPointer;
  std::string Adj = Varied ? declareShadow(V, Name, Kind) : "";
  saveBinding(V, Fwd, Rev);
  Fwd.line(Name + " = " + addressText(fwd(Init), false) + ";");
  if (!Varied)
    return Rev;
  std::string Target = Kind == ShadowKind::DataPointer ? adjointPointer(Init, false)
                                                       : addressText(adjointOf(Init, false), true);
  Fwd.line(Adj + " = " + Target + ";");
  return Rev;
}

// A pointer-like variable bound again in a loop (a reference declared in
// the body, a range-for reference): the old binding and its shadow are
// saved if the reverse sweep reads the variable.
void FunctionBuilder::saveBinding(const VarDecl *V, CodeBlock &Fwd, CodeBlock &Rev) {
  if (!inLoop() || !Needed.count(V))
    return;
  std::vector<std::pair<std::string, QualType>> Saved{
      {Printer.nameOf(V), Ctx.getPointerType(V->getType().getNonReferenceType())}};
  if (const ShadowVar *S = Shadow.find(V))
    Saved.push_back({S->Name, Shadow.type(V, S->Kind)});
  for (const auto &[Text, Type] : Saved)
    Fwd.line(push(tapeFor(Type), Text));
  for (auto It = Saved.rbegin(); It != Saved.rend(); ++It)
    Rev.line(It->first + " = " + tapeFor(It->second) + ".pop();");
}

CodeBlock FunctionBuilder::declaration(const DeclStmt *S, CodeBlock &Fwd) {
  CodeBlock Rev;
  for (const Decl *D : S->decls()) {
    // A local type name (`using State = std::array<double, 2>;`): declared
    // first in the generated function, where the hoisted locals use it.
    if (const auto *Alias = dyn_cast<TypedefNameDecl>(D)) {
      // What it names, spelled out (a library's alias may use names of its
      // own namespace).
      QualType Named = Alias->getUnderlyingType();
      if (!Named->isDependentType())
        Named = Named.getCanonicalType();
      TypeDecls.push_back("using " + Alias->getNameAsString() + " = " + Printer.type(Named) + ";");
      continue;
    }
    if (const auto *Bindings = dyn_cast<DecompositionDecl>(D)) {
      unsupported(Bindings->getLocation(), "a structured binding (auto [a, b] = ...)",
                  "name the object and read its members: auto r = ...; double a = "
                  "r.first;");
      continue;
    }
    const auto *V = dyn_cast<VarDecl>(D);
    if (!V) {
      if (!isa<TypedefNameDecl, StaticAssertDecl, UsingDecl, UsingDirectiveDecl>(D))
        unsupported(S, "a local declaration of a class, enum or function",
                    "declare it outside the function");
      continue;
    }
    if (const Expr *Init = V->getInit())
      if (const auto *L = dyn_cast<LambdaExpr>(withoutCleanups(Init)->IgnoreImplicit())) {
        lambdaDeclaration(V, L);
        continue;
      }
    bool Varied = Activity.isVaried(V);
    if (Varied && shapeOf(V->getType()) == Shape::Unsupported) {
      unsupported(V->getLocation(),
                  "the local variable '" + V->getName().str() + "' of type '" +
                      Printer.type(V->getType()) + "', which holds active values",
                  unsupportedReason(V->getType()));
      Refused.insert(V);
      continue;
    }
    if (Varied && V->getType()->isRecordType() && !isLocalReference(V) &&
        !isHoistable(V->getType()) && V->getType()->getAsCXXRecordDecl() &&
        V->getType()->getAsCXXRecordDecl()->isLambda()) {
      unsupported(V->getLocation(),
                  "the local variable '" + V->getName().str() + "' of type '" +
                      Printer.type(V->getType()) +
                      "', which holds active values and cannot be default-constructed "
                      "and assigned",
                  "give the class a default constructor (the gradient declares its "
                  "locals first and sets them where the function does)");
      Refused.insert(V);
      continue;
    }
    const Expr *Init = V->getInit();
    bool ArrayFromExpr = V->getType()->isArrayType() && Init &&
                         !isa<InitListExpr>(withoutCleanups(Init));
    if ((ArrayFromExpr && !Varied) || !hoistLocal(V)) {
      // Where f declares it: the reverse sweep never reads it.
      InPlace.insert(V);
      Fwd.line(Printer.declaration(V) + ";");
      continue;
    }
    if (V->isStaticLocal())
      continue;
    // A call that changes state (`tick()`, `u(gen)`) in the initializer of
    // an array, object or container: its value would be computed again
    // where the initializer's adjoint needs it.
    if (Init && Varied && !isRealType(V->getType()) && !isLocalReference(V))
      if (const CallExpr *Impure = impureCallIn(Init)) {
        unsupported(Impure, "a call that changes state inside the initializer of '" +
                                V->getName().str() + "'",
                    "compute it into a variable first and use the variable");
        continue;
      }
    CodeBlock DeclRev;
    if (Deferred.count(V)) {
      DeclRev = deferredDeclaration(V, Fwd);
    } else if (isLocalReference(V)) {
      DeclRev = referenceDeclaration(V, Fwd);
    } else if ((isStdVector(V->getType()) || isStdArray(V->getType())) &&
               shapeOf(V->getType()) != Shape::Inactive) {
      DeclRev = containerDeclaration(V, Fwd);
    } else if (shapeOf(V->getType()) == Shape::Record) {
      DeclRev = recordDeclaration(V, Fwd);
    } else if (!Init) {
      // Declared without initializer: a class is default-constructed again
      // in each iteration of a loop; a scalar or array is left as it is.
      if (V->getType()->isRecordType() && inLoop()) {
        std::string Text = Printer.nameOf(V) + " = " +
                           Printer.type(V->getType().getUnqualifiedType()) + "();";
        DeclRev = assignment({V, nullptr, ""}, nullptr, BO_Assign, true, Text, Fwd);
      }
    } else if (const auto *List = dyn_cast<InitListExpr>(withoutCleanups(Init));
               List && V->getType()->isArrayType()) {
      DeclRev = arrayInitializer(V, List, V->getType(), "", Fwd);
    } else if (ArrayFromExpr) {
      unsupported(S, "an array initialized from an expression",
                  "initialize it with a braced list or element by element");
      continue;
    } else if (V->getType()->isRecordType()) {
      std::string Text = Printer.nameOf(V) + " = " + initializerText(V) + ";";
      DeclRev = assignment({V, nullptr, ""}, Varied ? Init : nullptr, BO_Assign,
                           true, Text, Fwd);
    } else {
      if (const auto *List = dyn_cast<InitListExpr>(withoutCleanups(Init))) {
        if (List->getNumInits() != 1) {
          unsupported(S, "a braced initializer of a scalar with several values");
          continue;
        }
        Init = List->getInit(0);
      }
      if (!isDeadLocal(V))
        planFusion(Init);
      DeclRev = withEffects(Init, nullptr, [&](CodeBlock &Fwd, const auto &Text) {
        return assignment({V, nullptr, ""}, Init, BO_Assign, true,
                          Printer.nameOf(V) + " = " + Text() + ";", Fwd);
      }, Fwd);
    }
    DeclRev.append(Rev);
    Rev = DeclRev;
  }
  return Rev;
}

} // namespace adgen
