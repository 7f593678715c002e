// The one-parse layout's pieces (OneParseLayout.h).
#include "OneParseLayout.h"
#include "FunctionBuilder.h"
#include "Types.h"
#include "ad-gen/Attribute.h"
#include "ad-gen/Generator.h"

#include "clang/Basic/SourceManager.h"

using namespace clang;

namespace adgen {

namespace {
// Stands for the end region's includes until the whole text is known.
constexpr const char *kEndIncludes = "// @AD_END_INCLUDES@";
} // namespace

std::string gradientPrototype(ASTContext &Ctx, const FunctionDecl *FD, const AnnotateAttr *A,
                              PullbackRegistry &Pullbacks) {
  std::vector<const ParmVarDecl *> Active = activeParameters(FD, A);
  VarSet Needed;
  FunctionBuilder Builder(Ctx, FD, Active, Needed, Pullbacks, AdjointKind::Gradient,
                          FD->getNameAsString() + "_grad");
  Builder.prepareSignature();
  return Builder.prototype();
}

// f_grad's declaration in the one-parse layout, after the shadow hooks its
// signature needs (RecordHooks.h): code after f may make shadows of its
// parameters with ad::zeros_like. Hooks already in the translation unit,
// or already requested from Pullbacks, are not written again.
std::string declarationWithHooks(ASTContext &Ctx, const FunctionDecl *Def,
                                 const AnnotateAttr *Attr, PullbackRegistry &Pullbacks) {
  std::string Hooks;
  Pullbacks.hooks().setInserter(
      [&](const Decl *, SourceLocation, const std::string &Text) { Hooks += Text; });
  std::string Prototype = gradientPrototype(Ctx, Def, Attr, Pullbacks);
  Pullbacks.hooks().setInserter(nullptr);
  return Hooks + Prototype + ";\n";
}

// The end of the main file in the one-parse layout: a generated region,
// whose first line endIncludes fills with the runtime headers.
void placeAtEnd(Rewriter &R, const SourceManager &SM, const EndOfFileText &End) {
  FileID Main = SM.getMainFileID();
  StringRef Buffer = SM.getBufferData(Main);
  R.InsertTextAfter(SM.getLocForEndOfFile(Main),
                    std::string(Buffer.ends_with("\n") ? "" : "\n") + "#line @AD_GENERATED@\n" +
                        kEndIncludes + "\n" + End.render());
}

std::string endIncludes(ASTContext &Ctx, const std::vector<std::string> &Texts,
                        std::string Main) {
  size_t At = Main.rfind(kEndIncludes);
  if (At == std::string::npos)
    return Main;
  std::string Includes = "// The gradients of this file, defined where the whole file is known.\n";
  for (const std::string &Header : runtimeHeaders(Ctx, Texts))
    Includes += "#include " + Header + "\n";
  return Main.replace(At, std::string(kEndIncludes).size() + 1, Includes);
}

std::string runtimeIncludeText(StringRef MainName) { return runtimeInclude(MainName, {}); }

std::string gradientDeclaration(ASTContext &Ctx, const FunctionDecl *Def) {
  PullbackRegistry Pullbacks;
  resetTypeCache();
  return declarationWithHooks(Ctx, Def, findDifferentiateAttr(Def), Pullbacks);
}


} // namespace adgen
