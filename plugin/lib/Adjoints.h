// Builds adjoints: a gradient or pullback to its fixed point of what must be
// saved, and the pullbacks and split-call records a build requested, with
// the records it uses defined in dependency order.
#pragma once

#include "FunctionBuilder.h"
#include "Pullbacks.h"

#include "clang/AST/ASTContext.h"

#include <string>
#include <vector>

namespace adgen {

struct BuiltFunction {
  bool Ok = false;
  std::string Prototype, Definition;
  std::vector<std::string> Records; // of its split calls (SplitCalls.cpp)
};

// Builds one adjoint. Which variables must be saved depends on what the
// reverse sweep reads, which depends on what is saved (restoring `a[i]`
// reads `i`): build until that set is stable.
BuiltFunction buildAdjoint(clang::ASTContext &Ctx, const clang::FunctionDecl *Def,
                           const std::vector<const clang::ParmVarDecl *> &Active,
                           PullbackRegistry &Pullbacks, AdjointKind Kind,
                           const std::string &Name, bool InsideNamespace,
                           PullbackForm Form = PullbackForm::Whole);

// Builds the pullbacks requested so far, and those they request in turn,
// into Prototypes and Definitions, with the records that Roots (those the
// caller's own text uses) and the pullbacks use. False after an error, with
// notes along the chain of calls up to the marked function.
bool buildPullbacks(clang::ASTContext &Ctx, PullbackRegistry &Pullbacks, bool InsideNamespace,
                    std::string &Prototypes, std::string &Definitions,
                    std::vector<std::string> Roots);

} // namespace adgen
