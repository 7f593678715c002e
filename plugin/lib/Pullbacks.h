// Calls to the user's own functions. Each callee is differentiated into a
// *pullback* that all call sites share:
//
//   double g(double a, const double *p);                     // the callee
//   void g_pullback(double a, const double *p,               // its inputs,
//                   double _d_return,                        // d result/d g,
//                   double *d_a, double *d_p);               // adds d g/d a...
//
// The pullback recomputes g's forward sweep from the inputs, then runs its
// reverse sweep seeded with _d_return. There is one pullback per callee and
// pattern of active parameters; the registry hands out their names while
// gradients are built and the generator then builds what was asked for.
#pragma once

#include "Locations.h"
#include "ad-gen/Generator.h"
#include "Logged.h"
#include "RecordHooks.h"

#include "clang/AST/Decl.h"
#include "clang/Basic/SourceLocation.h"

#include <map>
#include <set>
#include <string>
#include <tuple>
#include <vector>

namespace adgen {

// What is made for a call (SplitCalls.cpp): a pullback running the callee
// again and restoring everything the callee wrote through its arguments;
// such a pullback that restores only what its own reverse sweep reads (Lean:
// `g_pullback_lean`, for a caller that saves and restores what else it
// needs, CallAdjoint.cpp); a record whose halves run at the call and in the
// reverse sweep, restoring what the callee overwrote only where its reverse
// half reads it (the caller saves what else it needs); or such a record
// that restores everything the callee overwrote, for a caller that cannot
// save it.
enum class PullbackForm { Whole, Lean, Split, SplitRestoring };
inline bool isRecordForm(PullbackForm F) {
  return F == PullbackForm::Split || F == PullbackForm::SplitRestoring;
}
// Which calls are split (GeneratorOptions::Split), for the translation unit
// being generated; also forgets what was learnt of the previous one's
// functions.
void setSplitPolicy(GeneratorOptions::SplitCalls Policy);
// Whether calls may get lean pullbacks: not with split=never, which keeps
// every call's pullback restoring all it overwrote.
bool leanPullbacks();

struct PullbackRequest {
  const clang::FunctionDecl *Callee; // the definition
  std::vector<bool> Active;          // per parameter
  std::string Name;
  clang::SourceLocation FirstCall; // where it was first needed, for notes
  int Index;  // in the registry
  int Parent; // the pullback whose body made the call; -1: a gradient's
  PullbackForm Form = PullbackForm::Whole;
};

// A split call's record, built (SplitCalls.cpp): defined in the generated
// text once a function that is emitted uses it -- a record requested only
// by a build that was then redone is not.
struct BuiltRecord {
  std::string Prototype, Definition; // the struct; its member functions
  std::vector<std::string> Uses;     // records it holds stacks of
  bool Defined = false;
};

// A helper's value-and-derivative function (PullbackRegistry::withDerivative).
struct DerivativeHelper {
  std::string Name; // "": forward mode does not handle the helper
  std::string Prototype, Definition;
  bool Defined = false;
};

class PullbackRegistry {
public:
  // The pullback's name; the first request for a (callee, activity) pair
  // queues it for generation.
  std::string request(const clang::FunctionDecl *Callee,
                      const std::vector<bool> &Active,
                      clang::SourceLocation CallSite,
                      PullbackForm Form = PullbackForm::Whole);

  // Requests not yet handed out by takePending(), oldest first.
  std::vector<PullbackRequest> takePending();

  // The pullback being built (-1 while building a gradient): the parent of
  // what it requests, so errors can be traced back to the marked function.
  void setCurrent(int Index) { Current = Index; }
  const PullbackRequest &at(int Index) const { return All[Index]; }

  // What was requested up to a point, to forget what a build that failed
  // without failing the file requested since (its text is dropped).
  struct Snapshot {
    size_t Count;
    std::map<std::tuple<const clang::FunctionDecl *, std::vector<bool>, PullbackForm>, std::string> Names;
    std::set<std::string> Used;
    std::map<std::string, BuiltRecord> Records;
    std::map<const clang::FunctionDecl *, DerivativeHelper> Derivatives;
  };
  Snapshot snapshot() const { return {All.size(), Names, Used, Records, Derivatives}; }
  void restore(const Snapshot &S) {
    All.resize(S.Count);
    Names = S.Names;
    Used = S.Used;
    Records = S.Records;
    Derivatives = S.Derivatives;
    Pending.clear();
  }
  // Records built so far, by name.
  std::map<std::string, BuiltRecord> &records() { return Records; }

