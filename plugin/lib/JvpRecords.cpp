// Objects in forward mode (Jvp.h): a struct holding reals has a tangent of
// the same type whose reals are the tangents (the shadow model of
// Records.cpp): `P _t_p{}` beside `P p{a, b}`, member by member from a
// braced list, copied with a copy, the tangent a helper returns for its
// result. Member accesses find their tangents through shadow memory
// (`_t_p.x`, `t_q->x`). Objects built by constructors of the user's, views
// (structs of pointers) and handles are not handled in forward mode yet.
#include "Handles.h"
#include "Jvp.h"
#include "Locations.h"
#include "RecordHooks.h"
#include "Types.h"
#include "ad-gen/Attribute.h"

#include "clang/AST/ExprCXX.h"

using namespace clang;

namespace adgen {

bool JvpBuilder::isPlainRecord(QualType T) const {
  T = T.getNonReferenceType();
  return shapeOf(T) == Shape::Record && !isViewType(T) && !isHandleType(T);
}

// A zero tangent for an object of type T shaped like Primal (its text).
std::string JvpBuilder::zeroTangent(QualType T, const std::string &Primal) {
  T = T.getNonReferenceType().getCanonicalType().getUnqualifiedType();
  if (hasFixedShape(T) && zeroWhenValueInitialized(T) && isDefaultConstructible(T))
    return Printer.type(T) + "{}";
  std::string Why;
  if (!Hooks || !Hooks->request(T, Why)) {
    refuse(nullptr, "a zero tangent of type '" + Printer.type(T) + "'" +
                        (Why.empty() ? "" : " (" + Why + ")"));
    return "";
  }
  return "::ad::zeros_like(" + Primal + ")";
}

// The tangent object of a record-valued expression: a location's tangent,
// or the tangent a helper's pushforward returned; "" if it carries none.
std::string JvpBuilder::recordTangent(const Expr *E) {
  if (!Activity.dependsOnVaried(E))
    return "";
  const Expr *Bare = withoutTemporaries(E)->IgnoreParenImpCasts();
  if (const auto *C = dyn_cast<CXXConstructExpr>(Bare);
      C && C->getNumArgs() == 1 && C->getConstructor()->isCopyOrMoveConstructor() &&
      !C->getConstructor()->isUserProvided())
    Bare = withoutTemporaries(C->getArg(0))->IgnoreParenImpCasts();
  if (const auto *Call = dyn_cast<CallExpr>(Bare); Call && isUserCall(Call)) {
    std::string T;
    if (!userCall(Call, T))
      return "";
    return T;
  }
  if (Bare->isGLValue())
    return location(Bare);
  // A braced temporary (`return V2{a.x + b.x, a.y};`): its tangent, member
  // by member, in a temporary of its own.
  if (const auto *List = dyn_cast<InitListExpr>(Bare); List && isPlainRecord(List->getType())) {
    QualType T = List->getType();
    std::string Slot = Names.numbered("_t");
    std::string Zero = zeroTangent(T, print(E));
    if (!Failure.empty())
      return "";
    std::vector<RecordPart> Parts = recordParts(T);
    std::vector<std::string> Stores;
    for (unsigned K = 0; K < List->getNumInits() && K < Parts.size(); ++K) {
      const Expr *Item = List->getInit(K);
      if (!Activity.dependsOnVaried(Item))
        continue;
      if (!isRealType(Parts[K].Type)) {
        refuse(Item, "this initializer of a member holding active values");
        return "";
      }
      std::string TK = tangent(Item);
      if (!TK.empty())
        Stores.push_back(partText(Slot, Parts[K]) + " = " + TK + ";");
    }
    if (!Failure.empty())
      return "";
    Pre->line(Printer.type(T.getCanonicalType().getUnqualifiedType(), Slot) + " = " + Zero + ";");
    for (const std::string &S : Stores)
      Pre->line(S);
    return Slot;
  }
  refuse(E, "this value of type '" + Printer.type(E->getType()) + "'");
  return "";
}

// `P p...;`: the primal declaration, then its tangent.
bool JvpBuilder::recordDeclaration(const VarDecl *V, const std::string &TName, CodeBlock &Out) {
  QualType T = V->getType();
  std::string Name = Printer.nameOf(V);
  Tangents.bind(V, TName, ShadowKind::Value);
  const Expr *Init = V->getInit() ? withoutTemporaries(V->getInit()) : nullptr;
  std::vector<std::string> Stores; // member tangents of a braced list
  std::string From;                // a tangent object to copy
  if (const auto *List = dyn_cast_or_null<InitListExpr>(Init)) {
    std::vector<RecordPart> Parts = recordParts(T);
    for (unsigned K = 0; K < List->getNumInits() && K < Parts.size(); ++K) {
      const Expr *Item = List->getInit(K);
      if (!Activity.dependsOnVaried(Item))
        continue;
      if (isRealType(Parts[K].Type)) {
        std::string TK = tangent(Item);
        if (!TK.empty())
          Stores.push_back(partText(TName, Parts[K]) + " = " + TK + ";");
        continue;
      }
      // A vector member from a list: `{u, v, 1.0}` gives `{_t_u, t_v, 0}`.
      const auto *C = dyn_cast<CXXConstructExpr>(withoutTemporaries(Item));
      const auto *IL = C && C->getNumArgs() >= 1
                           ? dyn_cast<CXXStdInitializerListExpr>(C->getArg(0)->IgnoreImplicit())
                           : nullptr;
      const auto *Items = IL ? dyn_cast<InitListExpr>(withoutTemporaries(IL->getSubExpr())) : nullptr;
      if (!Items || !isStdVector(Parts[K].Type) || !isRealType(elementOf(Parts[K].Type)))
        return refuse(Item, "this initializer of a member holding active values");
      std::string List;
      for (unsigned J = 0; J < Items->getNumInits(); ++J) {
        std::string TJ = tangent(Items->getInit(J));
        List += (J ? ", " : "") + (TJ.empty() ? "0" : TJ);
      }
      Stores.push_back(partText(TName, Parts[K]) + " = {" + List + "};");
    }
  } else if (const auto *C = dyn_cast_or_null<CXXConstructExpr>(Init);
             C && C->getConstructor()->isUserProvided() && Activity.dependsOnVaried(C)) {
    return refuse(Init, "building an object with a constructor of yours");
  } else if (Init && !isa<ImplicitValueInitExpr>(Init)) {
    From = recordTangent(V->getInit());
  }
  if (!Failure.empty())
    return false;
  Out.append(*Pre);
  const auto *Call = dyn_cast_or_null<CallExpr>(Init);
  Out.line(Call && Printer.substitute(Call) ? Printer.type(T, Name) + " = " + print(Call) + ";"
                                            : Printer.declaration(V) + ";");
  std::string Zero = From.empty() ? zeroTangent(T, Name) : From;
  if (!Failure.empty())
    return false;
  Out.line(declared(TName, Printer.type(T.getCanonicalType().getUnqualifiedType(), TName) +
                               " = " + Zero + ";"));
  for (const std::string &S : Stores)
    Out.line(S);
  return true;
}

} // namespace adgen
