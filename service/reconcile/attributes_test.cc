#include "service/reconcile/attributes.h"

#include <vector>

#include "gmock/gmock.h"
#include "gtest/gtest.h"

namespace spanlab::reconcile {
namespace {

using ::testing::ElementsAre;
using ::testing::IsEmpty;

Version With(Attributes attributes) {
  Version v;
  v.attributes = std::move(attributes);
  return v;
}

TEST(MergeAttributesTest, NothingToMerge) {
  const MergedAttributes m = MergeAttributes({});
  EXPECT_THAT(m.values, IsEmpty());
  EXPECT_THAT(m.conflicts, IsEmpty());
}

TEST(MergeAttributesTest, KeepsEveryKeyAnyVersionGives) {
  const Version a = With({{"source", "Tillerson"}, {"cue", "said"}});
  const Version b = With({{"source", "Tillerson"}, {"disputed_by", "Putin"}});
  const MergedAttributes m = MergeAttributes({&a, &b});
  EXPECT_EQ(m.values, (Attributes{{"cue", "said"},
                                  {"disputed_by", "Putin"},
                                  {"source", "Tillerson"}}));
  EXPECT_THAT(m.conflicts, IsEmpty());
}

TEST(MergeAttributesTest, MostVotesWin) {
  const Version a = With({{"source", "Peskov"}});
  const Version b = With({{"source", "Peskov, Putin's spokesman"}});
  const Version c = With({{"source", "Peskov"}});
  const MergedAttributes m = MergeAttributes({&a, &b, &c});
  EXPECT_EQ(m.values.at("source"), "Peskov");
  EXPECT_THAT(m.conflicts, ElementsAre("source"));
}

TEST(MergeAttributesTest, TiesGoToTheLongerValue) {
  const Version a = With({{"source", "Tillerson"}});
  const Version b = With({{"source", "Secretary of State Rex Tillerson"}});
  EXPECT_EQ(MergeAttributes({&a, &b}).values.at("source"),
            "Secretary of State Rex Tillerson");
  EXPECT_EQ(MergeAttributes({&b, &a}).values.at("source"),
            "Secretary of State Rex Tillerson");
}

TEST(MergeAttributesTest, FullTiesGoToTheFirstInByteOrder) {
  const Version a = With({{"cue", "told"}});
  const Version b = With({{"cue", "said"}});
  EXPECT_EQ(MergeAttributes({&a, &b}).values.at("cue"), "said");
  EXPECT_EQ(MergeAttributes({&b, &a}).values.at("cue"), "said");
}

}  // namespace
}  // namespace spanlab::reconcile
