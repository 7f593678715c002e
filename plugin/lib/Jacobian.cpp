// f_jacobian (contract §5): the dense Jacobian, row-major, written as C++
// that calls f_jvp once per column (forward mode) or, when the only row is
// the returned value, f_grad once (reverse mode). Rows: the returned value
// (if real), then the elements of each active parameter f may change, in
// declaration order; columns: the entry values of every active parameter's
// elements. Each f_jvp call starts from the entry values of what f changes
// (saved first), so the last one leaves f's side effects, once.
#include "Jacobian.h"
#include "CustomRules.h"
#include "Types.h"
#include "ad-gen/Attribute.h"

#include "clang/AST/DeclCXX.h"

using namespace clang;

namespace adgen {

namespace {

// One active parameter, as the Jacobian sees it.
struct Block {
  const ParmVarDecl *P;
  std::string Name, Size; // Size: "1" for a scalar
  QualType Element;
  bool Scalar, Changes; // a real (by value or reference); f may write it
  bool ByValue;         // a real by value or const reference: tangent by value
};

std::string typeText(ASTContext &Ctx, QualType T) {
  PrintingPolicy Policy(Ctx.getLangOpts());
  Policy.SuppressTagKeyword = true;
  return T.getCanonicalType().getUnqualifiedType().getAsString(Policy);
}

// The blocks of f's active parameters; "" or the reason there are none.
std::string blocksOf(ASTContext &Ctx, const FunctionDecl *Def,
                     const std::vector<const ParmVarDecl *> &Active,
                     const std::map<const ParmVarDecl *, std::string> &Sizes,
                     std::vector<Block> &Out) {
  for (const ParmVarDecl *P : Active) {
    if (isa<CXXMethodDecl>(Def))
      return "a member function (f_jacobian covers free functions so far)";
    std::string Name = P->getNameAsString();
    QualType T = P->getOriginalType();
    QualType Bare = T.getNonReferenceType();
    Block B{P, Name, "1", QualType(), false, false, false};
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
      if (It == Sizes.end())
        return "the size of '" + Name + "': state it in the attribute, as in "
               "[[ad::differentiate(\"" + Name + "[n]\")]] with n a parameter or a constant";
      B.Element = Bare->getPointeeType();
      B.Size = It->second;
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

// How many elements a block has, as text: `1` or `_n_x`.
std::string count(const Block &B) { return B.Scalar ? "1" : "_n_" + B.Name; }

// `A + B` without a leading zero.
std::string sum(const std::string &A, const std::string &B) { return A.empty() ? B : A + " + " + B; }

// `const std::size_t _n_x = n;` per block, then (for forward mode) _cols.
void sizes(const std::vector<Block> &Blocks, bool Columns, CodeBlock &Out) {
  std::string Cols;
  for (const Block &B : Blocks) {
    if (!B.Scalar)
      Out.line("const std::size_t _n_" + B.Name + " = " + B.Size + ";");
    Cols = sum(Cols, count(B));
  }
  if (Columns)
    Out.line("const std::size_t _cols = " + (Cols.empty() ? "0" : Cols) + ";");
}

std::string callArgs(const FunctionDecl *Def) {
  std::string Out;
  for (const ParmVarDecl *P : Def->parameters())
    Out += (Out.empty() ? "" : ", ") + P->getNameAsString();
  return Out;
}

// Reverse mode: one f_grad call gives the only row.
void reverseBody(ASTContext &Ctx, const FunctionDecl *Def, const std::vector<Block> &Blocks,
                 CodeBlock &Out) {
  std::string Args = callArgs(Def), Col;
  for (const Block &B : Blocks) {
    std::string E = typeText(Ctx, B.Element);
    if (B.Scalar)
      Out.line(E + " _d_" + B.Name + " = 0;");
    else
      Out.line("std::vector<" + E + "> _d_" + B.Name + "(_n_" + B.Name + ");");
    Args += B.Scalar ? ", &_d_" + B.Name : ", _d_" + B.Name + ".data()";
  }
  Out.line("auto _value = " + Def->getNameAsString() + "_grad(" + Args + ");");
  for (const Block &B : Blocks) {
    if (B.Scalar) {
      Out.line("jac[" + (Col.empty() ? "0" : Col) + "] = _d_" + B.Name + ";");
    } else {
      Out.open("for (std::size_t _k = 0; _k < _n_" + B.Name + "; ++_k)");
      Out.line("jac[" + sum(Col, "_k") + "] = _d_" + B.Name + "[_k];");
      Out.close();
    }
    Col = sum(Col, count(B));
  }
  Out.line("return _value;");
}

// Forward mode: f_jvp once per column of the identity.
void forwardBody(ASTContext &Ctx, const FunctionDecl *Def, const std::vector<Block> &Blocks,
                 bool RealResult, CodeBlock &Out) {
  QualType Result = Def->getReturnType();
  // What f may change, saved to start each column from it.
  for (const Block &B : Blocks) {
    if (!B.Changes)
      continue;
    if (B.Scalar)
      Out.line("const auto _" + B.Name + "_entry = " + B.Name + ";");
    else if (isStdVector(B.P->getType().getNonReferenceType()) ||
             isStdArray(B.P->getType().getNonReferenceType()))
      Out.line("const auto _" + B.Name + "_entry = " + B.Name + ";");
    else
      Out.line("const std::vector<" + typeText(Ctx, B.Element) + "> _" + B.Name + "_entry(" +
               B.Name + ", " + B.Name + " + _n_" + B.Name + ");");
  }
  std::string Args = callArgs(Def);
  for (const Block &B : Blocks) {
    std::string E = typeText(Ctx, B.Element);
    if (B.Scalar) {
      Out.line(E + " _t_" + B.Name + " = 0;");
      Args += B.ByValue ? ", _t_" + B.Name : ", &_t_" + B.Name;
    } else {
      Out.line("std::vector<" + E + "> _t_" + B.Name + "(_n_" + B.Name + ");");
      Args += ", _t_" + B.Name + ".data()";
    }
  }
  if (RealResult) {
    Out.line(typeText(Ctx, Result) + " _t_ret = 0;");
    Args += ", &_t_ret";
  }
  if (!Result->isVoidType())
    Out.line(typeText(Ctx, Result) + " _value = 0;");
  Out.open("for (std::size_t _c = 0; _c < _cols; ++_c)");
  Out.line("// Start from the entry values; the tangent is column _c of the identity.");
  for (const Block &B : Blocks) {
    if (B.Changes && B.Scalar)
      Out.line(B.Name + " = _" + B.Name + "_entry;");
    else if (B.Changes && (isStdVector(B.P->getType().getNonReferenceType()) ||
                           isStdArray(B.P->getType().getNonReferenceType())))
      Out.line(B.Name + " = _" + B.Name + "_entry;");
    else if (B.Changes)
      Out.line("std::copy(_" + B.Name + "_entry.begin(), _" + B.Name + "_entry.end(), " +
               B.Name + ");");
  }
  std::string Offset; // of this block's columns ("": 0)
  for (const Block &B : Blocks) {
    std::string End = sum(Offset, count(B));
    std::string Inside = Offset.empty() ? "_c < " + End : "_c >= " + Offset + " && _c < " + End;
    std::string In = Offset.empty() ? "_c" : "_c - (" + Offset + ")";
    if (B.Scalar) {
      Out.line("_t_" + B.Name + " = " + Inside + " ? 1 : 0;");
    } else {
      Out.line("std::fill(_t_" + B.Name + ".begin(), _t_" + B.Name + ".end(), 0);");
      Out.open("if (" + Inside + ")");
      Out.line("_t_" + B.Name + "[" + In + "] = 1;");
      Out.close();
    }
    Offset = End;
  }
  Out.line(std::string(Result->isVoidType() ? "" : "_value = ") + Def->getNameAsString() +
           "_jvp(" + Args + ");");
  std::string Row; // of this block's rows ("": 0)
  if (RealResult) {
    Out.line("jac[_c] = _t_ret;");
    Row = "1";
  }
  for (const Block &B : Blocks) {
    if (!B.Changes)
      continue;
    if (B.Scalar) {
      Out.line("jac[" + (Row.empty() ? "" : "(" + Row + ") * ") + "_cols + _c] = _t_" + B.Name + ";");
    } else {
      Out.open("for (std::size_t _k = 0; _k < _n_" + B.Name + "; ++_k)");
      Out.line("jac[(" + sum(Row, "_k") + ") * _cols + _c] = _t_" + B.Name + "[_k];");
      Out.close();
    }
    Row = sum(Row, count(B));
  }
  Out.close();
  if (!Result->isVoidType())
    Out.line("return _value;");
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

std::string notGeneratedText(ASTContext &Ctx, const FunctionDecl *Def, const std::string &Name,
                             const std::string &Why) {
  std::string Reason;
  for (char C : "ad: " + Name + " is not generated: " + Why)
    Reason += C == '"' || C == '\\' ? std::string("\\") + C : std::string(1, C);
  std::string Type = typeText(Ctx, Def->getReturnType());
  return "// " + Name + " is not generated: " + Why + ".\ntemplate <class... A>\n" +
         (Def->getStorageClass() == SC_Static ? "static " : "") + "inline ::ad::not_generated<" +
         Type + "> " + Name + "(A &&...) {\n  static_assert(::ad::unavailable<A...>, \"" + Reason +
         "\");\n  return {};\n}\n";
}

std::string jacobianText(ASTContext &Ctx, const FunctionDecl *Def,
                         const std::vector<const ParmVarDecl *> &Active,
                         const std::map<const ParmVarDecl *, std::string> &Sizes,
                         const std::string &JvpFailure) {
  std::string Name = Def->getNameAsString() + "_jacobian";
  std::vector<Block> Blocks;
  std::string Why = blocksOf(Ctx, Def, Active, Sizes, Blocks);
  if (!Why.empty())
    return notGeneratedText(Ctx, Def, Name, "it needs " + Why);
  bool RealResult = isRealType(Def->getReturnType());
  bool OneRow = RealResult;
  for (const Block &B : Blocks)
    OneRow &= !B.Changes;
  if (!OneRow && !JvpFailure.empty())
    return notGeneratedText(Ctx, Def, Name, "it calls " + Def->getNameAsString() +
                                                "_jvp, and forward mode does not handle " +
                                                JvpFailure + " yet");
  CodeBlock Body;
  sizes(Blocks, !OneRow, Body);
  if (OneRow)
    reverseBody(Ctx, Def, Blocks, Body);
  else
    forwardBody(Ctx, Def, Blocks, RealResult, Body);
  std::string Params;
  for (const ParmVarDecl *P : Def->parameters()) {
    PrintingPolicy Policy(Ctx.getLangOpts());
    Policy.SuppressTagKeyword = true;
    std::string Text;
    llvm::raw_string_ostream OS(Text);
    P->getOriginalType().print(OS, Policy, P->getName());
    Params += OS.str() + ", ";
  }
  std::string Jac = typeText(Ctx, jacobianType(Ctx, Def, Blocks)) + " *jac";
  return std::string("// The Jacobian of ") + Def->getNameAsString() + ", dense and row-major (" +
         (OneRow ? "reverse mode: one f_grad" : "forward mode: one f_jvp per column") +
         "), generated by ad.\n" + (Def->getStorageClass() == SC_Static ? "static " : "") +
         "inline " + typeText(Ctx, Def->getReturnType()) + " " + Name + "(" + Params + Jac +
         ") {\n" + Body.str(1) + "}\n";
}

} // namespace adgen
