// Builds the adjoint `f_grad` of one marked function.
//
// Reverse mode in source form: the *forward sweep* runs f's statements as
// written, saving on a tape the values that later statements overwrite and
// that the reverse sweep still needs, plus the branches and trip counts it
// took; the *reverse sweep* then visits the same statements backwards,
// restoring each saved value and propagating adjoints (`_d_y`) from the
// result to the parameters.
//
// Each statement S yields two pieces of code: forward code appended to the
// forward sweep, and a reverse block returned to the caller, which places it
// in reverse order. Statement rules live in StmtAdjoint.cpp, expression rules
// in ExprAdjoint.cpp; this file holds the shared state and the assembly.
#pragma once

#include "Activity.h"
#include "AvailableValues.h"
#include "CodeBlock.h"
#include "ExprPrinter.h"
#include "Names.h"
#include "Pullbacks.h"
#include "Shadow.h"
#include "ValueBinder.h"

#include "clang/AST/ASTContext.h"
#include "clang/AST/Stmt.h"
#include "clang/AST/StmtCXX.h"

#include <functional>
#include <map>
#include <string>
#include <vector>

namespace adgen {

// True if S (or a statement inside it) writes to / declares V.
bool writesVariable(const clang::Stmt *S, const clang::VarDecl *V);
// A lambda's call operator.
bool isLambdaOperator(const clang::FunctionDecl *F);
bool declaresVariable(const clang::Stmt *S, const clang::VarDecl *V);
// True if S assigns V itself, steps it or takes its address (`p = q`,
// `++p`, `&p`), not what it points to.
bool movesVariable(const clang::Stmt *S, const clang::VarDecl *V);

// What is built: the gradient `f_grad` of a marked function (returns the
// value, seed 1), or the pullback `g_pullback` of a callee (returns nothing,
// seeded by its `_d_return` parameter; see Pullbacks.h).
enum class AdjointKind { Gradient, Pullback };

struct MathRule;

class FunctionBuilder {
public:
  // Needed: the variables whose overwritten values the reverse sweep reads
  // (found by an earlier build; see Generator.cpp's fixed point).
  FunctionBuilder(clang::ASTContext &Ctx, const clang::FunctionDecl *Def,
                  const std::vector<const clang::ParmVarDecl *> &Active,
                  const VarSet &Needed, PullbackRegistry &Pullbacks,
                  AdjointKind Kind, std::string Name,
                  FunctionBuilder *Enclosing = nullptr);

  // False if an unsupported construct was diagnosed.
  bool build();
  // Names the parameters and results of the signature (build() does it
  // first): enough for prototype() of a function without a body.
  void prepareSignature();
  void setInsideNamespace(bool Inside) { Printer.setInsideNamespace(Inside); }
  // Print the signature's types as Pattern writes them (`const T *x`, `T
  // *d_x`): Def is an instantiation of the function template Pattern
  // belongs to, and the prototype declares the gradient template.
  void setSignaturePattern(const clang::FunctionDecl *Pattern) { SignaturePattern = Pattern; }

