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

  // `} else {` between the two branches of an open if.
  void orElse() {
    --Depth;
    line("} else {");
    ++Depth;
  }

  void append(const CodeBlock &Other) {
    for (const auto &L : Other.Lines)
      Lines.push_back({Depth + L.first, L.second});
  }

  bool empty() const { return Lines.empty(); }
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
