// A piece of generated code: lines with their indentation depth. Statement
// adjoints are built as blocks and assembled (the reverse sweep in reverse
// order), so indentation is applied when blocks are nested, not when written.
#pragma once

#include <string>
#include <utility>
#include <vector>

namespace adgen {

class CodeBlock {
public:
  void line(std::string Text) { Lines.push_back({Depth, std::move(Text)}); }

  // Opens a brace block: `Header {` and indents what follows.
  void open(const std::string &Header) {
    line(Header.empty() ? "{" : Header + " {");
    ++Depth;
  }
  // Closes the innermost brace block; Trailer follows the brace (`} else {`).
  void close(const std::string &Trailer = "") {
    --Depth;
    line(Trailer.empty() ? "}" : "} " + Trailer);
  }

  // `} else {` (or `} else if (c) {`) between the branches of an open if.
  void orElse(const std::string &Header = "else") {
    --Depth;
    line("} " + Header + " {");
    ++Depth;
  }

  // A position in the block, where a line can be inserted later.
  struct Mark {
    size_t Pos;
    int Depth;
  };
  Mark mark() const { return {Lines.size(), Depth}; }
  void insert(Mark At, std::string Text) {
    Lines.insert(Lines.begin() + At.Pos, {At.Depth, std::move(Text)});
  }
  void append(const CodeBlock &Other) {
    for (const auto &L : Other.Lines)
      Lines.push_back({Depth + L.first, L.second});
  }

  // The lines inside a block that is one brace pair `{ ... }`, or itself.
  CodeBlock unbraced() const {
    if (Lines.size() < 2 || Lines.front().second != "{" ||
        Lines.back().second != "}" || Lines.front().first != 0)
      return *this;
    for (size_t I = 1; I + 1 < Lines.size(); ++I)
      if (Lines[I].first < 1)
        return *this;
    CodeBlock Inner;
    for (size_t I = 1; I + 1 < Lines.size(); ++I)
      Inner.Lines.push_back({Lines[I].first - 1, Lines[I].second});
    return Inner;
  }

  bool empty() const { return Lines.empty(); }
  int depth(size_t I) const { return Lines[I].first; }
  void lineAt(int LineDepth, std::string Text) {
    Lines.push_back({LineDepth, std::move(Text)});
  }
  size_t size() const { return Lines.size(); }
  const std::string &text(size_t I) const { return Lines[I].second; }

  std::string str(int BaseIndent) const {
    std::string Out;
    for (const auto &L : Lines) {
      int Indent = BaseIndent + L.first;
      Out.append(2 * (Indent < 0 ? 0 : Indent), ' ');
      Out += L.second;
      Out += '\n';
    }
    return Out;
  }

private:
  int Depth = 0;
  std::vector<std::pair<int, std::string>> Lines;
};

} // namespace adgen