  // `double f_grad(double x, double *d_x)`; a Declaration has default
  // arguments.
  std::string prototype(bool Declaration = true) const;
  std::string definition() const; // the whole function
  // Split mode (SplitCalls.cpp): the pullback is a record struct whose
  // _forward runs where the function is called and whose _reverse runs in
  // the caller's reverse sweep; recordDefinition() is the struct (its
  // members: the pullback's locals and tapes), definition() then the two
  // member functions.
  void setSplit() { Split = true; }
  std::string recordDefinition() const;
  // The records of the calls this function splits: defined before its own.
  std::vector<std::string> usedRecords() const;
  // What the reverse sweep reads: the variables it names, and what the
  // pointers among them may point into. Saved before they are overwritten
  // (see Generator.cpp's fixed point).
  VarSet reverseReads() const;

private:
  // --- statements (StmtAdjoint.cpp) ---
  CodeBlock stmt(const clang::Stmt *S, CodeBlock &Fwd);
  CodeBlock compound(const clang::CompoundStmt *S, CodeBlock &Fwd);
  CodeBlock declaration(const clang::DeclStmt *S, CodeBlock &Fwd);
  CodeBlock returnStmt(const clang::ReturnStmt *S, CodeBlock &Fwd);
  CodeBlock ifStmt(const clang::IfStmt *S, CodeBlock &Fwd);
  CodeBlock loop(const clang::Stmt *S, CodeBlock &Fwd);
  // --- sum reductions (SumReduction.cpp) ---
  bool isSumReduction(const clang::ForStmt *S);
  CodeBlock sumReduction(const clang::ForStmt *S, CodeBlock &Fwd);
  void reductionBody(const clang::Stmt *S, CodeBlock &Fwd);
  void accumulate(const clang::BinaryOperator *S, CodeBlock &Fwd);
  void hoistInvariants(const clang::Expr *E, const clang::ForStmt *Loop,
                       CodeBlock &Fwd);
  std::string accumulatorFor(const clang::VarDecl *Input);
  // --- loops of sums run forward again in the reverse sweep (ReplayedSums.cpp) ---
  bool isReplayedSum(const clang::ForStmt *Loop);
  CodeBlock replayedSum(const clang::ForStmt *Loop, CodeBlock &Fwd);
  std::string replayInit(const clang::ForStmt *Loop, bool Reverse);
  std::string fwdHeader(const clang::ForStmt *Loop);
  void replayBody(const clang::Stmt *S, const clang::ForStmt *Loop, CodeBlock &Out,
                  bool Reverse);
  CodeBlock switchStmt(const clang::SwitchStmt *S, CodeBlock &Fwd);
  CodeBlock jump(const clang::Stmt *S, CodeBlock &Fwd);
  bool rangeIsSupported(const clang::CXXForRangeStmt *S);
  std::string forInit(const clang::ForStmt *S, CodeBlock &Fwd,
                      CodeBlock &InitRev);
  long constantTripCount(const clang::ForStmt *S) const;
  bool hasBreak(const clang::Stmt *S) const;
  bool conditionEffects(const clang::Expr *Cond, CodeBlock &Undo);
  CodeBlock rangeElement(const clang::CXXForRangeStmt *S,
                         const std::string &Element, const std::string &Counter,
                         CodeBlock &BodyFwd);
  CodeBlock exprStmt(const clang::Expr *E, CodeBlock &Fwd);
  CodeBlock callStmt(const clang::CallExpr *Call, CodeBlock &Fwd);
  CodeBlock callRule(const clang::CallExpr *Call,
                     const std::function<std::string()> &Text, CodeBlock &Fwd);

  // --- standard algorithms (LibraryRules.cpp) ---
  CodeBlock algorithmStmt(const clang::CallExpr *Call,
                          const std::function<std::string()> &Text, CodeBlock &Fwd);
  void foldAdjoint(const clang::CallExpr *Call, const std::string &Seed, CodeBlock &Rev);
  CodeBlock transformStmt(const clang::CallExpr *Call,
                          const std::function<std::string()> &Text, CodeBlock &Fwd);
  CodeBlock swapStmt(const clang::CallExpr *Call,
                     const std::function<std::string()> &Text, CodeBlock &Fwd);
  void diffAlgorithm(const clang::CallExpr *Call, const std::string &Seed,
                     CodeBlock &Rev);
  void coverCallerRange(const Roots &Where, const std::string &First, const std::string &Count,
                        CodeBlock &Fwd);
  std::string redoFor(const Roots &R);

  // --- side effects inside expressions (Effects.cpp) ---
  bool isEffect(const clang::Expr *E) const;
  bool mentionsVaried(const clang::Expr *E) const;
  const clang::VarDecl *steppedVariable(const clang::Expr *E) const;
  bool readsElsewhere(const clang::Expr *Root, const clang::Expr *Effect,
                      const clang::VarDecl *V) const;
  // Rule builds the statement from Root (its forward text given, effects
  // bound); Top is the statement's own operation, not an effect inside it.
  // Rule gets a function printing the statement's forward text.
  using EffectRule =
      std::function<CodeBlock(CodeBlock &, const std::function<std::string()> &)>;
  CodeBlock withEffects(const clang::Expr *Root, const clang::Expr *Top,
                        const EffectRule &Rule, CodeBlock &Fwd);
  bool effect(const clang::Expr *E, CodeBlock &Pre, CodeBlock &Post,
              CodeBlock &RevPre, CodeBlock &Undo,
              std::vector<std::pair<const clang::Expr *, std::string>> &Before);
  llvm::SmallPtrSet<const clang::Expr *, 8> HandledEffects;
  std::map<const clang::Expr *, const clang::Expr *> EffectValues; // `b = e` -> b
  std::map<const clang::Expr *, std::string> EffectSeeds; // call -> `_r3`

