#include "TextPlacement.h"
#include "ad-gen/Attribute.h"

#include "clang/AST/ASTContext.h"
#include "clang/Lex/Lexer.h"
#include "llvm/ADT/STLExtras.h"

using namespace clang;

namespace adgen {

namespace {

// Offset of the start of the line after Loc's line, in Loc's file.
SourceLocation startOfNextLine(const SourceManager &SM, SourceLocation Loc) {
  Loc = SM.getExpansionLoc(Loc);
  std::pair<FileID, unsigned> Pos = SM.getDecomposedLoc(Loc);
  StringRef Buffer = SM.getBufferData(Pos.first);
  size_t NewLine = Buffer.find('\n', Pos.second);
  unsigned Offset = NewLine == StringRef::npos ? Buffer.size() : NewLine + 1;
  return SM.getLocForStartOfFile(Pos.first).getLocWithOffset(Offset);
}

} // namespace

std::string quoted(StringRef Path) {
  std::string Out = "\"";
  for (char C : Path) {
    if (C == '"' || C == '\\')
      Out += '\\';
    Out += C;
  }
  return Out + "\"";
}

// The generated code needs the runtime; say how to get it if it is missing.
std::string runtimeInclude(StringRef MainName, const std::vector<std::string> &Extra) {
  std::string Text = "#if __has_include(<ad/core.hpp>)\n"
                     "#include <ad/core.hpp>\n";
  for (const std::string &Header : Extra)
    Text += "#include " + Header + "\n";
  return Text + "#else\n"
                "#error \"ad: generated gradients need <ad/core.hpp>: add "
                "-I<ad>/runtime/include (build/bin/ad-clang++ does)\"\n"
                "#endif\n"
                "#line 1 " + quoted(MainName) + "\n";
}

namespace {
// Whether the translation unit declares std::Name (a header the user
// included declares it, so including that header again costs nothing).
bool declaresStd(ASTContext &Ctx, StringRef Name) {
  for (const Decl *D : Ctx.getTranslationUnitDecl()->lookup(&Ctx.Idents.get("std")))
    if (const auto *NS = dyn_cast<NamespaceDecl>(D))
      if (!NS->lookup(&Ctx.Idents.get(Name)).empty())
        return true;
  return false;
}
} // namespace

std::vector<std::string> runtimeHeaders(ASTContext &Ctx, ArrayRef<std::string> Texts) {
  // What the runtime or generated code uses of a standard header, and the
  // header that then comes after ad/core.hpp.
  static const std::pair<const char *, const char *> Uses[] = {
      {"vector", "<ad/vector.hpp>"}, {"array", "<array>"}, {"optional", "<optional>"}};
  std::vector<std::string> Headers;
  for (const auto &[Name, Header] : Uses) {
    std::string Spelled = std::string("std::") + Name + "<";
    if (declaresStd(Ctx, Name) ||
        llvm::any_of(Texts, [&](const std::string &T) { return StringRef(T).contains(Spelled); }))
      Headers.push_back(Header);
  }
  return Headers;
}

// Turns `ad::differentiate(...)` into `/*differentiate(...)*/`, keeping the
// columns, so the output compiles without the plugin and without warnings.
void hideAttribute(Rewriter &R, const SourceManager &SM,
                   const LangOptions &LangOpts, const AnnotateAttr *A) {
  SourceRange Range = A->getRange();
  if (Range.getBegin().isMacroID() || Range.getEnd().isMacroID())
    return;
  CharSourceRange Chars = CharSourceRange::getTokenRange(Range);
  std::string Text = Lexer::getSourceText(Chars, SM, LangOpts).str();
  if (Text.rfind("ad::", 0) != 0 || Text.find("*/") != std::string::npos)
    return;
  R.ReplaceText(Chars, "/*" + Text.substr(4) + "*/");
}

// Where a member function's gradient is defined: after its definition if
// that is outside the class, else after the outermost enclosing class.
SourceLocation definitionPlace(const CXXMethodDecl *M) {
  if (!M->getLexicalDeclContext()->isRecord())
    return M->getEndLoc();
  const CXXRecordDecl *Outer = M->getParent();
  while (const auto *Enclosing = dyn_cast<CXXRecordDecl>(Outer->getParent()))
    Outer = Enclosing;
  return Outer->getBraceRange().getEnd();
}

void hideAttributes(Rewriter &R, const SourceManager &SM, const LangOptions &LangOpts,
                    const FunctionDecl *F) {
  for (const FunctionDecl *Redecl : F->redecls())
    for (const auto *A : Redecl->specific_attrs<AnnotateAttr>())
      if (A->getAnnotation() == kAnnotation)
        hideAttribute(R, SM, LangOpts, A);
}

// Inserts `#line @AD_GENERATED@`-prefixed Text after the line holding Loc,
// followed by a `#line` that puts the rest of the file back on its own lines.
void insertAfterLine(Rewriter &R, const SourceManager &SM, SourceLocation Loc,
                     const std::string &Text, bool RightAfter) {
  SourceLocation At = SM.getExpansionLoc(Loc);
  // The line as the user (or an earlier stage's #line) numbers it.
  PresumedLoc Presumed = SM.getPresumedLoc(At);
  std::string File = Presumed.isValid()
                         ? std::string(Presumed.getFilename())
                         : SM.getFileEntryRefForID(SM.getFileID(At))->getName().str();
  unsigned Line = Presumed.isValid() ? Presumed.getLine() : SM.getExpansionLineNumber(At);
  // A namespace closed on the same line (`void f() {...} }`): the text
  // goes right after f's `}`, so it stays in f's namespace, and the rest of
  // the line keeps its line number.
  std::pair<FileID, unsigned> Pos = SM.getDecomposedLoc(At);
  StringRef Buffer = SM.getBufferData(Pos.first);
  size_t End = Pos.second + 1; // after a function's closing `}`
  size_t LineEnd = Buffer.find('\n', End);
  StringRef Rest = End <= Buffer.size()
                       ? Buffer.slice(End, LineEnd == StringRef::npos ? Buffer.size() : LineEnd)
                       : StringRef();
  if (Pos.second < Buffer.size() && Buffer[Pos.second] == '}' &&
      (Rest.trim().starts_with("}") || RightAfter)) {
    R.InsertTextAfter(At.getLocWithOffset(1),
                      "\n#line @AD_GENERATED@\n" + Text + "#line " +
                          std::to_string(Line) + " " + quoted(File) +
                          "\n");
    return;
  }
  R.InsertTextAfter(startOfNextLine(SM, At),
                    "#line @AD_GENERATED@\n" + Text + "#line " +
                        std::to_string(Line + 1) + " " +
                        quoted(File) + "\n");
}

bool EndOfFileText::add(const DeclContext *Context, const std::string &Text) {
  std::vector<std::string> Opening;
  for (const DeclContext *DC = Context; !DC->isTranslationUnit(); DC = DC->getParent()) {
    if (const auto *NS = dyn_cast<NamespaceDecl>(DC))
      Opening.push_back(std::string(NS->isInline() ? "inline " : "") + "namespace " +
                        (NS->isAnonymousNamespace() ? "" : NS->getNameAsString() + " ") + "{");
    else if (isa<LinkageSpecDecl>(DC))
      continue; // f_grad keeps the linkage of its declaration after f
    else
      return false;
  }
  std::reverse(Opening.begin(), Opening.end());
  if (!Chunks.empty() && Chunks.back().Opening == Opening)
    Chunks.back().Text += Text;
  else
    Chunks.push_back({std::move(Opening), Text});
  return true;
}

std::string EndOfFileText::render() const {
  std::string Out;
  for (const Chunk &C : Chunks) {
    for (const std::string &Open : C.Opening)
      Out += Open + "\n";
    Out += C.Text;
    for (size_t I = C.Opening.size(); I-- > 0;)
      Out += "} // " + C.Opening[I].substr(0, C.Opening[I].size() - 2) + "\n";
  }
  return Out;
}

std::string numberGeneratedLines(const std::string &Text, const std::string &Name) {
  std::string Final;
  unsigned Line = 1;
  size_t Pos = 0;
  const std::string Marker = "#line @AD_GENERATED@";
  const std::string Numbered = " " + quoted(Name) + "\n"; // `#line N "name"`
  while (Pos < Text.size()) {
    size_t End = Text.find('\n', Pos);
    if (End == std::string::npos)
      End = Text.size() - 1;
    std::string L = Text.substr(Pos, End - Pos + 1);
    bool Earlier = L.rfind("#line ", 0) == 0 && L.size() > Numbered.size() &&
                   L.compare(L.size() - Numbered.size(), Numbered.size(), Numbered) == 0;
    if (L.rfind(Marker, 0) == 0 || Earlier)
      L = "#line " + std::to_string(Line + 1) + " " + quoted(Name) + "\n";
    Final += L;
    ++Line;
    Pos = End + 1;
  }
  return Final;
}

} // namespace adgen
