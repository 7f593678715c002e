// f_jacobian (contract §5): the dense Jacobian, row-major, written as C++
// that calls f_jvp once per column (forward mode) or, when the only row is
// the returned value, f_grad once (reverse mode). Rows: the returned value
// (if real), then the elements of each active parameter f may change, in
// declaration order; columns: the entry values of every active parameter's
// elements. Each f_jvp call starts from the entry values of what f changes
// (saved first), so the last one leaves f's side effects, once. Also the
// assembly of what is generated next to f_grad (derivativeFamilyText).
#include "Jacobian.h"
#include "CustomRules.h"
#include "Jvp.h"
#include "Locations.h"
#include "Names.h"
#include "Pullbacks.h"
#include "Purity.h"
#include "SecondOrder.h"
#include "Types.h"
#include "ad-gen/Attribute.h"

#include "clang/AST/DeclCXX.h"

#include <algorithm>

using namespace clang;

namespace adgen {

namespace {

// The generated function's own names, none of them one of f's.
struct Locals {
  std::string Jac, C, K, Cols, Value, TRet, Ran;
};

} // namespace

std::string typeText(ASTContext &Ctx, QualType T) {
  PrintingPolicy Policy(Ctx.getLangOpts());
  Policy.SuppressTagKeyword = true;
  return T.getCanonicalType().getUnqualifiedType().getAsString(Policy);
}

std::string blocksOf(ASTContext &Ctx, const FunctionDecl *Def,
                     const std::vector<const ParmVarDecl *> &Active,
                     const std::map<const ParmVarDecl *, std::string> &Sizes,
                     std::vector<Block> &Out, bool NeedSizes) {
  for (const ParmVarDecl *P : Active) {
    if (isSelfParameter(P))
      return "an object that is not active (forward mode covers member functions whose "
             "object is not active so far)";
    std::string Name = P->getNameAsString();
    QualType T = P->getOriginalType();
    QualType Bare = T.getNonReferenceType();
    Block B{P, Name, "1", QualType(), false, false, false, "", "", "", ""};
    if (isRealType(Bare)) {
      B.Scalar = true;
      B.Element = Bare;
      B.ByValue = !T->isReferenceType() || Bare.isConstQualified();
      B.Changes = !B.ByValue;
    } else if (const auto *Arr = Ctx.getAsConstantArrayType(Bare);
               Arr && isRealType(Arr->getElementType())) {
      B.Element = Arr->getElementType();
      B.Size = std::to_string(Arr->getSize().getZExtValue());
      B.Changes = !B.Element.isConstQualified();
    } else if (Bare->isPointerType() && isRealType(Bare->getPointeeType())) {
      auto It = Sizes.find(P);
      if (It == Sizes.end() && NeedSizes)
        return "the size of '" + Name + "': state it in the attribute, as in "
               "[[ad::differentiate(\"" + Name + "[n]\")]] with n a parameter or a constant";
      B.Element = Bare->getPointeeType();
      B.Size = It == Sizes.end() ? "" : It->second;
      B.Changes = !B.Element.isConstQualified();
    } else if ((isStdVector(Bare) || isStdArray(Bare)) && isRealType(elementOf(Bare))) {
      B.Element = elementOf(Bare);
      B.Size = Name + ".size()";
      B.Changes = T->isReferenceType() && !Bare.isConstQualified();
    } else {
      return "the parameter '" + Name + "' of type '" + typeText(Ctx, T) + "'";
    }
    Out.push_back(B);
  }
  return "";
}

std::string repeatedCallProblem(const FunctionDecl *Def,
                                const std::vector<const ParmVarDecl *> &Active,
                                const std::string &Callee, const std::string &Per) {
  std::string Name = Def->getNameAsString();
  if (!changesOnlyItsArguments(Def))
    return "it calls " + Callee + " once per " + Per + ", and " + Name +
           " changes state outside its arguments, which would change once per " + Per;
  for (const ParmVarDecl *P : formalParameters(Def)) {
    if (std::find(Active.begin(), Active.end(), P) != Active.end())
      continue;
    if (isSelfParameter(P)) { // the object of a member function
      const auto *M = dyn_cast<CXXMethodDecl>(Def);
      if (M && !M->isStatic() && !M->isConst() && writesThroughParameter(Def, P))
        return "it calls " + Callee + " once per " + Per + ", and " + Name +
               " changes its object, which would change once per " + Per;
      continue;
    }
    if (isOutputParameterType(P->getType()) || writesThroughParameter(Def, P))
      return "it calls " + Callee + " once per " + Per + ", and " + Name +
             " changes its parameter '" + P->getNameAsString() +
             "', which is not active, so it would change once per " + Per;
  }
  return "";
}

namespace {

// How many elements a block has, as text: `1` or `_n_x`.
std::string count(const Block &B) { return B.Scalar ? "1" : B.N; }

// `A + B` without a leading zero.
std::string sum(const std::string &A, const std::string &B) { return A.empty() ? B : A + " + " + B; }

// Work storage for a block's elements: a std::array when the size is a
// number known here (no heap allocation per call: W9 calls f_jacobian once
// per observation), else a std::vector.
std::string storage(ASTContext &Ctx, const Block &B, const std::string &Name) {
  std::string E = typeText(Ctx, B.Element);
  unsigned long long N;
  if (!llvm::StringRef(B.Size).getAsInteger(10, N))
    return "std::array<" + E + ", " + B.Size + "> " + Name + "{};";
  return "std::vector<" + E + "> " + Name + "(" + B.N + ");";
}

// `const std::size_t _n_x = n;` per block, then (for forward mode) _cols.
void sizes(const std::vector<Block> &Blocks, bool Columns, const Locals &L, CodeBlock &Out) {
  std::string Cols;
  for (const Block &B : Blocks) {
    if (!B.Scalar)
      Out.line("const std::size_t " + B.N + " = " + B.Size + ";");
    Cols = sum(Cols, count(B));
  }
  if (Columns)
    Out.line("const std::size_t " + L.Cols + " = " + (Cols.empty() ? "0" : Cols) + ";");
}

std::string callArgs(const FunctionDecl *Def) {
  std::string Out;
  for (const ParmVarDecl *P : Def->parameters())
    Out += (Out.empty() ? "" : ", ") + P->getNameAsString();
  return Out;
}

// Reverse mode: one f_grad call gives the only row.
void reverseBody(ASTContext &Ctx, const FunctionDecl *Def, const std::vector<Block> &Blocks,
                 const Locals &L, CodeBlock &Out) {
  std::string Args = callArgs(Def), Col;
  for (const Block &B : Blocks) {
    std::string E = typeText(Ctx, B.Element);
    if (B.Scalar)
      Out.line(E + " " + B.D + " = 0;");
    else
      Out.line(storage(Ctx, B, B.D));
    Args += B.Scalar ? ", &" + B.D : ", " + B.D + ".data()";
  }
  Out.line("auto " + L.Value + " = " + Def->getNameAsString() + "_grad(" + Args + ");");
  for (const Block &B : Blocks) {
    if (B.Scalar) {
      Out.line(L.Jac + "[" + (Col.empty() ? "0" : Col) + "] = " + B.D + ";");
    } else {
      Out.open("for (std::size_t " + L.K + " = 0; " + L.K + " < " + B.N + "; ++" + L.K + ")");
      Out.line(L.Jac + "[" + sum(Col, L.K) + "] = " + B.D + "[" + L.K + "];");
      Out.close();
    }
    Col = sum(Col, count(B));
  }
  Out.line("return " + L.Value + ";");
}

// `C < End` or `C >= Offset && C < End`: index C falls in the block that
// starts at Offset ("": 0) and ends before End.
std::string inBlock(const std::string &C, const std::string &Offset, const std::string &End) {
  return Offset.empty() ? C + " < " + End : C + " >= " + Offset + " && " + C + " < " + End;
}

// The rows of f's outputs: the elements of every block f may change ("" if
// none).
std::string outputRows(const std::vector<Block> &Blocks) {
  std::string Rows;
  for (const Block &B : Blocks)
    if (B.Changes)
      Rows = sum(Rows, count(B));
  return Rows;
}

bool isContainerBlock(const Block &B) {
  QualType T = B.P->getType().getNonReferenceType();
  return isStdVector(T) || isStdArray(T);
}

// What f may change, put back to its entry values before each pass.
void restoreEntries(const std::vector<Block> &Blocks, CodeBlock &Out) {
  for (const Block &B : Blocks) {
    if (B.Changes && (B.Scalar || isContainerBlock(B)))
      Out.line(B.Name + " = " + B.Entry + ";");
    else if (B.Changes)
      Out.line("::ad::copy(" + B.Entry + ".begin(), " + B.Entry + ".end(), " + B.Name + ");");
  }
}

// Var (a block's tangent or shadow) set to element C of the identity,
// restricted to the block at Offset..End: 1 where C falls in it, else 0.
void setUnit(const Block &B, const std::string &Var, const std::string &C,
             const std::string &Offset, const std::string &End, CodeBlock &Out) {
  if (B.Scalar) {
    Out.line(Var + " = " + inBlock(C, Offset, End) + " ? 1 : 0;");
    return;
  }
  Out.line("::ad::fill(" + Var + ".begin(), " + Var + ".end(), 0);");
  Out.open("if (" + inBlock(C, Offset, End) + ")");
  Out.line(Var + "[" + (Offset.empty() ? C : C + " - (" + Offset + ")") + "] = 1;");
  Out.close();
}

// The blocks whose columns are zero: outputs f overwrites without reading
// them (their entry values: `err` of `void f(const double *x, double *err)`).
bool isOverwrittenOutput(const FunctionDecl *Def, const Block &B) {
  return !B.Scalar && B.Changes && onlyOverwritesThroughParameter(Def, B.P);
}

// Those columns are filled with zeros, not computed; unless no column has
// been computed yet and it is the last (f's value and effects come from an
// f_jvp call).
void zeroColumns(const FunctionDecl *Def, const std::vector<Block> &Blocks,
                 const std::string &Rows, const Locals &L, CodeBlock &Out) {
  std::string Offset;
  for (const Block &B : Blocks) {
    std::string End = sum(Offset, count(B));
    if (isOverwrittenOutput(Def, B)) {
      Out.open("if (" + inBlock(L.C, Offset, End) + " && (" + L.Ran + " || " + L.C + " + 1 < " +
               L.Cols + "))");
      Out.line("// " + B.Name + "'s entry values: " + Def->getNameAsString() +
               " overwrites it without reading it.");
      Out.open("for (std::size_t " + L.K + " = 0; " + L.K + " < " + Rows + "; ++" + L.K + ")");
      Out.line(L.Jac + "[" + L.K + " * " + L.Cols + " + " + L.C + "] = 0;");
      Out.close();
      Out.line("continue;");
      Out.close();
    }
    Offset = End;
  }
}

// A void f with few outputs and many inputs: reverse mode, one f_grad per
// row, seeded with that row's element of the outputs (the vector-Jacobian
// product e_r^T J is row r), when it takes fewer passes than the columns'
// f_jvp calls: a reverse pass costs about kReverseCost forward ones.
constexpr int kReverseCost = 3;

void reverseRowsBody(ASTContext &Ctx, const FunctionDecl *Def, const std::vector<Block> &Blocks,
                     const Locals &L, CodeBlock &Out) {
  std::string Args = callArgs(Def);
  for (const Block &B : Blocks) {
    std::string E = typeText(Ctx, B.Element);
    Out.line(B.Scalar ? E + " " + B.D + " = 0;" : storage(Ctx, B, B.D));
    Args += B.Scalar ? ", &" + B.D : ", " + B.D + ".data()";
  }
  const std::string &R = L.C;
  Out.open("for (std::size_t " + R + " = 0; " + R + " < " + outputRows(Blocks) + "; ++" + R + ")");
  Out.line("// Start from the entry values; the seed is row " + R + " of the identity.");
  restoreEntries(Blocks, Out);
  std::string Offset; // of this block's rows
  for (const Block &B : Blocks) {
    if (!B.Changes) { // an input: its shadow gathers the row
      Out.line(B.Scalar ? B.D + " = 0;"
                        : "::ad::fill(" + B.D + ".begin(), " + B.D + ".end(), 0);");
      continue;
    }
    std::string End = sum(Offset, count(B));
    setUnit(B, B.D, R, Offset, End, Out);
    Offset = End;
  }
  Out.line(Def->getNameAsString() + "_grad(" + Args + ");");
  std::string Col; // of this block's columns
  for (const Block &B : Blocks) {
    if (B.Scalar) {
      Out.line(L.Jac + "[" + R + " * " + L.Cols + (Col.empty() ? "" : " + " + Col) + "] = " +
               B.D + ";");
    } else {
      Out.open("for (std::size_t " + L.K + " = 0; " + L.K + " < " + B.N + "; ++" + L.K + ")");
      Out.line(L.Jac + "[" + R + " * " + L.Cols + " + " + sum(Col, L.K) + "] = " + B.D + "[" +
               L.K + "];");
      Out.close();
    }
    Col = sum(Col, count(B));
  }
  Out.close();
}

// Forward mode: f_jvp once per column of the identity.
// What f may change, saved to start each column (or row) from it.
void saveEntries(ASTContext &Ctx, const std::vector<Block> &Blocks, CodeBlock &Out) {
  for (const Block &B : Blocks) {
    if (!B.Changes)
      continue;
    if (B.Scalar || isContainerBlock(B)) {
      Out.line("const auto " + B.Entry + " = " + B.Name + ";");
    } else {
      Out.line(storage(Ctx, B, B.Entry));
      Out.line("::ad::copy(" + B.Name + ", " + B.Name + " + " + B.N + ", " + B.Entry + ".begin());");
    }
  }
}

void forwardBody(ASTContext &Ctx, const FunctionDecl *Def, const std::vector<Block> &Blocks,
                 bool RealResult, const Locals &L, CodeBlock &Out, bool EntriesSaved = false) {
  QualType Result = Def->getReturnType();
  if (!EntriesSaved)
    saveEntries(Ctx, Blocks, Out);
  std::string Args = callArgs(Def);
  for (const Block &B : Blocks) {
    std::string E = typeText(Ctx, B.Element);
    if (B.Scalar) {
      Out.line(E + " " + B.T + " = 0;");
      Args += B.ByValue ? ", " + B.T : ", &" + B.T;
    } else {
      Out.line(storage(Ctx, B, B.T));
      Args += ", " + B.T + ".data()";
    }
  }
  if (RealResult) {
    Out.line(typeText(Ctx, Result) + " " + L.TRet + " = 0;");
    Args += ", &" + L.TRet;
  }
  if (!Result->isVoidType())
    Out.line(typeText(Ctx, Result) + " " + L.Value + " = 0;");
  const std::string &C = L.C;
  std::string Rows = sum(RealResult ? "1" : "", outputRows(Blocks));
  bool Skips = llvm::any_of(Blocks, [&](const Block &B) { return isOverwrittenOutput(Def, B); });
  if (Skips)
    Out.line("bool " + L.Ran + " = false;");
  Out.open("for (std::size_t " + C + " = 0; " + C + " < " + L.Cols + "; ++" + C + ")");
  zeroColumns(Def, Blocks, Rows, L, Out);
  Out.line("// Start from the entry values; the tangent is column " + C + " of the identity.");
  restoreEntries(Blocks, Out);
  std::string Offset; // of this block's columns ("": 0)
  for (const Block &B : Blocks) {
    std::string End = sum(Offset, count(B));
    setUnit(B, B.T, C, Offset, End, Out);
    Offset = End;
  }
  Out.line((Result->isVoidType() ? "" : L.Value + " = ") + Def->getNameAsString() + "_jvp(" +
           Args + ");");
  if (Skips)
    Out.line(L.Ran + " = true;");
  std::string Row; // of this block's rows ("": 0)
  if (RealResult) {
    Out.line(L.Jac + "[" + C + "] = " + L.TRet + ";");
    Row = "1";
  }
  for (const Block &B : Blocks) {
    if (!B.Changes)
      continue;
    if (B.Scalar) {
      Out.line(L.Jac + "[" + (Row.empty() ? "" : "(" + Row + ") * ") + L.Cols + " + " + C +
               "] = " + B.T + ";");
    } else {
      Out.open("for (std::size_t " + L.K + " = 0; " + L.K + " < " + B.N + "; ++" + L.K + ")");
      Out.line(L.Jac + "[(" + sum(Row, L.K) + ") * " + L.Cols + " + " + C + "] = " + B.T + "[" +
               L.K + "];");
      Out.close();
    }
    Row = sum(Row, count(B));
  }
  Out.close();
  if (!Result->isVoidType())
    Out.line("return " + L.Value + ";");
}

// The widest real among the result and the active elements.
QualType jacobianType(ASTContext &Ctx, const FunctionDecl *Def, const std::vector<Block> &Blocks) {
  QualType T = isRealType(Def->getReturnType()) ? Def->getReturnType() : QualType();
  for (const Block &B : Blocks)
    if (T.isNull() || Ctx.getFloatingTypeOrder(B.Element, T) > 0)
      T = B.Element;
  return T.getCanonicalType().getUnqualifiedType();
}

} // namespace

std::string notGeneratedStub(const std::string &Result, bool Static, const std::string &Name,
                             const std::string &Why) {
  std::string Reason;
  for (char C : "ad: " + Name + " is not generated: " + Why)
    Reason += C == '"' || C == '\\' ? std::string("\\") + C : std::string(1, C);
  return "// " + Name + " is not generated: " + Why + ".\ntemplate <class... A>\n" +
         (Static ? "static " : "") + "inline ::ad::not_generated<" + Result + "> " + Name +
         "(A &&...) {\n  static_assert(::ad::unavailable<A...>, \"" + Reason +
         "\");\n  return {};\n}\n";
}

std::string notGeneratedText(ASTContext &Ctx, const FunctionDecl *Def, const std::string &Name,
                             const std::string &Why) {
  // A member function's: a static member template (callable on any object).
  return notGeneratedStub(typeText(Ctx, Def->getReturnType()),
                          Def->getStorageClass() == SC_Static || isa<CXXMethodDecl>(Def), Name, Why);
}

std::string classTemplateMemberStubs(ASTContext &Ctx, const FunctionDecl *Pattern) {
  PrintingPolicy Policy(Ctx.getLangOpts());
  Policy.SuppressTagKeyword = true;
  std::string Result = Pattern->getReturnType().getAsString(Policy), Out;
  for (const char *Suffix : {"_jvp", "_jacobian", "_hvp", "_hessian"})
    Out += notGeneratedStub(Result, true, Pattern->getNameAsString() + Suffix,
                            "it is a member of a class template (forward and second-order "
                            "derivatives cover free functions, function templates and members "
                            "of classes so far)");
  return Out;
}

std::string familyDeclarations(ASTContext &Ctx, const FunctionDecl *Def) {
  std::string Type = typeText(Ctx, Def->getReturnType()), Out;
  bool Static = Def->getStorageClass() == SC_Static || isa<CXXMethodDecl>(Def);
  for (const char *Suffix : {"_jvp", "_jacobian", "_hvp", "_hessian"})
    Out += "template <class... A>\n" + std::string(Static ? "static " : "") +
           "::ad::not_generated<" + Type + "> " + Def->getNameAsString() + Suffix +
           "(A &&...);\n";
  return Out;
}

std::string jacobianText(ASTContext &Ctx, const FunctionDecl *Def,
                         const std::vector<const ParmVarDecl *> &Active,
                         const std::map<const ParmVarDecl *, std::string> &Sizes,
                         const std::string &JvpFailure, std::string *MemberDeclaration) {
  std::string Name = Def->getNameAsString() + "_jacobian";
  std::vector<Block> Blocks;
  std::string Why = blocksOf(Ctx, Def, Active, Sizes, Blocks, true);
  if (!Why.empty())
    return notGeneratedText(Ctx, Def, Name, "it needs " + Why);
  bool RealResult = isRealType(Def->getReturnType());
  bool OneRow = RealResult;
  for (const Block &B : Blocks)
    OneRow &= !B.Changes;
  // One f_jvp per column runs f's side effects once per column: only the
  // active parameters are put back between columns.
  if (!OneRow)
    if (std::string Why = repeatedCallProblem(Def, Active, Def->getNameAsString() + "_jvp", "column");
        !Why.empty())
      return notGeneratedText(Ctx, Def, Name, Why);
  // Rows by reverse mode are possible for a void f: f_grad seeds only the
  // outputs then.
  bool Rows = !OneRow && Def->getReturnType()->isVoidType() && !isa<CXXMethodDecl>(Def);
  if (!OneRow && !Rows && !JvpFailure.empty())
    return notGeneratedText(Ctx, Def, Name, "it calls " + Def->getNameAsString() +
                                                "_jvp, and forward mode does not handle " +
                                                JvpFailure + " yet");
  NameAllocator Names;
  Names.reserveNamesUsedIn(Def);
  Locals L{Names.fresh("jac"), Names.fresh("_c"), Names.fresh("_k"), Names.fresh("_cols"),
           Names.fresh("_value"), Names.fresh("_t_ret"), Names.fresh("_ran")};
  for (Block &B : Blocks) {
    B.N = Names.fresh("_n_" + B.Name);
    B.D = Names.fresh("_d_" + B.Name);
    B.T = Names.fresh("_t_" + B.Name);
    B.Entry = Names.fresh("_" + B.Name + "_entry");
  }
  CodeBlock Body;
  sizes(Blocks, !OneRow, L, Body);
  std::string Mode = "reverse mode: one f_grad";
  if (OneRow) {
    reverseBody(Ctx, Def, Blocks, L, Body);
  } else if (Rows && !JvpFailure.empty()) {
    saveEntries(Ctx, Blocks, Body);
    reverseRowsBody(Ctx, Def, Blocks, L, Body);
    Mode = "reverse mode: one f_grad per row";
  } else if (Rows) {
    // Whichever takes fewer passes, at run time (sizes may be parameters).
    saveEntries(Ctx, Blocks, Body);
    std::string R = outputRows(Blocks);
    Body.open("if (0 < " + R + " && " + std::to_string(kReverseCost) + " * (" + R + ") < " +
              L.Cols + ")");
    reverseRowsBody(Ctx, Def, Blocks, L, Body);
    Body.orElse();
    forwardBody(Ctx, Def, Blocks, RealResult, L, Body, /*EntriesSaved=*/true);
    Body.close();
    Mode = "one f_grad per row or one f_jvp per column, whichever is fewer passes";
  } else {
    forwardBody(Ctx, Def, Blocks, RealResult, L, Body);
    Mode = "forward mode: one f_jvp per column";
  }
  std::string Params;
  for (const ParmVarDecl *P : Def->parameters()) {
    PrintingPolicy Policy(Ctx.getLangOpts());
    Policy.SuppressTagKeyword = true;
    std::string Text;
    llvm::raw_string_ostream OS(Text);
    P->getOriginalType().print(OS, Policy, P->getName());
    Params += OS.str() + ", ";
  }
  std::string Jac = typeText(Ctx, jacobianType(Ctx, Def, Blocks)) + " *" + L.Jac;
  // A member function's Jacobian is a member, declared in the class.
  std::string Qualified = Name, Const,
              Static = isa<CXXMethodDecl>(Def) ? (Def->getStorageClass() == SC_Static
                                                      ? "[[maybe_unused]] static "
                                                      : "")
                                               : internalLinkagePrefix(Def);
  if (const auto *M = dyn_cast<CXXMethodDecl>(Def)) {
    Qualified = typeText(Ctx, Ctx.getRecordType(M->getParent())) + "::" + Name;
    Const = !M->isStatic() && M->isConst() ? " const" : "";
    if (MemberDeclaration)
      *MemberDeclaration = "  " + Static + typeText(Ctx, Def->getReturnType()) + " " + Name + "(" +
                           Params + Jac + ")" + Const + ";\n";
    Static.clear();
  }
  return std::string("// The Jacobian of ") + Def->getNameAsString() + ", dense and row-major (" +
         Mode +
         "), generated by ad.\n" + Static + "inline " + typeText(Ctx, Def->getReturnType()) + " " +
         Qualified + "(" + Params + Jac + ")" + Const + " {\n" + Body.str(1) + "}\n";
}

// A member function's family: f_jvp a member like f_grad; the others (and
// f_jvp if not built) static member templates whose call is the error.
static FamilyText memberFamily(ASTContext &Ctx, const FunctionDecl *Def, const AnnotateAttr *Attr,
                               const BuiltJvp &Jvp, bool SecondOrder,
                               PushforwardRegistry &Pushforwards, RecordHooks &Hooks) {
  std::string Name = Def->getNameAsString(), Result = typeText(Ctx, Def->getReturnType());
  FamilyText Out;
  if (Jvp.Ok) {
    Out.InClass = "  " + Jvp.MemberDeclaration + ";\n";
    Out.Text = Jvp.Text;
  } else {
    Out.InClass = notGeneratedStub(Result, true, Name + "_jvp",
                                   "forward mode does not handle " + Jvp.Failure + " yet");
  }
  std::string Declaration;
  std::string Jacobian = jacobianText(Ctx, Def, activeParameters(Def, Attr),
                                      parameterSizes(Def, Attr), Jvp.Ok ? "" : Jvp.Failure,
                                      &Declaration);
  if (Declaration.empty()) { // a stub: a static member template in the class
    Out.InClass += Jacobian;
  } else {
    Out.InClass += Declaration;
    Out.Text += Jacobian;
  }
  SecondOrderText Second =
      secondOrderText(Ctx, Def, Attr, Jvp, SecondOrder, false, Pushforwards, Hooks);
  Out.InClass += Second.InClass;
  Out.Text += Second.Text;
  Out.Core = Second.Core;
  Out.NestedWhy = "it is a member function";
  return Out;
}

// f_jvp (Jvp.h), f_jacobian, f_hvp and f_hessian (SecondOrder.h), or,
// where they cannot be built, declarations that make a call of them (only)
// an error saying why.
FamilyText derivativeFamilyText(ASTContext &Ctx, const FunctionDecl *Def, const AnnotateAttr *Attr,
                                PushforwardRegistry &Pushforwards, RecordHooks &Hooks,
                                bool SecondOrder, bool Nested) {
  std::vector<const ParmVarDecl *> Active = activeParameters(Def, Attr);
  std::string Name = Def->getNameAsString();
  BuiltJvp Jvp = buildJvp(Ctx, Def, Active, Name + "_jvp", Pushforwards, {&Hooks, nullptr, "", false});
  if (isa<CXXMethodDecl>(Def)) // members: declared in the class, defined after it
    return memberFamily(Ctx, Def, Attr, Jvp, SecondOrder, Pushforwards, Hooks);
  std::string Text = Jvp.Ok ? Jvp.Text
                            : notGeneratedText(Ctx, Def, Name + "_jvp",
                                               "forward mode does not handle " + Jvp.Failure +
                                                   " yet");
  Text += jacobianText(Ctx, Def, Active, parameterSizes(Def, Attr), Jvp.Ok ? "" : Jvp.Failure);
  SecondOrderText Second = secondOrderText(Ctx, Def, Attr, Jvp, SecondOrder, Nested, Pushforwards, Hooks);
  return {Text + Second.Text, Second.Core, Second.NestedWhy, ""};
}

} // namespace adgen
