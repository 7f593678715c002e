// The token check that decides between one parse and two (SingleParse.h).
// It reads the main file with Clang's raw lexer (no preprocessing): cheap,
// and conservative where it cannot see (macros, headers): a mention of the
// attribute it cannot place keeps two parses.
#include "ad-gen/SingleParse.h"

#include "clang/Lex/Lexer.h"

#include <set>

using namespace clang;

namespace adgen {
namespace {

struct RawToken {
  tok::TokenKind Kind;
  unsigned Offset, Length;
  StringRef Identifier; // raw identifiers and keywords
  bool InDirective;
};

std::vector<RawToken> rawTokens(StringRef Text, const LangOptions &LangOpts) {
  std::vector<RawToken> Out;
  Lexer L(SourceLocation(), LangOpts, Text.begin(), Text.begin(), Text.end());
  bool InDirective = false;
  Token T;
  while (!L.LexFromRawLexer(T) || T.isNot(tok::eof)) {
    if (T.isAtStartOfLine())
      InDirective = T.is(tok::hash);
    RawToken R{T.getKind(), T.getLocation().getRawEncoding(), T.getLength(), {}, InDirective};
    if (T.is(tok::raw_identifier))
      R.Identifier = T.getRawIdentifier();
    Out.push_back(R);
    if (T.is(tok::eof))
      break;
  }
  return Out;
}

bool isDerivativeName(StringRef Name) {
  for (const char *Suffix : {"_jvp", "_jacobian", "_hvp", "_hessian"})
    if (Name.ends_with(Suffix))
      return true;
  return false;
}

class Planner {
public:
  explicit Planner(std::vector<RawToken> Tokens) : Tokens(std::move(Tokens)) {}

  SingleParsePlan run() {
    for (size_t I = 0; I < Tokens.size() && Plan.Why.empty(); ++I) {
      const RawToken &T = Tokens[I];
      if (T.InDirective) {
        if (T.Identifier.contains("differentiate"))
          refuse("the attribute appears in a preprocessor directive");
        continue;
      }
      if (isDerivativeName(T.Identifier))
        refuse("the file names " + T.Identifier.str());
      else if (T.Identifier.ends_with("_grad") && !Marked.count(T.Identifier.drop_back(5).str()))
        Unresolved.insert(T.Identifier.drop_back(5).str());
      step(I);
    }
    for (const std::string &Name : Unresolved)
      if (Marked.count(Name) && Plan.Why.empty())
        refuse(Name + "_grad is named before " + Name + " is defined");
    Plan.Eligible = Plan.Why.empty() && !Plan.FunctionEnds.empty();
    Plan.NothingMarked = Plan.Why.empty() && Plan.FunctionEnds.empty();
    if (!Plan.Eligible)
      Plan.FunctionEnds.clear();
    return Plan;
  }

private:
  enum class Scope { Namespace, Other };

  void refuse(std::string Why) {
    if (Plan.Why.empty())
      Plan.Why = std::move(Why);
  }

  // Keeps the brace scopes (namespaces and `extern "C" {` are namespace
  // scopes) and sees the attribute.
  void step(size_t &I) {
    const RawToken &T = Tokens[I];
    if (T.Identifier == "namespace")
      OpensNamespace = true;
    else if (T.Identifier == "extern" && I + 2 < Tokens.size() &&
             Tokens[I + 1].Kind == tok::string_literal && Tokens[I + 2].Kind == tok::l_brace)
      OpensNamespace = true; // extern "C" {
    else if (T.Identifier == "template")
      SawTemplate = true;
    if (T.Kind == tok::l_brace) {
      Scopes.push_back(OpensNamespace ? Scope::Namespace : Scope::Other);
      endStatement();
      return;
    }
    if (T.Kind == tok::r_brace) {
      if (!Scopes.empty())
        Scopes.pop_back();
      endStatement();
      return;
    }
    if (T.Kind == tok::semi) {
      endStatement();
      return;
    }
    if (T.Identifier == "differentiate" && I >= 2 && Tokens[I - 1].Kind == tok::coloncolon &&
        Tokens[I - 2].Identifier == "ad")
      markedFunction(I);
    else if (T.Identifier.contains("differentiate"))
      refuse("'differentiate' is named outside [[ad::differentiate]]");
  }

  void endStatement() {
    OpensNamespace = false;
    SawTemplate = false;
  }

  bool atNamespaceScope() const {
    for (Scope S : Scopes)
      if (S != Scope::Namespace)
        return false;
    return true;
  }

  // From the attribute to the closing brace of the function's body.
  void markedFunction(size_t &I) {
    if (!atNamespaceScope())
      return refuse("a marked function is not at namespace scope");
    if (SawTemplate)
      return refuse("a marked function is a template");
    // Past the attribute's closing brackets (inside `[[`, two deep).
    size_t J = I + 1;
    for (int Squares = 2; J < Tokens.size() && Squares > 0; ++J)
      Squares += Tokens[J].Kind == tok::l_square ? 1 : Tokens[J].Kind == tok::r_square ? -1 : 0;
    int Parens = 0;
    StringRef Name;
    bool Qualified = false;
    for (; J < Tokens.size(); ++J) {
      const RawToken &T = Tokens[J];
      if (T.Kind == tok::eof || T.InDirective)
        return refuse("a marked function's declaration is cut by a directive");
      if (T.Kind == tok::l_paren || T.Kind == tok::l_square) {
        if (Parens++ == 0 && T.Kind == tok::l_paren && Name.empty() && J > 0 &&
            Tokens[J - 1].Kind == tok::raw_identifier) {
          Name = Tokens[J - 1].Identifier;
          Qualified = J >= 2 && Tokens[J - 2].Kind == tok::coloncolon;
        }
      } else if (T.Kind == tok::r_paren || T.Kind == tok::r_square) {
        --Parens;
      } else if (Parens == 0 && (T.Kind == tok::semi || T.Kind == tok::equal)) {
        return refuse("a marked declaration has no body here");
      } else if (Parens == 0 && (T.Identifier == "try" || T.Identifier == "operator")) {
        return refuse("a marked function is an operator or has a function try block");
      } else if (Parens == 0 && T.Kind == tok::l_brace) {
        break;
      }
    }
    if (Name.empty() || Qualified)
      return refuse("a marked function's name is not a plain identifier");
    int Depth = 0;
    for (; J < Tokens.size(); ++J) {
      const RawToken &T = Tokens[J];
      if (T.Kind == tok::eof || T.InDirective)
        return refuse("a marked function's body holds a directive");
      if (T.Identifier.ends_with("_grad") || isDerivativeName(T.Identifier))
        return refuse("a marked function names a derivative");
      if (T.Kind == tok::l_brace)
        ++Depth;
      else if (T.Kind == tok::r_brace && --Depth == 0)
        break;
    }
    if (J == Tokens.size())
      return refuse("a marked function's body does not end");
    Marked.insert(Name.str());
    Plan.FunctionEnds.push_back(Tokens[J].Offset + Tokens[J].Length);
    I = J;
    endStatement();
  }

  std::vector<RawToken> Tokens;
  SingleParsePlan Plan;
  std::vector<Scope> Scopes;
  bool OpensNamespace = false, SawTemplate = false;
  std::set<std::string> Marked, Unresolved;
};

} // namespace

SingleParsePlan planSingleParse(StringRef Text, const LangOptions &LangOpts) {
  return Planner(rawTokens(Text, LangOpts)).run();
}

} // namespace adgen
