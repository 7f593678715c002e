// Logged variants of helpers. A helper g that writes through a pointer its
// caller passed on (`void relay(double *o) { w1(o); }`, or a marked
// function's own output given to a helper) overwrites memory of a size the
// caller cannot know, so the caller cannot save it whole before the call.
// Instead the caller calls g's logged variant, which saves each value just
// before overwriting it into an ::ad::UndoLog (runtime/include/ad/shadow.hpp);
// the reverse sweep rolls the log back to the mark taken before the call.
//
// The variant is g's own source text (so it computes exactly what g does),
// inserted right after g (so its names mean what they mean in g), with
// three kinds of edits:
//
//   void g(double *o, ...)     ->  static void g_logged(double *o, ..., ::ad::UndoLog &_undo)
//   o[j] = e                   ->  (_undo.save(o[j]), o[j] = e)
//   h(o, ...)                  ->  h_logged(o, ..., _undo)       (h writes through o too)
//   std::fill(o, o + n, v)     ->  (_undo.save_n(o, (o + n) - (o)), std::fill(o, o + n, v))
#pragma once

#include "clang/AST/ASTContext.h"
#include "clang/Basic/SourceLocation.h"

#include <functional>
#include <map>
#include <set>
#include <string>

namespace adgen {

class LoggedVariants {
public:
  // Inserts generated text after the line holding a location (the
  // generator's, which adds the #line directives).
  // Inserts text after After, a declaration that ends at the location.
  using InsertFn = std::function<void(const clang::Decl *After, clang::SourceLocation,
                                      const std::string &)>;
  void setInserter(InsertFn F) { Insert = std::move(F); }

  // The name of Callee's logged variant, made on first request; "" if it
  // cannot be made, with Why saying why (in the user's terms).
  std::string request(clang::ASTContext &Ctx, const clang::FunctionDecl *Callee,
                      std::string &Why);

private:
  InsertFn Insert;
  std::map<const clang::FunctionDecl *, std::string> Names; // by pattern
  std::map<const clang::FunctionDecl *, std::string> Failures; // why not
  std::set<std::string> Used;
};

} // namespace adgen