  // A call's argument for parameter type T: whether it carries derivatives
  // (a lambda handed on always comes with its pullback), and whether a
  // parameter of that type can take a shadow. One rule for a pullback's
  // parameters (CallAdjoint.cpp) and a split call's (SplitCalls.cpp).
  bool argumentActive(clang::QualType T, const clang::Expr *Arg) const;
  static bool takesShadow(clang::QualType T);
  // --- calls in split mode (SplitCalls.cpp) ---
  void planSplitCalls(const clang::Stmt *S);
  bool splitCallSite(const clang::CallExpr *Call, bool Statement, std::string &ShadowArgs);
  bool isSplitCall(const clang::Expr *Call) const;
  void checkSplitSites();
  bool localStorageStable(); // no local's storage moves (hasStableStorage)
  bool LocalStorageKnown = false, LocalStorageStable = false;
  std::string splitReverse(const clang::Expr *Call, const std::string &Args);
  // `_records_g.pop();` of the split calls whose reverse halves the current
  // statement's reverse ran: at its end, after every partial that reads
  // their values.
  std::vector<std::string> PendingPops;
  // A fused tanh or exp call's value, popped first in its statement's
  // reverse (`double _r3 = _partials.pop();`, planFusion): the partial
  // follows from it, and the reverse sweep reads it instead of calling
  // again. The calls, forgotten as values once their statement is done.
  std::vector<std::pair<const clang::CallExpr *, std::string>> FusedValuePops;
  CodeBlock withFusedValues(CodeBlock Rev);
  std::map<const clang::CallExpr *, std::string> FusedValues;
  std::string splitDefinition() const;
  std::string splitParameters(bool Reverse, bool Declaration) const;
  std::string parameterList(bool Declaration, bool WithSeed, bool WithRedo) const;
  std::string splitExit(const std::string &Label);
  // Parameters taken by value that the function changes: a split pullback's
  // reverse half starts from their final values, kept in the record.
  std::vector<std::pair<const clang::ParmVarDecl *, std::string>> KeptParameters;
  struct SplitSite {
    std::string Stack; // `_records_g`, a RecordStack of the callee's record,
                       // or `_record_g`, the record (Single)
    std::string Record; // the record struct's name
    std::vector<bool> Mask; // the callee's parameters with shadows
    bool Restoring;         // PullbackForm::SplitRestoring: nothing to save
    // Outside loops a call runs at most once per call of the function: its
    // record is a plain local (or member) instead of a stack of them, which
    // the compiler can keep in registers once the halves are inlined.
    bool Single = false;
    std::string forward() const { return Stack + (Single ? "._forward" : ".push()._forward"); }
    std::string top() const { return Single ? Stack : Stack + ".top()"; }
  };
  std::map<const clang::CallExpr *, SplitSite> SplitSites;
  bool Split = false;
  std::vector<std::string> SplitExits; // early returns' labels, by exit id - 1
  std::string ExitVar;                 // `_exit`, the exit id of a split pullback
  // --- calls to user functions (CallAdjoint.cpp) ---
  bool isUserCall(const clang::CallExpr *Call) const;
  // Calls Call's pullback in the reverse sweep, with Seed the adjoint of the
  // call's value ("" for a call whose value is discarded); Lean: its lean
  // pullback (the caller saved what it needs, leanCall).
  void pullbackCall(const clang::CallExpr *Call, const std::string &Seed,
                    CodeBlock &Rev, bool Lean = false);
  // The same for a call (or constructor call) Site of Callee with the
  // given arguments.
  void pullbackOf(const clang::Expr *Site, const clang::FunctionDecl *Callee,
                  const std::vector<CallArgument> &Formal, const std::string &Seed,
                  CodeBlock &Rev, bool Lean = false);
  // --- constructors (Constructors.cpp) ---
  void constructorAdjoint(const clang::CXXConstructExpr *C, const std::string &Adj,
                          CodeBlock &Rev);
  CodeBlock constructorInits(const clang::CXXConstructorDecl *Ctor, CodeBlock &Fwd);
  std::string constructorPrologue(const clang::CXXConstructorDecl *Ctor) const;
  bool overwrittenOnly(const clang::FunctionDecl *Callee, const clang::ParmVarDecl *P,
                       const CallArgument &A);
  std::string revAddressOnly(const clang::Expr *Arg, const CallArgument &A);
  // Saves what the call overwrites through pointer and reference arguments.
  // ReadOnly: only what the callee reads before writing it (the copy a
  // lean pullback runs the callee again from).
  void saveCallOutputs(const clang::CallExpr *Call, CodeBlock &Fwd,
                       CodeBlock &Rev, bool ReadOnly = false);
  bool needsLoggedCall(const clang::CallExpr *Call) const;
  bool leanCall(const clang::CallExpr *Call) const;
  void refitShadows(const clang::CallExpr *Call, CodeBlock &Fwd);
  std::string objectPointer(const clang::Expr *Object, bool Shadow, CodeBlock &Rev,
                            std::vector<std::pair<const clang::Expr *, std::string>> *Slots =
                                nullptr);
  void loggedCall(const clang::CallExpr *Call, CodeBlock &Fwd, CodeBlock &Rev);
  std::string UndoLog; // `_undo` (see Logged.h)
  bool UsesUndo = false;
  // The forward sweep gives shadows new shapes (resize_like, zeros_like):
  // a pullback keeps its callers' seeds aside meanwhile (seedsKept).
  bool ReshapesShadows = false;
  std::string seedsKept(bool Put) const;
  std::string shadowParameterType(const clang::ParmVarDecl *P,
                                  const std::string &Name) const;
  // `x = old;` for a parameter's memory, through the redo log.
  std::string restoreExternal(const std::string &Location, const std::string &Old);
  // What an assignment writes: a variable, an element given by an lvalue
  // expression (`a[i]`), or an element given by a constant subscript.
  struct Target {
    const clang::VarDecl *Var;
    const clang::Expr *LValue; // null: Var followed by Subscript
    std::string Subscript;
    std::string text(FunctionBuilder &B, bool Reverse) const;
    clang::QualType type() const;
  };
  // SaveOld false: the value Dest held is read by no one (a first
  // definition), so it is not saved even where Dest is Needed.
  CodeBlock assignment(const Target &Dest, const clang::Expr *Value,
                       clang::BinaryOperatorKind Op, bool FreshVariable,
                       const std::string &ForwardText, CodeBlock &Fwd, bool SaveOld = true);
  CodeBlock arrayInitializer(const clang::VarDecl *V,
                             const clang::InitListExpr *List,
                             clang::QualType ArrayType,
                             const std::string &Subscript, CodeBlock &Fwd);
  CodeBlock increment(const clang::Expr *E, CodeBlock &Fwd);
  void step(const clang::Expr *Operand, bool Decrement, CodeBlock &After,
            CodeBlock &Undo);
  CodeBlock assignmentStmt(const clang::Expr *L, const clang::Expr *R,
                           clang::BinaryOperatorKind Op, const clang::Expr *Whole,
                           CodeBlock &Fwd);
  CodeBlock assignmentRule(const clang::Expr *L, const clang::Expr *R,
                           clang::BinaryOperatorKind Op, const clang::Expr *Whole,
                           const std::function<std::string()> &Text, CodeBlock &Fwd);
  CodeBlock returnRule(const clang::ReturnStmt *S, const clang::Expr *Value,
                       const std::function<std::string()> &Text, CodeBlock &Fwd);
  bool untrackedStore(const clang::Expr *Location, const clang::Expr *Value);
  CodeBlock branchBody(const clang::Stmt *S, CodeBlock &Fwd);
  void saveBeforeWrite(const Target &T, CodeBlock &Fwd, CodeBlock &Rev);
  bool mayRead(const clang::Expr *Value, const Target &Dest) const;
  bool isNeverRead(const clang::VarDecl *V);
  bool isDeadLocal(const clang::VarDecl *V);
  VarSet ReadVariables; // every variable an expression of Def reads
  VarSet DeadLocals;    // locals nothing reads (isDeadLocal), declared [[maybe_unused]]
  bool ReadVariablesKnown = false;
  void pointerAssignment(const Target &Dest, const clang::Expr *Value,
                         clang::BinaryOperatorKind Op, CodeBlock &Fwd);
  // `x = old;`, or through the redo log where x may be the caller's memory.
  std::string restore(const clang::Expr *LValue, const std::string &Location,
                      const std::string &Old);
  std::string RedoLog; // `_redo` (a gradient's log, or a pullback's pointer to it)
  bool CoversCallerRanges = false; // RedoLog.cover(...) in the forward sweep
  bool UsesRedo = false;

