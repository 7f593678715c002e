// The forward-mode builder's frame (Jvp.h): parameters and their tangents,
// the signature, and building f_jvp with the pushforwards it needs.
#include "CustomRules.h"
#include "Jvp.h"
#include "QuietParameters.h"
#include "Locations.h"
#include "Types.h"
#include "ad-gen/Attribute.h"

#include "clang/AST/DeclCXX.h"
#include "clang/Basic/SourceManager.h"

#include <cctype>

using namespace clang;

namespace adgen {

JvpBuilder::JvpBuilder(ASTContext &Ctx, const FunctionDecl *Def,
                       std::vector<const ParmVarDecl *> Active,
                       PushforwardRegistry &Pushforwards, std::string Name, JvpBuilder *Enclosing)
    : Ctx(Ctx), Def(Def), Active(std::move(Active)), Pushforwards(Pushforwards),
      Name(std::move(Name)), Activity(Def, this->Active, capturedVaried(Def, Enclosing)),
      Printer(Ctx),
      Tangents(Ctx, Printer, [this](const Expr *At, const std::string &What,
                                    const std::string &) { refuse(At, What); }),
      Enclosing(Enclosing) {
  if (Enclosing) {
    Names = Enclosing->Names; // the lambda's names live in the enclosing scope
    Hooks = Enclosing->Hooks;
    PullbacksFirst = Enclosing->PullbacksFirst;
  }
  Names.reserveNamesUsedIn(Def);
}

bool JvpBuilder::refuse(const Stmt *At, const std::string &What) {
  if (!Failure.empty())
    return false;
  Failure = What;
  if (At) {
    const SourceManager &SM = Ctx.getSourceManager();
    SourceLocation Loc = SM.getExpansionLoc(At->getBeginLoc());
    Failure += " (" + llvm::sys::path::filename(SM.getFilename(Loc)).str() + ":" +
               std::to_string(SM.getExpansionLineNumber(Loc)) + ")";
  }
  return false;
}

// A tangent has its value's type (float stays float).
// In f_grad's forward mode, a real narrower than the input keeps its
// derivative in the input's type (a float s of a double x: ds/dx in
// double), as reverse mode sums into x's adjoint.
std::string JvpBuilder::tangentType(QualType T) const {
  QualType Bare = T.getNonReferenceType().getCanonicalType().getUnqualifiedType();
  if (GradientOfOneInput && Bare->isRealFloatingType()) {
    QualType Input =
        Active[0]->getType().getNonReferenceType().getCanonicalType().getUnqualifiedType();
    if (Ctx.getFloatingTypeOrder(Bare, Input) < 0)
      Bare = Input;
  }
  return Printer.type(Bare);
}

// The tangent parameters (contract §5: `T t_x` for a real by value or const
// reference, `T *t_r` for a reference, `[const] T *t_p` for the elements of
// a pointer, array or container), and local tangents for parameters that
// are not active but receive active values.
void JvpBuilder::bindParameters() {
  for (const ParmVarDecl *P : Active) {
    std::string TName = Names.fresh((GradientOfOneInput ? "_t_" : "t_") + P->getName().str());
    ParamTangents[P] = TName;
    QualType Bare = P->getType().getNonReferenceType();
    if (isRealType(Bare)) {
      bool ByPointer = P->getType()->isReferenceType() &&
                       (!Bare.isConstQualified() || Internal);
      Tangents.bind(P, TName, ByPointer ? ShadowKind::Indirect : ShadowKind::Value);
      if (GradientOfOneInput)
        Body.line(declared(TName, tangentType(Bare) + " " + TName + " = 1;")); // dx/dx
    } else if (isPlainRecord(Bare) && !P->getType()->isReferenceType()) {
      // By value: its own copy of the caller's tangent object.
      std::string Copy = Names.fresh("_t_" + P->getName().str());
      Tangents.bind(P, Copy, ShadowKind::Value);
      Body.line(declared(Copy, Printer.type(Bare.getCanonicalType().getUnqualifiedType(), Copy) +
                                   " = *" + TName + ";"));
    } else if (isPlainRecord(Bare)) {
      Tangents.bind(P, TName, ShadowKind::Indirect);
    } else if (shapeOf(Bare) == Shape::Container && !P->getType()->isReferenceType()) {
      // A container by value: f changes its own copy, so its tangent is a
      // copy of the caller's tangents too.
      std::string Copy = Names.fresh("_t_" + P->getName().str());
      Tangents.bind(P, Copy, ShadowKind::Value);
      std::string Type = Printer.type(Bare.getCanonicalType().getUnqualifiedType(), Copy);
      std::string End = TName + " + " + Printer.nameOf(P) + ".size()";
      if (isStdArray(Bare)) {
        Body.line(declared(Copy, Type + "{};"));
        Body.line("::ad::copy(" + TName + ", " + End + ", " + Copy + ".begin());");
      } else {
        Body.line(declared(Copy, Type + "(" + TName + ", " + End + ");"));
      }
    } else {
      Tangents.bind(P, TName, ShadowKind::DataPointer);
    }
  }
  for (const ParmVarDecl *P : Def->parameters()) {
    if (ParamTangents.count(P) || !Activity.isVaried(P) || P->getType()->isReferenceType())
      continue;
    std::string TName = Names.fresh("_t_" + P->getName().str());
    if (isRealType(P->getType())) {
      Tangents.bind(P, TName, ShadowKind::Value);
      Body.line(declared(TName, tangentType(P->getType()) + " " + TName + " = 0;"));
    } else if (shapeOf(P->getType()) == Shape::Container) {
      Tangents.bind(P, TName, ShadowKind::Value);
      Body.line(declared(TName, "auto " + TName + " = ::ad::zeros_like(" + Printer.nameOf(P) + ");"));
    }
  }
}

bool JvpBuilder::build() {
  const auto *Statements = dyn_cast_or_null<CompoundStmt>(Def->getBody());
  if (!Statements)
    return refuse(nullptr, "a function without a body");
  if (const auto *M = dyn_cast<CXXMethodDecl>(Def); M && !Enclosing) {
    if (isa<CXXConstructorDecl>(M) || isa<CXXDestructorDecl>(M) ||
        M->getOverloadedOperator() != OO_None || M->getParent()->isLambda())
      return refuse(Def->getBody(), "a constructor, destructor or operator");
    for (const ParmVarDecl *P : Active)
      if (isSelfParameter(P))
        return refuse(Def->getBody(), "an active 'this' (forward mode covers member functions "
                                      "whose object is not active so far)");
  }
  if (Def->isVariadic())
    return refuse(Def->getBody(), "a variadic function");
  for (const ParmVarDecl *P : Active) {
    QualType Bare = P->getType().getNonReferenceType();
    Shape S = shapeOf(Bare);
    bool Ok = isRealType(Bare) || S == Shape::Pointer || S == Shape::Array ||
              (S == Shape::Container && isRealType(elementOf(Bare))) || isPlainRecord(Bare);
    if (S == Shape::Pointer || S == Shape::Array)
      Ok &= isRealType(elementOf(Bare));
    if (!Ok)
      return refuse(Def->getBody(), "the parameter '" + P->getName().str() + "' of type '" +
                                        Printer.type(P->getType()) + "'");
  }
  QualType Result = Def->getReturnType();
  bool ContainerResult = (shapeOf(Result) == Shape::Container && isRealType(elementOf(Result))) ||
                         (isPlainRecord(Result) && !Result->isReferenceType());
  if (isRealType(Result) || ContainerResult)
    ResultTangent = Names.fresh("t_ret");
  else if (!Result->isVoidType() && holdsReals(Result))
    return refuse(Def->getBody(), "a result of type '" + Printer.type(Result) + "'");
  if (GradientOfOneInput) {
    QualType Input = Active.size() == 1 ? Active[0]->getType() : QualType();
    if (Input.isNull() || !isRealType(Input.getNonReferenceType()) || !isRealType(Result) ||
        (Input->isReferenceType() && !Input.getNonReferenceType().isConstQualified()) ||
        member() || !ValueOutBase.empty())
      return refuse(Def->getBody(), "not a function of one real input with a real result");
    GradientShadow = Names.fresh("d_" + Active[0]->getName().str());
  }
  if (!ValueOutBase.empty()) {
    if (!isRealType(Result))
      return refuse(Def->getBody(), "a result that is not real, with the value as an output");
    ValueOut = Names.fresh(ValueOutBase);
  }
  bindParameters();
  Available.analyse(Def, Ctx);
  if (!compound(Statements, Body))
    return false;
  return Failure.empty();
}

// A member function's f_jvp is a member too: defined after the class
// (`double Model::loss_jvp(...) const`), declared in it (memberDeclaration).
const CXXMethodDecl *JvpBuilder::member() const {
  const auto *M = dyn_cast<CXXMethodDecl>(Def);
  return M && !Enclosing && !Internal ? M : nullptr;
}

std::string JvpBuilder::memberDeclaration() const {
  std::string Text = prototype();
  if (const CXXMethodDecl *M = member()) {
    std::string Qualified = Printer.type(Ctx.getRecordType(M->getParent())) + "::" + Name + "(";
    size_t At = Text.find(Qualified);
    if (At != std::string::npos)
      Text.replace(At, Qualified.size(), Name + "(");
    if (M->isStatic())
      Text = "static " + Text;
  }
  return Text;
}

std::string JvpBuilder::prototype() const {
  std::string Qualified = Name;
  if (const CXXMethodDecl *M = member())
    Qualified = Printer.type(Ctx.getRecordType(M->getParent())) + "::" + Name;
  std::string Out = (ValueOut.empty() ? Printer.type(Def->getReturnType()) : std::string("void")) +
                    " " + Qualified + "(";
  bool First = true;
  auto Add = [&](const std::string &Param) {
    Out += (First ? "" : ", ") + Param;
    First = false;
  };
  for (const ParmVarDecl *P : Def->parameters())
    Add(Printer.type(P->getOriginalType(), Printer.nameOf(P)));
  if (GradientOfOneInput) { // f_grad's: `double *d_x`
    QualType Input = Active[0]->getType().getNonReferenceType().getCanonicalType();
    Add(Printer.type(Ctx.getPointerType(Input.getUnqualifiedType()), GradientShadow));
    return (Static ? "[[maybe_unused]] static " : storagePrefix(Def)) + Out + ")";
  }
  for (const ParmVarDecl *P : Active)
    Add(Printer.type(tangentParamType(P), ParamTangents.at(P)));
  if (!ValueOut.empty())
    Add(Printer.type(Ctx.getPointerType(
                         Def->getReturnType().getCanonicalType().getUnqualifiedType()),
                     ValueOut));
  if (!ResultTangent.empty())
    Add(Printer.type(Ctx.getPointerType(
                         Def->getReturnType().getCanonicalType().getUnqualifiedType()),
                     ResultTangent));
  if (const CXXMethodDecl *M = member(); M && !M->isStatic() && M->isConst())
    return Out + ") const";
  return Out + ")";
}

// As prototype(), with the types as the template Pattern writes them
// (`const T *x`, `const T *t_x`, `T *t_ret`): the declaration of f_jvp for
// a marked template, specialized for each instantiation.
std::string JvpBuilder::patternPrototype(const FunctionDecl *Pattern) const {
  auto Written = [&](const ParmVarDecl *P) {
    return Pattern->getParamDecl(P->getFunctionScopeIndex())->getOriginalType();
  };
  std::string Out = Printer.type(Pattern->getReturnType()) + " " + Name + "(";
  bool First = true;
  auto Add = [&](const std::string &Param) {
    Out += (First ? "" : ", ") + Param;
    First = false;
  };
  for (const ParmVarDecl *P : Def->parameters())
    Add(Printer.type(Written(P), Printer.nameOf(P)));
  for (const ParmVarDecl *P : Active) {
    QualType W = Written(P), Tangent = tangentParamType(P);
    if (!W->isDependentType()) {
      Add(Printer.type(Tangent, ParamTangents.at(P)));
      continue;
    }
    QualType Bare = W.getNonReferenceType(), Element = Bare;
    if (Tangent->isPointerType() && !isRealType(P->getType().getNonReferenceType()) &&
        !isPlainRecord(P->getType().getNonReferenceType()))
      if (QualType Written = writtenElementType(Ctx, Bare); !Written.isNull())
        Element = Written;
    Element = Element.getUnqualifiedType();
    if (!Tangent->isPointerType()) {
      Add(Printer.type(Element, ParamTangents.at(P)));
      continue;
    }
    if (Tangent->getPointeeType().isConstQualified())
      Element = Element.withConst();
    Add(Printer.type(Ctx.getPointerType(Element), ParamTangents.at(P)));
  }
  if (!ResultTangent.empty())
    Add(Printer.type(Ctx.getPointerType(Pattern->getReturnType().getUnqualifiedType()),
                     ResultTangent));
  return Out + ")";
}

std::vector<std::pair<std::string, std::string>> JvpBuilder::tangentParameters() const {
  std::vector<std::pair<std::string, std::string>> Out;
  for (const ParmVarDecl *P : Active)
    Out.push_back({Printer.type(tangentParamType(P), ParamTangents.at(P)), ParamTangents.at(P)});
  return Out;
}

std::string JvpBuilder::declared(const std::string &TName, const std::string &Line) {
  return "@decl:" + TName + "@" + Line;
}

// A tangent nothing reads (of a variable that only feeds a condition) is
// declared [[maybe_unused]], so -Wall stays quiet.
std::string JvpBuilder::definition() const {
  std::string Text = Body.str(1);
  auto Uses = [&](const std::string &Name) {
    unsigned N = 0;
    for (size_t At = Text.find(Name); At != std::string::npos; At = Text.find(Name, At + 1)) {
      auto Word = [](char C) { return std::isalnum(static_cast<unsigned char>(C)) || C == '_'; };
      bool Start = At == 0 || !Word(Text[At - 1]);
      bool End = At + Name.size() >= Text.size() || !Word(Text[At + Name.size()]);
      N += Start && End;
    }
    return N;
  };
  for (size_t At = Text.find("@decl:"); At != std::string::npos; At = Text.find("@decl:")) {
    size_t Close = Text.find('@', At + 6);
    std::string TName = Text.substr(At + 6, Close - At - 6);
    Text.erase(At, Close - At + 1);
    if (Uses(TName) <= 1)
      Text.insert(At, "[[maybe_unused]] ");
  }
  return quietUnusedParameters(prototype(), Text) + " {\n" + Text + "}\n";
}

BuiltJvp buildJvp(ASTContext &Ctx, const FunctionDecl *Def,
                  const std::vector<const ParmVarDecl *> &Active, const std::string &Name,
                  PushforwardRegistry &Pushforwards, const JvpOptions &Options) {
  BuiltJvp Out;
  RecordHooks *Hooks = Options.Hooks;
  const FunctionDecl *Pattern = Options.Pattern;
  JvpBuilder Main(Ctx, Def, Active, Pushforwards, Name);
  Main.setHooks(Hooks);
  if (!Options.ValueOutput.empty())
    Main.setValueOutput(Options.ValueOutput);
  if (Options.GradientOfOneInput)
    Main.setGradientOfOneInput();
  if (Options.Static)
    Main.setStatic();
  if (!Main.build()) {
    Out.Failure = Main.failure();
    Pushforwards.rollback();
    return Out;
  }
  std::string Prototypes, Definitions;
  for (auto Pending = Pushforwards.takePending(); !Pending.empty();
       Pending = Pushforwards.takePending()) {
    for (const PushforwardRegistry::Request &R : Pending) {
      std::vector<const ParmVarDecl *> Params;
      for (unsigned I = 0; I < R.Callee->getNumParams(); ++I)
        if (R.Active[I])
          Params.push_back(R.Callee->getParamDecl(I));
      JvpBuilder Helper(Ctx, R.Callee, Params, Pushforwards, R.Name);
      Helper.setHooks(Hooks);
      Helper.setInternal();
      if (Options.GradientOfOneInput)
        Helper.setPullbacksFirst();
      if (!Helper.build()) {
        Out.Failure = Helper.failure() + ", in '" + R.Callee->getNameAsString() + "'";
        Pushforwards.rollback();
        return Out;
      }
      Prototypes += "static " + Helper.prototype() + ";\n";
      Definitions += "// The pushforward of " + R.Callee->getNameAsString() +
                     ": its value, and the tangent of its result and outputs.\n"
                     "static " + Helper.definition();
    }
  }
  Pushforwards.commit();
  Out.Ok = true;
  Out.Tangents = Main.tangentParameters();
  Out.Prototype = Main.prototype();
  Out.MemberDeclaration = Main.memberDeclaration();
  Out.Helpers = Prototypes + Definitions;
  Out.Definition = Main.definition();
  Out.ValueOutput = Main.valueOutput();
  Out.ResultTangent = Main.resultTangent();
  if (Pattern)
    Out.PatternPrototype = Main.patternPrototype(Pattern);
  Out.Text = Prototypes + Definitions + "// The Jacobian-vector product of " +
             Def->getNameAsString() + ", generated by ad (forward mode).\n" +
             (Pattern ? "" : internalLinkagePrefix(Def)) +
             "inline " + Main.definition();
  return Out;
}

} // namespace adgen
