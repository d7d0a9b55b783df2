// The author's opinions: which cue gives which span, and what is never the
// author's (quotations, claims, excerpts of other outlets).
#include <string>
#include <vector>

#include "gtest/gtest.h"
#include "service/tagger/tagger.h"
#include "service/tagger/test_util.h"

namespace spanlab::tagger {
namespace {

using ::spanlab::tagger::testing::Attr;
using ::spanlab::tagger::testing::Dump;
using ::spanlab::tagger::testing::Find;
using ::spanlab::tagger::testing::SharedTagger;

struct OpinionCase {
  const char* name;
  const char* text;
  const char* span;
};

class OpinionTest : public ::testing::TestWithParam<OpinionCase> {};

TEST_P(OpinionTest, FindsTheOpinion) {
  const OpinionCase& c = GetParam();
  const std::vector<Suggestion> got = SharedTagger().Tag(c.text);
  const Suggestion* s = Find(c.text, got, c.span);
  ASSERT_NE(s, nullptr) << "no span \"" << c.span << "\" in\n"
                        << Dump(c.text, got);
  EXPECT_EQ(s->label, kOpinion);
  EXPECT_EQ(Attr(*s, kHolderKey), "author");
  EXPECT_EQ(Attr(*s, kSourceKey), "");
  EXPECT_GT(s->score, 0.0);
  EXPECT_LE(s->score, 1.0);
}

const OpinionCase kOpinions[] = {
    {"FramingSentence",
     "To no one's surprise, the stadium project is over budget again.",
     "To no one's surprise, the stadium project is over budget again"},
    {"Should", "The council should have acted years ago.",
     "The council should have acted years ago"},
    {"AsItShouldBe", "That is as it should be.", "That is as it should be"},
    {"OfCourse", "Of course, nobody read the small print.",
     "Of course, nobody read the small print"},
    {"HardToSee",
     "It is hard to see how the league survives another season like this.",
     "It is hard to see how the league survives another season like this"},
    {"Clearly", "The new timetable is clearly a step backwards.",
     "The new timetable is clearly a step backwards"},
    {"WillLikely", "The ruling will likely embolden other tenants to sue.",
     "The ruling will likely embolden other tenants to sue"},
    {"Superlative", "It was the most chaotic session in years.",
     "It was the most chaotic session in years"},
    {"EvaluativeAdjective", "The mayor's reckless gamble cost the city dearly.",
     "The mayor's reckless gamble cost the city dearly"},
    {"RhetoricalQuestion", "Who, exactly, benefits from this plan?",
     "Who, exactly, benefits from this plan?"},
    {"Appositive",
     "The vote, a humiliating defeat that will haunt the party for years, "
     "ended the debate.",
     "a humiliating defeat that will haunt the party for years"},
    {"MindReading",
     "The minister left early, knowing the numbers would not add up.",
     "knowing the numbers would not add up"},
};

INSTANTIATE_TEST_SUITE_P(Cues, OpinionTest, ::testing::ValuesIn(kOpinions),
                         [](const auto& info) { return info.param.name; });

TEST(OpinionTest, FramingAroundAClaimIsThePhraseOnly) {
  const std::string text =
      "To no one\u2019s surprise, the mayor eagerly told reporters that the "
      "project was on time.";
  const std::vector<Suggestion> got = SharedTagger().Tag(text);
  const Suggestion* frame = Find(text, got, "To no one\u2019s surprise");
  const Suggestion* manner = Find(text, got, "eagerly");
  const Suggestion* claim = Find(text, got, "the project was on time");
  ASSERT_NE(frame, nullptr) << Dump(text, got);
  ASSERT_NE(manner, nullptr) << Dump(text, got);
  ASSERT_NE(claim, nullptr) << Dump(text, got);
  EXPECT_EQ(frame->label, kOpinion);
  EXPECT_EQ(manner->label, kOpinion);
  EXPECT_EQ(claim->label, kAttributedClaim);
  EXPECT_EQ(Attr(*claim, kSourceKey), "the mayor");

  // The author's framing signals doubt: the same claim without it scores
  // higher.
  const std::string plain =
      "The mayor told reporters that the project was on time.";
  const std::vector<Suggestion> plain_got = SharedTagger().Tag(plain);
  const Suggestion* plain_claim =
      Find(plain, plain_got, "the project was on time");
  ASSERT_NE(plain_claim, nullptr) << Dump(plain, plain_got);
  EXPECT_LT(claim->score, plain_claim->score);
}

TEST(OpinionTest, QuotedEvaluationIsNotTheAuthors) {
  const std::string text =
      "\u201CThis should never happen again,\u201D the judge said.";
  const std::vector<Suggestion> got = SharedTagger().Tag(text);
  ASSERT_EQ(got.size(), 1u) << Dump(text, got);
  EXPECT_EQ(got[0].label, kAttributedClaim);
}

TEST(OpinionTest, ReportedEvaluationIsNotTheAuthors) {
  const std::string text =
      "The opposition said the reckless budget should be withdrawn.";
  const std::vector<Suggestion> got = SharedTagger().Tag(text);
  for (const Suggestion& s : got) {
    EXPECT_NE(s.label, kOpinion) << Dump(text, got);
  }
}

TEST(OpinionTest, ExcerptOfAnotherOutletIsNotTheAuthors) {
  const std::string text =
      "Council approves ring road\n"
      "The vote came late on Tuesday. From Daily Planet:\n"
      "The reckless plan should be scrapped before it bankrupts the city.\n"
      "The plan should be scrapped.\n";
  const std::vector<Suggestion> got = SharedTagger().Tag(text);
  EXPECT_EQ(Find(text, got,
                 "The reckless plan should be scrapped before it bankrupts "
                 "the city"),
            nullptr)
      << Dump(text, got);
  // The excerpt ends with its paragraph; the author speaks again after it.
  EXPECT_NE(Find(text, got, "The plan should be scrapped"), nullptr)
      << Dump(text, got);
}

TEST(OpinionTest, PlainReportingIsNoOpinion) {
  for (const char* text : {
           "The two ministers shook hands before the meeting.",
           "The bridge reopened on Tuesday after eight months of repairs.",
           "Tickets go on sale on Friday at nine.",
       }) {
    const std::vector<Suggestion> got = SharedTagger().Tag(text);
    EXPECT_TRUE(got.empty()) << text << "\n" << Dump(text, got);
  }
}

}  // namespace
}  // namespace spanlab::tagger
