#include "client/labeler_guess.h"

#include <string>

#include "client/labeler_layout.h"
#include "gtest/gtest.h"

namespace spanlab::client {
namespace {

// The guess for the span `claim` in the one-sentence `text`.
AttributionGuess Guess(absl::string_view text, absl::string_view claim) {
  const std::u32string cps = DecodeUtf8(text);
  const std::u32string needle = DecodeUtf8(claim);
  const size_t start = cps.find(needle);
  EXPECT_NE(start, std::u32string::npos) << claim;
  return GuessAttribution(cps, {0, static_cast<int64_t>(cps.size())},
                          {static_cast<int64_t>(start),
                           static_cast<int64_t>(start + needle.size())});
}

TEST(GuessAttributionTest, NameBeforeTheVerb) {
  const AttributionGuess g = Guess(
      "Councillor Ana Núñez said the summer festival “pays for itself "
      "three times over.”",
      "pays for itself three times over");
  EXPECT_EQ(g.source, "Councillor Ana Núñez");
  EXPECT_EQ(g.cue, "said");
}

TEST(GuessAttributionTest, NameWithTitleAndListeners) {
  const AttributionGuess g = Guess(
      "“The structure is safe for traffic again,” chief engineer "
      "Mårten Ødegård told reporters at the ceremony.",
      "The structure is safe for traffic again");
  EXPECT_EQ(g.source, "Mårten Ødegård");
  EXPECT_EQ(g.cue, "told reporters");
}

TEST(GuessAttributionTest, PronounAfterAQuote) {
  const AttributionGuess g =
      Guess("“The budget was doubled twice,” she said, citing figures.",
            "The budget was doubled twice");
  EXPECT_EQ(g.source, "she");
  EXPECT_EQ(g.cue, "said");
}

TEST(GuessAttributionTest, HyphenatedName) {
  const AttributionGuess g =
      Guess("Union leader Søren Kierkegaard-Ruiz said the strike was over.",
            "the strike was over");
  EXPECT_EQ(g.source, "Søren Kierkegaard-Ruiz");
  EXPECT_EQ(g.cue, "said");
}

TEST(GuessAttributionTest, AccordingTo) {
  const AttributionGuess g =
      Guess("According to the finance committee, the festival lost money.",
            "the festival lost money");
  EXPECT_EQ(g.source, "the finance committee");
  EXPECT_EQ(g.cue, "According to");
}

TEST(GuessAttributionTest, DeniedAndArticleNoun) {
  EXPECT_EQ(Guess("Núñez denied that the figures were complete.",
                  "the figures were complete")
                .source,
            "Núñez");
  const AttributionGuess g =
      Guess("A spokesperson said there was “no evidence” of any breach.",
            "no evidence");
  EXPECT_EQ(g.source, "A spokesperson");
  EXPECT_EQ(g.cue, "said");
}

TEST(GuessAttributionTest, NameAfterTheVerb) {
  const AttributionGuess g =
      Guess("“That is the first topic,” said Rex Tillerson.",
            "That is the first topic");
  EXPECT_EQ(g.source, "Rex Tillerson");
  EXPECT_EQ(g.cue, "said");
}

TEST(GuessAttributionTest, SentenceOpenerIsNotPartOfTheName) {
  EXPECT_EQ(
      Guess("But Tillerson said the talks went well.", "the talks went well")
          .source,
      "Tillerson");
}

TEST(GuessAttributionTest, NearestCueOutsideTheSpanWins) {
  // "said" inside the span is content, not the cue.
  const AttributionGuess g =
      Guess("Lavrov told the press that Trump said he accepted it.",
            "Trump said he accepted it");
  EXPECT_EQ(g.source, "Lavrov");
  EXPECT_EQ(g.cue, "told");
}

TEST(GuessAttributionTest, SourceStopsAtTheClaim) {
  const AttributionGuess g =
      Guess("According to officials the bridge is safe.", "the bridge is safe");
  EXPECT_EQ(g.source, "officials");
  EXPECT_EQ(g.cue, "According to");
}

TEST(GuessAttributionTest, NoCueNoGuess) {
  const AttributionGuess g =
      Guess("To no one’s surprise, the ribbon-cutting ran long.", "ran long");
  EXPECT_EQ(g.source, "");
  EXPECT_EQ(g.cue, "");
}

TEST(GuessAttributionTest, OnlyTheSentenceCounts) {
  const std::u32string text =
      DecodeUtf8("Ana said so. The bridge is safe. Nobody else.");
  // The sentence "The bridge is safe." has no cue of its own.
  const AttributionGuess g = GuessAttribution(text, {13, 32}, {13, 31});
  EXPECT_EQ(g.cue, "");
}

}  // namespace
}  // namespace spanlab::client
