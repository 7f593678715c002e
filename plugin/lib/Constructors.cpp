// Constructors of the user's classes. A constructor computes an object
// from its arguments, so its pullback is that of a function returning the
// object: it takes the object's adjoint as `_d_return` and adds into the
// arguments' shadows.
//
//   V3(T x, T y, T z) : x(x), y(y), z(z) {}
//   static void V3_ctor_pullback(double x, double y, double z,
//                                const V3<double> &_d_return,
//                                double *d_x, double *d_y, double *d_z);
//
// The pullback first builds the object the way the caller did (calling the
// constructor: every member then exists and can be assigned, whatever the
// class), then runs the member initializers as assignments `self->x = x`
// and the body again, saving what the reverse sweep needs, and propagates
// `_d_return` back through them.
#include "FunctionBuilder.h"
#include "Types.h"

#include "clang/AST/DeclCXX.h"
#include "clang/AST/ExprCXX.h"

using namespace clang;

namespace adgen {

// `V3<double> _object(x, y, z);` and the pointers `self`, `d_self` the
// body's `this` and its shadow are printed as.
std::string FunctionBuilder::constructorPrologue(const CXXConstructorDecl *Ctor) const {
  std::string Type = Printer.type(resultType(Ctor));
  std::string Args;
  for (const ParmVarDecl *P : Ctor->parameters())
    Args += (Args.empty() ? "" : ", ") + Printer.nameOf(P);
  const ParmVarDecl *Self = selfParameter(Ctor);
  std::string SelfName = Printer.nameOf(Self), ShadowName = Shadow.find(Self)->Name;
  return "  // The object, built as the caller built it; its initializers and body run\n"
         "  // again below, saving what the reverse sweep needs.\n"
         "  " + Type + " " + ObjectName + (Args.empty() ? "" : "(" + Args + ")") + ";\n" +
         "  " + Type + " *" + SelfName + " = &" + ObjectName + ";\n" +
         "  " + Type + " " + ObjectShadowName + " = " + Seed + ";\n" +
         "  " + Type + " *" + ShadowName + " = &" + ObjectShadowName + ";\n";
}

// The member initializers (written or implied by default member
// initializers), as assignments to the object's members.
CodeBlock FunctionBuilder::constructorInits(const CXXConstructorDecl *Ctor, CodeBlock &Fwd) {
  CodeBlock Rev;
  const ParmVarDecl *Self = selfParameter(Ctor);
  auto *This = CXXThisExpr::Create(Ctx, Ctor->getLocation(), Self->getType(), true);
  for (const CXXCtorInitializer *I : Ctor->inits()) {
    SourceLocation Loc = I->getSourceLocation().isValid() ? I->getSourceLocation()
                                                          : Ctor->getLocation();
    if (!I->isMemberInitializer()) {
      if (I->isBaseInitializer() &&
          !holdsReals(QualType(I->getBaseClass(), 0)))
        continue;
      unsupported(Loc, "a constructor that initializes a base class or delegates to "
                       "another constructor",
                  "initialize the members in this constructor");
      continue;
    }
    FieldDecl *F = I->getMember();
    QualType T = F->getType();
    const Expr *Init = I->getInit();
    // A const or reference member cannot be assigned again; the body cannot
    // change it either, so the object already holds its value.
    if (T.isConstQualified() || T->isReferenceType()) {
      if (holdsReals(T) && Activity.dependsOnVaried(Init))
        unsupported(Loc, "the const or reference member '" + F->getNameAsString() +
                             "' initialized from active values",
                    "make the member a non-const value");
      continue;
    }
    auto *Member = MemberExpr::CreateImplicit(Ctx, This, true, F, T.getNonReferenceType(),
                                              VK_LValue, OK_Ordinary);
    std::string Text = Printer.nameOf(Self) + "->" + F->getNameAsString() + " = " +
           valueText(T, Init, false) + ";";
    CodeBlock InitRev;
    switch (shapeOf(T)) {
    case Shape::Real:
      InitRev = assignment({nullptr, Member, ""}, Init, BO_Assign, true, Text, Fwd);
      break;
    case Shape::Record:
      InitRev = recordStore({nullptr, Member, ""}, Init, true, Text, Fwd);
      break;
    case Shape::Container:
    case Shape::Array: {
      Fwd.line(Text);
      std::string Adj = adjointOf(Member);
      if (Adj == "?")
        break;
      containerInitAdjoint(Init, Adj, InitRev);
      InitRev.line("::ad::zero(" + Adj + ");");
      break;
    }
    case Shape::Inactive:
      Fwd.line(Text);
      break;
    default:
      unsupported(Loc, "the member '" + F->getNameAsString() + "' of type '" +
                           Printer.type(T) + "'");
    }
    InitRev.append(Rev);
    Rev = InitRev;
  }
  return Rev;
}

// The caller's side: `V3<double>(a, b, c)` (or `V3<double> v(a, b, c);`)
// whose object's adjoint is Adj.
void FunctionBuilder::constructorAdjoint(const CXXConstructExpr *C, const std::string &Adj,
                                         CodeBlock &Rev) {
  const CXXConstructorDecl *Ctor = C->getConstructor();
  std::vector<CallArgument> Formal;
  for (unsigned I = 0; I < C->getNumArgs() && I < Ctor->getNumParams(); ++I)
    Formal.push_back({Ctor->getParamDecl(I), C->getArg(I), false});
  pullbackOf(C, Ctor, Formal, Adj, Rev);
}

} // namespace adgen