  // --- expressions (ExprAdjoint.cpp) ---
  // Adds Seed * dE/d(each varied variable in E) into their adjoints.
  void diff(const clang::Expr *E, const std::string &Seed, CodeBlock &Rev);
  // The same, computing each math call and each subexpression holding one
  // that the derivative code reads once, into temporaries (ValueBinder.h):
  // sigmoid's 1 / (1 + exp(-x)) calls exp once, not three times.
  void diffOnce(const clang::Expr *E, const std::string &Seed, CodeBlock &Rev);
  // diff() into a block that is thrown away, recording in Read what the
  // derivative code prints (the first pass of ValueBinder.h): names,
  // temporaries, records and accumulators are as before; returns its text.
  std::string scratchDiff(const clang::Expr *E, const std::string &Seed, ExprSet &Read);
  bool BindValues = false; // diffOnce is binding: partials may use bound values
  bool BindCalls = false;  // ... and records the calls whose partials follow from their value
  void diffBinary(clang::BinaryOperatorKind Op, const clang::Expr *L,
                  const clang::Expr *R, const std::string &Seed,
                  clang::QualType T, CodeBlock &Rev);
  std::string partialOf(const clang::CallExpr *Call, const MathRule &Rule, unsigned K,
                        const std::vector<std::string> &Args, const std::string *Value);
  void diffCall(const clang::CallExpr *C, const std::string &Seed,
                CodeBlock &Rev);
  // --- std::complex (ComplexRules.cpp) ---
  bool complexValue(const clang::Expr *E, const std::string &Seed, CodeBlock &Rev);
  void complexBinary(clang::BinaryOperatorKind Op, const clang::Expr *L, const clang::Expr *R,
                     const std::string &Seed, CodeBlock &Rev);
  bool complexToReal(const clang::CallExpr *Call, const std::string &Seed, CodeBlock &Rev);
  void flowInto(const clang::Expr *Operand, const std::string &ComplexSeed, CodeBlock &Rev);
  // The shadow of the location LValue designates, and of a pointer (see
  // Shadow.h), in reverse-sweep text (Reverse) or forward-sweep text.
  std::string adjointOf(const clang::Expr *LValue, bool Reverse = true);
  std::string adjointPointer(const clang::Expr *Pointer, bool Reverse = true);
  void noteShadowUses(const VarSet &Uses);
  // True if a store into LValue must save the old value: the reverse sweep
  // reads a variable it may be part of.
  bool needsSave(const clang::Expr *LValue) const;
  // Seed bound to a fresh `_rN` when it is an expression used twice.
  std::string shareable(const std::string &Seed, clang::QualType T,
                        CodeBlock &Rev);
  bool checkNoSideEffects(const clang::Expr *E);
  // The reverse of `y = E(y)` must zero _d_y before E's partials flow in.
  // The reset waits at a mark: if the first write to _d_y is a plain
  // `_d_y += s` in the same block, it becomes `_d_y = s` and the reset is
  // dropped (one dependent add less per iteration of a recurrence).
  struct PendingReset {
    std::string Adjoint; // empty: none pending
    CodeBlock *Block = nullptr;
    CodeBlock::Mark At{};
  };
  PendingReset Reset;
  void deferReset(const std::string &Adjoint, CodeBlock &Rev);
  void settleReset(); // writes the pending reset where it belongs
  void addToAdjoint(const std::string &Adjoint, const std::string &Seed,
                    CodeBlock &Rev);

