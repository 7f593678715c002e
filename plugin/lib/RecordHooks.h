// Shadow hooks of the user's classes. The runtime's generic helpers
// (::ad::zero, ::ad::add_into, ::ad::zeros_like; runtime/include/ad/shadow.hpp)
// walk reals, arrays, containers, std::pair, std::tuple and std::complex
// on their own, but cannot see the data members of a user's struct. For
// each such class whose shadows the runtime touches (a std::vector<Vec3>
// local, an array of them, a class-type parameter whose shadow a caller
// makes with ad::zeros_like), the generator writes two functions right
// after the class's definition, in its namespace, where the runtime finds
// them by argument-dependent lookup:
//
//   inline void ad_shadow_zero(Vec3 &x) { ::ad::zero(x.x); ... }
//   inline void ad_shadow_add(Vec3 &dst, const Vec3 &src) { ::ad::add_into(dst.x, src.x); ... }
//
// For a class template the hooks are templates over the same parameters.
#pragma once

#include "clang/AST/ASTContext.h"
#include "clang/Basic/SourceLocation.h"

#include <functional>
#include <set>
#include <string>

namespace adgen {

class RecordHooks {
public:
  // Inserts text after After, a declaration that ends at the location.
  using InsertFn = std::function<void(const clang::Decl *After, clang::SourceLocation,
                                      const std::string &)>;
  void setInserter(InsertFn F) { Insert = std::move(F); }

  // Makes sure the hooks of every user class that T holds (itself, its
  // members', its elements') exist. False, with Why in the user's terms,
  // if one cannot have them.
  bool request(clang::QualType T, std::string &Why);

private:
  bool requestRecord(const clang::CXXRecordDecl *RD, std::string &Why);

  InsertFn Insert;
  std::set<const clang::CXXRecordDecl *> Done; // patterns
};

} // namespace adgen
