#include "service/validation.h"

#include <cmath>
#include <limits>
#include <string>
#include <string_view>
#include <vector>

#include "absl/status/status.h"
#include "absl/strings/str_cat.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "service/limits.h"
#include "service/text/utf8.h"
#include "spanlab/v1/resources.pb.h"
#include "tests/support/status_matchers.h"
#include "tests/support/utf8_literals.h"

namespace spanlab {
namespace {

using ::spanlab::testing_support::IsOk;
using ::spanlab::testing_support::StatusIs;
using ::spanlab::testing_support::Utf8;
using ::testing::AllOf;
using ::testing::HasSubstr;
using ::testing::Not;
using ::testing::Pair;
using ::testing::StartsWith;

constexpr absl::StatusCode kInvalid = absl::StatusCode::kInvalidArgument;

// Code-point offset of the first `needle` in `haystack`.
int64_t Find(std::u32string_view haystack, std::u32string_view needle) {
  const size_t pos = haystack.find(needle);
  EXPECT_NE(pos, std::u32string_view::npos);
  return static_cast<int64_t>(pos);
}

// =============================================================================
// ValidateSchema
// =============================================================================

v1::LabelDefinition Label(const std::string& name) {
  v1::LabelDefinition l;
  l.set_name(name);
  return l;
}

v1::LabelSchema TwoLabels() {
  v1::LabelSchema s;
  v1::LabelDefinition* a = s.add_labels();
  a->set_name("attributed_claim");
  a->set_color("#1f77b4");
  a->set_hotkey("c");
  a->set_description("Content attributed to a source.");
  a->add_allowed_attributes("source");
  a->add_allowed_attributes("cue");
  v1::LabelDefinition* b = s.add_labels();
  b->set_name("opinion");
  b->set_color("#FF7F0E");
  b->set_hotkey("O");
  b->add_allowed_attributes("holder");
  s.add_link_types("disputes");
  s.add_link_types("same_claim");
  return s;
}

TEST(ValidateSchemaTest, AcceptsAWellFormedSchema) {
  EXPECT_THAT(ValidateSchema(TwoLabels(), "project.schema"), IsOk());
}

TEST(ValidateSchemaTest, OptionalFieldsMayBeEmpty) {
  v1::LabelSchema s;
  *s.add_labels() = Label("x");
  EXPECT_THAT(ValidateSchema(s, "schema"), IsOk());
}

TEST(ValidateSchemaTest, NeedsAtLeastOneLabel) {
  EXPECT_THAT(ValidateSchema(v1::LabelSchema(), "project.schema"),
              StatusIs(kInvalid,
                       AllOf(StartsWith("project.schema.labels: "),
                             HasSubstr("has 0 labels"), HasSubstr("1 to 64"))));
}

TEST(ValidateSchemaTest, AtMost64Labels) {
  v1::LabelSchema s;
  for (int i = 0; i < 64; ++i) *s.add_labels() = Label(absl::StrCat("l", i));
  EXPECT_THAT(ValidateSchema(s, "schema"), IsOk());
  *s.add_labels() = Label("l64");
  EXPECT_THAT(ValidateSchema(s, "schema"),
              StatusIs(kInvalid, AllOf(StartsWith("schema.labels: "),
                                       HasSubstr("has 65 labels"))));
}

TEST(ValidateSchemaTest, LabelNamesAreMachineNames) {
  for (const std::string& name :
       {std::string(""), std::string("Claim"), std::string("a-b"),
        std::string("a b"), std::string("a.b"), std::string("caf\xc3\xa9"),
        std::string(65, 'a')}) {
    SCOPED_TRACE(name);
    v1::LabelSchema s = TwoLabels();
    s.mutable_labels(1)->set_name(name);
    EXPECT_THAT(
        ValidateSchema(s, "project.schema"),
        StatusIs(kInvalid, AllOf(StartsWith("project.schema.labels[1].name="),
                                 HasSubstr("a-z, 0-9 and '_'"))));
  }
  v1::LabelSchema s = TwoLabels();
  s.mutable_labels(1)->set_name(std::string(64, 'a'));
  EXPECT_THAT(ValidateSchema(s, "schema"), IsOk());
  s.mutable_labels(1)->set_name("x_9");
  EXPECT_THAT(ValidateSchema(s, "schema"), IsOk());
}

TEST(ValidateSchemaTest, LabelNamesAreUnique) {
  v1::LabelSchema s = TwoLabels();
  *s.add_labels() = Label("opinion");
  EXPECT_THAT(
      ValidateSchema(s, "project.schema"),
      StatusIs(kInvalid,
               AllOf(StartsWith("project.schema.labels[2].name=\"opinion\""),
                     HasSubstr("duplicate label name"))));
}

TEST(ValidateSchemaTest, ColorsAreHashRrggbb) {
  for (const std::string& color :
       {std::string("1f77b4"), std::string("#1f77b"), std::string("#1f77b44"),
        std::string("#1f77bg"), std::string("red"), std::string("#"),
        std::string(" #1f77b4")}) {
    SCOPED_TRACE(color);
    v1::LabelSchema s = TwoLabels();
    s.mutable_labels(0)->set_color(color);
    EXPECT_THAT(
        ValidateSchema(s, "project.schema"),
        StatusIs(kInvalid, AllOf(StartsWith("project.schema.labels[0].color="),
                                 HasSubstr("#rrggbb"))));
  }
}

TEST(ValidateSchemaTest, HotkeysAreOnePrintableAsciiCharacter) {
  for (const std::string& key :
       {std::string("ab"), std::string(" "), std::string("\t"),
        std::string("\x7f"), std::string("\xc3\xa9"), std::string("\x01")}) {
    SCOPED_TRACE(key);
    v1::LabelSchema s = TwoLabels();
    s.mutable_labels(1)->set_hotkey(key);
    EXPECT_THAT(
        ValidateSchema(s, "project.schema"),
        StatusIs(kInvalid, AllOf(StartsWith("project.schema.labels[1].hotkey="),
                                 HasSubstr("one printable ASCII character"))));
  }
  v1::LabelSchema s = TwoLabels();
  s.mutable_labels(1)->set_hotkey("~");
  EXPECT_THAT(ValidateSchema(s, "schema"), IsOk());
}

TEST(ValidateSchemaTest, HotkeysAreUnique) {
  v1::LabelSchema s = TwoLabels();
  s.mutable_labels(1)->set_hotkey("c");
  EXPECT_THAT(
      ValidateSchema(s, "project.schema"),
      StatusIs(kInvalid,
               AllOf(StartsWith("project.schema.labels[1].hotkey=\"c\""),
                     HasSubstr("already used"))));
  // Hotkeys are case-sensitive: "C" and "c" differ.
  s.mutable_labels(1)->set_hotkey("C");
  EXPECT_THAT(ValidateSchema(s, "schema"), IsOk());
}

TEST(ValidateSchemaTest, DescriptionIsBoundedUtf8) {
  v1::LabelSchema s = TwoLabels();
  s.mutable_labels(0)->set_description(std::string(4096, 'd'));
  EXPECT_THAT(ValidateSchema(s, "schema"), IsOk());
  s.mutable_labels(0)->set_description(std::string(4097, 'd'));
  EXPECT_THAT(
      ValidateSchema(s, "project.schema"),
      StatusIs(kInvalid,
               AllOf(StartsWith("project.schema.labels[0].description: "),
                     HasSubstr("4097 bytes, limit is 4096"))));
  s.mutable_labels(0)->set_description("bad \xff byte");
  EXPECT_THAT(
      ValidateSchema(s, "project.schema"),
      StatusIs(kInvalid,
               AllOf(StartsWith("project.schema.labels[0].description: "),
                     HasSubstr("invalid UTF-8 at byte offset 4"))));
}

TEST(ValidateSchemaTest, AllowedAttributesAreMachineNames) {
  for (const std::string& key :
       {std::string(""), std::string("Source"), std::string("disputed-by"),
        std::string(65, 'k')}) {
    SCOPED_TRACE(key);
    v1::LabelSchema s = TwoLabels();
    s.mutable_labels(0)->add_allowed_attributes(key);
    EXPECT_THAT(
        ValidateSchema(s, "project.schema"),
        StatusIs(
            kInvalid,
            AllOf(StartsWith("project.schema.labels[0].allowed_attributes[2]="),
                  HasSubstr("a-z, 0-9 and '_'"))));
  }
}

TEST(ValidateSchemaTest, LinkTypesAreMachineNames) {
  for (const std::string& type :
       {std::string(""), std::string("Disputes"), std::string("same-claim"),
        std::string(65, 't')}) {
    SCOPED_TRACE(type);
    v1::LabelSchema s = TwoLabels();
    s.add_link_types(type);
    EXPECT_THAT(
        ValidateSchema(s, "project.schema"),
        StatusIs(kInvalid, AllOf(StartsWith("project.schema.link_types[2]="),
                                 HasSubstr("a-z, 0-9 and '_'"))));
  }
}

// =============================================================================
// ValidateNewProject
// =============================================================================

v1::Project NewProject(const std::string& id) {
  v1::Project p;
  p.set_project_id(id);
  return p;
}

TEST(ValidateNewProjectTest, FillsDefaultPresetAndOverlap) {
  v1::Project p = NewProject("g20");
  ASSERT_THAT(ValidateNewProject(&p), IsOk());
  EXPECT_EQ(p.overlap(), 2);
  EXPECT_EQ(p.schema().preset(), "news-attribution");
  std::vector<std::string> labels;
  for (const auto& l : p.schema().labels()) labels.push_back(l.name());
  EXPECT_THAT(labels,
              testing::ElementsAre("attributed_claim", "opinion", "disputed"));
  EXPECT_THAT(p.schema().link_types(),
              testing::ElementsAre("disputes", "same_claim"));
}

TEST(ValidateNewProjectTest, NamedPresetIsExpanded) {
  v1::Project p = NewProject("g20");
  p.mutable_schema()->set_preset("news-attribution");
  ASSERT_THAT(ValidateNewProject(&p), IsOk());
  EXPECT_EQ(p.schema().labels_size(), 3);
}

TEST(ValidateNewProjectTest, UnknownPresetIsInvalidArgument) {
  v1::Project p = NewProject("g20");
  p.mutable_schema()->set_preset("no-such-preset");
  EXPECT_THAT(ValidateNewProject(&p),
              StatusIs(kInvalid, AllOf(StartsWith("project.schema.preset: "),
                                       HasSubstr("\"no-such-preset\""),
                                       HasSubstr("news-attribution"))));
}

TEST(ValidateNewProjectTest, CustomSchemaIsKeptAndValidated) {
  v1::Project p = NewProject("g20");
  *p.mutable_schema() = TwoLabels();
  ASSERT_THAT(ValidateNewProject(&p), IsOk());
  EXPECT_EQ(p.schema().labels_size(), 2);
  EXPECT_EQ(p.schema().preset(), "");

  p.mutable_schema()->mutable_labels(0)->set_name("Bad");
  EXPECT_THAT(ValidateNewProject(&p),
              StatusIs(kInvalid, StartsWith("project.schema.labels[0].name=")));
}

TEST(ValidateNewProjectTest, OverlapRange) {
  for (int overlap : {1, 2, 64}) {
    v1::Project p = NewProject("g20");
    p.set_overlap(overlap);
    ASSERT_THAT(ValidateNewProject(&p), IsOk());
    EXPECT_EQ(p.overlap(), overlap);
  }
  for (int overlap : {-1, 65, 1000}) {
    SCOPED_TRACE(overlap);
    v1::Project p = NewProject("g20");
    p.set_overlap(overlap);
    EXPECT_THAT(
        ValidateNewProject(&p),
        StatusIs(kInvalid, AllOf(StartsWith(absl::StrCat(
                                     "project.overlap=", overlap, ": ")),
                                 HasSubstr("1 to 64"))));
  }
}

TEST(ValidateNewProjectTest, ProjectIdIsChecked) {
  v1::Project p = NewProject("1-bad");
  EXPECT_THAT(ValidateNewProject(&p),
              StatusIs(kInvalid, StartsWith("project.project_id=\"1-bad\"")));
  p = NewProject("");
  EXPECT_THAT(ValidateNewProject(&p),
              StatusIs(kInvalid, StartsWith("project.project_id=\"\"")));
}

TEST(ValidateNewProjectTest, DisplayNameAndGuidelinesAreBoundedUtf8) {
  v1::Project p = NewProject("g20");
  p.set_display_name(std::string(256, 'n'));
  p.set_guidelines(std::string(1 << 20, 'g'));
  EXPECT_THAT(ValidateNewProject(&p), IsOk());

  p = NewProject("g20");
  p.set_display_name(std::string(257, 'n'));
  EXPECT_THAT(ValidateNewProject(&p),
              StatusIs(kInvalid, AllOf(StartsWith("project.display_name: "),
                                       HasSubstr("257 bytes"))));
  p = NewProject("g20");
  p.set_display_name("G\xc3");
  EXPECT_THAT(ValidateNewProject(&p),
              StatusIs(kInvalid, AllOf(StartsWith("project.display_name: "),
                                       HasSubstr("invalid UTF-8"))));
  p = NewProject("g20");
  p.set_guidelines(std::string((1 << 20) + 1, 'g'));
  EXPECT_THAT(ValidateNewProject(&p),
              StatusIs(kInvalid, AllOf(StartsWith("project.guidelines: "),
                                       HasSubstr("1048577 bytes"))));
}

// =============================================================================
// ValidateNewDocument and Sha256Hex
// =============================================================================

TEST(Sha256HexTest, KnownVectors) {
  EXPECT_EQ(Sha256Hex("abc"),
            "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
  EXPECT_EQ(Sha256Hex(""),
            "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855");
}

v1::Document NewDocument(const std::string& id) {
  v1::Document d;
  d.set_document_id(id);
  return d;
}

TEST(ValidateNewDocumentTest, FillsTextLengthAndHash) {
  const std::u32string text32 =
      U"\u201CCaf\u00E9 \u2014 na\u00EFve\u201D, she said. \U0001F600";
  const std::string text = Utf8(text32);
  ASSERT_GT(text.size(), text32.size());
  v1::Document d = NewDocument("doc-1");
  d.set_title("T\u00EDtulo");
  d.set_source("https://example.org/a");
  (*d.mutable_metadata())["lang"] = "en";
  ASSERT_THAT(ValidateNewDocument(text, Limits(), &d), IsOk());
  EXPECT_EQ(d.text(), text);
  EXPECT_EQ(d.length(), static_cast<int64_t>(text32.size()));
  EXPECT_EQ(d.content_hash(), Sha256Hex(text));
  EXPECT_EQ(d.document_id(), "doc-1");
  EXPECT_EQ(d.title(), "T\u00EDtulo");
  EXPECT_EQ(d.metadata().at("lang"), "en");
}

TEST(ValidateNewDocumentTest, HashOfAbc) {
  v1::Document d = NewDocument("abc");
  ASSERT_THAT(ValidateNewDocument("abc", Limits(), &d), IsOk());
  EXPECT_EQ(d.content_hash(),
            "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
  EXPECT_EQ(d.length(), 3);
}

TEST(ValidateNewDocumentTest, ClientValuesOfDerivedFieldsAreReplaced) {
  v1::Document d = NewDocument("d");
  d.set_length(999);
  d.set_content_hash("0000");
  ASSERT_THAT(ValidateNewDocument("\xc3\xa9t\xc3\xa9", Limits(), &d), IsOk());
  EXPECT_EQ(d.length(), 3);
  EXPECT_EQ(d.content_hash(), Sha256Hex("\xc3\xa9t\xc3\xa9"));
}

TEST(ValidateNewDocumentTest, InvalidUtf8NamesTheByteOffset) {
  struct Case {
    std::string text;
    std::string offset;
  };
  for (const Case& c : std::vector<Case>{
           {"ab\xff"
            "cd",
            "byte offset 2 "},
           {"abc\xe2\x80", "byte offset 3 "},       // Truncated sequence.
           {"\xc0\xaf", "byte offset 0 "},          // Overlong.
           {"ok \xed\xa0\x80", "byte offset 3 "},   // Surrogate.
           {"\xf4\x90\x80\x80", "byte offset 0 "},  // Past U+10FFFF.
           {"\xc3\xa9\x80", "byte offset 2 "},      // Stray continuation.
       }) {
    SCOPED_TRACE(c.offset);
    v1::Document d = NewDocument("d");
    EXPECT_THAT(ValidateNewDocument(c.text, Limits(), &d),
                StatusIs(kInvalid,
                         AllOf(StartsWith("text: "), HasSubstr("invalid UTF-8"),
                               HasSubstr(c.offset))));
    EXPECT_EQ(d.text(), "");
  }
}

TEST(ValidateNewDocumentTest, EmptyTextIsRejected) {
  v1::Document d = NewDocument("d");
  EXPECT_THAT(
      ValidateNewDocument("", Limits(), &d),
      StatusIs(kInvalid, AllOf(StartsWith("text: "), HasSubstr("empty"))));
}

TEST(ValidateNewDocumentTest, SizeLimitComesFromLimits) {
  Limits limits;
  limits.max_document_bytes = 8;
  v1::Document d = NewDocument("d");
  EXPECT_THAT(ValidateNewDocument("12345678", limits, &d), IsOk());
  d = NewDocument("d");
  EXPECT_THAT(ValidateNewDocument("123456789", limits, &d),
              StatusIs(kInvalid, AllOf(StartsWith("text: "),
                                       HasSubstr("9 bytes, limit is 8"))));
  // The limit is in bytes, not code points: four 3-byte characters.
  d = NewDocument("d");
  EXPECT_THAT(
      ValidateNewDocument(Utf8(U"\u2014\u2014\u2014\u2014"), limits, &d),
      StatusIs(kInvalid, AllOf(StartsWith("text: "), HasSubstr("12 bytes"))));
}

TEST(ValidateNewDocumentTest, DocumentTextFieldIsOutputOnly) {
  v1::Document d = NewDocument("d");
  d.set_text("sent in the wrong field");
  EXPECT_THAT(ValidateNewDocument("real text", Limits(), &d),
              StatusIs(kInvalid, AllOf(StartsWith("document.text: "),
                                       HasSubstr("output only"))));
}

TEST(ValidateNewDocumentTest, DocumentIdIsChecked) {
  v1::Document d = NewDocument(".hidden");
  EXPECT_THAT(
      ValidateNewDocument("text", Limits(), &d),
      StatusIs(kInvalid, StartsWith("document.document_id=\".hidden\"")));
  d = NewDocument("");
  EXPECT_THAT(ValidateNewDocument("text", Limits(), &d),
              StatusIs(kInvalid, StartsWith("document.document_id=\"\"")));
}

TEST(ValidateNewDocumentTest, TitleLimit) {
  v1::Document d = NewDocument("d");
  d.set_title(std::string(1024, 't'));
  EXPECT_THAT(ValidateNewDocument("text", Limits(), &d), IsOk());
  d = NewDocument("d");
  d.set_title(std::string(1025, 't'));
  EXPECT_THAT(
      ValidateNewDocument("text", Limits(), &d),
      StatusIs(kInvalid, AllOf(StartsWith("document.title: "),
                               HasSubstr("1025 bytes, limit is 1024"))));
  d = NewDocument("d");
  d.set_title("bad \xfe");
  EXPECT_THAT(ValidateNewDocument("text", Limits(), &d),
              StatusIs(kInvalid, AllOf(StartsWith("document.title: "),
                                       HasSubstr("invalid UTF-8"))));
}

TEST(ValidateNewDocumentTest, SourceLimit) {
  v1::Document d = NewDocument("d");
  d.set_source(std::string(2048, 's'));
  EXPECT_THAT(ValidateNewDocument("text", Limits(), &d), IsOk());
  d = NewDocument("d");
  d.set_source(std::string(2049, 's'));
  EXPECT_THAT(
      ValidateNewDocument("text", Limits(), &d),
      StatusIs(kInvalid, AllOf(StartsWith("document.source: "),
                               HasSubstr("2049 bytes, limit is 2048"))));
}

TEST(ValidateNewDocumentTest, MetadataLimits) {
  v1::Document d = NewDocument("d");
  for (int i = 0; i < 64; ++i) {
    (*d.mutable_metadata())[absl::StrCat("k", i)] = "v";
  }
  EXPECT_THAT(ValidateNewDocument("text", Limits(), &d), IsOk());

  d = NewDocument("d");
  for (int i = 0; i < 65; ++i) {
    (*d.mutable_metadata())[absl::StrCat("k", i)] = "v";
  }
  EXPECT_THAT(ValidateNewDocument("text", Limits(), &d),
              StatusIs(kInvalid, AllOf(StartsWith("document.metadata: "),
                                       HasSubstr("65 entries, limit is 64"))));

  d = NewDocument("d");
  (*d.mutable_metadata())[""] = "v";
  EXPECT_THAT(ValidateNewDocument("text", Limits(), &d),
              StatusIs(kInvalid, AllOf(StartsWith("document.metadata[\"\"]: "),
                                       HasSubstr("empty key"))));

  d = NewDocument("d");
  (*d.mutable_metadata())[std::string(128, 'k')] = "v";
  EXPECT_THAT(ValidateNewDocument("text", Limits(), &d), IsOk());
  d = NewDocument("d");
  (*d.mutable_metadata())[std::string(129, 'k')] = "v";
  EXPECT_THAT(ValidateNewDocument("text", Limits(), &d),
              StatusIs(kInvalid, AllOf(StartsWith("document.metadata[\"kkk"),
                                       HasSubstr("129 bytes, limit is 128"))));

  d = NewDocument("d");
  (*d.mutable_metadata())["k"] = std::string(4096, 'v');
  EXPECT_THAT(ValidateNewDocument("text", Limits(), &d), IsOk());
  d = NewDocument("d");
  (*d.mutable_metadata())["k"] = std::string(4097, 'v');
  EXPECT_THAT(
      ValidateNewDocument("text", Limits(), &d),
      StatusIs(kInvalid, AllOf(StartsWith("document.metadata[\"k\"]: "),
                               HasSubstr("4097 bytes, limit is 4096"))));

  d = NewDocument("d");
  (*d.mutable_metadata())["k"] = "v\xff";
  EXPECT_THAT(ValidateNewDocument("text", Limits(), &d),
              StatusIs(kInvalid, AllOf(StartsWith("document.metadata[\"k\"]: "),
                                       HasSubstr("invalid UTF-8"))));
}

// =============================================================================
// ValidateAnnotation
// =============================================================================

// Code points: curly quotes, an accented letter, an em dash, a no-break
// space and an emoji outside the BMP.
const std::u32string& Text32() {
  static const std::u32string* const kText = new std::u32string(
      U"Lavrov said \u201CTrump accepted Putin\u2019s caf\u00E9 \u2014 "
      U"assurances\u201D \U0001F600 today.\u00A0Tillerson disagreed.");
  return *kText;
}

class ValidateAnnotationTest : public testing::Test {
 protected:
  ValidateAnnotationTest() : text_(Utf8(Text32())), index_(text_) {
    v1::LabelDefinition* claim = schema_.add_labels();
    claim->set_name("attributed_claim");
    claim->add_allowed_attributes("source");
    claim->add_allowed_attributes("cue");
    for (int i = 0; i < 20; ++i) {
      claim->add_allowed_attributes(absl::StrCat("extra", i));
    }
    v1::LabelDefinition* opinion = schema_.add_labels();
    opinion->set_name("opinion");
    opinion->add_allowed_attributes("holder");
    v1::LabelDefinition* bare = schema_.add_labels();
    bare->set_name("bare");
    schema_.add_link_types("disputes");
  }

  // A valid HUMAN annotation over the first occurrence of `span`.
  v1::Annotation Span(std::u32string_view span,
                      const std::string& label = "attributed_claim") {
    v1::Annotation a;
    a.set_start(Find(Text32(), span));
    a.set_end(a.start() + static_cast<int64_t>(span.size()));
    a.set_label(label);
    a.set_kind(v1::HUMAN);
    return a;
  }

  absl::Status Validate(v1::Annotation* a,
                        absl::string_view field = "annotation") {
    return ValidateAnnotation(schema_, index_, field, a);
  }

  int64_t length() const { return static_cast<int64_t>(Text32().size()); }

  const std::string text_;
  const Utf8Index index_;
  v1::LabelSchema schema_;
};

TEST_F(ValidateAnnotationTest, FillsTextCountingCodePoints) {
  for (std::u32string_view span :
       {std::u32string_view(U"Lavrov"),
        std::u32string_view(
            U"\u201CTrump accepted Putin\u2019s caf\u00E9 \u2014 "
            U"assurances\u201D"),
        std::u32string_view(U"caf\u00E9 \u2014 assurances"),
        std::u32string_view(U"\u2014"), std::u32string_view(U"\U0001F600"),
        std::u32string_view(U"\U0001F600 today."),
        std::u32string_view(U"Tillerson disagreed."),
        std::u32string_view(U"today.\u00A0Tillerson")}) {
    v1::Annotation a = Span(span);
    SCOPED_TRACE(Utf8(span));
    ASSERT_THAT(Validate(&a), IsOk());
    EXPECT_EQ(a.text(), Utf8(span));
  }
}

TEST_F(ValidateAnnotationTest, WholeTextIsAValidSpan) {
  v1::Annotation a;
  a.set_start(0);
  a.set_end(length());
  a.set_label("opinion");
  ASSERT_THAT(Validate(&a), IsOk());
  EXPECT_EQ(a.text(), text_);
}

TEST_F(ValidateAnnotationTest, NegativeStart) {
  v1::Annotation a = Span(U"Lavrov");
  a.set_start(-1);
  EXPECT_THAT(Validate(&a),
              StatusIs(kInvalid, AllOf(StartsWith("annotation.start=-1: "),
                                       HasSubstr(">= 0"))));
}

TEST_F(ValidateAnnotationTest, EndPastTheEndNamesTheLengthInCodePoints) {
  v1::Annotation a = Span(U"disagreed.");
  a.set_end(length() + 1);
  EXPECT_THAT(
      Validate(&a),
      StatusIs(
          kInvalid,
          AllOf(StartsWith(absl::StrCat("annotation.end=", length() + 1, ": ")),
                HasSubstr(absl::StrCat("length ", length(), " code points")))));
  a.set_end(int64_t{1} << 62);
  EXPECT_THAT(Validate(&a), StatusIs(kInvalid, StartsWith("annotation.end=")));
}

TEST_F(ValidateAnnotationTest, StartMustBeBeforeEnd) {
  v1::Annotation a = Span(U"Lavrov");
  a.set_start(3);
  a.set_end(3);
  EXPECT_THAT(Validate(&a),
              StatusIs(kInvalid, AllOf(StartsWith("annotation.start=3: "),
                                       HasSubstr("less than end=3"))));
  a.set_start(5);
  a.set_end(2);
  EXPECT_THAT(Validate(&a),
              StatusIs(kInvalid, AllOf(StartsWith("annotation.start=5: "),
                                       HasSubstr("less than end=2"))));
  a.set_start(0);
  a.set_end(0);
  EXPECT_THAT(Validate(&a),
              StatusIs(kInvalid, StartsWith("annotation.start=0")));
}

TEST_F(ValidateAnnotationTest, SpanMayNotStartOrEndWithWhiteSpace) {
  // " said" starts with a space; "Lavrov " ends with one.
  v1::Annotation a = Span(U" said");
  EXPECT_THAT(
      Validate(&a),
      StatusIs(kInvalid, AllOf(StartsWith(absl::StrCat(
                                   "annotation.start=", a.start(), ": ")),
                               HasSubstr("starts with white space"))));
  a = Span(U"Lavrov ");
  EXPECT_THAT(
      Validate(&a),
      StatusIs(kInvalid,
               AllOf(StartsWith(absl::StrCat("annotation.end=", a.end(), ": ")),
                     HasSubstr("ends with white space"))));
}

TEST_F(ValidateAnnotationTest, NoBreakSpaceCountsAsWhiteSpace) {
  v1::Annotation a = Span(U"\u00A0Tillerson");
  EXPECT_THAT(Validate(&a),
              StatusIs(kInvalid, AllOf(StartsWith("annotation.start="),
                                       HasSubstr("starts with white space"))));
  a = Span(U"today.\u00A0");
  EXPECT_THAT(Validate(&a),
              StatusIs(kInvalid, AllOf(StartsWith("annotation.end="),
                                       HasSubstr("ends with white space"))));
}

TEST_F(ValidateAnnotationTest, OtherUnicodeWhiteSpaceAtTheEdges) {
  for (char32_t ws : {U'\t', U'\n', U'\u2009', U'\u3000', U'\u2028'}) {
    const std::u32string t32 = std::u32string(U"x") + ws + U"word" + ws;
    const std::string t = Utf8(t32);
    const Utf8Index index(t);
    v1::Annotation a;
    a.set_label("opinion");
    a.set_start(1);
    a.set_end(5);
    EXPECT_THAT(ValidateAnnotation(schema_, index, "annotation", &a),
                StatusIs(kInvalid, AllOf(StartsWith("annotation.start=1: "),
                                         HasSubstr("white space"))));
    a.set_start(2);
    a.set_end(7);
    EXPECT_THAT(ValidateAnnotation(schema_, index, "annotation", &a),
                StatusIs(kInvalid, AllOf(StartsWith("annotation.end=7: "),
                                         HasSubstr("white space"))));
    a.set_end(6);
    EXPECT_THAT(ValidateAnnotation(schema_, index, "annotation", &a), IsOk());
  }
}

TEST_F(ValidateAnnotationTest, UnknownLabelListsTheKnownLabels) {
  v1::Annotation a = Span(U"Lavrov", "claim");
  EXPECT_THAT(Validate(&a),
              StatusIs(kInvalid,
                       AllOf(StartsWith("annotation.label=\"claim\": "),
                             HasSubstr("not in the project's schema"),
                             HasSubstr("(attributed_claim, opinion, bare)"))));
  a.set_label("");
  EXPECT_THAT(Validate(&a),
              StatusIs(kInvalid, StartsWith("annotation.label=\"\": ")));
}

TEST_F(ValidateAnnotationTest, AttributeNotAllowedForTheLabel) {
  v1::Annotation a = Span(U"Lavrov", "opinion");
  (*a.mutable_attributes())["source"] = "Lavrov";
  EXPECT_THAT(Validate(&a),
              StatusIs(kInvalid,
                       AllOf(StartsWith("annotation.attributes[\"source\"]: "),
                             HasSubstr("not allowed for label opinion"),
                             HasSubstr("(allowed: holder)"))));
  a = Span(U"Lavrov", "bare");
  (*a.mutable_attributes())["holder"] = "author";
  EXPECT_THAT(Validate(&a),
              StatusIs(kInvalid,
                       AllOf(StartsWith("annotation.attributes[\"holder\"]: "),
                             HasSubstr("(allowed: none)"))));
}

TEST_F(ValidateAnnotationTest, AllowedAttributesPass) {
  v1::Annotation a = Span(U"Lavrov");
  (*a.mutable_attributes())["source"] = "Lavrov";
  (*a.mutable_attributes())["cue"] = "said";
  EXPECT_THAT(Validate(&a), IsOk());
}

TEST_F(ValidateAnnotationTest, AttributeValueSize) {
  v1::Annotation a = Span(U"Lavrov");
  (*a.mutable_attributes())["source"] = "";
  EXPECT_THAT(Validate(&a),
              StatusIs(kInvalid,
                       AllOf(StartsWith("annotation.attributes[\"source\"]: "),
                             HasSubstr("empty value"))));
  (*a.mutable_attributes())["source"] = std::string(1024, 's');
  EXPECT_THAT(Validate(&a), IsOk());
  (*a.mutable_attributes())["source"] = std::string(1025, 's');
  EXPECT_THAT(Validate(&a),
              StatusIs(kInvalid,
                       AllOf(StartsWith("annotation.attributes[\"source\"]: "),
                             HasSubstr("1025 bytes, limit is 1024"))));
  (*a.mutable_attributes())["source"] = "La\xffvrov";
  EXPECT_THAT(Validate(&a),
              StatusIs(kInvalid,
                       AllOf(StartsWith("annotation.attributes[\"source\"]: "),
                             HasSubstr("invalid UTF-8 at byte offset 2"))));
}

TEST_F(ValidateAnnotationTest, AtMost16Attributes) {
  v1::Annotation a = Span(U"Lavrov");
  for (int i = 0; i < 16; ++i) {
    (*a.mutable_attributes())[absl::StrCat("extra", i)] = "v";
  }
  EXPECT_THAT(Validate(&a), IsOk());
  (*a.mutable_attributes())["extra16"] = "v";
  EXPECT_THAT(Validate(&a),
              StatusIs(kInvalid, AllOf(StartsWith("annotation.attributes: "),
                                       HasSubstr("17 entries, limit is 16"))));
}

TEST_F(ValidateAnnotationTest, Links) {
  const std::string target =
      "projects/p/documents/d/annotations/00000000000000ab";
  v1::Annotation a = Span(U"Lavrov");
  v1::AnnotationLink* link = a.add_links();
  link->set_type("disputes");
  link->set_target(target);
  EXPECT_THAT(Validate(&a), IsOk());

  link->set_type("refutes");
  EXPECT_THAT(Validate(&a),
              StatusIs(kInvalid,
                       AllOf(StartsWith("annotation.links[0].type=\"refutes\""),
                             HasSubstr("not a link type"))));

  link->set_type("disputes");
  for (const std::string& bad :
       {std::string(""), std::string("00000000000000ab"),
        std::string("projects/p/documents/d/annotations/ab"),
        std::string("projects/p/documents/d/annotations/0x000000000000ab"),
        std::string("projects/p/documents/d")}) {
    SCOPED_TRACE(bad);
    link->set_target(bad);
    EXPECT_THAT(
        Validate(&a),
        StatusIs(kInvalid, StartsWith("annotation.links[0].target=\"")));
  }
}

TEST_F(ValidateAnnotationTest, AtMost32Links) {
  v1::Annotation a = Span(U"Lavrov");
  for (int i = 0; i < 32; ++i) {
    v1::AnnotationLink* link = a.add_links();
    link->set_type("disputes");
    link->set_target("projects/p/documents/d/annotations/0000000000000001");
  }
  EXPECT_THAT(Validate(&a), IsOk());
  *a.add_links() = a.links(0);
  EXPECT_THAT(Validate(&a),
              StatusIs(kInvalid, AllOf(StartsWith("annotation.links: "),
                                       HasSubstr("33 links, limit is 32"))));
}

TEST_F(ValidateAnnotationTest, NoteSize) {
  v1::Annotation a = Span(U"Lavrov");
  a.set_note(std::string(4096, 'n'));
  EXPECT_THAT(Validate(&a), IsOk());
  a.set_note(std::string(4097, 'n'));
  EXPECT_THAT(
      Validate(&a),
      StatusIs(kInvalid, AllOf(StartsWith("annotation.note: "),
                               HasSubstr("4097 bytes, limit is 4096"))));
  a.set_note("\xe2\x80");
  EXPECT_THAT(Validate(&a),
              StatusIs(kInvalid, AllOf(StartsWith("annotation.note: "),
                                       HasSubstr("invalid UTF-8"))));
}

v1::Annotation Automatic(v1::Annotation a) {
  a.set_kind(v1::AUTOMATIC);
  a.set_model_version("tagger-1.0");
  return a;
}

TEST_F(ValidateAnnotationTest, ScoreOfAutomaticIsInZeroOne) {
  v1::Annotation a = Automatic(Span(U"Lavrov"));
  for (double ok : {0.0, 0.5, 1.0}) {
    a.set_score(ok);
    EXPECT_THAT(Validate(&a), IsOk());
  }
  for (double bad : {-0.01, 1.01, 2.0, -std::numeric_limits<double>::infinity(),
                     std::numeric_limits<double>::infinity()}) {
    SCOPED_TRACE(bad);
    a.set_score(bad);
    EXPECT_THAT(Validate(&a),
                StatusIs(kInvalid, AllOf(StartsWith("annotation.score="),
                                         HasSubstr("must be in [0, 1]"))));
  }
  a.set_score(std::nan(""));
  EXPECT_THAT(Validate(&a),
              StatusIs(kInvalid, AllOf(StartsWith("annotation.score=nan"),
                                       HasSubstr("must be in [0, 1]"))));
}

TEST_F(ValidateAnnotationTest, ScoreAndModelVersionOnlyOnAutomatic) {
  for (v1::AnnotationKind kind : {v1::HUMAN, v1::GOLD}) {
    SCOPED_TRACE(v1::AnnotationKind_Name(kind));
    v1::Annotation a = Span(U"Lavrov");
    a.set_kind(kind);
    a.set_score(0.5);
    EXPECT_THAT(
        Validate(&a),
        StatusIs(kInvalid, AllOf(StartsWith("annotation.score=0.5: "),
                                 HasSubstr("only AUTOMATIC annotations"))));
    a.set_score(0);
    a.set_model_version("m1");
    EXPECT_THAT(
        Validate(&a),
        StatusIs(kInvalid, AllOf(StartsWith("annotation.model_version: "),
                                 HasSubstr("only AUTOMATIC annotations"))));
  }
}

TEST_F(ValidateAnnotationTest, AutomaticNeedsABoundedModelVersion) {
  v1::Annotation a = Span(U"Lavrov");
  a.set_kind(v1::AUTOMATIC);
  EXPECT_THAT(Validate(&a),
              StatusIs(kInvalid, AllOf(StartsWith("annotation.model_version: "),
                                       HasSubstr("required for AUTOMATIC"))));
  a.set_model_version(std::string(128, 'm'));
  EXPECT_THAT(Validate(&a), IsOk());
  a.set_model_version(std::string(129, 'm'));
  EXPECT_THAT(Validate(&a),
              StatusIs(kInvalid, AllOf(StartsWith("annotation.model_version: "),
                                       HasSubstr("129 bytes, limit is 128"))));
}

TEST_F(ValidateAnnotationTest, MessagesUseTheGivenFieldPath) {
  v1::Annotation a = Span(U"Lavrov");
  a.set_end(length() + 5);
  EXPECT_THAT(Validate(&a, "annotations[3]"),
              StatusIs(kInvalid, StartsWith("annotations[3].end=")));
  a = Span(U"Lavrov", "nope");
  EXPECT_THAT(Validate(&a, "annotations[3]"),
              StatusIs(kInvalid, StartsWith("annotations[3].label=\"nope\"")));
  a = Span(U"Lavrov");
  a.set_note(std::string(5000, 'n'));
  EXPECT_THAT(Validate(&a, "annotations[3]"),
              StatusIs(kInvalid, StartsWith("annotations[3].note: ")));
}

// =============================================================================
// ResolveQuote
// =============================================================================

class ResolveQuoteTest : public testing::Test {
 protected:
  static const std::u32string& Text32() {
    static const std::u32string* const kText = new std::u32string(
        U"\U0001F600\U0001F600 \u201Cabc\u201D caf\u00E9 \u2014 abc "
        U"\U0001F680unique\U0001F680.");
    return *kText;
  }
  ResolveQuoteTest() : text_(Utf8(Text32())), index_(text_) {}

  const std::string text_;
  const Utf8Index index_;
};

TEST_F(ResolveQuoteTest, UniqueQuoteGivesCodePointOffsets) {
  const int64_t start = Find(Text32(), U"unique");
  auto span = ResolveQuote(index_, "unique", 0);
  ASSERT_THAT(span, IsOk());
  EXPECT_THAT(*span, Pair(start, start + 6));
  // Four-byte characters before the quote count as one code point each.
  EXPECT_NE(static_cast<size_t>(start), text_.find("unique"));
}

TEST_F(ResolveQuoteTest, QuotesWithMultiByteCharacters) {
  for (std::u32string_view q :
       {std::u32string_view(U"\U0001F600\U0001F600"),
        std::u32string_view(U"\U0001F600 \u201Cabc\u201D"),
        std::u32string_view(U"caf\u00E9 \u2014 abc"),
        std::u32string_view(U"\U0001F680unique\U0001F680"),
        std::u32string_view(U"\U0001F680.")}) {
    SCOPED_TRACE(Utf8(q));
    const int64_t start = Find(Text32(), q);
    auto span = ResolveQuote(index_, Utf8(q), 0);
    ASSERT_THAT(span, IsOk());
    EXPECT_THAT(*span, Pair(start, start + static_cast<int64_t>(q.size())));
  }
}

TEST_F(ResolveQuoteTest, OccurrencePicksAmongRepeats) {
  const int64_t first = Find(Text32(), U"abc");
  const int64_t second = static_cast<int64_t>(Text32().find(U"abc", first + 1));
  ASSERT_GT(second, first);
  auto one = ResolveQuote(index_, "abc", 1);
  ASSERT_THAT(one, IsOk());
  EXPECT_THAT(*one, Pair(first, first + 3));
  auto two = ResolveQuote(index_, "abc", 2);
  ASSERT_THAT(two, IsOk());
  EXPECT_THAT(*two, Pair(second, second + 3));
  // occurrence 1 of a unique quote is the quote.
  auto unique = ResolveQuote(index_, "unique", 1);
  ASSERT_THAT(unique, IsOk());
  EXPECT_EQ(unique->first, Find(Text32(), U"unique"));
}

TEST_F(ResolveQuoteTest, AmbiguousWithoutOccurrence) {
  EXPECT_THAT(ResolveQuote(index_, "abc", 0),
              StatusIs(kInvalid, AllOf(StartsWith("quote=\"abc\": "),
                                       HasSubstr("more than once"),
                                       HasSubstr("occurrence"))));
}

TEST_F(ResolveQuoteTest, OccurrenceOutOfRange) {
  EXPECT_THAT(ResolveQuote(index_, "abc", 3),
              StatusIs(kInvalid, AllOf(StartsWith("occurrence=3: "),
                                       HasSubstr("only 2 time(s)"))));
  EXPECT_THAT(ResolveQuote(index_, "unique", 2),
              StatusIs(kInvalid, AllOf(StartsWith("occurrence=2: "),
                                       HasSubstr("only 1 time(s)"))));
  EXPECT_THAT(ResolveQuote(index_, "abc", -1),
              StatusIs(kInvalid, AllOf(StartsWith("occurrence=-1: "),
                                       HasSubstr(">= 0"))));
}

TEST_F(ResolveQuoteTest, AbsentQuoteIsNotFound) {
  EXPECT_THAT(ResolveQuote(index_, "xyz", 0),
              StatusIs(absl::StatusCode::kNotFound,
                       AllOf(StartsWith("quote=\"xyz\": "),
                             HasSubstr("does not occur"))));
  EXPECT_THAT(ResolveQuote(index_, "xyz", 1),
              StatusIs(absl::StatusCode::kNotFound, StartsWith("quote=")));
  // Case and normalisation matter: "Café" with a combining accent is absent.
  EXPECT_THAT(ResolveQuote(index_, "cafe\xcc\x81", 0),
              StatusIs(absl::StatusCode::kNotFound, StartsWith("quote=")));
}

TEST_F(ResolveQuoteTest, EmptyOrInvalidQuote) {
  EXPECT_THAT(
      ResolveQuote(index_, "", 0),
      StatusIs(kInvalid, AllOf(StartsWith("quote: "), HasSubstr("empty"))));
  // A lone continuation byte would otherwise match inside the emoji.
  EXPECT_THAT(ResolveQuote(index_, "\x98\x80", 0),
              StatusIs(kInvalid, AllOf(StartsWith("quote: "),
                                       HasSubstr("invalid UTF-8"))));
}

// =============================================================================
// LayerSpans
// =============================================================================

v1::Annotation Stored(int64_t start, int64_t end, const std::string& label,
                      const std::string& name, bool deleted = false) {
  v1::Annotation a;
  a.set_start(start);
  a.set_end(end);
  a.set_label(label);
  a.set_name(name);
  a.set_deleted(deleted);
  return a;
}

v1::Annotation Candidate(int64_t start, int64_t end,
                         const std::string& label = "claim") {
  return Stored(start, end, label, "");
}

std::vector<v1::Annotation> Layer() {
  return {Stored(0, 5, "claim", "a/1"), Stored(10, 15, "opinion", "a/2"),
          Stored(20, 25, "claim", "a/3", /*deleted=*/true)};
}

TEST(LayerSpansTest, EmptyLayerAcceptsAnything) {
  LayerSpans spans({});
  EXPECT_THAT(spans.Add(Candidate(0, 100), "annotation"), IsOk());
}

TEST(LayerSpansTest, ExactDuplicateIsAlreadyExists) {
  LayerSpans spans(Layer());
  EXPECT_THAT(spans.Add(Candidate(0, 5, "claim"), "annotation"),
              StatusIs(absl::StatusCode::kAlreadyExists,
                       AllOf(StartsWith("annotation: "),
                             HasSubstr("[0,5) claim as a/1"))));
}

TEST(LayerSpansTest, SameSpanOtherLabelIsAnOverlap) {
  LayerSpans spans(Layer());
  EXPECT_THAT(spans.Add(Candidate(0, 5, "opinion"), "annotation"),
              StatusIs(absl::StatusCode::kFailedPrecondition,
                       AllOf(StartsWith("annotation: "),
                             HasSubstr("overlaps [0,5) claim (a/1)"))));
}

TEST(LayerSpansTest, OverlapNamesTheOtherSpan) {
  struct Case {
    int64_t start, end;
    std::string other;
  };
  for (const Case& c : std::vector<Case>{
           {4, 6, "[0,5) claim (a/1)"},
           {0, 1, "[0,5) claim (a/1)"},
           {1, 4, "[0,5) claim (a/1)"},  // Inside.
           {3, 8, "[0,5) claim (a/1)"},
           {9, 11, "[10,15) opinion (a/2)"},
           {14, 16, "[10,15) opinion (a/2)"},
           {11, 12, "[10,15) opinion (a/2)"},
           {8, 30, "[10,15) opinion (a/2)"},  // Contains.
       }) {
    SCOPED_TRACE(absl::StrCat(c.start, ",", c.end));
    LayerSpans spans(Layer());
    EXPECT_THAT(spans.Add(Candidate(c.start, c.end), "annotations[4]"),
                StatusIs(absl::StatusCode::kFailedPrecondition,
                         AllOf(StartsWith(absl::StrCat("annotations[4]: [",
                                                       c.start, ",", c.end,
                                                       ") overlaps ", c.other)),
                               HasSubstr("do not overlap"))));
  }
}

TEST(LayerSpansTest, SpanOverlappingTwoNamesOne) {
  LayerSpans spans(Layer());
  EXPECT_THAT(
      spans.Add(Candidate(3, 12), "annotation"),
      StatusIs(absl::StatusCode::kFailedPrecondition,
               AllOf(StartsWith("annotation: [3,12) overlaps "),
                     testing::AnyOf(HasSubstr("(a/1)"), HasSubstr("(a/2)")))));
}

TEST(LayerSpansTest, AdjacentSpansAreFine) {
  LayerSpans spans(Layer());
  EXPECT_THAT(spans.Add(Candidate(5, 10), "annotation"), IsOk());
  EXPECT_THAT(spans.Add(Candidate(15, 16), "annotation"), IsOk());
  EXPECT_THAT(spans.Add(Candidate(16, 20), "annotation"), IsOk());
}

TEST(LayerSpansTest, AddedSpansJoinTheLayer) {
  LayerSpans spans(Layer());
  ASSERT_THAT(spans.Add(Candidate(5, 10), "annotations[0]"), IsOk());
  EXPECT_THAT(spans.Add(Candidate(5, 10), "annotations[1]"),
              StatusIs(absl::StatusCode::kAlreadyExists,
                       StartsWith("annotations[1]: ")));
  EXPECT_THAT(spans.Add(Candidate(7, 8), "annotations[2]"),
              StatusIs(absl::StatusCode::kFailedPrecondition,
                       AllOf(StartsWith("annotations[2]: [7,8) overlaps "
                                        "[5,10) claim"))));
}

TEST(LayerSpansTest, DeletedSpansAreIgnored) {
  LayerSpans spans(Layer());
  EXPECT_THAT(spans.Add(Candidate(20, 25, "claim"), "annotation"), IsOk());
  LayerSpans again(Layer());
  EXPECT_THAT(again.Add(Candidate(21, 23, "opinion"), "annotation"), IsOk());
}

TEST(LayerSpansTest, AnAnnotationDoesNotConflictWithItself) {
  // Unchanged.
  LayerSpans same(Layer());
  EXPECT_THAT(same.Add(Stored(0, 5, "claim", "a/1"), "annotation"), IsOk());
  // Moved over its own old span.
  LayerSpans grown(Layer());
  EXPECT_THAT(grown.Add(Stored(0, 9, "opinion", "a/1"), "annotation"), IsOk());
  LayerSpans shrunk(Layer());
  EXPECT_THAT(shrunk.Add(Stored(11, 12, "opinion", "a/2"), "annotation"),
              IsOk());
  // Still conflicts with the others.
  LayerSpans into_other(Layer());
  EXPECT_THAT(into_other.Add(Stored(2, 12, "claim", "a/1"), "annotation"),
              StatusIs(absl::StatusCode::kFailedPrecondition,
                       HasSubstr("overlaps [10,15) opinion (a/2)")));
  LayerSpans into_first(Layer());
  EXPECT_THAT(into_first.Add(Stored(4, 11, "opinion", "a/2"), "annotation"),
              StatusIs(absl::StatusCode::kFailedPrecondition,
                       HasSubstr("overlaps [0,5) claim (a/1)")));
}

}  // namespace
}  // namespace spanlab

namespace spanlab {
namespace {

// Regression: duplicates in allowed_attributes and link_types were accepted.
TEST(ValidateSchemaTest, AttributesAndLinkTypesAreUnique) {
  v1::LabelSchema s = TwoLabels();
  s.mutable_labels(0)->add_allowed_attributes("source");
  EXPECT_THAT(
      ValidateSchema(s, "schema"),
      StatusIs(kInvalid, HasSubstr("schema.labels[0].allowed_attributes[2]=")));
  s = TwoLabels();
  s.add_link_types("disputes");
  EXPECT_THAT(ValidateSchema(s, "schema"),
              StatusIs(kInvalid, HasSubstr("schema.link_types[2]=")));
}

// Regression: a custom schema could claim an unknown preset name.
TEST(ValidateNewProjectTest, PresetNameMustExistEvenWithCustomLabels) {
  v1::Project p = NewProject("g20");
  *p.mutable_schema() = TwoLabels();
  p.mutable_schema()->set_preset("no-such-preset");
  EXPECT_THAT(ValidateNewProject(&p),
              StatusIs(kInvalid, HasSubstr("no-such-preset")));
}

// Regression: an overlap with a span of the same request named it "()".
TEST(LayerSpansTest, OverlapWithUnsavedSpanSaysSo) {
  LayerSpans spans({});
  v1::Annotation a;
  a.set_start(0);
  a.set_end(5);
  a.set_label("opinion");
  ASSERT_THAT(spans.Add(a, "annotations[0]"), IsOk());
  a.set_start(3);
  a.set_end(8);
  EXPECT_THAT(spans.Add(a, "annotations[1]"),
              StatusIs(absl::StatusCode::kFailedPrecondition,
                       HasSubstr("earlier in this request")));
}

}  // namespace
}  // namespace spanlab
