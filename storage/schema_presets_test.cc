// Tests of the label schemas that ship with spanlab.
//
// The news-attribution preset is what every project gets when its creator
// names no schema, and the annotation guide, the labeler hotkeys and the
// validation of attributes all assume its exact contents; these tests pin
// them.
#include "storage/schema_presets.h"

#include <set>
#include <string>
#include <vector>

#include "absl/status/status.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"

namespace spanlab {
namespace {

using ::testing::ElementsAre;
using ::testing::HasSubstr;
using ::testing::MatchesRegex;
using ::testing::UnorderedElementsAre;

const v1::LabelDefinition* FindLabel(const v1::LabelSchema& schema,
                                     const std::string& name) {
  for (const v1::LabelDefinition& label : schema.labels()) {
    if (label.name() == name) return &label;
  }
  return nullptr;
}

TEST(SchemaPresetsTest, DefaultPresetIsNewsAttribution) {
  // Projects created without a schema get the default preset by name, so the
  // constant must resolve.
  EXPECT_EQ(kDefaultSchemaPreset, "news-attribution");
  auto schema = SchemaPreset(kDefaultSchemaPreset);
  ASSERT_TRUE(schema.ok()) << schema.status();
  // The preset records where it came from, so exports can say so.
  EXPECT_EQ(schema->preset(), "news-attribution");
}

TEST(SchemaPresetsTest, NewsAttributionHasExactlyTheGuideLabels) {
  auto schema = SchemaPreset("news-attribution");
  ASSERT_TRUE(schema.ok()) << schema.status();
  std::vector<std::string> names;
  for (const auto& label : schema->labels()) names.push_back(label.name());
  EXPECT_THAT(names,
              UnorderedElementsAre("attributed_claim", "opinion", "disputed"));

  // Attributes outside these lists are rejected by validation, so a missing
  // one would make valid annotations unstorable.
  const v1::LabelDefinition* claim = FindLabel(*schema, "attributed_claim");
  ASSERT_NE(claim, nullptr);
  EXPECT_THAT(claim->allowed_attributes(), ElementsAre("source", "cue"));
  const v1::LabelDefinition* opinion = FindLabel(*schema, "opinion");
  ASSERT_NE(opinion, nullptr);
  EXPECT_THAT(opinion->allowed_attributes(), ElementsAre("holder"));
  const v1::LabelDefinition* disputed = FindLabel(*schema, "disputed");
  ASSERT_NE(disputed, nullptr);
  EXPECT_THAT(disputed->allowed_attributes(),
              ElementsAre("source", "cue", "disputed_by"));
}

TEST(SchemaPresetsTest, NewsAttributionLinkTypes) {
  auto schema = SchemaPreset("news-attribution");
  ASSERT_TRUE(schema.ok()) << schema.status();
  EXPECT_THAT(schema->link_types(), ElementsAre("disputes", "same_claim"));
}

TEST(SchemaPresetsTest, LabelsAreWellFormed) {
  // The same rules validation applies to custom schemas: a preset that broke
  // them could not be stored through the API.
  auto schema = SchemaPreset("news-attribution");
  ASSERT_TRUE(schema.ok()) << schema.status();
  std::set<std::string> hotkeys;
  for (const auto& label : schema->labels()) {
    SCOPED_TRACE(label.name());
    EXPECT_THAT(label.name(), MatchesRegex("[a-z0-9_]+"));
    EXPECT_THAT(label.color(), MatchesRegex("#[0-9a-f]{6}"));
    // One printable ASCII key each, none shared: the labeler maps a key
    // press to exactly one label.
    ASSERT_EQ(label.hotkey().size(), 1u);
    EXPECT_GT(label.hotkey()[0], ' ');
    EXPECT_LE(label.hotkey()[0], '~');
    EXPECT_TRUE(hotkeys.insert(label.hotkey()).second)
        << "hotkey " << label.hotkey() << " used twice";
    // Annotators see the description; an empty one is a preset bug.
    EXPECT_FALSE(label.description().empty());
    EXPECT_LE(label.description().size(), 4096u);
  }
}

TEST(SchemaPresetsTest, UnknownPresetIsNotFoundAndNamed) {
  auto schema = SchemaPreset("no-such-preset");
  EXPECT_EQ(schema.status().code(), absl::StatusCode::kNotFound);
  // The caller typed the name; the error must echo it and list what exists.
  EXPECT_THAT(schema.status().message(), HasSubstr("no-such-preset"));
  EXPECT_THAT(schema.status().message(), HasSubstr("news-attribution"));
}

TEST(SchemaPresetsTest, EmptyNameIsNotAPreset) {
  // An empty preset means "custom schema" in LabelSchema, never a lookup.
  EXPECT_EQ(SchemaPreset("").status().code(), absl::StatusCode::kNotFound);
}

}  // namespace
}  // namespace spanlab
