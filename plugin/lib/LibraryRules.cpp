#include "LibraryRules.h"
#include "MathRules.h"
#include "FunctionBuilder.h"
#include "ExprText.h"
#include "Types.h"
#include "ad-gen/Attribute.h"

#include "clang/AST/ExprCXX.h"

using namespace clang;

namespace adgen {

Algorithm algorithmOf(const CallExpr *Call) {
  const FunctionDecl *F = Call->getDirectCallee();
  if (!F || !F->getIdentifier() || !F->isInStdNamespace())
    return Algorithm::None;
  StringRef N = F->getName();
  unsigned Args = Call->getNumArgs();
  if (N == "fill" && Args == 3)
    return Algorithm::Fill;
  if (N == "fill_n" && Args == 3)
    return Algorithm::FillN;
  if (N == "copy" && Args == 3)
    return Algorithm::Copy;
  if (N == "copy_n" && Args == 3)
    return Algorithm::CopyN;
  if (N == "swap" && Args == 2)
    return Algorithm::Swap;
  if (N == "accumulate" && Args == 3)
    return Algorithm::Accumulate;
  if (N == "accumulate" && Args == 4)
    return Algorithm::AccumulateOp;
  if (N == "inner_product" && Args == 4)
    return Algorithm::InnerProduct;
  if (N == "inner_product" && Args == 6)
    return Algorithm::InnerProductOp;
  if (N == "clamp" && Args == 3)
    return Algorithm::Clamp;
  if (N == "transform" && Args == 4)
    return Algorithm::Transform;
  if (N == "transform" && Args == 5)
    return Algorithm::Transform2;
  return Algorithm::None;
}

std::vector<AlgorithmWrite> algorithmWrites(const CallExpr *Call) {
  switch (algorithmOf(Call)) {
  case Algorithm::Fill:
  case Algorithm::FillN:
    return {{Call->getArg(0), true}};
  case Algorithm::Copy:
  case Algorithm::CopyN:
    return {{Call->getArg(2), true}};
  case Algorithm::Swap:
    return {{Call->getArg(0), false}, {Call->getArg(1), false}};
  case Algorithm::Transform:
    return {{Call->getArg(2), true}};
  case Algorithm::Transform2:
    return {{Call->getArg(3), true}};
  default:
    return {};
  }
}

namespace {
// `(last - first)`, or n, as text.
std::string countOf(const Expr *First, const Expr *SecondOrCount, bool IsCount,
                    const std::function<std::string(const Expr *)> &Print) {
  auto Operand = [&](const Expr *E) {
    return isPrimary(E) ? Print(E) : "(" + Print(E) + ")";
  };
  if (IsCount)
    return Operand(SecondOrCount);
  return "(" + Operand(SecondOrCount) + " - " + Operand(First) + ")";
}
} // namespace

// The redo log argument for a range in the caller's memory, or "".
std::string FunctionBuilder::redoFor(const Roots &R) {
  for (const VarDecl *V : R.Vars)
    if (isExternalRoot(V)) {
      UsesRedo = true;
      return Kind == AdjointKind::Gradient ? "&" + RedoLog : RedoLog;
    }
  return "";
}

// A gradient writing a whole range of its caller's memory (std::fill into
// an output parameter) covers it in its redo log (shadow.hpp, cover): the
// range's final values are copied once when the reverse sweep starts, and
// restores inside it are not logged.
void FunctionBuilder::coverCallerRange(const Roots &Where, const std::string &First,
                                       const std::string &Count, CodeBlock &Fwd) {
  if (Kind != AdjointKind::Gradient || Split || redoFor(Where).empty())
    return;
  Fwd.line(RedoLog + ".cover(" + First + ", " + Count + ");");
  CoversCallerRanges = true;
}

CodeBlock FunctionBuilder::algorithmStmt(const CallExpr *Call,
                                         const std::function<std::string()> &Text,
                                         CodeBlock &Fwd) {
  CodeBlock Rev;
  for (const Expr *Arg : Call->arguments())
    if (!checkNoSideEffects(Arg))
      return Rev;
  Algorithm A = algorithmOf(Call);
  if (A == Algorithm::Swap)
    return swapStmt(Call, Text, Fwd);
  if (A == Algorithm::Transform || A == Algorithm::Transform2)
    return transformStmt(Call, Text, Fwd);
  if (A == Algorithm::Accumulate || A == Algorithm::InnerProduct ||
      A == Algorithm::AccumulateOp || A == Algorithm::InnerProductOp) {
    Fwd.line(Text() + ";"); // the value is dropped
    return Rev;
  }
  bool IsCopy = A == Algorithm::Copy || A == Algorithm::CopyN;
  bool IsCount = A == Algorithm::FillN || A == Algorithm::CopyN;
  const Expr *Target = IsCopy ? Call->getArg(2) : Call->getArg(0);
  auto F = [this](const Expr *E) { return fwd(E); };
  auto R = [this](const Expr *E) { return rev(E); };
  std::string FwdCount = countOf(Call->getArg(0), Call->getArg(1), IsCount, F);
  std::string RevCount = countOf(Call->getArg(0), Call->getArg(1), IsCount, R);
  Roots Where = Activity.pointsTo().pointer(Target);
  bool Save = false;
  for (const VarDecl *V : Where.Vars)
    Save |= Needed.count(V) > 0;
  if (Save && !Where.known()) {
    unsupported(Target, "a range whose old values the reverse sweep needs, through a "
                        "pointer whose origin cannot be followed",
                "point into a local array or std::vector, or a parameter");
    return Rev;
  }
  QualType Element = elementOf(Target->getType());
  std::string Tape = Save ? tapeFor(Element) : "";
  if (Save) {
    Fwd.line("::ad::push_range(" + Tape + ", " + fwd(Target) + ", " + FwdCount + ");");
    coverCallerRange(Where, fwd(Target), FwdCount, Fwd);
  }
  Fwd.line(Text() + ";");
  if (Activity.dependsOnVaried(Target)) {
    std::string Shadow = adjointPointer(Target);
    if (IsCopy && Activity.dependsOnVaried(Call->getArg(0))) {
      Rev.line("::ad::move_adjoints(" + Shadow + ", " + adjointPointer(Call->getArg(0)) +
               ", " + RevCount + ");");
    } else if (!IsCopy && Activity.isActive(Call->getArg(2))) {
      Rev.open("");
      std::string Sum = newTemp();
      Rev.line(Printer.type(Element.getCanonicalType().getUnqualifiedType()) + " " + Sum +
               " = ::ad::take_sum(" + Shadow + ", " + RevCount + ");");
      diff(Call->getArg(2), Sum, Rev);
      Rev.close();
    } else {
      Rev.line("(void)::ad::take_sum(" + Shadow + ", " + RevCount + ");");
    }
  }
  if (Save) {
    std::string Redo = redoFor(Where);
    Rev.line("::ad::pop_range(" + Tape + ", " + rev(Target) + ", " + RevCount +
             (Redo.empty() ? "" : ", " + Redo) + ");");
  }
  return Rev;
}

// std::swap(a, b): its own inverse. The shadows of whole containers swap
// with them (so pointers into them stay paired); the reverse sweep swaps
// the shadows back, and the values if it reads them.
CodeBlock FunctionBuilder::swapStmt(const CallExpr *Call,
                                    const std::function<std::string()> &Text,
                                    CodeBlock &Fwd) {
  CodeBlock Rev;
  const Expr *A = Call->getArg(0), *B = Call->getArg(1);
  bool Varied = Activity.dependsOnVaried(A) || Activity.dependsOnVaried(B);
  bool Objects = isStdVector(A->getType()) || isStdArray(A->getType());
  Fwd.line(Text() + ";");
  if (Varied) {
    if (Objects)
      Fwd.line("std::swap(" + containerShadow(A, false) + ", " +
               containerShadow(B, false) + ");");
    std::string SA = Objects ? containerShadow(A, true) : adjointOf(A);
    std::string SB = Objects ? containerShadow(B, true) : adjointOf(B);
    Rev.line("std::swap(" + SA + ", " + SB + ");");
  }
  if (needsSave(A) || needsSave(B)) {
    Roots R = Activity.pointsTo().location(A);
    R.add(Activity.pointsTo().location(B));
    if (!redoFor(R).empty()) {
      unsupported(Call, "std::swap of values in the caller's memory that the reverse "
                        "sweep reads",
                  "swap copies in local variables");
      return Rev;
    }
    Rev.line("std::swap(" + rev(A) + ", " + rev(B) + ");");
  }
  return Rev;
}

// std::transform(first, last, [first2,] out, op) with op a lambda: element
// k of out is op(in[k] [, in2[k]]); the reverse sweep puts out's old values
// back (reading the inputs where out overwrote them in place), then hands
// each element's adjoint to op's pullback, last element first.
CodeBlock FunctionBuilder::transformStmt(const CallExpr *Call,
                                         const std::function<std::string()> &Text,
                                         CodeBlock &Fwd) {
  CodeBlock Rev;
  bool Binary = algorithmOf(Call) == Algorithm::Transform2;
  const Expr *First = Call->getArg(0), *Out = Call->getArg(Binary ? 3 : 2);
  const Expr *Op = Call->getArg(Binary ? 4 : 3);
  std::vector<const Expr *> Inputs{First};
  if (Binary)
    Inputs.push_back(Call->getArg(2));
  auto F = [this](const Expr *E) { return fwd(E); };
  auto R = [this](const Expr *E) { return rev(E); };
  Roots Where = Activity.pointsTo().pointer(Out);
  bool Save = false;
  for (const VarDecl *V : Where.Vars)
    Save |= Needed.count(V) > 0;
  if ((Save || Activity.dependsOnVaried(Out)) && !Where.known()) {
    unsupported(Out, "std::transform into a range whose origin cannot be followed",
                "write into a local array or std::vector, or a parameter");
    return Rev;
  }
  QualType Element = elementOf(Out->getType()).getCanonicalType().getUnqualifiedType();
  std::string Tape = Save ? tapeFor(Element) : "";
  if (Save) {
    std::string FwdCount = countOf(First, Call->getArg(1), false, F);
    Fwd.line("::ad::push_range(" + Tape + ", " + fwd(Out) + ", " + FwdCount + ");");
    coverCallerRange(Where, fwd(Out), FwdCount, Fwd);
  }
  Fwd.line(Text() + ";");
  std::string Count = countOf(First, Call->getArg(1), false, R);
  if (Save) {
    std::string Redo = redoFor(Where);
    Rev.line("::ad::pop_range(" + Tape + ", " + rev(Out) + ", " + Count +
             (Redo.empty() ? "" : ", " + Redo) + ");");
  }
  if (!Activity.dependsOnVaried(Out))
    return Rev;
  if (!isClosureType(Op->getType())) {
    unsupported(Op, "std::transform with an operation that is not a lambda",
                "wrap it in one: [&](double v) { return f(v); }");
    return Rev;
  }
  std::string Pullback = closureShadow(Op, nullptr, Call);
  if (Pullback.empty())
    return Rev;
  std::string K = Names.fresh("_k");
  Rev.open("for (long " + K + " = " + Count + " - 1; " + K + " >= 0; --" + K + ")");
  std::string Seed = newTemp(), Target = adjointPointer(Out) + "[" + K + "]";
  std::string Type = Printer.type(Element);
  Rev.line(Type + " " + Seed + " = " + Target + ";");
  Rev.line(Target + " = 0;");
  std::string Args, Adjoints;
  for (const Expr *In : Inputs) {
    Args += "*(" + rev(In) + " + " + K + "), ";
    if (Activity.dependsOnVaried(In)) {
      Adjoints += ", &" + adjointPointer(In) + "[" + K + "]";
    } else {
      std::string Unused = newTemp();
      Rev.line(Type + " " + Unused + " = 0; // d(constant): unused");
      Adjoints += ", &" + Unused;
    }
  }
  Rev.line(Pullback + "(" + Args + Seed + Adjoints + ");");
  Rev.close();
  return Rev;
}

// std::accumulate(first, last, init, op) with op a lambda: the partial
// results are computed again into a vector (op is the primal lambda, which
// changes nothing), then the adjoint runs back through op's pullback, from
// the last element to init.
void FunctionBuilder::foldAdjoint(const CallExpr *Call, const std::string &Seed,
                                  CodeBlock &Rev) {
  // accumulate(first, last, init, op): s = op(s, *it);
  // inner_product(first, last, first2, init, op, op2): s = op(s, op2(*it, *it2)).
  bool Inner = algorithmOf(Call) == Algorithm::InnerProductOp;
  const Expr *First = Call->getArg(0), *Second = Inner ? Call->getArg(2) : nullptr;
  const Expr *Init = Call->getArg(Inner ? 3 : 2), *Op = Call->getArg(Inner ? 4 : 3);
  const Expr *Op2 = Inner ? Call->getArg(5) : nullptr;
  for (const Expr *O : {Op, Op2})
    if (O && !isClosureType(O->getType())) {
      unsupported(O, std::string("std::") + (Inner ? "inner_product" : "accumulate") +
                         " with an operation that is not a lambda",
                  "wrap it in one: [&](double s, double x) { return f(s, x); }");
      return;
    }
  std::string Pullback = closureShadow(Op, nullptr, Call);
  std::string Pullback2 = Inner ? closureShadow(Op2, nullptr, Call) : "";
  if (Pullback.empty() || (Inner && Pullback2.empty()))
    return;
  auto R = [this](const Expr *E) { return rev(E); };
  QualType T = Call->getType().getCanonicalType().getUnqualifiedType();
  std::string Type = Printer.type(T), Count = countOf(First, Call->getArg(1), false, R);
  std::string Partials = Names.fresh("_folded"), K = Names.fresh("_k"), S = newTemp();
  std::string Terms = Inner ? Names.fresh("_terms") : "";
  std::string At = "*(" + rev(First) + " + " + K + ")";
  std::string At2 = Inner ? "*(" + rev(Second) + " + " + K + ")" : "";
  // The adjoint of an element, or of a dummy when its range is constant.
  auto ElementAdjoint = [&](const Expr *Range) {
    if (Activity.dependsOnVaried(Range))
      return "&" + adjointPointer(Range) + "[" + K + "]";
    std::string Dummy = newTemp();
    Rev.line(Type + " " + Dummy + " = 0; // d(constant): unused");
    return "&" + Dummy;
  };
  Rev.open("");
  Rev.line("std::vector<" + Type + "> " + Partials + "(" + Count + " + 1);");
  if (Inner)
    Rev.line("std::vector<" + Type + "> " + Terms + "(" + Count + ");");
  Rev.line(Partials + "[0] = " + rev(Init) + ";");
  Rev.open("for (long " + K + " = 0; " + K + " < " + Count + "; ++" + K + ")");
  if (Inner)
    Rev.line(Terms + "[" + K + "] = " + rev(Op2) + "(" + At + ", " + At2 + ");");
  std::string Term = Inner ? Terms + "[" + K + "]" : At;
  Rev.line(Partials + "[" + K + " + 1] = " + rev(Op) + "(" + Partials + "[" + K + "], " +
           Term + ");");
  Rev.close();
  Rev.line(Type + " " + S + " = " + Seed + ";");
  Rev.open("for (long " + K + " = " + Count + " - 1; " + K + " >= 0; --" + K + ")");
  std::string Before = newTemp();
  Rev.line(Type + " " + Before + " = 0;");
  if (Inner) {
    std::string DTerm = newTemp();
    Rev.line(Type + " " + DTerm + " = 0;");
    Rev.line(Pullback + "(" + Partials + "[" + K + "], " + Term + ", " + S + ", &" + Before +
             ", &" + DTerm + ");");
    std::string DA = ElementAdjoint(First), DB = ElementAdjoint(Second);
    Rev.line(Pullback2 + "(" + At + ", " + At2 + ", " + DTerm + ", " + DA + ", " + DB + ");");
  } else {
    std::string DA = ElementAdjoint(First);
    Rev.line(Pullback + "(" + Partials + "[" + K + "], " + At + ", " + S + ", &" + Before +
             ", " + DA + ");");
  }
  Rev.line(S + " = " + Before + ";");
  Rev.close();
  diff(Init, S, Rev);
  Rev.close();
}

// std::accumulate, std::inner_product and std::clamp as values.
void FunctionBuilder::diffAlgorithm(const CallExpr *Call, const std::string &Seed,
                                    CodeBlock &Rev) {
  Algorithm A = algorithmOf(Call);
  if (A == Algorithm::Clamp) {
    // lo where v <= lo, hi where v >= hi, else v.
    const Expr *V = Call->getArg(0), *Lo = Call->getArg(1), *Hi = Call->getArg(2);
    std::string S = shareable(Seed, Call->getType().getNonReferenceType(), Rev);
    settleReset();
    Rev.open("if (!(" + rev(Lo) + " < " + rev(V) + "))");
    diff(Lo, S, Rev);
    Rev.orElse("else if (!(" + rev(V) + " < " + rev(Hi) + "))");
    diff(Hi, S, Rev);
    Rev.orElse();
    diff(V, S, Rev);
    Rev.close();
    return;
  }
  if (A == Algorithm::AccumulateOp || A == Algorithm::InnerProductOp)
    return foldAdjoint(Call, Seed, Rev);
  auto R = [this](const Expr *E) { return rev(E); };
  std::string S = shareable(Seed, Call->getType(), Rev);
  std::string Count = countOf(Call->getArg(0), Call->getArg(1), false, R);
  const Expr *Init = Call->getArg(A == Algorithm::Accumulate ? 2 : 3);
  diff(Init, S, Rev);
  if (A == Algorithm::Accumulate) {
    if (Activity.dependsOnVaried(Call->getArg(0)))
      Rev.line("::ad::add_each(" + adjointPointer(Call->getArg(0)) + ", " + Count + ", " +
               S + ");");
    return;
  }
  const Expr *First = Call->getArg(0), *Second = Call->getArg(2);
  bool ActiveFirst = Activity.dependsOnVaried(First),
       ActiveSecond = Activity.dependsOnVaried(Second);
  if (!ActiveFirst && !ActiveSecond)
    return;
  std::string Null = "static_cast<" +
                     Printer.type(Ctx.getPointerType(
                         Call->getType().getCanonicalType().getUnqualifiedType())) +
                     ">(nullptr)";
  Rev.line("::ad::inner_product_adjoint(" + rev(First) + ", " +
           (ActiveFirst ? adjointPointer(First) : Null) + ", " + rev(Second) + ", " +
           (ActiveSecond ? adjointPointer(Second) : Null) + ", " + Count + ", " + S + ");");
}

// An operator of a standard class that may store into what holds reals
// (`std::tie(a, b) = ...` assigns through a tuple of references): no rule
// follows its stores, so running it without a derivative would be wrong.
bool writesThroughLibraryOperator(const CallExpr *Call) {
  const auto *Op = dyn_cast<CXXOperatorCallExpr>(Call);
  const FunctionDecl *Callee = Call->getDirectCallee();
  if (!Op || !Callee || findMathRule(Callee))
    return false;
  if (const auto *M = dyn_cast<CXXMethodDecl>(Callee)) {
    if (!M->getParent()->isInStdNamespace() || Op->getNumArgs() == 0)
      return false;
    if (!M->isConst() && holdsReals(Op->getArg(0)->getType()))
      return true;
  } else if (!Callee->isInStdNamespace()) {
    return false;
  }
  for (const ParmVarDecl *P : Callee->parameters()) {
    QualType T = P->getType();
    QualType Reached = T->isPointerType() ? T->getPointeeType()
                       : T->isLValueReferenceType() ? T.getNonReferenceType()
                                                    : QualType();
    if (!Reached.isNull() && !Reached.isConstQualified() && holdsReals(Reached))
      return true;
  }
  return false;
}

std::vector<const Expr *> rawMemoryArguments(const CallExpr *Call) {
  std::vector<const Expr *> Out;
  for (const Expr *Arg : Call->arguments()) {
    const auto *Cast = dyn_cast<ImplicitCastExpr>(Arg->IgnoreParens());
    QualType To = Arg->getType();
    if (!Cast || !To->isPointerType() || !To->getPointeeType()->isVoidType())
      continue;
    const Expr *From = Cast->getSubExpr()->IgnoreParenImpCasts();
    if (holdsReals(From->getType()))
      Out.push_back(From);
  }
  return Out;
}

} // namespace adgen
