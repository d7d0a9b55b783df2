#include "client/render.h"

#include <string>
#include <vector>

#include "absl/strings/str_cat.h"
#include "client/ansi.h"
#include "gtest/gtest.h"

namespace spanlab::client {
namespace {

std::string Plain(absl::string_view text,
                  const std::vector<RenderSpan>& spans) {
  return RenderText(text, spans, /*color=*/false, {});
}

TEST(RenderTextTest, NoSpansLeavesTextAlone) {
  EXPECT_EQ(Plain("hello world", {}), "hello world");
}

TEST(RenderTextTest, BracketsOneSpan) {
  EXPECT_EQ(Plain("Obama said it", {{0, 5, "speaker", 1}}),
            "[Obama]{speaker} said it");
}

TEST(RenderTextTest, OffsetsCountCodePoints) {
  // "Zoë Brontë" is 10 code points but 12 bytes.
  EXPECT_EQ(Plain("Zoë Brontë said 🎉 yes",
                  {{0, 10, "source", 1}, {16, 17, "emoji", 2}}),
            "[Zoë Brontë]{source} said [🎉]{emoji} yes");
}

TEST(RenderTextTest, NestedSpansNest) {
  EXPECT_EQ(Plain("Obama said the deal was fair",
                  {{0, 28, "claim", 1}, {0, 5, "speaker", 2}}),
            "[[Obama]{speaker} said the deal was fair]{claim}");
}

TEST(RenderTextTest, IdenticalSpansNest) {
  EXPECT_EQ(Plain("abc", {{0, 3, "x", 1}, {0, 3, "y", 2}}), "[[abc]{y}]{x}");
}

TEST(RenderTextTest, CrossingSpansAreNumbered) {
  EXPECT_EQ(
      Plain("quick brown fox", {{0, 11, "color", 1}, {6, 15, "animal", 2}}),
      "[1>quick [2>brown<1]{color} fox<2]{animal}");
}

TEST(RenderTextTest, AdjacentSpansCloseBeforeOpening) {
  EXPECT_EQ(Plain("abcd", {{0, 2, "x", 1}, {2, 4, "y", 2}}), "[ab]{x}[cd]{y}");
}

TEST(RenderTextTest, SpansOutsideTheTextAreClippedOrDropped) {
  EXPECT_EQ(Plain("abc", {{1, 99, "x", 1}, {5, 9, "y", 2}, {2, 2, "z", 3}}),
            "a[bc]{x}");
}

TEST(RenderTextTest, ControlCharactersAreNeutralised) {
  EXPECT_EQ(Plain("a\x1b[31mb\r\nc\td", {}), "a\xef\xbf\xbd[31mb\nc\td");
  // U+009B, a C1 control some terminals treat as CSI.
  EXPECT_EQ(Plain("x\xc2\x9by", {}), "x\xef\xbf\xbdy");
}

TEST(RenderTextTest, ColourUsesLabelBackground) {
  const Rgb red{0xff, 0, 0};
  const std::string out =
      RenderText("ab", {{0, 1, "x", 1}}, /*color=*/true, {{"x", red}});
  EXPECT_NE(out.find(absl::StrCat(Background(red), Foreground(TextColorOn(red)),
                                  "a")),
            std::string::npos)
      << out;
  EXPECT_NE(out.find(absl::StrCat(kReset, "b")), std::string::npos) << out;
  EXPECT_EQ(out.find("]{"), std::string::npos) << "no bracket markers";
}

TEST(RenderTextTest, ColourUnderlinesOverlapsAndUsesInnermost) {
  const Rgb outer{0, 0, 0xff};
  const Rgb inner{0, 0xff, 0};
  const std::string out =
      RenderText("abc", {{0, 3, "outer", 1}, {1, 2, "inner", 2}},
                 /*color=*/true, {{"outer", outer}, {"inner", inner}});
  EXPECT_NE(
      out.find(absl::StrCat(Background(inner), Foreground(TextColorOn(inner)),
                            kUnderline, "b")),
      std::string::npos)
      << out;
}

TEST(RenderTextTest, ColourEndsBeforeLineBreaks) {
  const Rgb blue{0, 0, 0xff};
  const std::string out =
      RenderText("a\nb", {{0, 3, "x", 1}}, /*color=*/true, {{"x", blue}});
  EXPECT_NE(out.find(absl::StrCat(kReset, "\n")), std::string::npos) << out;
}

TEST(RenderTextTest, UnknownLabelsUseFallbackColour) {
  EXPECT_EQ(ColorOf({}, "nope").r, kFallbackColor.r);
  const std::string out = RenderText("a", {{0, 1, "nope", 1}}, true, {});
  EXPECT_NE(out.find(Background(kFallbackColor)), std::string::npos);
}

TEST(RenderLegendTest, ListsLabelsWithSwatches) {
  const Rgb red{0xff, 0, 0};
  EXPECT_EQ(RenderLegend({"x"}, {{"x", red}}),
            absl::StrCat("labels: ", Swatch(red), " x"));
}

TEST(AnsiTest, ParsesHexColours) {
  ASSERT_TRUE(ParseHexColor("#1a2B3c").has_value());
  EXPECT_EQ(ParseHexColor("#1a2B3c")->r, 0x1a);
  EXPECT_EQ(ParseHexColor("#1a2B3c")->g, 0x2b);
  EXPECT_EQ(ParseHexColor("#1a2B3c")->b, 0x3c);
  EXPECT_FALSE(ParseHexColor("1a2b3c").has_value());
  EXPECT_FALSE(ParseHexColor("#1a2b3").has_value());
  EXPECT_FALSE(ParseHexColor("#1a2b3g").has_value());
}

TEST(AnsiTest, TextColourContrasts) {
  EXPECT_EQ(TextColorOn({0xff, 0xff, 0xe0}).r, 0);
  EXPECT_EQ(TextColorOn({0x20, 0x20, 0x80}).r, 0xff);
}

TEST(AnsiTest, ColourDecision) {
  EXPECT_TRUE(ShouldColor(ColorMode::kAuto, true, false));
  EXPECT_FALSE(ShouldColor(ColorMode::kAuto, false, false));
  EXPECT_FALSE(ShouldColor(ColorMode::kAuto, true, true));
  EXPECT_TRUE(ShouldColor(ColorMode::kAlways, false, true));
  EXPECT_FALSE(ShouldColor(ColorMode::kNever, true, false));
  EXPECT_FALSE(ParseColorMode("sometimes").has_value());
}

}  // namespace
}  // namespace spanlab::client
