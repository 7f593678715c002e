#include "FunctionBuilder.h"
#include "ad-gen/Attribute.h"

#include "clang/AST/Attr.h"
#include "clang/AST/DeclCXX.h"
#include "clang/Basic/Diagnostic.h"

using namespace clang;

namespace adgen {

FunctionBuilder::FunctionBuilder(ASTContext &Ctx, const FunctionDecl *Def,
                                 const std::vector<const ParmVarDecl *> &Active,
                                 const VarSet &Needed,
                                 PullbackRegistry &Pullbacks, AdjointKind Kind,
                                 std::string Name)
    : Ctx(Ctx), Def(Def), Pullbacks(Pullbacks), Kind(Kind),
      Name(std::move(Name)), Active(Active), Needed(Needed),
      Activity(Def, Active), Printer(Ctx) {
  Names.reserveNamesUsedIn(Def);
  for (const ParmVarDecl *P : Def->parameters())
    HoistedNames.insert(P->getName());
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

std::string FunctionBuilder::tape(const std::string &ElementType,
                                  const std::string &Base) {
  std::string Key = Base + ":" + ElementType;
  auto It = TapeIndex.find(Key);
  if (It != TapeIndex.end())
    return Tapes[It->second].Name;
  std::string Name = Names.fresh(Base);
  TapeIndex[Key] = Tapes.size();
  Tapes.push_back({Name, ElementType, 0});
  return Name;
}

std::string FunctionBuilder::tapeFor(QualType T) {
  std::string Type = Printer.type(T.getCanonicalType().getUnqualifiedType());
  std::string Base = Type == "double" ? "_tape" : "_tape_" + Type;
  std::replace(Base.begin(), Base.end(), ' ', '_');
  return tape(Type, Base);
}

std::string FunctionBuilder::partialsTape(QualType T) {
  std::string Type = Printer.type(T.getCanonicalType().getUnqualifiedType());
  std::string Base = Type == "double" ? "_partials" : "_partials_" + Type;
  std::replace(Base.begin(), Base.end(), ' ', '_');
  return tape(Type, Base);
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

// True if P appears as a call argument or is assigned in S.
static bool mayBeWritten(const Stmt *S, const ParmVarDecl *P) {
  if (writesVariable(S, P))
    return true;
  if (const auto *Call = dyn_cast<CallExpr>(S))
    for (const Expr *Arg : Call->arguments())
      if (const auto *Ref = dyn_cast<DeclRefExpr>(Arg->IgnoreParenImpCasts());
          Ref && Ref->getDecl() == P)
        return true;
  for (const Stmt *Child : S->children())
    if (Child && mayBeWritten(Child, P))
      return true;
  return false;
}

void FunctionBuilder::keepFinalValues(CodeBlock &Fwd) {
  if (!FinalValuesPlanned) {
    FinalValuesPlanned = true;
    for (const ParmVarDecl *P : Def->parameters()) {
      QualType T = P->getType();
      if (!T->isLValueReferenceType() || T.getNonReferenceType().isConstQualified() ||
          !T.getNonReferenceType()->isArithmeticType() ||
          !mayBeWritten(Def->getBody(), P))
        continue;
      FinalValues.push_back(
          {P, record(Printer.type(T.getNonReferenceType().getUnqualifiedType()),
                     "_final_" + Printer.nameOf(P), "0")});
    }
  }
  for (const auto &[P, Saved] : FinalValues)
    Fwd.line(Saved + " = " + Printer.nameOf(P) + ";");
}

// Locals are declared at the top of f_grad: the reverse sweep, which runs
// after the forward sweep has left their scopes, reads them too.
void FunctionBuilder::hoistLocal(const VarDecl *V) {
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
    return;
  }
  QualType T = V->getType().getNonReferenceType().getUnqualifiedType();
  if (const auto *Arr = Ctx.getAsConstantArrayType(T))
    T = Ctx.getConstantArrayType(Arr->getElementType().getUnqualifiedType(),
                                 Arr->getSize(), nullptr,
                                 ArraySizeModifier::Normal, 0);
  bool IsArray = T->isArrayType();
  LocalDecls.push_back(
      {V, Printer.type(T, Name) + (IsArray ? " = {};" : " = 0;")});
  if (Activity.isVaried(V))
    declareAdjoint(V, Name, T);
}

// `_d_v`, zeroed, for a variable (scalar or array) of type T.
void FunctionBuilder::declareAdjoint(const VarDecl *V, const std::string &Name,
                                     QualType T) {
  T = T.getUnqualifiedType();
  if (!T->isArrayType())
    T = T.getCanonicalType();
  std::string Adj = Names.fresh("_d_" + Name);
  Adjoints[V] = Adj;
  AdjointDecls.push_back(Printer.type(T, Adj) +
                         (T->isArrayType() ? " = {};" : " = 0;"));
}

void FunctionBuilder::declareAdjoints() {
  // A parameter that is not active but is assigned active values (`a = a *
  // x` with `a` a constant argument) needs an adjoint of its own, which
  // nobody outside reads.
  for (const ParmVarDecl *P : Def->parameters()) {
    QualType T = P->getType().getNonReferenceType();
    if (Activity.isVaried(P) && isRealType(T) &&
        std::find(Active.begin(), Active.end(), P) == Active.end()) {
      declareAdjoint(P, P->getName().str(), T);
    }
  }
  for (const ParmVarDecl *P : Active) {
    std::string Result = Names.fresh("d_" + P->getName().str());
    ResultParams[P] = Result;
    QualType T = P->getType().getNonReferenceType();
    if (Kind == AdjointKind::Pullback && writesThroughParameter(Def, P) &&
        isRealType(T)) {
      // An output reference: its adjoint is the caller's, updated in place.
      Adjoints[P] = "(*" + Result + ")";
    } else if (isRealType(T)) {
      declareAdjoint(P, P->getName().str(), T);
    } else {
      Adjoints[P] = Result; // arrays: adjoints go straight to the caller's
    }
  }
}

bool FunctionBuilder::build() {
  const auto *Body = dyn_cast_or_null<CompoundStmt>(Def->getBody());
  if (!Body) {
    unsupported(Def->getLocation(), "a function without a body");
    return false;
  }
  if (const auto *MD = dyn_cast<CXXMethodDecl>(Def); MD && !MD->isStatic()) {
    unsupported(Def->getLocation(), "a member function",
                "mark a free function (or a static member) instead");
    return false;
  }
  if (Def->isTemplated()) {
    unsupported(Def->getLocation(), "a function template",
                "mark a non-template function that calls it");
    return false;
  }
  declareAdjoints();
  if (Kind == AdjointKind::Gradient) {
    ResultVar = Names.fresh("_ret");
    Seed = "1";
  } else if (!Def->getReturnType()->isVoidType()) {
    Seed = Names.fresh("_d_return");
  }
  if (!Body->body_empty() && isa<ReturnStmt>(Body->body_back()))
    FinalReturn = Body->body_back();
  for (const Stmt *S : Body->body()) {
    CodeBlock Rev = stmt(S, Forward);
    CodeBlock Combined = Rev;
    Combined.append(Reverse);
    Reverse = Combined;
  }
  return !Failed;
}

std::string FunctionBuilder::prototype() const {
  std::string Out = storagePrefix(Def);
  Out += (Kind == AdjointKind::Gradient ? Printer.type(Def->getReturnType())
                                        : std::string("void")) +
         " " + Name + "(";
  bool First = true;
  auto Separate = [&] {
    if (!First)
      Out += ", ";
    First = false;
  };
  for (const ParmVarDecl *P : Def->parameters()) {
    Separate();
    Out += Printer.type(P->getOriginalType(), P->getName().str());
  }
  if (Kind == AdjointKind::Pullback && !Seed.empty()) {
    Separate();
    Out += Printer.type(Def->getReturnType().getCanonicalType(), Seed);
  }
  for (const ParmVarDecl *P : Active) {
    Separate();
    QualType Elem = realElementType(P->getOriginalType()).getCanonicalType();
    Out += Printer.type(Ctx.getPointerType(Elem), ResultParams.at(P));
  }
  return Out + ")";
}

std::string FunctionBuilder::definition() const {
  std::string Out = prototype() + " {\n";
  auto Lines = [&](const std::vector<std::string> &L) {
    for (const std::string &S : L)
      Out += "  " + S + "\n";
  };
  Lines(AdjointDecls);
  for (const auto &[V, Decl] : LocalDecls) {
    // A pullback does not compute the returned value, so a local that only
    // fed it (`s` in `s += ...; return s;`) is set but never read.
    bool Read = (Kind == AdjointKind::Gradient || ReverseReads.count(V)) &&
                !isIntegerConstant(V);
    Out += std::string("  ") + (Read ? "" : "[[maybe_unused]] ") + Decl + "\n";
  }
  Lines(RecordDecls);
  for (const TapeInfo &T : Tapes) {
    // A tape whose size is bounded and small lives on the stack.
    bool OnStack = T.Bound > 0 && T.Bound <= kMaxStackTape;
    Out += std::string("  ::ad::") + (OnStack ? "StackTape<" : "Tape<") +
           T.ElementType +
           (OnStack ? ", " + std::to_string(T.Bound) : std::string()) + "> " +
           T.Name + ";" +
           (T.Name.rfind("_tape_cf", 0) == 0 ? " // branches taken, exits, trip counts" : "") +
           "\n";
  }
  if (Kind == AdjointKind::Gradient)
    Out += "  " + Printer.type(Def->getReturnType()) + " " + ResultVar +
           " = 0;\n";
  Out += "  // Forward sweep: " + Def->getName().str() +
         " as written, saving what the reverse sweep needs.\n";
  Out += Forward.str(1);
  Out += "  // Reverse sweep: adjoints flow from the result back to the "
         "parameters.\n";
  Out += Reverse.str(1);
  for (const auto &[P, Saved] : FinalValues)
    Out += "  " + Printer.nameOf(P) + " = " + Saved + "; // as f leaves it\n";
  for (const ParmVarDecl *P : Active) {
    const std::string &Adj = Adjoints.at(P);
    const std::string &Result = ResultParams.at(P);
    if (Adj != Result && Adj[0] != '(')
      Out += "  *" + Result + " += " + Adj + ";\n";
  }
  if (Kind == AdjointKind::Gradient)
    Out += "  return " + ResultVar + ";\n";
  Out += "}\n";
  return Out;
}

} // namespace adgen
