// Attributed claims: every cue arrangement the tagger knows, on sentences
// written for these tests. Each expectation spells out the exact span the
// annotation guide asks for.
#include <string>
#include <vector>

#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "service/tagger/tagger.h"
#include "service/tagger/test_util.h"

namespace spanlab::tagger {
namespace {

using ::spanlab::tagger::testing::Attr;
using ::spanlab::tagger::testing::Dump;
using ::spanlab::tagger::testing::Find;
using ::spanlab::tagger::testing::SharedTagger;
using ::spanlab::tagger::testing::SpanText;

struct ClaimCase {
  const char* name;
  const char* text;
  const char* span;    // Expected span text.
  const char* source;  // Expected source attribute.
  const char* cue;     // Expected cue attribute.
};

class ClaimTest : public ::testing::TestWithParam<ClaimCase> {};

TEST_P(ClaimTest, FindsTheClaim) {
  const ClaimCase& c = GetParam();
  const std::vector<Suggestion> got = SharedTagger().Tag(c.text);
  const Suggestion* s = Find(c.text, got, c.span);
  ASSERT_NE(s, nullptr) << "no span \"" << c.span << "\" in\n"
                        << Dump(c.text, got);
  EXPECT_EQ(s->label, kAttributedClaim) << Dump(c.text, got);
  EXPECT_EQ(Attr(*s, kSourceKey), c.source);
  EXPECT_EQ(Attr(*s, kCueKey), c.cue);
  EXPECT_GT(s->score, 0.0);
  EXPECT_LE(s->score, 1.0);
}

const ClaimCase kClaims[] = {
    {"QuoteThenCue",
     "\u201CThe reservoir will be full by June,\u201D Mayor Lena Ortiz said.",
     "The reservoir will be full by June", "Mayor Lena Ortiz", "said"},
    {"CueThenQuote",
     "Mayor Lena Ortiz said: \u201CThe reservoir will be full by June.\u201D",
     "The reservoir will be full by June", "Mayor Lena Ortiz", "said"},
    {"CueCommaQuote",
     "The harbour master told reporters, \u201CNo ship has sunk here.\u201D",
     "No ship has sunk here", "The harbour master", "told reporters"},
    {"InvertedCue",
     "\u201CWe are not finished,\u201D said the harbour master, who has led "
     "the works since 2019.",
     "We are not finished", "the harbour master", "said"},
    {"StraightQuotes",
     "\"Ticket prices will stay the same,\" the operator said.",
     "Ticket prices will stay the same", "the operator", "said"},
    {"QuestionMarkKept",
     "\u201CWho will pay for this?\u201D asked councillor Ben Adler.",
     "Who will pay for this?", "councillor Ben Adler", "asked"},
    {"ExclamationMarkKept", "\u201CWe won the cup!\u201D the captain said.",
     "We won the cup!", "the captain", "said"},
    {"QuoteOpensMidSentence",
     "The club ended the season by \u201Cwinning every home game,\u201D the "
     "coach said.",
     "The club ended the season by \u201Cwinning every home game", "the coach",
     "said"},
    {"IndirectWithThat", "The inspector said that the bridge was unsafe.",
     "the bridge was unsafe", "The inspector", "said"},
    {"IndirectWithoutThat", "The inspector said the bridge was unsafe.",
     "the bridge was unsafe", "The inspector", "said"},
    {"DemonstrativeThatKept", "Holm said that is the only option left.",
     "that is the only option left", "Holm", "said"},
    {"ToldReporters",
     "Minister Karin Holm told reporters the talks had failed.",
     "the talks had failed", "Minister Karin Holm", "told reporters"},
    {"ToldReportersAfterTimePhrase",
     "Holm told reporters after the meeting the talks had failed.",
     "the talks had failed", "Holm", "told reporters"},
    {"ThatAfterAdverbial",
     "The auditor said later that week on the radio that the accounts were "
     "wrong.",
     "the accounts were wrong", "The auditor", "said"},
    {"Added", "The engineer added that the tunnel would open in May.",
     "the tunnel would open in May", "The engineer", "added"},
    {"Warned", "The union warned that strikes would follow.",
     "strikes would follow", "The union", "warned"},
    {"Argued", "Holm argued that the budget was far too small.",
     "the budget was far too small", "Holm", "argued"},
    {"Claimed", "The developer claimed the site had never flooded.",
     "the site had never flooded", "The developer", "claimed"},
    {"Believes", "Analysts believe the merger will collapse.",
     "the merger will collapse", "Analysts", "believe"},
    {"AppositiveSource",
     "Ruth Mbeki, the port's chief economist, said trade had doubled.",
     "trade had doubled", "Ruth Mbeki", "said"},
    {"RelativeClauseSource",
     "Holm, who chaired the inquiry, told lawmakers that the report was "
     "complete.",
     "the report was complete", "Holm", "told lawmakers"},
    {"AccordingToLeading",
     "According to the fire brigade, the blaze started in the kitchen.",
     "the blaze started in the kitchen", "the fire brigade", "According to"},
    {"AccordingToTrailing",
     "The blaze started in the kitchen, according to the fire brigade.",
     "The blaze started in the kitchen", "the fire brigade", "according to"},
    {"InAStatement",
     "In a statement, the ministry said the border would reopen on Monday.",
     "the border would reopen on Monday", "the ministry",
     "said in a statement"},
    {"InATweet", "The airline said in a tweet that all flights were cancelled.",
     "all flights were cancelled", "The airline", "said in a tweet"},
    {"TrailingIndirect", "The talks will resume next week, the minister said.",
     "The talks will resume next week", "the minister", "said"},
    {"QuotedAsSaying",
     "\u201CThe harvest was poor,\u201D the farmer was quoted as saying.",
     "The harvest was poor", "the farmer", "was quoted as saying"},
    {"UrgedTo", "Residents urged the council to close the road.",
     "close the road", "Residents", "urged"},
    {"Participle", "The club raised ticket prices, citing higher energy costs.",
     "higher energy costs", "The club", "citing"},
    {"ParticipleAfterQuote",
     "\u201CThe budget was doubled twice,\u201D Councillor Ana Reyes said, "
     "citing the council\u2019s own minutes.",
     "the council\u2019s own minutes", "Councillor Ana Reyes", "citing"},
    {"CalledObjectSomething",
     "The mayor called the delay \u201Ca scandal for the city.\u201D",
     "a scandal for the city", "The mayor", "called"},
    {"DoesNotKnowIf", "Holm does not know if the ferry will run next winter.",
     "the ferry will run next winter", "Holm", "does not know if"},
};

INSTANTIATE_TEST_SUITE_P(Patterns, ClaimTest, ::testing::ValuesIn(kClaims),
                         [](const auto& info) { return info.param.name; });

TEST(ClaimTest, ColonAfterNamedSpeaker) {
  const std::string text =
      "Council keeps tax rates\n"
      "Ortiz: We will not raise taxes this year.\n";
  const std::vector<Suggestion> got = SharedTagger().Tag(text);
  const Suggestion* s = Find(text, got, "We will not raise taxes this year");
  ASSERT_NE(s, nullptr) << Dump(text, got);
  EXPECT_EQ(Attr(*s, kSourceKey), "Ortiz");
  EXPECT_EQ(s->rule, "colon_speaker");
}

TEST(ClaimTest, SplitQuoteIsTwoSpans) {
  const std::string text =
      "\u201CThe dam is safe,\u201D engineer Paul Grant said. \u201CBut the "
      "spillway needs work.\u201D";
  const std::vector<Suggestion> got = SharedTagger().Tag(text);
  ASSERT_EQ(got.size(), 2u) << Dump(text, got);
  EXPECT_EQ(SpanText(text, got[0]), "The dam is safe");
  EXPECT_EQ(SpanText(text, got[1]), "But the spillway needs work");
  for (const Suggestion& s : got) {
    EXPECT_EQ(s.label, kAttributedClaim);
    EXPECT_EQ(Attr(s, kSourceKey), "engineer Paul Grant");
  }
  // The continuation has no cue of its own: less sure than the first part.
  EXPECT_LT(got[1].score, got[0].score);
}

TEST(ClaimTest, QuoteOverSeveralSentencesIsOneSpan) {
  const std::string text =
      "\u201CWe lost the vote. We will try again next year,\u201D the "
      "chairwoman said.";
  const std::vector<Suggestion> got = SharedTagger().Tag(text);
  ASSERT_EQ(got.size(), 1u) << Dump(text, got);
  EXPECT_EQ(SpanText(text, got[0]),
            "We lost the vote. We will try again next year");
}

TEST(ClaimTest, NestedQuoteBelongsToTheOuterSpan) {
  const std::string text =
      "\u201CWhen he told me \u2018the money is gone,\u2019 I did not believe "
      "him,\u201D the treasurer said.";
  const std::vector<Suggestion> got = SharedTagger().Tag(text);
  ASSERT_EQ(got.size(), 1u) << Dump(text, got);
  EXPECT_EQ(SpanText(text, got[0]),
            "When he told me \u2018the money is gone,\u2019 I did not believe "
            "him");
  EXPECT_EQ(Attr(got[0], kSourceKey), "the treasurer");
}

TEST(ClaimTest, NestedAttributionKeepsTheOutermost) {
  // "Putin denied X, Tillerson said": one claim, by the outer speaker.
  const std::string text =
      "The company denied the leak, the regulator said, but fined it anyway.";
  const std::vector<Suggestion> got = SharedTagger().Tag(text);
  const Suggestion* s = Find(text, got, "The company denied the leak");
  ASSERT_NE(s, nullptr) << Dump(text, got);
  EXPECT_EQ(s->label, kAttributedClaim);
  EXPECT_EQ(Attr(*s, kSourceKey), "the regulator");
  const Suggestion* after = Find(text, got, "fined it anyway");
  ASSERT_NE(after, nullptr) << Dump(text, got);
  EXPECT_EQ(Attr(*after, kSourceKey), "the regulator");
}

TEST(ClaimTest, CoordinatedCuesShareTheSource) {
  const std::string text =
      "Holm said the plan was sound but conceded that costs could rise.";
  const std::vector<Suggestion> got = SharedTagger().Tag(text);
  const Suggestion* first = Find(text, got, "the plan was sound");
  const Suggestion* second = Find(text, got, "costs could rise");
  ASSERT_NE(first, nullptr) << Dump(text, got);
  ASSERT_NE(second, nullptr) << Dump(text, got);
  EXPECT_EQ(Attr(*second, kSourceKey), "Holm");
  EXPECT_EQ(Attr(*second, kCueKey), "conceded");
}

TEST(ClaimTest, PronounResolvedToTheLastNamedSpeaker) {
  const std::string text =
      "\u201CThe dam is safe,\u201D Paul Grant said. He added that the "
      "spillway needs repairs.";
  const std::vector<Suggestion> got = SharedTagger().Tag(text);
  const Suggestion* s = Find(text, got, "the spillway needs repairs");
  ASSERT_NE(s, nullptr) << Dump(text, got);
  EXPECT_EQ(Attr(*s, kSourceKey), "Paul Grant");
  EXPECT_EQ(Attr(*s, kCueKey), "added");
}

TEST(ClaimTest, DirectQuoteWithNamedSourceOutranksWeakerRules) {
  const std::string text =
      "\u201CThe dam is safe,\u201D Paul Grant said. Analysts believe the "
      "river will rise.";
  const std::vector<Suggestion> got = SharedTagger().Tag(text);
  const Suggestion* quote = Find(text, got, "The dam is safe");
  const Suggestion* belief = Find(text, got, "the river will rise");
  ASSERT_NE(quote, nullptr) << Dump(text, got);
  ASSERT_NE(belief, nullptr) << Dump(text, got);
  EXPECT_GE(quote->score, 0.9);
  EXPECT_LT(belief->score, quote->score);
}

TEST(ClaimTest, NothingReportedNothingTagged) {
  for (const char* text : {
           "Holm said so.",
           "Neither side told reporters what they discussed.",
           "The two ministers shook hands before the meeting.",
           "Holm did not tell reporters what the plan was.",
           "Early this morning, the mayor tweeted about the flood.",
           "After the meeting, Holm spoke to reporters.",
       }) {
    const std::vector<Suggestion> got = SharedTagger().Tag(text);
    EXPECT_TRUE(got.empty()) << text << "\n" << Dump(text, got);
  }
}

}  // namespace
}  // namespace spanlab::tagger
