// f_hvp, f_hessian and the rules for nested derivatives (SecondOrder.h).
#include "SecondOrder.h"
#include "CodeBlock.h"
#include "Jacobian.h"
#include "Names.h"
#include "Pullbacks.h"
#include "ad-gen/Attribute.h"

#include "clang/AST/ExprCXX.h"
#include "clang/AST/RecursiveASTVisitor.h"
#include "clang/Basic/SourceManager.h"

using namespace clang;

namespace adgen {

namespace {

// The text every generated function of one f shares: f's parameters, its
// active blocks and the names of what the core and its gradient take.
struct HvpShape {
  ASTContext &Ctx;
  const FunctionDecl *Def;
  std::vector<Block> Blocks;
  std::vector<std::pair<std::string, std::string>> Tangents; // f_jvp's
  std::string Name, Result, Static;
  NameAllocator Base, Names; // Base: f's names; Names: the function's being made
  // A member function's second derivatives are members: declared in the
  // class (InClass), defined after it.
  const CXXMethodDecl *Member = nullptr;
  std::string InClass;

  // Each generated function names its own locals and parameters.
  void newFunction() { Names = Base; }

  std::string params() const {
    std::string Out;
    PrintingPolicy Policy(Ctx.getLangOpts());
    Policy.SuppressTagKeyword = true;
    for (const ParmVarDecl *P : Def->parameters()) {
      std::string Text;
      llvm::raw_string_ostream OS(Text);
      P->getOriginalType().print(OS, Policy, P->getName());
      Out += (Out.empty() ? "" : ", ") + OS.str();
    }
    return Out;
  }
  std::string args() const {
    std::string Out;
    for (const ParmVarDecl *P : Def->parameters())
      Out += (Out.empty() ? "" : ", ") + P->getNameAsString();
    return Out;
  }
  std::string element(const Block &B) const { return typeText(Ctx, B.Element); }
  // `T *Prefix<name>` per block, comma-separated, with fresh names (in a
  // comment if Unused).
  std::string pointers(const std::string &Prefix, std::vector<std::string> &Out,
                       bool Unused = false) {
    std::string Text;
    for (const Block &B : Blocks) {
      Out.push_back(Names.fresh(Prefix + B.Name));
      Text += ", " + element(B) + " *" + (Unused ? "/*" + Out.back() + "*/" : Out.back());
    }
    return Text;
  }
  // Scratch storage for one value per element of each block: `T _g_a = 0;`
  // or `std::vector<T> _g_x(n);`; Ptr receives `&_g_a` or `_g_x.data()`.
  void scratch(const std::string &Prefix, CodeBlock &Out, std::vector<std::string> &Vars,
               std::vector<std::string> &Ptrs) {
    for (const Block &B : Blocks) {
      Vars.push_back(Names.fresh(Prefix + B.Name));
      if (B.Scalar) {
        Out.line(element(B) + " " + Vars.back() + " = 0;");
        Ptrs.push_back("&" + Vars.back());
      } else {
        Out.line("std::vector<" + element(B) + "> " + Vars.back() + "(" + B.Size + ");");
        Ptrs.push_back(Vars.back() + ".data()");
      }
    }
  }
};

std::string join(const std::vector<std::string> &Parts) {
  std::string Out;
  for (const std::string &P : Parts)
    Out += ", " + P;
  return Out;
}

// `_value`, `_tangent` and their seeds, declared in Out; the call of the
// core's gradient with the given shadows (of f's parameters, then of the
// tangents).
struct CoreCall {
  std::string Value, Tangent, DValue, DTangent;
};

CoreCall declareCore(HvpShape &S, CodeBlock &Out, const std::string &ValueSeed,
                     const std::string &TangentSeed) {
  CoreCall C{S.Names.fresh("_value"), S.Names.fresh("_tangent"), S.Names.fresh("_d_value"),
             S.Names.fresh("_d_tangent")};
  Out.line(S.Result + " " + C.Value + " = 0;");
  Out.line(S.Result + " " + C.Tangent + " = 0;");
  Out.line(S.Result + " " + C.DValue + " = " + ValueSeed + ";");
  Out.line(S.Result + " " + C.DTangent + " = " + TangentSeed + ";");
  return C;
}

std::string callCore(const HvpShape &S, const CoreCall &C, const std::vector<std::string> &Tangents,
                     const std::vector<std::string> &ShadowA,
                     const std::vector<std::string> &ShadowT) {
  return S.Name + "_hvp_core_grad(" + S.args() + join(Tangents) + ", &" + C.Value + ", &" +
         C.Tangent + join(ShadowA) + join(ShadowT) + ", &" + C.DValue + ", &" + C.DTangent + ");";
}

std::string function(HvpShape &S, const std::string &Comment, const std::string &Attribute,
                     const std::string &Result, const std::string &Name, const std::string &Params,
                     const CodeBlock &Body) {
  std::string Qualified = Name, Const;
  if (S.Member) {
    Const = !S.Member->isStatic() && S.Member->isConst() ? " const" : "";
    S.InClass += "  " + std::string(S.Member->isStatic() ? "static " : "") + Result + " " + Name +
                 "(" + Params + ")" + Const + ";\n";
    Qualified = typeText(S.Ctx, S.Ctx.getRecordType(S.Member->getParent())) + "::" + Name;
  }
  return "// " + Comment + "\n" + Attribute + S.Static + "inline " + Result + " " + Qualified +
         "(" + Params + ")" + Const + " {\n" + Body.str(1) + "}\n";
}

// The marked core: f_jvp's statements with the value stored through an
// output instead of returned (so its gradient, built by the next stage,
// runs one forward sweep). "" if it cannot be built.
std::string coreText(HvpShape &S, const std::vector<const ParmVarDecl *> &Active,
                     PushforwardRegistry &Pushforwards, RecordHooks &Hooks,
                     std::string &CoreName) {
  CoreName = S.Name + "_hvp_core";
  BuiltJvp Core =
      buildJvp(S.Ctx, S.Def, Active, CoreName, Pushforwards, {&Hooks, nullptr, "_value", false});
  if (!Core.Ok)
    return "";
  std::string Names;
  for (const Block &B : S.Blocks)
    Names += "\"" + B.Name + "\", ";
  for (const auto &[Decl, TName] : Core.Tangents)
    Names += "\"" + TName + "\", ";
  Names += "\"" + Core.ValueOutput + "\", \"" + Core.ResultTangent + "\"";
  if (S.Member)
    S.InClass += "  " + Core.MemberDeclaration + ";\n";
  return Core.Helpers + "// " + S.Name + "_jvp with the value as an output: its gradient " +
         "(generated next) gives " + S.Name + "_hvp, reverse over forward.\n" +
         "[[ad::differentiate(" + Names + ")]]\n" + S.Static + "inline " + Core.Definition;
}

std::string hvpText(HvpShape &S) {
  S.newFunction();
  std::vector<std::string> D, HV, T;
  std::string Params = S.params() + S.pointers("d_", D);
  for (const auto &[Decl, TName] : S.Tangents) {
    Params += ", " + Decl;
    T.push_back(TName);
  }
  Params += S.pointers("hv_", HV);
  CodeBlock Body;
  CoreCall C = declareCore(S, Body, "0", "1");
  Body.line(callCore(S, C, T, HV, D));
  Body.line("return " + C.Value + ";");
  return function(S,
                  "The Hessian-vector product of " + S.Name + ", generated by ad: adds the "
                  "gradient into d_ and H t into hv_.",
                  "", S.Result, S.Name + "_hvp", Params, Body);
}

// One f_hvp per column of the identity; column c of H is H e_c.
std::string hessianText(HvpShape &S) {
  S.newFunction();
  std::string Hess = S.Names.fresh("hess"), Cols = S.Names.fresh("_cols"),
              C = S.Names.fresh("_c"), K = S.Names.fresh("_k"), Value = S.Names.fresh("_value");
  CodeBlock Body;
  std::string ColsText;
  for (Block &B : S.Blocks) {
    B.N = B.Scalar ? "1" : S.Names.fresh("_n_" + B.Name);
    if (!B.Scalar)
      Body.line("const std::size_t " + B.N + " = " + B.Size + ";");
    ColsText += (ColsText.empty() ? "" : " + ") + B.N;
  }
  Body.line("const std::size_t " + Cols + " = " + ColsText + ";");
  Body.open("if (" + Cols + " == 0)");
  Body.line("return " + S.Name + "(" + S.args() + ");");
  Body.close();
  std::vector<std::string> DVars, DPtrs, TVars, TPtrs, HVars, HPtrs;
  S.scratch("_d_", Body, DVars, DPtrs);
  S.scratch("_t_", Body, TVars, TPtrs);
  S.scratch("_hv_", Body, HVars, HPtrs);
  Body.line(S.Result + " " + Value + " = 0;");
  Body.open("for (std::size_t " + C + " = 0; " + C + " < " + Cols + "; ++" + C + ")");
  std::string Offset = "0", Args = S.args() + join(DPtrs);
  for (size_t I = 0; I < S.Blocks.size(); ++I) {
    const Block &B = S.Blocks[I];
    std::string End = Offset == "0" ? B.N : Offset + " + " + B.N;
    std::string Inside = Offset == "0" ? C + " < " + End : C + " >= " + Offset + " && " + C + " < " + End;
    std::string In = Offset == "0" ? C : C + " - (" + Offset + ")";
    if (B.Scalar) {
      Body.line(TVars[I] + " = " + C + " == " + Offset + " ? 1 : 0;");
      Body.line(HVars[I] + " = 0;");
      Args += (B.ByValue ? ", " : ", &") + TVars[I]; // a T& has a T* tangent
    } else {
      Body.line("::ad::fill(" + TVars[I] + ".begin(), " + TVars[I] + ".end(), 0);");
      Body.open("if (" + Inside + ")");
      Body.line(TVars[I] + "[" + In + "] = 1;");
      Body.close();
      Body.line("::ad::fill(" + HVars[I] + ".begin(), " + HVars[I] + ".end(), 0);");
      Args += ", " + TVars[I] + ".data()";
    }
    Offset = End;
  }
  Body.line(Value + " = " + S.Name + "_hvp(" + Args + join(HPtrs) + ");");
  std::string Row = "0";
  for (size_t I = 0; I < S.Blocks.size(); ++I) {
    const Block &B = S.Blocks[I];
    if (B.Scalar) {
      Body.line(Hess + "[(" + Row + ") * " + Cols + " + " + C + "] = " + HVars[I] + ";");
    } else {
      Body.open("for (std::size_t " + K + " = 0; " + K + " < " + B.N + "; ++" + K + ")");
      Body.line(Hess + "[(" + (Row == "0" ? K : Row + " + " + K) + ") * " + Cols + " + " + C +
                "] = " + HVars[I] + "[" + K + "];");
      Body.close();
    }
    Row = Row == "0" ? B.N : Row + " + " + B.N;
  }
  Body.close();
  Body.line("return " + Value + ";");
  QualType Widest = S.Def->getReturnType();
  for (const Block &B : S.Blocks)
    if (S.Ctx.getFloatingTypeOrder(B.Element, Widest) > 0)
      Widest = B.Element;
  return function(S,
                  "The Hessian of " + S.Name + ", dense and row-major (one " + S.Name +
                      "_hvp per column), generated by ad.",
                  "", S.Result, S.Name + "_hessian",
                  S.params() + ", " + typeText(S.Ctx, Widest) + " *" + Hess, Body);
}

// Tangent parameters of a rule for the blocks: by value for scalars.
std::string tangents(HvpShape &S, const std::string &Prefix, bool Const,
                     std::vector<std::string> &Names) {
  std::string Text;
  for (const Block &B : S.Blocks) {
    Names.push_back(S.Names.fresh(Prefix + B.Name));
    Text += ", " + S.element(B) + (B.Scalar ? " " : Const ? " const *" : " *") + Names.back();
  }
  return Text;
}

// The two rules for calls of f_grad in differentiated code. (A call of
// f_jvp needs none: it is forward-mode code, differentiated like the
// user's.)
std::string nestedRules(HvpShape &S) {
  std::string Grad = S.Name + "_grad", Out;
  // f_grad(a..., d_a...): its pullback adds H w (w: the adjoints of the
  // gradient it added) and d_ret grad f; its tangent adds H t to d_a's.
  {
    S.newFunction();
    std::vector<std::string> D, Shadow, ShadowD, Scratch, ScratchPtr, W;
    std::string DRet = S.Names.fresh("_d_ret");
    std::string Params = S.params() + S.pointers("d_", D, true) + ", " + S.Result + " " + DRet +
                         S.pointers("_d_", Shadow) + S.pointers("_d_d_", ShadowD);
    CodeBlock Body;
    CoreCall C = declareCore(S, Body, DRet, "1");
    S.scratch("_g_", Body, Scratch, ScratchPtr);
    for (size_t I = 0; I < S.Blocks.size(); ++I)
      W.push_back(S.Blocks[I].Scalar ? "*" + ShadowD[I] : ShadowD[I]);
    Body.line(callCore(S, C, W, Shadow, ScratchPtr));
    Out += function(S, "A call of " + Grad + " in differentiated code: its pullback is a "
                       "Hessian-vector product.",
                    "[[ad::pullback_of(\"" + Grad + "\")]]\n", "void", Grad + "_pullback", Params,
                    Body);
  }
  {
    S.newFunction();
    std::vector<std::string> D, T, TD, Scratch, ScratchPtr;
    std::string Params = S.params() + S.pointers("d_", D, true) + tangents(S, "_t_", true, T) +
                         S.pointers("_t_d_", TD);
    CodeBlock Body;
    CoreCall C = declareCore(S, Body, "0", "1");
    S.scratch("_g_", Body, Scratch, ScratchPtr);
    Body.line(callCore(S, C, T, TD, ScratchPtr));
    Body.line("return " + C.Tangent + ";");
    Out += function(S, "A call of " + Grad + " in code differentiated in forward mode: the "
                       "tangent of the gradient is a Hessian-vector product.",
                    "[[ad::tangent_of(\"" + Grad + "\")]]\n", S.Result, Grad + "_tangent", Params,
                    Body);
  }
  return Out;
}

// Why f_hvp cannot be built from f's f_jvp, or "".
std::string hvpProblem(const HvpShape &S, const BuiltJvp &Jvp) {
  if (!isRealType(S.Def->getReturnType()))
    return "it needs a real result";
  if (!Jvp.Ok)
    return "it differentiates " + S.Name + "_jvp, and forward mode does not handle " +
           Jvp.Failure + " yet";
  for (const ParmVarDecl *P : S.Def->parameters())
    if (P->getName().empty())
      return "it needs every parameter named";
  for (const Block &B : S.Blocks)
    if (B.Changes && writesThroughParameter(S.Def, B.P))
      return S.Name + " may change its active parameter '" + B.Name +
             "'; f_hvp covers functions whose active parameters are inputs";
  return "";
}

} // namespace

SecondOrderText secondOrderText(ASTContext &Ctx, const FunctionDecl *Def, const AnnotateAttr *Attr,
                                const BuiltJvp &Jvp, bool Wanted, bool Nested,
                                PushforwardRegistry &Pushforwards, RecordHooks &Hooks) {
  SecondOrderText Out;
  const auto *Member = dyn_cast<CXXMethodDecl>(Def);
  HvpShape S{Ctx, Def, {}, Jvp.Tangents, Def->getNameAsString(), typeText(Ctx, Def->getReturnType()),
             Def->getStorageClass() == SC_Static && !Member ? "[[maybe_unused]] static " : "", {}, {},
             Member, ""};
  S.Base.reserveNamesUsedIn(Def);
  for (const auto &[Decl, TName] : Jvp.Tangents)
    S.Base.reserve(TName);
  std::vector<const ParmVarDecl *> Active = activeParameters(Def, Attr);
  std::string Hvp = S.Name + "_hvp", Hessian = S.Name + "_hessian";
  // A declaration that makes a call the error (in the class for a member).
  auto Stub = [&](const std::string &Name, const std::string &Why) {
    (Member ? S.InClass : Out.Text) += notGeneratedText(Ctx, Def, Name, Why);
  };
  std::string Why = blocksOf(Ctx, Def, Active, parameterSizes(Def, Attr), S.Blocks, false);
  Why = Why.empty() ? hvpProblem(S, Jvp) : "it needs " + Why;
  if (Why.empty() && !Wanted)
    Why = "this file does not name it (it is generated in files that name " + Hvp + " or " +
          Hessian + ", or call " + S.Name + "_grad or " + S.Name + "_jvp in a marked function)";
  std::string Core = Why.empty() ? coreText(S, Active, Pushforwards, Hooks, Out.Core) : "";
  if (Why.empty() && Core.empty())
    Why = "forward mode cannot build its core";
  if (!Why.empty()) {
    Stub(Hvp, Why);
    Stub(Hessian, Why);
    Out.InClass = S.InClass;
    Out.NestedWhy = Hvp + " is not generated: " + Why;
    Out.Core.clear();
    return Out;
  }
  S.InClass += secondOrderBegin(S.Name);
  Out.Text = Core + secondOrderBegin(S.Name) + hvpText(S);
  std::vector<Block> Sized;
  std::string Sizes = blocksOf(Ctx, Def, Active, parameterSizes(Def, Attr), Sized, true);
  std::string Repeated = repeatedCallProblem(Def, Active, Hvp, "column");
  if (!Sizes.empty() || !Repeated.empty())
    Stub(Hessian, Sizes.empty() ? Repeated : "it needs " + Sizes);
  else
    Out.Text += hessianText(S);
  // Derivatives of f_grad need every real f reads to be active.
  for (const ParmVarDecl *P : Def->parameters())
    if (!realElementType(P->getType()).isNull() &&
        std::find(Active.begin(), Active.end(), P) == Active.end())
      Out.NestedWhy = "its parameter '" + P->getNameAsString() +
                      "' holds reals and is not active, so " + Hvp +
                      " does not give the derivatives with respect to it";
  if (Out.NestedWhy.empty() && !Sizes.empty())
    Out.NestedWhy = "their derivatives need " + Sizes;
  if (Out.NestedWhy.empty() && Member)
    Out.NestedWhy = "it is a member function";
  for (const Block &B : S.Blocks)
    if (Out.NestedWhy.empty() && B.Changes)
      Out.NestedWhy = "its active parameter '" + B.Name +
                      "' is not const (the rules for nested calls take inputs)";
  if (Nested && Out.NestedWhy.empty())
    Out.Text += nestedRules(S);
  Out.Text += secondOrderEnd(S.Name);
  if (Member)
    Out.InClass = S.InClass + secondOrderEnd(S.Name);
  return Out;
}

std::string secondOrderBegin(StringRef F) {
  return "// The second derivatives of " + F.str() + ", from " + F.str() +
         "_hvp_core_grad (generated after the core).\n";
}

std::string secondOrderEnd(StringRef F) {
  return "// (End of the second derivatives of " + F.str() + ".)\n";
}

} // namespace adgen