  // --- shared helpers (FunctionBuilder.cpp) ---
  std::string fwd(const clang::Expr *E) const {
    return Printer.print(E, nullptr, /*Forward=*/true);
  }
  // Text of E for adjoint code; in the reverse sweep it reads restored values,
  // so the variables it reads are recorded (see Generator.cpp); a sum
  // reduction's partials run in the forward loop and record nothing.
  std::string rev(const clang::Expr *E) {
    return Printer.print(E, CurrentReduction ? nullptr : &ReverseReads);
  }
  std::string revOperand(const clang::Expr *E) {
    return Printer.operand(E, CurrentReduction ? nullptr : &ReverseReads);
  }
  void unsupported(clang::SourceLocation Loc, llvm::StringRef What,
                   llvm::StringRef Hint = "");
  // An error at S, unless S uses a variable already refused (one error
  // per cause, not one per use).
  void unsupported(const clang::Stmt *S, llvm::StringRef What,
                   llvm::StringRef Hint = "");
  bool mentionsRefused(const clang::Stmt *S) const;
  VarSet Refused;
  std::string tape(const std::string &ElementType, const std::string &Base,
                   bool Objects = false);
  std::string tapeFor(clang::QualType T);      // overwritten values
  std::string partialsTape(clang::QualType T); // saved partial derivatives
  std::string controlTape();                   // branches, exits, counts
  // `Tape.push(Value);`, counting the push towards the tape's bound.
  std::string push(const std::string &Tape, const std::string &Value,
                   long Count = 1);
  void notePush(const std::string &Tape, long Count);
  // Math calls and small helpers computed together with their derivative
  // (see fused.hpp, FusedCalls.cpp).
  void planFusion(const clang::Expr *Value);
  bool readsVariableWrittenIn(const clang::Expr *E, const clang::Stmt *Body,
                              bool VariedOnly) const;
  // A store `L = R` a pullback's forward sweep need not make (Overwrites.cpp).
  bool deadStore(const clang::Expr *L, const clang::Expr *R) const;
  std::string record(const std::string &Type, const std::string &Base,
                     const std::string &Init);
  std::string newLabel() { return Names.numbered("_label"); }
  std::string newTemp() {
    ++TempCount;
    return Names.numbered("_r");
  }
  bool hoistLocal(const clang::VarDecl *V);
  std::string initializerText(const clang::VarDecl *V);
  std::string valueText(clang::QualType T, const clang::Expr *Init, bool ListInit);
  std::string viewShadowValue(clang::QualType T, const clang::Expr *Init, bool ListInit);
  CodeBlock referenceDeclaration(const clang::VarDecl *V, CodeBlock &Fwd);
  void saveBinding(const clang::VarDecl *V, CodeBlock &Fwd, CodeBlock &Rev);
  std::string declareShadow(const clang::VarDecl *V, const std::string &Name,
                            ShadowKind Kind);
  // --- objects of classes holding reals (Records.cpp) ---
  void emitZero(clang::QualType T, const std::string &Text, CodeBlock &Out);
  void emitAdd(clang::QualType T, const std::string &Dst, const std::string &Src,
               CodeBlock &Out);
  void recordInitAdjoint(const clang::Expr *Init, const std::string &Adj, CodeBlock &Rev);
  void valueInitAdjoint(const clang::Expr *Init, clang::QualType T, const std::string &Adj,
                        CodeBlock &Rev);
  CodeBlock recordDeclaration(const clang::VarDecl *V, CodeBlock &Fwd);
  CodeBlock deferredDeclaration(const clang::VarDecl *V, CodeBlock &Fwd);
  // Class locals kept in a std::optional (see hoistLocal): the storage's
  // name, and its shadow's after a space.
  std::map<const clang::VarDecl *, std::string> Deferred;
  CodeBlock recordAssign(const clang::CXXOperatorCallExpr *Call, CodeBlock &Fwd);
  CodeBlock recordStore(const Target &Dest, const clang::Expr *Value, bool FreshVariable,
                        const std::string &ForwardText, CodeBlock &Fwd);
  void zeroObject(clang::QualType T, const std::string &Name, const std::string &Like,
                  CodeBlock &Out);
  bool requireHooks(clang::QualType T, const clang::Stmt *At);
  // --- classes that own their reals (HandleRules.cpp) ---
  CodeBlock handleChange(const clang::Expr *Object, const std::string &ForwardText,
                         const std::function<void(const std::string &, CodeBlock &)> &Propagate,
                         CodeBlock &Fwd);
  CodeBlock handleReshape(const clang::CXXMemberCallExpr *Call, CodeBlock &Fwd);
  CodeBlock handleAssign(const clang::CXXOperatorCallExpr *Call, CodeBlock &Fwd);
  // --- std::vector and std::array locals (Containers.cpp) ---
  CodeBlock containerDeclaration(const clang::VarDecl *V, CodeBlock &Fwd);
  CodeBlock containerCall(const clang::CXXMemberCallExpr *Call, CodeBlock &Fwd);
  CodeBlock containerAssign(const clang::CXXOperatorCallExpr *Call, CodeBlock &Fwd);
  CodeBlock containerChange(
      const clang::Expr *Object, const std::string &ForwardText, bool KeepsPrefix,
      const std::function<void(const std::string &, const std::string &, CodeBlock &)>
          &Propagate,
      CodeBlock &Fwd);
  void containerInitAdjoint(const clang::Expr *Init, const std::string &Adj,
                            CodeBlock &Rev);
  std::string containerShadow(const clang::Expr *Object, bool Reverse);
  void checkPointersIntoContainers();
  void declareAdjoints();
  void declareAdjoint(const clang::VarDecl *V, const std::string &Name,
                      clang::QualType T);
  bool inLoop() const { return LoopDepth > 0; }

