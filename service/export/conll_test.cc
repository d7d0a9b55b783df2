// Tests of tokenization and BIO tagging: ICU word tokens without white
// space, punctuation and emoji as tokens of their own, sentences, tags on
// tokens touched by a span, and the precedence among overlapping spans.
#include "service/export/conll.h"

#include <string>
#include <vector>

#include "absl/strings/str_join.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "service/export/test_fixtures.h"
#include "service/export/tokenize.h"

namespace spanlab::dataset {
namespace {

using testing::Doc;
using ::testing::ElementsAre;
using testing::Span;

// "Lavrov said “Trump accepted Putin’s assurances” — café 😀. Tillerson
// said no."
const std::string& Text() {
  static const std::string* const kText = new std::string(
      "Lavrov said \xE2\x80\x9CTrump accepted Putin\xE2\x80\x99s "
      "assurances\xE2\x80\x9D \xE2\x80\x94 caf\xC3\xA9 \xF0\x9F\x98\x80. "
      "Tillerson\xC2\xA0said no.");
  return *kText;
}

std::vector<std::vector<std::string>> TokenTexts(const std::string& text) {
  const Utf8Index index(text);
  std::vector<std::vector<std::string>> out;
  for (const auto& sentence : TokenizeSentences(index)) {
    auto& words = out.emplace_back();
    for (const Token& t : sentence) {
      words.emplace_back(index.Slice(t.start, t.end));
    }
  }
  return out;
}

std::string Write(const v1::Document& doc, std::vector<v1::Annotation> spans) {
  auto writer = NewConllWriter({});
  EXPECT_TRUE(writer->Begin().empty());
  auto pieces = writer->Document(doc, std::move(spans));
  EXPECT_TRUE(writer->End().empty());
  EXPECT_EQ(pieces.size(), 1u);
  EXPECT_EQ(pieces[0].file_name, kConllFileName);
  return pieces[0].data;
}

TEST(TokenizeTest, WordsPunctuationAndEmojiBySentence) {
  EXPECT_THAT(
      TokenTexts(Text()),
      ElementsAre(
          ElementsAre("Lavrov", "said", "\xE2\x80\x9C", "Trump", "accepted",
                      "Putin\xE2\x80\x99s", "assurances", "\xE2\x80\x9D",
                      "\xE2\x80\x94", "caf\xC3\xA9", "\xF0\x9F\x98\x80", "."),
          ElementsAre("Tillerson", "said", "no", ".")));
}

TEST(TokenizeTest, TokensRejoinToTheTextWithoutWhiteSpace) {
  const std::string text =
      "  a\t\tb\r\n\xE2\x80\x83"
      "c\x1C"
      "d  ";
  std::string joined;
  for (const auto& sentence : TokenTexts(text)) {
    joined += absl::StrJoin(sentence, "");
  }
  EXPECT_EQ(joined, "abcd");
  EXPECT_TRUE(TokenTexts("  \n ").empty());
}

TEST(ConllTest, BioTagsWithDocStartAndSentenceBreaks) {
  const v1::Document doc = Doc("d", Text());
  EXPECT_EQ(Write(doc, {Span(doc,
                             "\xE2\x80\x9CTrump accepted Putin\xE2\x80\x99s "
                             "assurances\xE2\x80\x9D",
                             "attributed_claim"),
                        Span(doc, "no", "opinion")}),
            "-DOCSTART- -X- O O\n\n"
            "Lavrov\tO\nsaid\tO\n\xE2\x80\x9C\tB-attributed_claim\n"
            "Trump\tI-attributed_claim\naccepted\tI-attributed_claim\n"
            "Putin\xE2\x80\x99s\tI-attributed_claim\n"
            "assurances\tI-attributed_claim\n\xE2\x80\x9D\tI-attributed_claim\n"
            "\xE2\x80\x94\tO\ncaf\xC3\xA9\tO\n\xF0\x9F\x98\x80\tO\n.\tO\n\n"
            "Tillerson\tO\nsaid\tO\nno\tB-opinion\n.\tO\n\n");
}

TEST(ConllTest, ASpanEndingInsideAWordTagsTheWholeWord) {
  const v1::Document doc = Doc("d", Text());
  const std::string out = Write(doc, {Span(doc, "Putin", "opinion")});
  EXPECT_NE(out.find("Putin\xE2\x80\x99s\tB-opinion\n"), std::string::npos);
}

TEST(ConllTest, OverlapsResolveByStartThenLengthThenScore) {
  const v1::Document doc = Doc("d", Text());
  v1::Annotation longer =
      Span(doc, "Trump accepted", "disputed", v1::AUTOMATIC, "m");
  v1::Annotation shorter = Span(doc, "Trump", "opinion", v1::AUTOMATIC, "m");
  v1::Annotation later =
      Span(doc, "accepted Putin", "attributed_claim", v1::AUTOMATIC, "m");
  v1::Annotation weak = Span(doc, "Tillerson", "opinion", v1::AUTOMATIC, "m");
  weak.set_score(0.1);
  v1::Annotation strong =
      Span(doc, "Tillerson", "disputed", v1::AUTOMATIC, "m");
  strong.set_score(0.9);
  const std::string out = Write(doc, {shorter, later, longer, weak, strong});
  EXPECT_NE(out.find("Trump\tB-disputed\naccepted\tI-disputed\n"
                     "Putin\xE2\x80\x99s\tO\n"),
            std::string::npos)
      << out;
  EXPECT_NE(out.find("Tillerson\tB-disputed\n"), std::string::npos) << out;
}

TEST(ConllTest, ASpanAcrossASentenceBreakStartsAgainInTheNextSentence) {
  const v1::Document doc = Doc("d", Text());
  const std::string out = Write(
      doc, {Span(doc, "caf\xC3\xA9 \xF0\x9F\x98\x80. Tillerson", "opinion")});
  EXPECT_NE(out.find("caf\xC3\xA9\tB-opinion\n\xF0\x9F\x98\x80\tI-opinion\n"
                     ".\tI-opinion\n\nTillerson\tB-opinion\nsaid\tO\n"),
            std::string::npos)
      << out;
}

TEST(ConllTest, DocumentWithoutTokens) {
  EXPECT_EQ(Write(Doc("d", " \n "), {}), "-DOCSTART- -X- O O\n\n");
}

}  // namespace
}  // namespace spanlab::dataset
