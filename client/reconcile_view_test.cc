#include "client/reconcile_view.h"

#include <string>

#include "client/labeler_layout.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"

namespace spanlab::client {
namespace {

using ::testing::ElementsAre;
using ::testing::HasSubstr;
using ::testing::Not;

// "Tillerson" at [24, 33); the second sentence is [35, 58).
constexpr char kText[] =
    "It rained. Officials and Tillerson met. Nobody “agreed” há.";

TextBoundaries Boundaries(const std::string& text) {
  auto b = TextBoundaries::Build(text);
  EXPECT_TRUE(b.ok()) << b.status();
  return *std::move(b);
}

v1::ReconcileItem TwoVersions() {
  v1::ReconcileItem item;
  item.set_name("projects/news/documents/d1/items/0123456789abcdef");
  item.set_document("projects/news/documents/d1");
  item.set_type(v1::BOUNDARY_CONFLICT);
  item.set_start(11);
  item.set_end(38);
  v1::ItemVersion* a = item.add_versions();
  a->set_annotator("alice");
  a->set_start(11);
  a->set_end(38);
  a->set_label("opinion");
  a->set_annotation("projects/news/documents/d1/annotations/1");
  v1::ItemVersion* b = item.add_versions();
  b->set_annotator("bob");
  b->set_start(25);
  b->set_end(34);
  b->set_label("attributed_claim");
  (*b->mutable_attributes())["source"] = "Til \"T\"";
  (*b->mutable_attributes())["cue"] = "met";
  b->set_annotation("projects/news/documents/d1/annotations/2");
  return item;
}

TEST(ItemContextTest, CoversTheSentencesOfTheSpan) {
  const TextBoundaries b = Boundaries(kText);
  const CodePointRange one = ItemContext(b, 25, 34);
  EXPECT_EQ(one.start, 11);
  EXPECT_EQ(one.end, 39);
  const CodePointRange two = ItemContext(b, 25, 45);
  EXPECT_EQ(two.start, 11);
  EXPECT_EQ(two.end, b.length());
}

TEST(ItemContextTest, CutsLongSentences) {
  const TextBoundaries b = Boundaries(kText);
  const CodePointRange cut = ItemContext(b, 25, 34, /*max_extra=*/3);
  EXPECT_EQ(cut.start, 22);
  EXPECT_EQ(cut.end, 37);
}

TEST(RenderItemTest, ShowsEachVersionInContextWithoutColour) {
  const std::u32string text = DecodeUtf8(kText);
  const std::string screen = RenderItem(TwoVersions(), text, {11, 39}, 2, 5,
                                        /*color=*/false, {});
  EXPECT_THAT(screen, HasSubstr("Item 2 of 5  ·  d1  ·  boundary conflict  ·  "
                                "[11, 38)"));
  EXPECT_THAT(screen, HasSubstr("1  alice  opinion  [11, 38)\n"));
  EXPECT_THAT(screen, HasSubstr("2  bob  attributed_claim  [25, 34)  "
                                "cue=\"met\" source=\"Til \\\"T\\\"\""));
  EXPECT_THAT(screen, HasSubstr("…[Officials and Tillerson met]{opinion}.…"));
  EXPECT_THAT(screen, HasSubstr("…Officials and [Tillerson]{attributed_claim} "
                                "met.…"));
  EXPECT_THAT(screen, HasSubstr("1-2 take · t take several · e edit · d drop "
                                "· s skip · q quit"));
  EXPECT_THAT(screen, Not(HasSubstr("\x1b[")));
}

TEST(RenderItemTest, ColoursLabelsWhenAsked) {
  const std::u32string text = DecodeUtf8(kText);
  const std::string screen =
      RenderItem(TwoVersions(), text, {0, static_cast<int64_t>(text.size())}, 1,
                 1, /*color=*/true, {{"opinion", Rgb{255, 0, 0}}});
  EXPECT_THAT(screen, HasSubstr("\x1b[48;2;255;0;0m"));
  EXPECT_THAT(screen, Not(HasSubstr("…")));
}

TEST(ParseKeyTest, MapsKeysToChoices) {
  EXPECT_EQ(ParseKey('1', 2).kind, Choice::Kind::kTake);
  EXPECT_EQ(ParseKey('2', 2).version, 1);
  EXPECT_EQ(ParseKey('3', 2).kind, Choice::Kind::kUnknown);
  EXPECT_EQ(ParseKey('0', 2).kind, Choice::Kind::kUnknown);
  EXPECT_EQ(ParseKey('t', 2).kind, Choice::Kind::kTakeSeveral);
  EXPECT_EQ(ParseKey('e', 2).kind, Choice::Kind::kEdit);
  EXPECT_EQ(ParseKey('d', 2).kind, Choice::Kind::kDrop);
  EXPECT_EQ(ParseKey('s', 2).kind, Choice::Kind::kSkip);
  EXPECT_EQ(ParseKey('q', 2).kind, Choice::Kind::kQuit);
  EXPECT_EQ(ParseKey('\x03', 2).kind, Choice::Kind::kQuit);
  EXPECT_EQ(ParseKey('x', 2).kind, Choice::Kind::kUnknown);
}

TEST(ParseVersionListTest, AcceptsCommasOrSpaces) {
  EXPECT_THAT(*ParseVersionList("1,3", 3), ElementsAre(0, 2));
  EXPECT_THAT(*ParseVersionList(" 3 1 ", 3), ElementsAre(2, 0));
  EXPECT_FALSE(ParseVersionList("", 3).ok());
  EXPECT_FALSE(ParseVersionList("4", 3).ok());
  EXPECT_FALSE(ParseVersionList("0", 3).ok());
  EXPECT_FALSE(ParseVersionList("1,1", 3).ok());
  EXPECT_FALSE(ParseVersionList("one", 3).ok());
}

TEST(RenderMergeCountsTest, SaysWhatWasMergedAndWhatIsLeft) {
  v1::AutoMergeResponse r;
  r.set_policy("unanimous");
  r.set_documents(3);
  r.set_items(10);
  r.set_merged(7);
  r.set_open(3);
  r.mutable_by_type()->set_unanimous(7);
  r.mutable_by_type()->set_partial(3);
  r.add_skipped_documents("projects/news/documents/d9");
  const std::string text = RenderMergeCounts(r);
  EXPECT_THAT(text, HasSubstr("policy unanimous: merged 7 items in 3 "
                              "documents; 0 already resolved, 3 open"));
  EXPECT_THAT(text, HasSubstr("items: 10 (unanimous 7, label conflict 0, "
                              "boundary conflict 0, partial 3)"));
  EXPECT_THAT(text, HasSubstr("skipped (nobody finished them): d9"));
  EXPECT_THAT(text, Not(HasSubstr("superseded")));
}

TEST(RenderStatusTest, OneRowPerDocumentAndTotals) {
  v1::ReconcileStatus s;
  v1::DocumentReconcileStatus* d = s.add_documents();
  d->set_document("projects/news/documents/d1");
  d->set_state(v1::RECONCILE_DONE);
  d->add_layers("alice");
  d->add_layers("bob");
  d->set_items(4);
  d->set_resolved(4);
  d->set_gold(3);
  v1::DocumentReconcileStatus* n = s.add_documents();
  n->set_document("projects/news/documents/d2");
  n->set_state(v1::RECONCILE_NOT_READY);
  s.set_done(1);
  s.set_not_ready(1);
  s.set_items(4);
  s.set_resolved(4);
  const std::string text = RenderStatus(s);
  EXPECT_THAT(text, HasSubstr("d1        done       alice,bob"));
  EXPECT_THAT(text, HasSubstr("d2        not ready  -"));
  EXPECT_THAT(text, HasSubstr("2 documents: 1 done, 0 in progress, 0 open, "
                              "1 not ready"));
  EXPECT_THAT(text, HasSubstr("4 items: 4 resolved, 0 open"));
}

TEST(RenderItemTableTest, ListsVersionsCompactly) {
  const std::string text = RenderItemTable({TwoVersions()});
  EXPECT_THAT(text, HasSubstr("d1        0123456789abcdef  boundary conflict"));
  EXPECT_THAT(text, HasSubstr("open"));
  EXPECT_THAT(text, HasSubstr("alice:opinion[11,38) "
                              "bob:attributed_claim[25,34)"));
}

}  // namespace
}  // namespace spanlab::client
