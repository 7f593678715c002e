// Generated names (`_d_y`, `_t0`, `d_x`) that never clash with the user's:
// every identifier the function mentions is reserved first, and a taken name
// gets a numeric suffix.
#pragma once

#include "clang/AST/Decl.h"
#include "llvm/ADT/StringSet.h"

#include <map>
#include <set>
#include <string>

namespace adgen {

// A readable identifier for a function, to build generated names from:
// `dot`, `operator_minus` for `operator-`, `Vec3_ctor` for a constructor.
std::string functionIdentifier(const clang::FunctionDecl *F);

// Names of functions an earlier generation stage defined (a later stage
// parses that text and must not define them again): pullbacks,
// pushforwards and logged variants pick other names.
void setTakenFunctionNames(std::set<std::string> Names);
bool isTakenFunctionName(const std::string &Name);

// Base, or Base_1, Base_2, ...: the first name neither in Used nor taken;
// added to Used. How pullbacks, pushforwards and logged variants are named.
std::string claimFunctionName(const std::string &Base, std::set<std::string> &Used);

class NameAllocator {
public:
  // Reserves every name declared or referenced in FD (parameters, locals,
  // called functions, globals), so generated names avoid them all.
  void reserveNamesUsedIn(const clang::FunctionDecl *FD);
  void reserve(llvm::StringRef Name) { Used.insert(Name); }

  // Base itself if free, else Base_1, Base_2, ...
  std::string fresh(const std::string &Base);
  // Base followed by the next free number: _t0, _t1, ...
  std::string numbered(const std::string &Base);

private:
  llvm::StringSet<> Used;
  std::map<std::string, unsigned> NextNumber;
};

} // namespace adgen
