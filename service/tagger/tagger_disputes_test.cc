// Disputed claims: denials, contested accounts, claims the author flags as
// unproven, and contradictions within a document and across a corpus.
#include <string>
#include <vector>

#include "absl/strings/string_view.h"
#include "gtest/gtest.h"
#include "service/tagger/corpus_context.h"
#include "service/tagger/tagger.h"
#include "service/tagger/test_util.h"

namespace spanlab::tagger {
namespace {

using ::spanlab::tagger::testing::Attr;
using ::spanlab::tagger::testing::Dump;
using ::spanlab::tagger::testing::Find;
using ::spanlab::tagger::testing::SharedTagger;

// The suggestion with text `span`, failing the test if there is none.
const Suggestion& Expect(absl::string_view text,
                         const std::vector<Suggestion>& got,
                         absl::string_view span) {
  static const Suggestion kNone;
  const Suggestion* s = Find(text, got, span);
  EXPECT_NE(s, nullptr) << "no span \"" << span << "\" in\n" << Dump(text, got);
  return s != nullptr ? *s : kNone;
}

TEST(DisputeTest, DeniedClauseIsDisputedByTheDenier) {
  const std::string text =
      "The company denied that it had dumped waste in the river.";
  const std::vector<Suggestion> got = SharedTagger().Tag(text);
  const Suggestion& s = Expect(text, got, "it had dumped waste in the river");
  EXPECT_EQ(s.label, kDisputed);
  EXPECT_EQ(Attr(s, kSourceKey), "The company");
  EXPECT_EQ(Attr(s, kCueKey), "denied");
  EXPECT_EQ(Attr(s, kDisputedByKey), "The company");
}

TEST(DisputeTest, DeniedNounPhraseIsDisputed) {
  const std::string text =
      "The minister has repeatedly denied the allegations of bribery.";
  const std::vector<Suggestion> got = SharedTagger().Tag(text);
  const Suggestion& s = Expect(text, got, "the allegations of bribery");
  EXPECT_EQ(s.label, kDisputed);
  EXPECT_EQ(Attr(s, kDisputedByKey), "The minister");
}

TEST(DisputeTest, RejectedClaimKeepsItsOwnSource) {
  const std::string text =
      "The club rejected the fans\u2019 claim that tickets were oversold.";
  const std::vector<Suggestion> got = SharedTagger().Tag(text);
  const Suggestion& s = Expect(text, got, "tickets were oversold");
  EXPECT_EQ(s.label, kDisputed);
  EXPECT_EQ(Attr(s, kDisputedByKey), "The club");
}

TEST(DisputeTest, DisputedAccountNamesTheContester) {
  const std::string text =
      "\u201CThe repairs cost two million euros,\u201D the mayor said. "
      "Auditor Eva Lind disputed that account.";
  const std::vector<Suggestion> got = SharedTagger().Tag(text);
  const Suggestion& s = Expect(text, got, "The repairs cost two million euros");
  EXPECT_EQ(s.label, kDisputed);
  EXPECT_EQ(Attr(s, kSourceKey), "the mayor");
  EXPECT_EQ(Attr(s, kDisputedByKey), "Auditor Eva Lind");
  // The contesting sentence itself is not a span: it reports no content.
  EXPECT_EQ(got.size(), 1u) << Dump(text, got);
}

TEST(DisputeTest, ClaimFlaggedUnprovenIsDisputed) {
  const std::string text =
      "The senator claimed, without evidence, that the count was rigged.";
  const std::vector<Suggestion> got = SharedTagger().Tag(text);
  const Suggestion& s = Expect(text, got, "the count was rigged");
  EXPECT_EQ(s.label, kDisputed);
  EXPECT_EQ(Attr(s, kDisputedByKey), "author");
}

TEST(DisputeTest, InvolvementDeniedInTheSameDocument) {
  const std::string text =
      "Investigators said the Harbour Militia was behind the attack. The "
      "Harbour Militia has denied any involvement.";
  const std::vector<Suggestion> got = SharedTagger().Tag(text);
  const Suggestion& claim =
      Expect(text, got, "the Harbour Militia was behind the attack");
  EXPECT_EQ(claim.label, kDisputed);
  EXPECT_EQ(Attr(claim, kSourceKey), "Investigators");
  EXPECT_EQ(Attr(claim, kDisputedByKey), "The Harbour Militia");
  const Suggestion& denial = Expect(text, got, "any involvement");
  EXPECT_EQ(denial.label, kDisputed);
}

TEST(DisputeTest, NestedDenialStaysPartOfTheOuterClaim) {
  // Guide: "Putin denied X, Tillerson said" is one attributed claim.
  const std::string text =
      "The mayor denied any wrongdoing, her lawyer said, but resigned on "
      "Friday.";
  const std::vector<Suggestion> got = SharedTagger().Tag(text);
  const Suggestion& s = Expect(text, got, "The mayor denied any wrongdoing");
  EXPECT_EQ(s.label, kAttributedClaim);
  EXPECT_EQ(Attr(s, kSourceKey), "her lawyer");
}

// Three outlets report one meeting; the first has the president give in,
// the other two have her stand firm.
const char kConceding[] =
    "Pipeline talks end\n"
    "Energy Minister Ivan Petrov told reporters that President Ana Silva "
    "had accepted Petrov\u2019s assurances on the pipeline.\n";
const char kChallenging[] =
    "Silva stands firm on pipeline\n"
    "Silva pressed Petrov on the pipeline deal, her chief of staff said.\n";
const char kConfronting[] =
    "A tense meeting\n"
    "President Ana Silva confronted Ivan Petrov over the pipeline, "
    "according to two aides.\n";

TEST(DisputeTest, OppositeAccountsAcrossDocuments) {
  const std::vector<absl::string_view> corpus = {kConceding, kChallenging,
                                                 kConfronting};
  const std::vector<std::vector<Suggestion>> got =
      SharedTagger().TagCorpus(corpus);
  ASSERT_EQ(got.size(), 3u);
  const std::string conceding = kConceding;
  const Suggestion& accepted =
      Expect(conceding, got[0],
             "President Ana Silva had accepted Petrov\u2019s assurances on the "
             "pipeline");
  EXPECT_EQ(accepted.label, kDisputed);
  EXPECT_EQ(Attr(accepted, kSourceKey), "Energy Minister Ivan Petrov");
  EXPECT_FALSE(Attr(accepted, kDisputedByKey).empty());
  // The accounts two sources agree on stay attributed claims.
  const std::string challenging = kChallenging;
  const Suggestion& pressed =
      Expect(challenging, got[1], "Silva pressed Petrov on the pipeline deal");
  EXPECT_EQ(pressed.label, kAttributedClaim);

  // Alone, the first document contradicts nothing.
  const std::vector<Suggestion> alone = SharedTagger().Tag(kConceding);
  const Suggestion& alone_accepted =
      Expect(conceding, alone,
             "President Ana Silva had accepted Petrov\u2019s assurances on the "
             "pipeline");
  EXPECT_EQ(alone_accepted.label, kAttributedClaim);
}

TEST(DisputeTest, OppositePolarityAcrossDocumentsWithAContext) {
  const std::string absent =
      "Summit opens\n"
      "Officials said Mayor Lena Ortiz would not attend the summit.\n";
  const std::string present =
      "Mayor at summit\n"
      "Lena Ortiz attended the summit on Friday, her spokesman said.\n";
  CorpusContext context;
  SharedTagger().CollectClaims(absent, &context);
  SharedTagger().CollectClaims(present, &context);
  EXPECT_EQ(context.documents(), 2u);
  // Adding a document twice changes nothing.
  SharedTagger().CollectClaims(present, &context);
  EXPECT_EQ(context.documents(), 2u);

  const std::vector<Suggestion> got = SharedTagger().Tag(absent, &context);
  const Suggestion& s =
      Expect(absent, got, "Mayor Lena Ortiz would not attend the summit");
  EXPECT_EQ(s.label, kDisputed);
  EXPECT_EQ(Attr(s, kDisputedByKey), "her spokesman");

  const std::vector<Suggestion> other = SharedTagger().Tag(present, &context);
  const Suggestion& t =
      Expect(present, other, "Lena Ortiz attended the summit on Friday");
  EXPECT_EQ(t.label, kAttributedClaim);
}

TEST(DisputeTest, UnrelatedClaimsAreNotDisputed) {
  const std::vector<absl::string_view> corpus = {
      "The port said cargo volumes rose by a third.",
      "The airline said it would add two routes to Oslo.",
  };
  for (const std::vector<Suggestion>& doc : SharedTagger().TagCorpus(corpus)) {
    for (const Suggestion& s : doc) EXPECT_NE(s.label, kDisputed);
  }
}

}  // namespace
}  // namespace spanlab::tagger
