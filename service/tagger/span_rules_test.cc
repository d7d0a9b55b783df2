// The boundary and precedence rules on their own, byte by byte.
#include "service/tagger/span_rules.h"

#include <string>
#include <vector>

#include "gtest/gtest.h"
#include "service/tagger/candidate.h"
#include "service/tagger/lexicon.h"

namespace spanlab::tagger {
namespace {

const Lexicon& Words() {
  static const Lexicon* const lexicon = new Lexicon();
  return *lexicon;
}

// Trims all of `s` and returns what is left ("" if nothing).
std::string Trim(const std::string& s) {
  uint32_t begin = 0;
  uint32_t end = static_cast<uint32_t>(s.size());
  if (!TrimSpan(s, Words(), &begin, &end)) return "";
  return s.substr(begin, end - begin);
}

TEST(TrimSpanTest, EdgeQuotationMarks) {
  EXPECT_EQ(Trim("\u201CWe are ready\u201D"), "We are ready");
  EXPECT_EQ(Trim("\"We are ready\""), "We are ready");
  EXPECT_EQ(Trim("\u2018We are ready\u2019"), "We are ready");
  EXPECT_EQ(Trim("\u00ABNous sommes pr\u00EAts\u00BB"),
            "Nous sommes pr\u00EAts");
}

TEST(TrimSpanTest, ClosingFullStopAndCommaEvenInsideQuotes) {
  EXPECT_EQ(Trim("the deal was done."), "the deal was done");
  EXPECT_EQ(Trim("\u201CThe deal is done.\u201D"), "The deal is done");
  EXPECT_EQ(Trim("\u201CThe deal is done,\u201D"), "The deal is done");
  EXPECT_EQ(Trim("the deal is done;"), "the deal is done");
  EXPECT_EQ(Trim("a partisan \u201Cwitch-hunt.\u201D"),
            "a partisan \u201Cwitch-hunt");
}

TEST(TrimSpanTest, QuestionAndExclamationMarksStay) {
  EXPECT_EQ(Trim("\u201CWhat do we do now?\u201D"), "What do we do now?");
  EXPECT_EQ(Trim("\u201CWe won!\u201D"), "We won!");
}

TEST(TrimSpanTest, AbbreviationsAndEllipsesKeepTheirDots) {
  EXPECT_EQ(Trim("relations with the U.S."), "relations with the U.S.");
  EXPECT_EQ(Trim("and then..."), "and then...");
  EXPECT_EQ(Trim("signed by John F."), "signed by John F.");
}

TEST(TrimSpanTest, LeadingThat) {
  EXPECT_EQ(Trim("that the bridge was unsafe"), "the bridge was unsafe");
  // A pronoun, not a conjunction: it stays.
  EXPECT_EQ(Trim("that is the first topic"), "that is the first topic");
  EXPECT_EQ(Trim("that was never the plan"), "that was never the plan");
  // Only the word "that", not words starting with it.
  EXPECT_EQ(Trim("thatched roofs burned"), "thatched roofs burned");
}

TEST(TrimSpanTest, WhiteSpaceOfAnyKind) {
  EXPECT_EQ(Trim(" \u00A0the deal\u2009\u00A0"), "the deal");
  EXPECT_EQ(Trim("\u00A0\u201C the deal \u201D\u00A0"), "the deal");
  EXPECT_EQ(Trim(" \u201C\u201D. "), "");
}

TEST(TrimSpanTest, ApostropheAtTheEndIsKept) {
  EXPECT_EQ(Trim("the money of the leaders\u2019"),
            "the money of the leaders\u2019");
}

TEST(CountWordsTest, CountsRunsOfLettersAndDigits) {
  EXPECT_EQ(CountWords("any involvement", 0, 15), 2);
  EXPECT_EQ(CountWords("\u201CCaf\u00E9 2026!\u201D", 0, 14), 2);
  EXPECT_EQ(CountWords(" , . ", 0, 5), 0);
}

Candidate Make(uint32_t begin, uint32_t end, Label label, double score) {
  Candidate c;
  c.begin = begin;
  c.end = end;
  c.label = label;
  c.score = score;
  c.rule = "test";
  c.source = "Holm";
  c.cue = "said";
  c.disputed_by = label == Label::kDisputed ? "Lind" : "";
  return c;
}

TEST(AssembleTest, DisputedBeatsClaimBeatsOpinionOnOverlap) {
  //                        0         1         2         3
  //                        0123456789012345678901234567890123456
  const std::string text = "alpha beta gamma delta epsilon zeta";
  const std::vector<Suggestion> got =
      Assemble(text, Words(),
               {Make(0, 16, Label::kAttributedClaim, 0.95),
                Make(6, 22, Label::kDisputed, 0.55),
                Make(17, 35, Label::kOpinion, 0.9)});
  ASSERT_EQ(got.size(), 1u);
  EXPECT_EQ(got[0].label, "disputed");
  EXPECT_EQ(got[0].start, 6);
  EXPECT_EQ(got[0].end, 22);
  EXPECT_EQ(got[0].attributes.at("disputed_by"), "Lind");
}

TEST(AssembleTest, HigherScoreWinsAmongEquals) {
  const std::string text = "alpha beta gamma delta epsilon zeta";
  const std::vector<Suggestion> got =
      Assemble(text, Words(),
               {Make(0, 16, Label::kAttributedClaim, 0.6),
                Make(6, 22, Label::kAttributedClaim, 0.8),
                Make(23, 35, Label::kAttributedClaim, 0.5)});
  ASSERT_EQ(got.size(), 2u);
  EXPECT_EQ(got[0].start, 6);
  EXPECT_EQ(got[1].start, 23);
}

TEST(AssembleTest, ConvertsToCodePointsAndDropsTinyClaims) {
  // "é" and "—" take 2 and 3 bytes but one code point each.
  const std::string text = "caf\u00E9 \u2014 the deal is done. Yes.";
  const uint32_t deal = static_cast<uint32_t>(text.find("the deal"));
  const uint32_t yes = static_cast<uint32_t>(text.find("Yes"));
  const std::vector<Suggestion> got = Assemble(
      text, Words(),
      {Make(deal, static_cast<uint32_t>(text.size()) - 5,
            Label::kAttributedClaim, 0.8),
       Make(yes, static_cast<uint32_t>(text.size()), Label::kAttributedClaim,
            0.8),
       Make(yes, static_cast<uint32_t>(text.size()), Label::kOpinion, 0.3)});
  ASSERT_EQ(got.size(), 2u);
  EXPECT_EQ(got[0].start, 7);
  EXPECT_EQ(got[0].end, 23);  // "the deal is done" without the full stop.
  EXPECT_EQ(got[0].attributes.at("source"), "Holm");
  EXPECT_EQ(got[0].attributes.count("holder"), 0u);
  // A one-word claim is dropped; a one-word opinion is not.
  EXPECT_EQ(got[1].label, "opinion");
  EXPECT_EQ(got[1].start, 25);
  EXPECT_EQ(got[1].end, 28);
  EXPECT_EQ(got[1].attributes.at("holder"), "author");
  EXPECT_EQ(got[1].attributes.count("source"), 0u);
}

TEST(AssembleTest, NestedCandidatesAreEvidenceOnly) {
  const std::string text = "alpha beta gamma delta";
  Candidate nested = Make(0, 10, Label::kDisputed, 0.9);
  nested.nested = true;
  EXPECT_TRUE(Assemble(text, Words(), {nested}).empty());
}

}  // namespace
}  // namespace spanlab::tagger