  clang::ASTContext &Ctx;
  const clang::FunctionDecl *Def;
  PullbackRegistry &Pullbacks;
  AdjointKind Kind;
  std::string Name;
  std::string Seed; // adjoint of the returned value: "1" or `_d_return`
  std::vector<const clang::ParmVarDecl *> Active;
  const VarSet &Needed;
  ActivityAnalysis Activity;
  NameAllocator Names;
  ExprPrinter Printer;
  AvailableValues Available; // what variables hold where partials are taken

  ShadowMemory Shadow; // `_d_y`, `d_p`, `_d_v`: see Shadow.h
  std::map<const clang::ParmVarDecl *, std::string> ResultParams; // `d_x`
  std::vector<std::string> TypeDecls, AdjointDecls, RecordDecls;
  std::vector<std::pair<const clang::VarDecl *, std::string>> LocalDecls;
  struct TapeInfo {
    std::string Name, ElementType;
    long Bound; // most elements a call pushes; -1: not known
    bool Objects = false; // ::ad::ObjectTape (vectors and other classes)
    bool Records = false; // ::ad::RecordStack of a split call's records
    bool Single = false;  // ... or, outside loops, the one record itself
  };
  std::string localDeclarations() const; // the locals, records and tapes
  static constexpr long kMaxStackTape = 4096;
  static constexpr long kTapeBuffer = 16; // a pullback's tapes' first values, on the stack
  std::vector<TapeInfo> Tapes;
  std::map<std::string, size_t> TapeIndex;
  std::vector<long> LoopTrips; // enclosing loops' trip counts, -1: unknown
  std::vector<const clang::Stmt *> LoopBodies; // the enclosing loops
  std::map<const clang::CallExpr *, std::string> Fused; // call -> partials tape
  llvm::StringSet<> HoistedNames;
  VarSet InPlace; // locals declared where f declares them (lambdas)
  VarSet ReverseReads;
  std::string ResultVar;
  const clang::Stmt *FinalReturn = nullptr;
  int LoopDepth = 0;
  unsigned TempCount = 0;
  bool Failed = false;

