#include "FunctionBuilder.h"
#include "QuietParameters.h"
#include "ElementWrites.h"
#include "Handles.h"
#include "ad-gen/Attribute.h"
#include "Types.h"

#include "clang/AST/Attr.h"
#include "clang/AST/DeclCXX.h"
#include "clang/AST/DeclTemplate.h"
#include "clang/AST/ExprCXX.h"
#include "clang/Basic/Diagnostic.h"

#include <cctype>

using namespace clang;

namespace adgen {

FunctionBuilder::FunctionBuilder(ASTContext &Ctx, const FunctionDecl *Def,
                                 const std::vector<const ParmVarDecl *> &Active,
                                 const VarSet &Needed,
                                 PullbackRegistry &Pullbacks, AdjointKind Kind,
                                 std::string Name, FunctionBuilder *Enclosing)
    : Ctx(Ctx), Def(Def), Pullbacks(Pullbacks), Kind(Kind),
      Name(std::move(Name)), Active(Active), Needed(Needed),
      Activity(Def, analysedActive(Def, Active), capturedVaried(Def, Enclosing)),
      Printer(Ctx),
      Shadow(Ctx, Printer,
             [this](const Expr *E, const std::string &What,
                    const std::string &Hint) { unsupported(E, What, Hint); }) {
  Names.reserveNamesUsedIn(Def);
  this->Enclosing = Enclosing;
  if (Enclosing) {
    Names = Enclosing->Names; // no name of the enclosing function is hidden
    Names.reserveNamesUsedIn(Def);
    adoptCaptures();
  }
  if (const ParmVarDecl *Self = selfParameter(Def)) {
    Printer.rename(Self, Names.fresh("self"));
    Printer.setSelf(Self);
    Shadow.setSelf(Self);
  }
  for (const ParmVarDecl *P : formalParameters(Def))
    HoistedNames.insert(Printer.nameOf(P));
  if (const auto *Ctor = dyn_cast<CXXConstructorDecl>(Def)) {
    // The object the pullback builds, and its shadow (Constructors.cpp).
    ObjectName = Names.fresh("_object");
    ObjectShadowName = Names.fresh("_d_object");
    Shadow.bind(selfParameter(Ctor), Names.fresh("d_self"), ShadowKind::DataPointer);
  }
}

// A constructor's object is varied: it is what the constructor computes.
std::vector<const ParmVarDecl *>
FunctionBuilder::analysedActive(const FunctionDecl *Def,
                                std::vector<const ParmVarDecl *> Active) {
  if (isa<CXXConstructorDecl>(Def))
    Active.push_back(selfParameter(Def));
  return Active;
}

void FunctionBuilder::unsupported(SourceLocation Loc, StringRef What,
                                  StringRef Hint) {
  Failed = true;
  DiagnosticsEngine &Diags = Ctx.getDiagnostics();
  std::string Message = ("cannot differentiate " + What +
                         (Hint.empty() ? "" : "; " + Hint))
                            .str();
  unsigned ID = Diags.getCustomDiagID(DiagnosticsEngine::Error, "%0");
  Diags.Report(Loc, ID) << Message;
}

void FunctionBuilder::unsupported(const Stmt *S, StringRef What, StringRef Hint) {
  if (mentionsRefused(S)) {
    Failed = true;
    return;
  }
  unsupported(S->getBeginLoc(), What, Hint);
}

bool FunctionBuilder::mentionsRefused(const Stmt *S) const {
  if (!S || Refused.empty())
    return false;
  if (const auto *Ref = dyn_cast<DeclRefExpr>(S))
    if (const auto *V = dyn_cast<VarDecl>(Ref->getDecl()); V && Refused.count(V))
      return true;
  for (const Stmt *Child : S->children())
    if (mentionsRefused(Child))
      return true;
  return false;
}

std::string FunctionBuilder::tape(const std::string &ElementType,
                                  const std::string &Base, bool Objects) {
  std::string Key = Base + ":" + ElementType;
  auto It = TapeIndex.find(Key);
  if (It != TapeIndex.end())
    return Tapes[It->second].Name;
  std::string Name = Names.fresh(Base);
  TapeIndex[Key] = Tapes.size();
  Tapes.push_back({Name, ElementType, Objects ? -1 : 0, Objects});
  return Name;
}

namespace {
// `_tape` for double, `_tape_float`, `_tape_double_ptr`, `_tape_vector`:
// a readable identifier for a tape of T.
std::string tapeBase(const std::string &Prefix, const std::string &Type) {
  if (Type == "double")
    return Prefix;
  std::string Out = Prefix + "_";
  size_t Template = Type.find('<');
  std::string Head = Type.substr(0, Template);
  if (size_t Colon = Head.rfind(':'); Colon != std::string::npos)
    Head = Head.substr(Colon + 1);
  for (char C : Head) {
    if (std::isalnum(static_cast<unsigned char>(C)))
      Out += C;
    else if (C == '*')
      Out += Out.back() == '_' ? "ptr" : "_ptr";
    else if (Out.back() != '_')
      Out += '_';
  }
  while (Out.back() == '_')
    Out.pop_back();
  return Out;
}
} // namespace

std::string FunctionBuilder::tapeFor(QualType T) {
  T = T.getCanonicalType().getUnqualifiedType();
  std::string Type = Printer.type(T);
  return tape(Type, tapeBase("_tape", Type), !T.isTriviallyCopyableType(Ctx));
}

std::string FunctionBuilder::partialsTape(QualType T) {
  std::string Type = Printer.type(T.getCanonicalType().getUnqualifiedType());
  return tape(Type, tapeBase("_partials", Type));
}

std::string FunctionBuilder::controlTape() {
  return tape("unsigned long", "_tape_cf");
}

std::string FunctionBuilder::push(const std::string &Tape,
                                  const std::string &Value, long Count) {
  notePush(Tape, Count);
  return Tape + ".push(" + Value + ");";
}

// How much a call can push onto each tape, if every push site sits in
// loops with trip counts known at compile time.
void FunctionBuilder::notePush(const std::string &Tape, long Count) {
  long Bound = Count;
  for (long Trips : LoopTrips)
    Bound = (Bound < 0 || Trips < 0) ? -1 : Bound * Trips;
  for (TapeInfo &T : Tapes)
    if (T.Name == Tape)
      T.Bound = (T.Bound < 0 || Bound < 0) ? -1 : T.Bound + Bound;
}

std::string FunctionBuilder::record(const std::string &Type,
                                    const std::string &Base,
                                    const std::string &Init) {
  std::string Name = Names.numbered(Base);
  RecordDecls.push_back(Type + " " + Name + " = " + Init + ";");
  return Name;
}

// `_d_v`, zeroed, for a variable (scalar or array) of type T.
void FunctionBuilder::declareAdjoint(const VarDecl *V, const std::string &Name,
                                     QualType T) {
  T = T.getUnqualifiedType();
  if (!T->isArrayType())
    T = T.getCanonicalType();
  if (T->isPointerType() || isVectorIterator(T)) {
    declareShadow(V, Name, ShadowKind::Pointer);
    return;
  }
  std::string Adj = Names.fresh("_d_" + Name);
  Shadow.bind(V, Adj, ShadowKind::Value);
  // A local of f nothing reads (the user's own unused variable): neither
  // it nor its adjoint is read in f_grad either.
  bool Dead = V && isDeadLocal(V);
  if (Dead)
    DeadLocals.insert(V);
  AdjointDecls.push_back((Dead ? "[[maybe_unused]] " : "") + Printer.type(T, Adj) +
                         (T->isArrayType() ? " = {};" : T->isRecordType() ? "{};" : " = 0;"));
  if (!zeroWhenValueInitialized(T)) {
    CodeBlock Zero;
    emitZero(T, Adj, Zero);
    for (size_t I = 0; I < Zero.size(); ++I)
      AdjointDecls.push_back(Zero.text(I));
  }
  if (shapeOf(T) != Shape::Real)
    requireHooks(T, nullptr);
}

// The hoisted shadow variable of V: `_d_name` of Kind, null or zero.
std::string FunctionBuilder::declareShadow(const VarDecl *V, const std::string &Name,
                                           ShadowKind Kind) {
  std::string Adj = Names.fresh("_d_" + Name);
  Shadow.bind(V, Adj, Kind);
  bool IsPointer = Kind != ShadowKind::Value;
  AdjointDecls.push_back(Shadow.declaration(V, Kind, Adj) +
                         (IsPointer ? " = nullptr;" : "{};"));
  return Adj;
}

void FunctionBuilder::declareAdjoints() {
  // A parameter that is not active but is assigned active values (`a = a *
  // x` with `a` a constant argument) needs an adjoint of its own, which
  // nobody outside reads.
  // So does a by-value container or object (`y` of an integrator called
  // with a constant initial state).
  for (const ParmVarDecl *P : formalParameters(Def)) {
    QualType T = P->getType().getNonReferenceType();
    Shape S = shapeOf(T);
    bool ByValue = !P->getType()->isReferenceType() && !isSelfParameter(P) &&
                   (S == Shape::Container || S == Shape::Record);
    if (Activity.isVaried(P) && (isRealType(T) || ByValue) &&
        std::find(Active.begin(), Active.end(), P) == Active.end()) {
      declareAdjoint(P, P->getName().str(), T);
      if (ByValue && !hasFixedShape(T))
        Forward.line(Shadow.find(P)->Name + " = ::ad::zeros_like(" + Printer.nameOf(P) + ");");
    }
  }
  for (const ParmVarDecl *P : Active) {
    // A marked member function's object: `d_this` (contract §2).
    std::string Result = Names.fresh(
        isSelfParameter(P) && Kind == AdjointKind::Gradient ? "d_this" : "d_" + P->getName().str());
    ResultParams[P] = Result;
    QualType T = P->getType();
    if (shapeOf(T) == Shape::Closure) { // the lambda's pullback
      Shadow.bind(P, Result, ShadowKind::Value);
      continue;
    }
    bool Object = shapeOf(T) == Shape::Record;
    if (Object && Kind == AdjointKind::Gradient)
      requireHooks(T, nullptr); // callers make its shadow with ad::zeros_like
    if (shapeOf(T) == Shape::Container && !T->isReferenceType() &&
        mayChangeElements(Def->getBody(), P, Ctx)) {
      // A container by value that f changes (through an element, a
      // reference, an iterator, a call): f's own copy, so its own shadow,
      // whose entry adjoints go to the caller's element shadows at the end.
      declareAdjoint(P, P->getName().str(), T);
      const ShadowVar *S = Shadow.find(P);
      if (!hasFixedShape(T))
        Forward.line(S->Name + " = ::ad::zeros_like(" + Printer.nameOf(P) + ");");
      Epilogue.line("::ad::add_into(" + Result + ", " + S->Name + ");");
      continue;
    }
    if (isRealType(T) || isComplexType(T) ||
        (Object && !T->isReferenceType() && writesVariable(Def->getBody(), P))) {
      // By value: f may change its copy; the caller's shadow gains the
      // adjoint of the entry value at the end.
      declareAdjoint(P, P->getName().str(), T);
      const ShadowVar *S = Shadow.find(P);
      if (Object && !hasFixedShape(T))
        Forward.line(S->Name + " = ::ad::zeros_like(" + Printer.nameOf(P) + ");");
      if (Object)
        emitAdd(T.getCanonicalType().getUnqualifiedType(), "(*" + Result + ")", S->Name,
                Epilogue);
      else
        Epilogue.line("*" + Result + " += " + S->Name + ";");
    } else if (isRealType(T.getNonReferenceType()) || isComplexType(T) || Object) {
      // A reference (or an object f does not change): the shadow of the
      // caller's variable (contract §2).
      Shadow.bind(P, Result, ShadowKind::Indirect);
    } else {
      // Pointers, arrays, containers: the caller's shadows of the elements.
      Shadow.bind(P, Result, ShadowKind::DataPointer);
    }
  }
}

bool FunctionBuilder::build() {
  const auto *Body = dyn_cast_or_null<CompoundStmt>(Def->getBody());
  if (!Body) {
    unsupported(Def->getLocation(), "a function without a body");
    return false;
  }
  if (Def->isTemplated() && isa<CXXMethodDecl>(Def)) {
    unsupported(Def->getLocation(), "a member function of a class template",
                "mark a member of a class, or a free function template");
    return false;
  }
  if (Def->isTemplated()) {
    unsupported(Def->getLocation(), "a function template",
                "mark a non-template function that calls it");
    return false;
  }
  prepareSignature();
  if (Split)
    for (const ParmVarDecl *P : formalParameters(Def))
      if (movesVariable(Body, P))
        KeptParameters.push_back({P, Names.fresh("_final_" + Printer.nameOf(P))});
  registerUnnamedLambdas(Body);
  checkPointersIntoContainers();
  Available.analyse(Def, Ctx);
  if (!Body->body_empty() && isa<ReturnStmt>(Body->body_back()))
    FinalReturn = Body->body_back();
  if (const auto *Ctor = dyn_cast<CXXConstructorDecl>(Def))
    Reverse = constructorInits(Ctor, Forward);
  for (const Stmt *S : Body->body()) {
    CodeBlock Rev = stmt(S, Forward);
    CodeBlock Combined = Rev;
    Combined.append(Reverse);
    Reverse = Combined;
  }
  checkSplitSites();
  for (const VarDecl *V : reverseReads())
    if (InPlace.count(V))
      unsupported(V->getLocation(),
                  "the local variable '" + V->getName().str() +
                      "', whose value the reverse sweep needs",
                  "it cannot be saved (a lambda, or a class that cannot be "
                  "default-constructed and assigned); compute what it gives "
                  "into a variable of floating-point type");
  return !Failed;
}

void FunctionBuilder::prepareSignature() {
  aliasClosureParameters();
  declareAdjoints();
  RedoLog = Names.fresh("_redo");
  UndoLog = Names.fresh("_undo");
  if (Kind == AdjointKind::Gradient) {
    if (!Def->getReturnType()->isVoidType()) {
      ResultVar = Names.fresh("_ret");
      Seed = "1";
    }
  } else if (!resultType(Def)->isVoidType()) {
    Seed = Names.fresh("_d_return");
  }
}

VarSet FunctionBuilder::reverseReads() const {
  VarSet Out = ReverseReads;
  // A lambda called (or its pullback) reads what it captures.
  for (const VarDecl *V : ReverseReads)
    if (auto It = LambdaVars.find(V); It != LambdaVars.end())
      for (const VarDecl *W : capturedVariables(It->second->getLambdaClass()))
        Out.insert(W);
  VarSet Direct = Out;
  for (const VarDecl *V : Direct)
    if ((isPointerLike(V) || isViewVariable(V)) && !isa<ParmVarDecl>(V))
      for (const VarDecl *Root : Activity.pointsTo().variable(V).Vars)
        Out.insert(Root);
  return Out;
}

std::string FunctionBuilder::prototype(bool Declaration) const {
  // Pullbacks are this translation unit's own: another one may generate a
  // different pullback of the same function under the same name.
  std::string Out = Kind == AdjointKind::Pullback ? "static " : storagePrefix(Def);
  const FunctionDecl *Written = SignaturePattern ? SignaturePattern : Def;
  // A marked member function's gradient is a member too: declared in the
  // class (Declaration), defined after it.
  const auto *Member = Kind == AdjointKind::Gradient ? dyn_cast<CXXMethodDecl>(Def) : nullptr;
  std::string Qualified = Name;
  if (Member) {
    // A member of a class template's instantiation: an explicit
    // specialization of the member the template declares.
    Out = Declaration ? (Member->isStatic() ? "static " : "")
          : isa<ClassTemplateSpecializationDecl>(Member->getParent()) ? "template <> inline "
                                                                      : "inline ";
    if (!Declaration)
      Qualified = Printer.type(Ctx.getRecordType(Member->getParent())) + "::" + Name;
  }
  Out += (Kind == AdjointKind::Gradient ? Printer.type(Written->getReturnType())
                                        : std::string("void")) +
         " " + Qualified + "(";
  if (Enclosing) // a lambda's pullback: a lambda too
    Out = "auto " + Name + " = [&](";
  if (!ClosureTemplateParams.empty()) {
    std::string Header = "template <";
    for (size_t I = 0; I < ClosureTemplateParams.size(); ++I)
      Header += (I ? ", class " : "class ") + ClosureTemplateParams[I];
    Out = Header + ">\n" + Out;
  }
  Out += parameterList(Declaration, Kind == AdjointKind::Pullback,
                       Kind == AdjointKind::Pullback && pullbackTakesRedoLog(Def));
  if (Member && !Member->isStatic() && Member->isConst())
    return Out + ") const";
  return Out + ")";
}

// The parameters: f's, then (WithSeed) the adjoint of its result, the
// shadows of the active ones, and (WithRedo) the caller's redo log.
std::string FunctionBuilder::parameterList(bool Declaration, bool WithSeed,
                                           bool WithRedo) const {
  const auto *Member = Kind == AdjointKind::Gradient ? dyn_cast<CXXMethodDecl>(Def) : nullptr;
  std::string Out;
  bool First = true;
  auto Separate = [&] {
    if (!First)
      Out += ", ";
    First = false;
  };
  for (const ParmVarDecl *P : formalParameters(Def)) {
    if (Member && isSelfParameter(P))
      continue; // `this`
    Separate();
    QualType T = P->getOriginalType();
    if (SignaturePattern && !isSelfParameter(P))
      T = SignaturePattern->getParamDecl(P->getFunctionScopeIndex())->getOriginalType();
    Out += Printer.type(T, Printer.nameOf(P));
  }
  if (WithSeed && !Seed.empty()) {
    Separate();
    QualType Return =
        resultType(Def).getNonReferenceType().getCanonicalType().getUnqualifiedType();
    // An object's adjoint by reference, like the object would be passed.
    Out += isRealType(Return) ? Printer.type(Return, Seed)
                              : Printer.type(Ctx.getLValueReferenceType(Return.withConst()), Seed);
  }
  for (const ParmVarDecl *P : Active) {
    Separate();
    if (auto It = ClosureShadowTypes.find(P); It != ClosureShadowTypes.end())
      Out += "const " + It->second + " &" + ResultParams.at(P);
    else
      Out += SignaturePattern ? patternShadowType(P, ResultParams.at(P))
                              : shadowParameterType(P, ResultParams.at(P));
  }
  if (WithRedo) {
    Separate();
    // Callers whose arguments hold none of their caller's memory omit it.
    // A lambda's pullback is its own declaration.
    Out += "::ad::RedoLog *" + RedoLog + (Declaration || Enclosing ? " = nullptr" : "");
  }
  return Out;
}

// The shadow parameter of P as the template writes it: `const T *x` and
// `std::vector<T> &x` give `T *d_x`; a type that does not depend on the
// template's parameters prints as in the instantiation.
std::string FunctionBuilder::patternShadowType(const ParmVarDecl *P,
                                               const std::string &Name) const {
  // `this` of a class template's member: `Box<T> *d_this`.
  if (isSelfParameter(P))
    return Printer.type(
        Ctx.getPointerType(Ctx.getRecordType(cast<CXXMethodDecl>(SignaturePattern)->getParent())),
        Name);
  QualType Written = SignaturePattern->getParamDecl(P->getFunctionScopeIndex())
                         ->getOriginalType()
                         .getNonReferenceType();
  QualType Actual = P->getOriginalType().getNonReferenceType();
  if (!Written->isDependentType())
    return shadowParameterType(P, Name);
  QualType Element = isRealType(Actual) || shapeOf(Actual) == Shape::Record
                         ? Written
                         : writtenElementType(Ctx, Written);
  if (Element.isNull())
    return shadowParameterType(P, Name);
  return Printer.type(Ctx.getPointerType(Element.getUnqualifiedType()), Name);
}

std::string FunctionBuilder::localDeclarations() const {
  std::string Out;
  auto Lines = [&](const std::vector<std::string> &L) {
    for (const std::string &S : L)
      Out += "  " + S + "\n";
  };
  Lines(TypeDecls);
  Lines(AdjointDecls);
  for (const auto &[V, Decl] : LocalDecls) {
    // A pullback does not compute the returned value, so a local that only
    // fed it (`s` in `s += ...; return s;`) is set but never read.
    bool Read = (Kind == AdjointKind::Gradient || ReverseReads.count(V)) &&
                !isIntegerConstant(V) && !V->hasAttr<UnusedAttr>() && // the user's [[maybe_unused]]
                !DeadLocals.count(V);
    Out += std::string("  ") + (Read ? "" : "[[maybe_unused]] ") + Decl + "\n";
  }
  Lines(RecordDecls);
  for (const std::string &Closure : ClosureDecls) {
    Out += "  ";
    for (char C : Closure)
      Out += C == '\n' ? std::string("\n  ") : std::string(1, C);
    while (!Out.empty() && Out.back() == ' ')
      Out.pop_back();
    if (Out.back() != '\n')
      Out += "\n";
  }
  for (const TapeInfo &T : Tapes) {
    if (T.Records) {
      Out += T.Single ? "  " + T.ElementType + " " + T.Name + ";\n"
                      : "  ::ad::RecordStack<" + T.ElementType + "> " + T.Name + ";\n";
      continue;
    }
    // A tape whose size is bounded and small lives on the stack; a
    // pullback's other tapes start in a small stack buffer (a pullback runs
    // once per call of its function, often with a few values per call).
    bool OnStack = T.Bound > 0 && T.Bound <= kMaxStackTape;
    bool Buffered = !OnStack && !T.Objects && Kind == AdjointKind::Pullback && !Split &&
                    T.ElementType.find_first_of("([") == std::string::npos;
    if (Buffered)
      Out += "  " + T.ElementType + " " + T.Name + "_first[" + std::to_string(kTapeBuffer) +
             "];\n";
    Out += std::string("  ::ad::") +
           (T.Objects ? "ObjectTape<" : OnStack ? "StackTape<" : "Tape<") +
           T.ElementType +
           (OnStack ? ", " + std::to_string(T.Bound) : std::string()) + "> " +
           T.Name + (Buffered ? "{" + T.Name + "_first}" : "") + ";" +
           (T.Name.rfind("_tape_cf", 0) == 0 ? " // branches taken, exits, trip counts" : "") +
           "\n";
  }
  if (UsesRedo && Kind == AdjointKind::Gradient)
    Out += "  ::ad::RedoLog " + RedoLog + ";\n";
  if (UsesUndo)
    Out += "  ::ad::UndoLog " + UndoLog + "; // what helpers overwrite through pointers\n";
  return Out;
}

std::string FunctionBuilder::definition() const {
  if (Split)
    return splitDefinition();
  std::string Out = " {\n" + localDeclarations();
  if (Kind == AdjointKind::Gradient && !ResultVar.empty())
    Out += "  " + Printer.type(Def->getReturnType()) + " " + ResultVar +
           " = 0;\n";
  if (const auto *Ctor = dyn_cast<CXXConstructorDecl>(Def))
    Out += constructorPrologue(Ctor);
  if (const ParmVarDecl *Self = selfParameter(Def); Self && Kind == AdjointKind::Gradient)
    Out += "  " + Printer.type(Self->getType(), Printer.nameOf(Self)) +
           " = this; // f's object\n";
  Out += "  // Forward sweep: " + (Enclosing ? std::string("the lambda") : Def->getNameAsString()) +
         " as written, saving what the reverse sweep needs.\n";
  Out += seedsKept(false);
  Out += Forward.str(1);
  Out += seedsKept(true);
  Out += "  // Reverse sweep: adjoints flow from the result back to the "
         "parameters.\n";
  if (CoversCallerRanges)
    Out += "  " + RedoLog + ".snapshot(); // f's final values of the ranges covered\n";
  Out += Reverse.str(1);
  if (UsesRedo && Kind == AdjointKind::Gradient)
    Out += "  " + RedoLog + ".replay(); // the values f left in the caller's memory\n";
  Out += Epilogue.str(1); // by-value parameters' adjoints to the caller
  if (Kind == AdjointKind::Gradient && !ResultVar.empty())
    Out += "  return " + ResultVar + ";\n";
  Out += Enclosing ? "};\n" : "}\n";
  return quietUnusedParameters(prototype(false), Out) + Out;
}

// A pullback's seeds in the shadow of a vector or handle its caller gave
// it: they belong to the object's final shape, which the forward sweep,
// run again from the object's old value, passes through other shapes to
// reach. Kept aside (Put false) and put back at the turn (Put true).
std::string FunctionBuilder::seedsKept(bool Put) const {
  if (Kind != AdjointKind::Pullback || !ReshapesShadows || Enclosing)
    return "";
  std::string Out;
  for (const ParmVarDecl *P : formalParameters(Def)) {
    QualType T = P->getType();
    QualType Object = T->isPointerType() ? T->getPointeeType() : T.getNonReferenceType();
    const ShadowVar *S = Shadow.find(P);
    if (!S || !(T->isPointerType() || T->isReferenceType()) || !knowsItsSize(Object) ||
        hasFixedShape(Object) || !writesThroughParameter(Def, P))
      continue;
    std::string Seeds = "_seeds_" + P->getNameAsString();
    Out += Put ? "  (*" + S->Name + ") = " + Seeds + "; // the caller's seeds, in the final shape\n"
               : "  const auto " + Seeds + " = *" + S->Name + ";\n";
  }
  return Out;
}

} // namespace adgen
