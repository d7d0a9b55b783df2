#include "client/specs.h"

#include <string>

#include "client/errors.h"
#include "gtest/gtest.h"

namespace spanlab::client {
namespace {

TEST(LayerSpecTest, ParsesEveryForm) {
  struct Case {
    const char* spec;
    LayerKind kind;
    const char* author;
    bool mine;
  };
  for (const Case& c : {
           Case{"all", LayerKind::kAny, "", false},
           Case{"gold", LayerKind::kGold, "", false},
           Case{"automatic", LayerKind::kAutomatic, "", false},
           Case{"automatic:tagger-v2", LayerKind::kAutomatic, "tagger-v2",
                false},
           Case{"human", LayerKind::kHuman, "", false},
           Case{"human:bob", LayerKind::kHuman, "bob", false},
           Case{"mine", LayerKind::kAny, "", true},
       }) {
    absl::StatusOr<LayerSpec> layer = ParseLayerSpec(c.spec);
    ASSERT_TRUE(layer.ok()) << c.spec << ": " << layer.status();
    EXPECT_EQ(layer->kind, c.kind) << c.spec;
    EXPECT_EQ(layer->author, c.author) << c.spec;
    EXPECT_EQ(layer->mine, c.mine) << c.spec;
  }
}

TEST(LayerSpecTest, RejectsOthersAsUsageErrorsNamingTheSpec) {
  for (const char* spec : {"", "everything", "human:", "gold:bob", "mine:x",
                           "Human", "automatic:"}) {
    absl::StatusOr<LayerSpec> layer = ParseLayerSpec(spec);
    ASSERT_FALSE(layer.ok()) << spec;
    EXPECT_TRUE(IsUsageError(layer.status())) << spec;
    EXPECT_NE(layer.status().message().find("--layer"), std::string::npos);
    EXPECT_NE(layer.status().message().find(std::string("\"") + spec + "\""),
              std::string::npos)
        << layer.status();
  }
}

TEST(SpanSpecTest, ParsesStartEnd) {
  absl::StatusOr<SpanSpec> span = ParseSpanSpec("3:17");
  ASSERT_TRUE(span.ok()) << span.status();
  EXPECT_EQ(span->start, 3);
  EXPECT_EQ(span->end, 17);
  span = ParseSpanSpec("0:99999999");
  ASSERT_TRUE(span.ok());
  EXPECT_EQ(span->end, 99999999);
}

TEST(SpanSpecTest, RejectsMalformedSpansNamingTheFlag) {
  for (const char* value :
       {"", "3", "3:", ":4", "a:b", "3:4:5", "-1:4", "+1:4", " 1:4", "1.5:4",
        "5:5", "6:5", "99999999999999999999:1"}) {
    absl::StatusOr<SpanSpec> span = ParseSpanSpec(value);
    ASSERT_FALSE(span.ok()) << value;
    EXPECT_TRUE(IsUsageError(span.status())) << value;
    EXPECT_EQ(span.status().message().rfind("--span", 0), 0u) << span.status();
  }
}

TEST(AttributeSpecTest, SplitsAtTheFirstEquals) {
  absl::StatusOr<AttributeSpec> attribute = ParseAttributeSpec("cue=said=x");
  ASSERT_TRUE(attribute.ok());
  EXPECT_EQ(attribute->key, "cue");
  EXPECT_EQ(attribute->value, "said=x");
  attribute = ParseAttributeSpec("source=");
  ASSERT_TRUE(attribute.ok());
  EXPECT_EQ(attribute->value, "");
}

TEST(AttributeSpecTest, RejectsMissingKey) {
  for (const char* value : {"", "novalue", "=x"}) {
    absl::StatusOr<AttributeSpec> attribute = ParseAttributeSpec(value);
    ASSERT_FALSE(attribute.ok()) << value;
    EXPECT_TRUE(IsUsageError(attribute.status()));
  }
}

TEST(ErrorLineTest, FormatsByOrigin) {
  EXPECT_EQ(ErrorLine(ServerError(absl::StatusCode::kNotFound,
                                  "no project \"x\"", "h:1")),
            "spanlab: error: NOT_FOUND: no project \"x\"");
  EXPECT_EQ(ErrorLine(ServerError(absl::StatusCode::kUnavailable,
                                  "connection refused", "h:1")),
            "spanlab: error: UNAVAILABLE: connection refused (server h:1)");
  EXPECT_EQ(ErrorLine(absl::NotFoundError("cannot read a.txt")),
            "spanlab: error: cannot read a.txt");
  EXPECT_EQ(ErrorLine(UsageError("--span: bad"), "spanlab label --help"),
            "spanlab: error: --span: bad (see 'spanlab label --help')");
  EXPECT_EQ(ErrorLine(absl::InternalError("two\nlines\n")),
            "spanlab: error: two lines");
}

TEST(ErrorLineTest, ExitCodes) {
  EXPECT_EQ(ExitCode(absl::OkStatus()), 0);
  EXPECT_EQ(ExitCode(UsageError("x")), kExitUsage);
  EXPECT_EQ(ExitCode(absl::NotFoundError("x")), kExitFailure);
  EXPECT_EQ(ExitCode(ServerError(absl::StatusCode::kAborted, "x", "s")),
            kExitFailure);
}

}  // namespace
}  // namespace spanlab::client