  // Targets of break/continue: each jump gets an id and a label in the
  // reverse sweep where the reverse of its iteration (or switch) starts.
  struct Exit {
    unsigned Id;
    std::string Label;
    bool IsContinue;
  };
  struct JumpTarget {
    bool IsLoop;
    std::string ExitRecord; // switch: the variable holding the exit id
    std::vector<Exit> Exits;
    std::string ValueVar;   // switch: the variable holding the selector
    std::string StartLabel; // switch: the start of its reverse (in a loop)
    bool StartUsed = false;
  };
  std::vector<JumpTarget *> Targets;

  // Sum reductions: while the partials of `Accumulating += term` are
  // generated into the forward loop of CurrentReduction, a variable's
  // adjoint is the accumulator of d(Accumulating)/d(variable), `_dll_drho`;
  // the partials read current values (nothing to record for the reverse
  // sweep) and use a math call's value where it is bound (ValuePartials).
  const clang::VarDecl *Accumulating = nullptr;
  struct Accumulator {
    const clang::VarDecl *Sum, *Input;
    std::string Name;
  };
  std::vector<Accumulator> Accumulators;
  const clang::ForStmt *CurrentReduction = nullptr;
  size_t LoopAccumulators = 0; // the current loop's: from here on
  bool EveryIteration = true;  // the statement runs in every iteration
  CodeBlock HoistedBlock; // `_c0 = std::log(lam);` before the loop
  std::vector<const clang::Expr *> Hoisted;

