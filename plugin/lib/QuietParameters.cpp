// QuietParameters.h: [[maybe_unused]] on the parameters a generated body
// does not read. Works on the text the builders print (their own format:
// one parameter list, types printed by Clang).
#include "QuietParameters.h"

#include <cctype>
#include <vector>

namespace adgen {

namespace {

bool isWordChar(char C) { return std::isalnum(static_cast<unsigned char>(C)) || C == '_'; }

bool containsWord(const std::string &Text, const std::string &Word) {
  for (size_t At = Text.find(Word); At != std::string::npos; At = Text.find(Word, At + 1)) {
    bool Start = At == 0 || !isWordChar(Text[At - 1]);
    size_t End = At + Word.size();
    if (Start && (End >= Text.size() || !isWordChar(Text[End])))
      return true;
  }
  return false;
}

// The parameter's name: the last identifier before a default argument or
// an array bound; "" for an unnamed parameter or a declarator in
// parentheses (a function pointer).
std::string parameterName(std::string Param) {
  size_t Depth = 0;
  for (size_t I = 0; I < Param.size(); ++I) {
    char C = Param[I];
    Depth += C == '<' || C == '(' || C == '[';
    Depth -= (C == '>' || C == ')' || C == ']') && Depth > 0;
    if (C == '=' && Depth == 0) {
      Param.resize(I);
      break;
    }
  }
  while (!Param.empty() && std::isspace(static_cast<unsigned char>(Param.back())))
    Param.pop_back();
  if (!Param.empty() && Param.back() == ']')
    Param.resize(Param.find('['));
  if (Param.empty() || Param.back() == ')')
    return "";
  size_t End = Param.size(), Begin = End;
  while (Begin > 0 && isWordChar(Param[Begin - 1]))
    --Begin;
  std::string Name = Param.substr(Begin, End - Begin);
  // A type alone (`double`, `int`) has no name.
  if (Begin == 0 || Name == "const" || Name == "volatile")
    return "";
  return Name;
}

} // namespace

std::string quietUnusedParameters(const std::string &Prototype, const std::string &Body) {
  // The parameter list: the last top-level parenthesized group.
  size_t Open = std::string::npos, Close = std::string::npos;
  int Depth = 0;
  for (size_t I = 0; I < Prototype.size(); ++I) {
    if (Prototype[I] == '(') {
      if (Depth++ == 0)
        Open = I;
    } else if (Prototype[I] == ')' && Depth > 0 && --Depth == 0) {
      Close = I;
    }
  }
  if (Open == std::string::npos || Close == std::string::npos || Close < Open)
    return Prototype;
  std::vector<std::pair<size_t, size_t>> Params; // [begin, end) in Prototype
  size_t Begin = Open + 1;
  Depth = 0;
  for (size_t I = Open + 1; I <= Close; ++I) {
    char C = Prototype[I];
    if (I == Close || (C == ',' && Depth == 0)) {
      Params.push_back({Begin, I});
      Begin = I + 1;
      continue;
    }
    Depth += C == '<' || C == '(' || C == '[' || C == '{';
    Depth -= (C == '>' || C == ')' || C == ']' || C == '}') && Depth > 0;
  }
  std::string Out = Prototype;
  for (auto It = Params.rbegin(); It != Params.rend(); ++It) {
    size_t From = It->first;
    while (From < It->second && std::isspace(static_cast<unsigned char>(Prototype[From])))
      ++From;
    std::string Name = parameterName(Prototype.substr(From, It->second - From));
    if (!Name.empty() && !containsWord(Body, Name))
      Out.insert(From, "[[maybe_unused]] ");
  }
  return Out;
}

} // namespace adgen
