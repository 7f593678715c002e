// Objects of classes that hold reals (Shape::Record: public data members
// of followed shapes). An object's shadow is an object of the same type
// whose reals are the adjoints: `P _d_p` for a local `P p`, its members'
// shadows `_d_p.a`, `_d_p.w[i]` (Shadow.cpp). The generator knows the
// members, so it writes member-wise code to zero a shadow or add one into
// another; an object built from members (`P p{y, 2.0}`), copied (`P q =
// p;`, `q = p;`) or assigned member by member sends each member's adjoint
// back where it came from.
#include "FunctionBuilder.h"
#include "Handles.h"
#include "Types.h"
#include "ad-gen/Attribute.h"

#include "clang/AST/DeclCXX.h"
#include "clang/AST/ExprCXX.h"

using namespace clang;

namespace adgen {

// `Text = 0` for every real in an object of type T, keeping its shape.
void FunctionBuilder::emitZero(QualType T, const std::string &Text, CodeBlock &Out) {
  switch (shapeOf(T)) {
  case Shape::Real:
    Out.line(Text + " = 0;");
    return;
  case Shape::Array:
  case Shape::Container:
    requireHooks(T, nullptr);
    Out.line("::ad::zero(" + Text + ");");
    return;
  case Shape::Record:
    if (isHandleType(T)) { // its reals are behind its pointer (Handles.h)
      requireHooks(T, nullptr);
      Out.line("::ad::zero(" + Text + ");");
      return;
    }
    for (const RecordPart &P : recordParts(T))
      emitZero(P.Type, partText(Text, P), Out);
    return;
  default:
    return;
  }
}

// `Dst += Src` for every real of two objects of type T and the same shape.
void FunctionBuilder::emitAdd(QualType T, const std::string &Dst, const std::string &Src,
                              CodeBlock &Out) {
  switch (shapeOf(T)) {
  case Shape::Real:
    Out.line(Dst + " += " + Src + ";");
    return;
  case Shape::Array:
  case Shape::Container:
    requireHooks(T, nullptr);
    Out.line("::ad::add_into(" + Dst + ", " + Src + ");");
    return;
  case Shape::Record:
    if (isHandleType(T)) {
      requireHooks(T, nullptr);
      Out.line("::ad::add_into(" + Dst + ", " + Src + ");");
      return;
    }
    for (const RecordPart &P : recordParts(T))
      emitAdd(P.Type, partText(Dst, P), partText(Src, P), Out);
    return;
  default:
    return;
  }
}

// The arguments, one per element, of `std::make_pair(a, b)`,
// `std::make_tuple(a, b, c)` or a std::pair or std::tuple built from its
// elements (`std::tuple<double, int> t(y, 3)`, `{y, 3}`); null otherwise.
static const Expr *const *elementwiseArguments(const Expr *E) {
  QualType T = E->getType();
  if (!isStdPair(T) && !isStdTuple(T))
    return nullptr;
  unsigned N = recordParts(T).size();
  if (const auto *Call = dyn_cast<CallExpr>(E);
      Call && Call->getNumArgs() == N &&
      isStdFunction(Call->getDirectCallee(), {"make_pair", "make_tuple"}))
    return Call->getArgs();
  if (const auto *C = dyn_cast<CXXConstructExpr>(E);
      C && C->getNumArgs() == N && !C->getConstructor()->isCopyOrMoveConstructor())
    return C->getArgs();
  return nullptr;
}

// Sends the adjoint Adj of an object just built from Init back into what
// Init read: the members of a braced list, an object it copies.
void FunctionBuilder::recordInitAdjoint(const Expr *Init, const std::string &Adj,
                                        CodeBlock &Rev) {
  if (!Init || !Activity.dependsOnVaried(Init))
    return;
  const Expr *E = withoutTemporaries(Init);
  QualType T = E->getType();
  if (const Expr *const *Args = elementwiseArguments(E)) {
    std::vector<RecordPart> Parts = recordParts(T);
    for (unsigned K = 0; K < Parts.size(); ++K)
      valueInitAdjoint(Args[K], Parts[K].Type, partText(Adj, Parts[K]), Rev);
    return;
  }
  if (const auto *List = dyn_cast<InitListExpr>(E)) {
    const CXXRecordDecl *RD = T->getAsCXXRecordDecl();
    if (RD && RD->getNumBases()) {
      unsupported(E, "a braced initializer of a class with base classes",
                  "initialize the members one by one");
      return;
    }
    unsigned K = 0;
    for (const FieldDecl *F : RD ? std::vector<const FieldDecl *>(RD->field_begin(), RD->field_end())
                                 : std::vector<const FieldDecl *>()) {
      if (K >= List->getNumInits())
        break;
      const Expr *Member = List->getInit(K++);
      std::string Target = Adj + "." + F->getNameAsString();
      valueInitAdjoint(Member, F->getType(), Target, Rev);
    }
    return;
  }
  if (const auto *C = dyn_cast<CXXConstructExpr>(E)) {
    // A copy (a handle's own copy constructor copies its values too).
    if (C->getNumArgs() == 1 && C->getConstructor()->isCopyOrMoveConstructor() &&
        (!C->getConstructor()->isUserProvided() || isHandleType(T)))
      return recordInitAdjoint(C->getArg(0), Adj, Rev);
    // The constructor's pullback (Constructors.cpp), if anything it reads
    // is active.
    constructorAdjoint(C, Adj, Rev);
    return;
  }
  if (const auto *C = dyn_cast<ConditionalOperator>(E)) {
    settleReset();
    Rev.open("if (" + rev(C->getCond()) + ")");
    recordInitAdjoint(C->getTrueExpr(), Adj, Rev);
    Rev.orElse();
    recordInitAdjoint(C->getFalseExpr(), Adj, Rev);
    Rev.close();
    return;
  }
  if (E->isGLValue()) { // a copy of an object in memory
    std::string From = adjointOf(E);
    if (From != "?")
      emitAdd(T, From, Adj, Rev);
    return;
  }
  if (const auto *Call = dyn_cast<CallExpr>(E); Call && isUserCall(Call)) {
    // The callee's pullback, seeded with the object's adjoint.
    pullbackCall(Call, Adj, Rev);
    return;
  }
  unsupported(E, "an object of '" + Printer.type(T.getUnqualifiedType()) +
                     "' made by a call with active arguments",
              "have the function write into an object it is given");
}

// `T Name{};` in Out, every real zero, shaped like Like (the text of a
// value of T) when T holds a std::vector whose size is only known then.
void FunctionBuilder::zeroObject(QualType T, const std::string &Name,
                                 const std::string &Like, CodeBlock &Out) {
  T = T.getNonReferenceType().getCanonicalType().getUnqualifiedType();
  if (!hasFixedShape(T) || !isDefaultConstructible(T)) {
    Out.line(Printer.type(T) + " " + Name + " = " + Like + ";");
    emitZero(T, Name, Out);
    return;
  }
  Out.line(Printer.type(T, Name) + (T->isArrayType() ? " = {};" : "{};"));
  if (!zeroWhenValueInitialized(T))
    emitZero(T, Name, Out);
}

// Makes sure the runtime can zero and add shadows of the classes T holds
// (RecordHooks.h); an error at At (or f) if it cannot.
bool FunctionBuilder::requireHooks(QualType T, const Stmt *At) {
  std::string Why;
  if (Pullbacks.hooks().request(T, Why))
    return true;
  std::string What = "arrays, std::vectors and parameters of '" +
                     Printer.type(T.getNonReferenceType().getUnqualifiedType()) + "'";
  std::string Hint = Why + "; declare the class at namespace scope in your own code";
  if (At)
    unsupported(At, What, Hint);
  else
    unsupported(Def->getLocation(), What, Hint);
  return false;
}

// Stores the object Value into Dest (ForwardText does it), sending the
// adjoint of the new value back into what Value read.
CodeBlock FunctionBuilder::recordStore(const Target &Dest, const Expr *Value,
                                       bool FreshVariable, const std::string &ForwardText,
                                       CodeBlock &Fwd) {
  CodeBlock Rev;
  if (Value && !checkNoSideEffects(Value))
    return Rev;
  // The old value is put back first: Value's adjoint code reads what Value
  // read (`v = v * s` calls the pullback of `*` on the old v).
  if (!FreshVariable || inLoop())
    saveBeforeWrite(Dest, Fwd, Rev);
  Fwd.line(ForwardText);
  bool Varied = Dest.Var ? Activity.isVaried(Dest.Var)
                         : Dest.LValue && Activity.dependsOnVaried(Dest.LValue);
  if (!Varied)
    return Rev;
  std::string Adj = Dest.LValue ? adjointOf(Dest.LValue)
                                : Shadow.find(Dest.Var)->Name + Dest.Subscript;
  if (Adj == "?")
    return Rev;
  QualType T = Dest.type().getNonReferenceType().getCanonicalType().getUnqualifiedType();
  // The new value's adjoint, taken out of the target's shadow (which the
  // value may read: q = q), then sent to the value.
  Rev.open("");
  std::string Taken = newTemp();
  Rev.line(Printer.type(T) + " " + Taken + " = " + Adj + ";");
  emitZero(T, Adj, Rev);
  if (Value)
    recordInitAdjoint(Value, Taken, Rev);
  Rev.close();
  return Rev;
}

// One member or element initializer of any shape, with Adj its shadow.
void FunctionBuilder::valueInitAdjoint(const Expr *Init, QualType T, const std::string &Adj,
                                       CodeBlock &Rev) {
  switch (shapeOf(T)) {
  case Shape::Real:
    diff(Init, Adj, Rev);
    return;
  case Shape::Record:
    recordInitAdjoint(Init, Adj, Rev);
    return;
  case Shape::Array:
    if (const auto *List = dyn_cast<InitListExpr>(withoutTemporaries(Init))) {
      QualType Element = elementOf(T);
      for (unsigned K = 0; K < List->getNumInits(); ++K)
        valueInitAdjoint(List->getInit(K), Element, Adj + "[" + std::to_string(K) + "]", Rev);
      return;
    }
    break;
  case Shape::Container:
    containerInitAdjoint(Init, Adj, Rev);
    return;
  default:
    break;
  }
  if (Activity.dependsOnVaried(Init))
    unsupported(Init, "this initializer of a member holding active values",
                "set the member with an assignment");
}

// `P p{...};`, `P p = q;`, `P p;` for a class holding reals.
CodeBlock FunctionBuilder::recordDeclaration(const VarDecl *V, CodeBlock &Fwd) {
  CodeBlock Rev;
  std::string Name = Printer.nameOf(V);
  QualType T = V->getType().getNonReferenceType().getUnqualifiedType();
  const Expr *Init = V->getInit();
  bool Varied = Activity.isVaried(V);
  const ShadowVar *S = Varied ? Shadow.find(V) : nullptr;
  // Declared again in a loop: the object of the iteration before is saved
  // (with its shadow) when the reverse sweep reads it or its shadow.
  bool Save = inLoop() && (Needed.count(V) || Varied);
  std::string Tape = Save ? tapeFor(T) : "";
  if (Save) {
    Fwd.line(push(Tape, Name));
    if (S)
      Fwd.line(push(Tape, S->Name));
  }
  if (Init)
    Fwd.line(Name + " = " + initializerText(V) + ";");
  else if (inLoop())
    Fwd.line(Name + " = " + Printer.type(T) + "();");
  if (S && isViewType(T)) {
    // A view: built again from the shadows of what it views.
    Fwd.line(S->Name + " = " +
             (Init ? viewShadowValue(T, Init, V->getInitStyle() == VarDecl::ListInit)
                   : Printer.type(T) + "()") +
             ";");
  } else if (S) {
    // The shadow: the object's shape, every real zero.
    Fwd.line(S->Name + " = " + Name + ";");
    emitZero(T, S->Name, Fwd);
    if (Init)
      recordInitAdjoint(Init, S->Name, Rev);
  }
  if (Save) {
    if (S)
      Rev.line(S->Name + " = " + Tape + ".pop();");
    Rev.line(Name + " = " + Tape + ".pop();");
  }
  return Rev;
}

// `M m(2, 2);` for a class that cannot be default-constructed: generated
// code builds it in a std::optional where f builds it (`m =
// &_m_storage.emplace(2, 2);`) and uses it through the pointer `m`, printed
// `(*m)` like a local reference; its shadow likewise.
CodeBlock FunctionBuilder::deferredDeclaration(const VarDecl *V, CodeBlock &Fwd) {
  CodeBlock Rev;
  std::string Name = Printer.nameOf(V);
  QualType T = V->getType().getNonReferenceType().getUnqualifiedType();
  const Expr *Init = V->getInit();
  const ShadowVar *S = Activity.isVaried(V) ? Shadow.find(V) : nullptr;
  std::string Storage = Deferred[V], ShadowStorage;
  if (size_t Space = Storage.find(' '); Space != std::string::npos) {
    ShadowStorage = Storage.substr(Space + 1);
    Storage.resize(Space);
  }
  if (Init && !checkNoSideEffects(Init))
    return Rev;
  // Built again in a loop: the object of the iteration before (none in the
  // first) is saved, moved, with its shadow.
  bool Save = inLoop() && (Needed.count(V) || S);
  std::string Tape;
  if (Save) {
    Tape = tape("std::optional<" + Printer.type(T) + ">", "_tape_objects", true);
    notePush(Tape, S ? 2 : 1);
    Fwd.line(Tape + ".push(std::move(" + Storage + "));");
    if (S)
      Fwd.line(Tape + ".push(std::move(" + ShadowStorage + "));");
  }
  bool ListInit = V->getInitStyle() == VarDecl::ListInit;
  // `emplace(M(2, 2))` would need a move: the arguments go to emplace.
  std::string Type = Printer.type(T);
  auto EmplaceArgs = [&](std::string Value) {
    if (Value.compare(0, Type.size() + 1, Type + "(") == 0 && Value.back() == ')')
      Value = Value.substr(Type.size() + 1, Value.size() - Type.size() - 2);
    return Value;
  };
  Fwd.line(Name + " = &" + Storage + ".emplace(" +
           EmplaceArgs(Init ? valueText(T, Init, ListInit) : "") + ");");
  if (S && isViewType(T)) {
    // A view: the same constructor, given the shadows of what it views.
    Fwd.line(S->Name + " = &" + ShadowStorage + ".emplace(" +
             EmplaceArgs(Init ? viewShadowValue(T, Init, ListInit) : "") + ");");
  } else if (S) {
    Fwd.line(S->Name + " = &" + ShadowStorage + ".emplace(*" + Name + ");");
    emitZero(T, "(*" + S->Name + ")", Fwd);
    if (Init)
      recordInitAdjoint(Init, "(*" + S->Name + ")", Rev);
  }
  if (Save) {
    if (S)
      Rev.line(S->Name + " = ::ad::put_back(" + ShadowStorage + ", " + Tape + ".pop());");
    Rev.line(Name + " = ::ad::put_back(" + Storage + ", " + Tape + ".pop());");
  }
  return Rev;
}

// `q = p;` on objects (the implicit assignment): every member is replaced.
CodeBlock FunctionBuilder::recordAssign(const CXXOperatorCallExpr *Call, CodeBlock &Fwd) {
  if (Call->getDirectCallee() && Call->getDirectCallee()->isUserProvided()) {
    unsupported(Call, "a user-defined assignment operator of a class holding active values",
                "assign the members one by one");
    return {};
  }
  const Expr *Target = Call->getArg(0);
  // An object holding a std::vector may change its shape here; its shadow
  // keeps the old one (found on `p = q` after q.c.push_back: a wrong
  // gradient and a write past the end).
  if (!hasFixedShape(Target->getType()) && Activity.dependsOnVaried(Call->getArg(1))) {
    unsupported(Call, "assigning a whole object that holds a std::vector (its size may change)",
                "assign its members one by one");
    return {};
  }
  return recordStore({assignedVariable(Target), Target, ""}, Call->getArg(1), false,
                     fwd(Call) + ";", Fwd);
}

} // namespace adgen
