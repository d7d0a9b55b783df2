// Properties every output must have on any text: exact code-point offsets
// on non-ASCII text, the guide's boundary rules, no overlaps, scores in
// [0, 1], nothing on page furniture, and the same result from any thread.
#include <random>
#include <string>
#include <thread>
#include <vector>

#include "absl/strings/str_cat.h"
#include "gtest/gtest.h"
#include "service/tagger/tagger.h"
#include "service/tagger/test_util.h"

namespace spanlab::tagger {
namespace {

using ::spanlab::tagger::testing::Decode;
using ::spanlab::tagger::testing::Dump;
using ::spanlab::tagger::testing::Encode;
using ::spanlab::tagger::testing::Find;
using ::spanlab::tagger::testing::SharedTagger;
using ::spanlab::tagger::testing::SpanText;

constexpr char kNbsp[] = "\u00A0";

// Code-point offset of `needle` in `text`, found by the test itself.
int64_t CodePointOffset(const std::string& text, const std::string& needle) {
  const std::u32string t = Decode(text);
  const size_t at = t.find(Decode(needle));
  EXPECT_NE(at, std::u32string::npos) << needle;
  return static_cast<int64_t>(at);
}

TEST(TextTest, OffsetsCountCodePointsAfterEmoji) {
  // Emoji outside the Basic Multilingual Plane are one code point each
  // (two UTF-16 units, four UTF-8 bytes).
  const std::string text =
      "\U0001F686\U0001F389 \u201CThe trains will run again on "
      "Monday,\u201D the operator said.";
  const std::vector<Suggestion> got = SharedTagger().Tag(text);
  ASSERT_EQ(got.size(), 1u) << Dump(text, got);
  const std::string span = "The trains will run again on Monday";
  EXPECT_EQ(got[0].start, 4);
  EXPECT_EQ(got[0].start, CodePointOffset(text, span));
  EXPECT_EQ(got[0].end, got[0].start + 35);
  EXPECT_EQ(SpanText(text, got[0]), span);
}

TEST(TextTest, AccentedNamesAndText) {
  const std::string text =
      "Zo\u00EB Bront\u00EB, the caf\u00E9\u2019s owner, said the cr\u00E8me "
      "br\u00FBl\u00E9e was \u201Cthe best in K\u00F8ge.\u201D";
  const std::vector<Suggestion> got = SharedTagger().Tag(text);
  const std::string span =
      "the cr\u00E8me br\u00FBl\u00E9e was \u201Cthe best in K\u00F8ge";
  const Suggestion* s = Find(text, got, span);
  ASSERT_NE(s, nullptr) << Dump(text, got);
  EXPECT_EQ(s->start, CodePointOffset(text, span));
  EXPECT_EQ(s->attributes.at(std::string(kSourceKey)), "Zo\u00EB Bront\u00EB");
}

TEST(TextTest, NonBreakingSpacesAreWhiteSpace) {
  const std::string text = absl::StrCat(
      "\u201CThe trains will run again,\u201D", kNbsp, "the", kNbsp,
      "operator said.", kNbsp, "The", kNbsp, "minister said the line", kNbsp,
      "would reopen", kNbsp, "in May.", kNbsp);
  const std::vector<Suggestion> got = SharedTagger().Tag(text);
  ASSERT_NE(Find(text, got, "The trains will run again"), nullptr)
      << Dump(text, got);
  const Suggestion* s =
      Find(text, got,
           absl::StrCat("the line", kNbsp, "would reopen", kNbsp, "in May"));
  ASSERT_NE(s, nullptr) << Dump(text, got);
  EXPECT_EQ(s->attributes.at(std::string(kSourceKey)),
            absl::StrCat("The", kNbsp, "minister"));
}

TEST(TextTest, FurnitureIsNotAnnotated) {
  const std::string text =
      "Minister says the harbour is safe\n"
      "By Tom Reyes\n"
      "\n"
      "The minister said the harbour was safe for ships.\n"
      "Photo: The minister said nothing at the ceremony.\n"
      "Tags: harbour, ships, minister said\n"
      "\u00A9 2026 Harbour Times. All rights reserved.\n"
      "Copyright 2026 Harbour Times. The publisher said it may not be "
      "reproduced.\n";
  const std::vector<Suggestion> got = SharedTagger().Tag(text);
  ASSERT_EQ(got.size(), 1u) << Dump(text, got);
  EXPECT_EQ(SpanText(text, got[0]), "the harbour was safe for ships");
}

TEST(TextTest, BoundaryRules) {
  const std::string text =
      "\u201CWe are ready.\u201D the captain said. The captain said that "
      "the crew was ready. \u201CAre we ready?\u201D the coach asked. "
      "\u201CWe are!\u201D the crew said. \u201CFine,\u201D said the "
      "coach, \u201Cthen we sail at dawn.\u201D";
  const std::vector<Suggestion> got = SharedTagger().Tag(text);
  EXPECT_NE(Find(text, got, "the crew was ready"), nullptr) << Dump(text, got);
  EXPECT_NE(Find(text, got, "Are we ready?"), nullptr) << Dump(text, got);
  EXPECT_NE(Find(text, got, "We are!"), nullptr) << Dump(text, got);
  for (const Suggestion& s : got) {
    const std::u32string span = Decode(SpanText(text, s));
    ASSERT_FALSE(span.empty());
    for (char32_t edge : {span.front(), span.back()}) {
      EXPECT_NE(edge, U' ') << Encode(span);
      EXPECT_NE(edge, U'\u00A0') << Encode(span);
      EXPECT_NE(edge, U'\u201C') << Encode(span);
      EXPECT_NE(edge, U'\u201D') << Encode(span);
      EXPECT_NE(edge, U'"') << Encode(span);
    }
    EXPECT_NE(span.back(), U'.') << Encode(span);
    EXPECT_NE(span.back(), U',') << Encode(span);
    EXPECT_NE(Encode(span.substr(0, 5)), "that ") << Encode(span);
  }
}

// A text exercising every rule at once.
std::string Everything() {
  return "Harbour deal signed\n"
         "By Staff\n"
         "\u201CThe deal is done,\u201D Mayor Lena Ortiz said. \u201CNow we "
         "build.\u201D\n"
         "According to the port, the cranes arrive in May. The union warned "
         "that jobs would go, but the port denied that any cuts were "
         "planned.\n"
         "To no one\u2019s surprise, the council eagerly agreed. That is as "
         "it should be. The deal, a historic step that will likely reshape "
         "the city, passed 9 to 2.\n"
         "Officials said the Dock Syndicate was behind the delays. The Dock "
         "Syndicate has denied any involvement.\n"
         "Ortiz: We will not raise harbour fees.\n"
         "\u00A9 2026 Harbour Times\n";
}

TEST(TextTest, SortedDisjointAndScoredInRange) {
  const std::string text = Everything();
  const std::vector<Suggestion> got = SharedTagger().Tag(text);
  ASSERT_GE(got.size(), 8u) << Dump(text, got);
  const int64_t length = static_cast<int64_t>(Decode(text).size());
  for (size_t i = 0; i < got.size(); ++i) {
    const Suggestion& s = got[i];
    EXPECT_LT(s.start, s.end);
    EXPECT_GE(s.start, 0);
    EXPECT_LE(s.end, length);
    EXPECT_GE(s.score, 0.0);
    EXPECT_LE(s.score, 1.0);
    EXPECT_FALSE(s.rule.empty());
    EXPECT_TRUE(s.label == kAttributedClaim || s.label == kOpinion ||
                s.label == kDisputed)
        << s.label;
    if (i > 0) {
      EXPECT_LE(got[i - 1].end, s.start) << Dump(text, got);
    }
  }
}

TEST(TextTest, SameResultFromManyThreads) {
  const std::string text = Everything();
  const std::vector<Suggestion> expected = SharedTagger().Tag(text);
  std::vector<std::vector<Suggestion>> results(4);
  std::vector<std::thread> threads;
  for (auto& result : results) {
    threads.emplace_back([&text, &result] {
      for (int i = 0; i < 50; ++i) result = SharedTagger().Tag(text);
    });
  }
  for (std::thread& t : threads) t.join();
  for (const auto& result : results) {
    ASSERT_EQ(result.size(), expected.size());
    for (size_t i = 0; i < result.size(); ++i) {
      EXPECT_EQ(result[i].start, expected[i].start);
      EXPECT_EQ(result[i].end, expected[i].end);
      EXPECT_EQ(result[i].label, expected[i].label);
      EXPECT_EQ(result[i].attributes, expected[i].attributes);
    }
  }
}

TEST(TextTest, TwoTaggersAgree) {
  const Tagger other;
  const std::string text = Everything();
  const std::vector<Suggestion> a = SharedTagger().Tag(text);
  const std::vector<Suggestion> b = other.Tag(text);
  ASSERT_EQ(a.size(), b.size());
  for (size_t i = 0; i < a.size(); ++i) {
    EXPECT_EQ(a[i].start, b[i].start);
    EXPECT_EQ(a[i].end, b[i].end);
  }
}

// Random sequences of news-like fragments: whatever the rules make of
// them, every invariant of the output holds and nothing crashes.
TEST(TextTest, RandomTextKeepsTheInvariants) {
  static constexpr const char* kFragments[] = {"the",
                                               "mayor",
                                               "Holm",
                                               "Lena Ortiz",
                                               "said",
                                               "told",
                                               "reporters",
                                               "that",
                                               "denied",
                                               "according to",
                                               "should",
                                               "Russia",
                                               "involvement",
                                               "was",
                                               "behind",
                                               "not",
                                               "accepted",
                                               "pressed",
                                               "he",
                                               "she",
                                               "we",
                                               "added",
                                               "citing",
                                               "called",
                                               "as",
                                               ",",
                                               ".",
                                               "?",
                                               "!",
                                               ":",
                                               ";",
                                               "--",
                                               "\u2014",
                                               "-",
                                               "\u201C",
                                               "\u201D",
                                               "\"",
                                               "\u2018",
                                               "\u2019",
                                               "'",
                                               "\n",
                                               "\n\n",
                                               "\u00A0",
                                               "\U0001F389",
                                               "caf\u00E9",
                                               "Zo\u00EB",
                                               "From CNN:",
                                               "\u00A9 2026",
                                               "By Staff",
                                               "To no one's surprise",
                                               "the most",
                                               "clearly",
                                               "without evidence",
                                               "disputed that account",
                                               "(",
                                               ")",
                                               "U.S.",
                                               "Mr.",
                                               "2:20",
                                               "that is",
                                               "Trump",
                                               "Putin"};
  std::mt19937 rng(20240611);
  std::uniform_int_distribution<int> pick(0, std::size(kFragments) - 1);
  std::uniform_int_distribution<int> length(1, 80);
  std::bernoulli_distribution space(0.7);
  for (int round = 0; round < 1500; ++round) {
    std::string text;
    for (int n = length(rng); n > 0; --n) {
      text += kFragments[pick(rng)];
      if (space(rng)) text += " ";
    }
    const std::u32string cps = Decode(text);
    const std::vector<Suggestion> got = SharedTagger().Tag(text);
    for (size_t i = 0; i < got.size(); ++i) {
      const Suggestion& s = got[i];
      ASSERT_GE(s.start, 0) << text;
      ASSERT_LT(s.start, s.end) << text;
      ASSERT_LE(s.end, static_cast<int64_t>(cps.size())) << text;
      if (i > 0) {
        ASSERT_LE(got[i - 1].end, s.start) << text;
      }
      for (char32_t edge : {cps[s.start], cps[s.end - 1]}) {
        EXPECT_FALSE(edge == U' ' || edge == U'\n' || edge == U'\u00A0')
            << text << "\n"
            << Dump(text, got);
      }
      EXPECT_GE(s.score, 0.0);
      EXPECT_LE(s.score, 1.0);
    }
  }
}

TEST(TextTest, DegenerateInput) {
  EXPECT_TRUE(SharedTagger().Tag("").empty());
  EXPECT_TRUE(SharedTagger().Tag("\n\n \u00A0\n").empty());
  EXPECT_TRUE(SharedTagger().Tag("\u201C\u201D\u201C").empty());
  // Not UTF-8: nothing, and no crash.
  EXPECT_TRUE(SharedTagger().Tag("The mayor said \xC3\x28 was fine.").empty());
  CorpusContext context;
  SharedTagger().CollectClaims("\xFF\xFE", &context);
  EXPECT_EQ(context.documents(), 0u);
}

}  // namespace
}  // namespace spanlab::tagger