  CodeBlock Forward, Reverse;
  CodeBlock Epilogue; // after the reverse sweep: `*d_x += _d_x;`
  const clang::FunctionDecl *SignaturePattern = nullptr;
  // --- lambdas (Closures.cpp) ---
  // Set when building the pullback of a lambda's call operator: the
  // function the lambda is in, whose variables it captures. The pullback is
  // then a lambda itself, defined inside the enclosing function.
  FunctionBuilder *Enclosing = nullptr;
  std::map<const clang::VarDecl *, const clang::LambdaExpr *> LambdaVars; // `auto f = [...]`
  std::map<const clang::LambdaExpr *, std::string> LambdaNames; // in generated text
  std::map<std::pair<const clang::LambdaExpr *, const clang::FunctionDecl *>, std::string>
      ClosurePullbacks;
  // A pullback that takes lambdas: their closure types are its template
  // parameters (`F`, and `D_F` for the pullback lambda passed as `d_f`).
  std::vector<std::string> ClosureTemplateParams;
  std::map<const clang::ParmVarDecl *, std::string> ClosureShadowTypes;
  void aliasClosureParameters();
  void registerUnnamedLambdas(const clang::Stmt *Body);
  // V: the local holding it, if any (its [[maybe_unused]] is kept).
  std::string defineLambda(const clang::LambdaExpr *L, const std::string &Name,
                           const clang::VarDecl *V = nullptr);
  const clang::LambdaExpr *lambdaOf(const clang::Expr *E) const;
  std::string closureShadow(const clang::Expr *Closure, const clang::FunctionDecl *Op,
                            const clang::Expr *At);
  void readCaptures(const clang::LambdaExpr *L);
  std::vector<std::string> ClosureDecls; // defined before the forward sweep
  bool checkLambda(const clang::LambdaExpr *L);
  std::string lambdaText(const clang::LambdaExpr *L);
  CodeBlock lambdaDeclaration(const clang::VarDecl *V, const clang::LambdaExpr *L);
  // The adjoint handed to a custom pullback for an argument that carries
  // no derivative (CustomRuleCalls.cpp).
  std::string scratchAdjoint(const clang::ParmVarDecl *P, const clang::Expr *Arg,
                             CodeBlock &Rev);
  bool ruleDeclaredBefore(const clang::FunctionDecl *Rule, const clang::Expr *Call,
                          const std::string &CalleeName);
  bool argumentsDisjoint(const clang::Expr *Call, const clang::FunctionDecl *Callee,
                         const std::vector<CallArgument> &Formal);
  std::string genericClosurePullback(const clang::LambdaExpr *L, const clang::Expr *At);
  std::string closurePullback(const clang::LambdaExpr *L, const clang::FunctionDecl *Op,
                              const clang::Expr *At);
  void adoptCaptures();
  static VarSet capturedVaried(const clang::FunctionDecl *Def, const FunctionBuilder *Enclosing);
  std::string patternShadowType(const clang::ParmVarDecl *P, const std::string &Name) const;
  std::string ObjectName, ObjectShadowName; // a constructor's: `_object`, `_d_object`
  static std::vector<const clang::ParmVarDecl *>
  analysedActive(const clang::FunctionDecl *Def, std::vector<const clang::ParmVarDecl *> Active);
};

} // namespace adgen