  // A helper of one real input whose calls in loops are computed with
  // their derivative (FusedCalls.cpp): the name of its value-and-derivative
  // function (`sigmoid_with_derivative`, its f_grad in forward mode), built
  // on the first request; "" if forward mode does not handle the helper.
  std::string withDerivative(clang::ASTContext &Ctx, const clang::FunctionDecl *Callee);
  // The prototypes and definitions of those functions not yet given out.
  void takeDerivativeHelpers(std::string &Prototypes, std::string &Definitions);

  // Logged variants of helpers (Logged.h), generated once per translation
  // unit like the pullbacks.
  LoggedVariants &logged() { return Logged; }
  // Shadow hooks of the user's classes (RecordHooks.h), once per
  // translation unit too.
  RecordHooks &hooks() { return Hooks; }

private:
  int Current = -1;
  std::vector<PullbackRequest> All;
  std::map<std::tuple<const clang::FunctionDecl *, std::vector<bool>, PullbackForm>, std::string>
      Names;
  std::set<std::string> Used;
  std::vector<PullbackRequest> Pending;
  std::map<std::string, BuiltRecord> Records;
  std::map<const clang::FunctionDecl *, DerivativeHelper> Derivatives;
  LoggedVariants Logged;
  RecordHooks Hooks;
};

// A call's arguments matched with the parameters of the callee's pullback
// (formalParameters): for a member function, first its object (`a` in
// `a.norm()` or `a + b`, `p` in `p->norm()`, `this` for a call inside
// another member) for `self`.
struct CallArgument {
  const clang::ParmVarDecl *Param;
  const clang::Expr *Arg;
  bool Object; // the object of a member function: an lvalue or a pointer to it
};
std::vector<CallArgument> callArguments(const clang::CallExpr *Call);
// The variables whose storage Call may write through argument A (a
// reference's or object's location, or what a pointer points to).
Roots writtenRoots(const PointsTo &Points, const CallArgument &A);

// What a function computes: its return type, or for a constructor the
// object it builds (whose adjoint its pullback takes as `_d_return`).
clang::QualType resultType(const clang::FunctionDecl *F);

// True if Callee may write through its parameter P (a non-const pointer or
// reference): P is assigned to, stepped, or handed on to another function
// that may write through it.
bool writesThroughParameter(const clang::FunctionDecl *Callee,
                            const clang::ParmVarDecl *P);

// True if Callee only stores into what its pointer parameter P points to
// (`p[i] = v`), never reading it: its pullback recomputes those values from
// the other arguments, so what the caller's buffer holds does not matter
// (Overwrites.cpp).
bool onlyOverwritesThroughParameter(const clang::FunctionDecl *Callee,
                                    const clang::ParmVarDecl *P);
// True if Callee's lean pullback reads no value through its pointer
// parameter P: P's values flow only into P, linearly (Overwrites.cpp).
bool pullbackIgnoresValuesOf(const clang::FunctionDecl *Callee, const clang::ParmVarDecl *P);
// True if V is a local array, or a local std::vector declared outside loops
// and never resized or reassigned in In: its storage stays the same.
bool hasFixedStorage(const clang::VarDecl *V, const clang::FunctionDecl *In);
// True if V's storage, and that of what it holds, stays where it is while In
// runs: a parameter's memory, a scalar, pointer or array local, a vector as
// hasFixedStorage says, or an object of fixed shape or a view declared
// outside loops. A split call's record keeps pointers into it (SplitCalls.cpp).
bool hasStableStorage(const clang::VarDecl *V, const clang::FunctionDecl *In);

// True if Call, in a loop, may be computed with its derivative instead of
// having its pullback run it again (FusedCalls.cpp): a call of the user's
// function of one real parameter by value with a real result, which only
// computes (no state it changes, only <cmath> calls).
bool fusableHelperCall(const clang::CallExpr *Call);

// True if Callee's pullback takes the caller's redo log (`::ad::RedoLog
// *_redo`, see shadow.hpp): Callee writes through a pointer or reference
// parameter, which its pullback restores.
bool pullbackTakesRedoLog(const clang::FunctionDecl *Callee);

// True if a parameter of this type lets the callee write into the caller's
// variable: a pointer to non-const or a non-const lvalue reference.
bool isOutputParameterType(clang::QualType T);

} // namespace adgen
