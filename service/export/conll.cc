#include "service/export/conll.h"

#include <algorithm>
#include <string>
#include <utility>
#include <vector>

#include "absl/strings/str_cat.h"
#include "service/export/tokenize.h"

namespace spanlab::dataset {
namespace {

// The precedence among overlapping spans of one layer (see conll.h).
bool TakesPrecedence(const v1::Annotation& a, const v1::Annotation& b) {
  if (a.start() != b.start()) return a.start() < b.start();
  if (a.end() != b.end()) return a.end() > b.end();
  return a.score() > b.score();
}

class ConllWriter final : public FormatWriter {
 public:
  std::vector<OutputPiece> Begin() override { return {}; }

  std::vector<OutputPiece> Document(
      const v1::Document& document,
      std::vector<v1::Annotation> spans) override {
    const Utf8Index text(document.text());
    const std::vector<std::vector<Token>> sentences = TokenizeSentences(text);
    std::vector<Token> tokens;
    // Whether token i opens a sentence: a span crossing a sentence break
    // starts again with B- there, so every sentence is valid BIO alone.
    std::vector<bool> opens;
    for (const auto& sentence : sentences) {
      tokens.insert(tokens.end(), sentence.begin(), sentence.end());
      opens.resize(tokens.size(), false);
      opens[tokens.size() - sentence.size()] = true;
    }
    std::vector<std::string> tags(tokens.size(), "O");
    SortSpans(&spans);
    std::stable_sort(spans.begin(), spans.end(), TakesPrecedence);
    for (const v1::Annotation& a : spans) {
      // The first token ending after the span starts.
      auto first = std::upper_bound(
          tokens.begin(), tokens.end(), a.start(),
          [](int64_t start, const Token& t) { return start < t.end; });
      size_t begin = first - tokens.begin(), end = begin;
      while (end < tokens.size() && tokens[end].start < a.end()) ++end;
      if (begin == end) continue;
      bool free = true;
      for (size_t i = begin; i < end; ++i) free &= tags[i] == "O";
      if (!free) continue;
      tags[begin] = absl::StrCat("B-", a.label());
      for (size_t i = begin + 1; i < end; ++i) {
        tags[i] = absl::StrCat(opens[i] ? "B-" : "I-", a.label());
      }
    }
    std::string out = absl::StrCat(kConllDocStart, "\n\n");
    size_t i = 0;
    for (const auto& sentence : sentences) {
      for (const Token& t : sentence) {
        absl::StrAppend(&out, text.Slice(t.start, t.end), "\t", tags[i++],
                        "\n");
      }
      out += "\n";
    }
    return {{std::string(kConllFileName), std::move(out)}};
  }

  std::vector<OutputPiece> End() override { return {}; }
};

}  // namespace

std::unique_ptr<FormatWriter> NewConllWriter(ExportOptions) {
  return std::make_unique<ConllWriter>();
}

}  // namespace spanlab::dataset
