#include "service/names.h"

#include <cstdint>
#include <string>
#include <vector>

#include "absl/status/status.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "tests/support/status_matchers.h"

namespace spanlab {
namespace {

using ::spanlab::testing_support::IsOk;
using ::spanlab::testing_support::StatusIs;
using ::testing::AllOf;
using ::testing::HasSubstr;
using ::testing::Not;
using ::testing::StartsWith;

constexpr absl::StatusCode kInvalid = absl::StatusCode::kInvalidArgument;

// --- Quote -----------------------------------------------------------------

TEST(QuoteTest, WrapsShortValuesInQuotes) {
  EXPECT_EQ(Quote(""), "\"\"");
  EXPECT_EQ(Quote("abc"), "\"abc\"");
}

TEST(QuoteTest, EscapesControlCharactersQuotesAndHighBytes) {
  EXPECT_EQ(Quote("a\"b"), "\"a\\\"b\"");
  EXPECT_EQ(Quote("a\nb\tc"), "\"a\\nb\\tc\"");
  EXPECT_EQ(Quote("back\\slash"), "\"back\\\\slash\"");
  EXPECT_EQ(Quote(std::string("nul\0x", 5)), "\"nul\\000x\"");
  // Non-ASCII bytes are escaped, so a bad value never breaks the message.
  EXPECT_EQ(Quote("\xff"), "\"\\377\"");
  EXPECT_EQ(Quote("\xc3\xa9"), "\"\\303\\251\"");
}

TEST(QuoteTest, KeepsExactly80Bytes) {
  const std::string v(80, 'x');
  EXPECT_EQ(Quote(v), "\"" + v + "\"");
}

TEST(QuoteTest, TruncatesTo80BytesWithEllipsis) {
  const std::string v = std::string(80, 'x') + "TAIL";
  EXPECT_EQ(Quote(v), "\"" + std::string(80, 'x') + "...\"");
  EXPECT_EQ(Quote(std::string(1 << 20, 'y')).size(), 80u + 5u);
}

TEST(QuoteTest, TruncatesBeforeEscaping) {
  // 80 newlines become 160 bytes of escapes; nothing past byte 80 appears.
  const std::string v = std::string(80, '\n') + "SECRET";
  const std::string q = Quote(v);
  EXPECT_THAT(q, Not(HasSubstr("SECRET")));
  EXPECT_THAT(q, StartsWith("\"\\n\\n"));
  EXPECT_THAT(q, testing::EndsWith("\\n...\""));
}

// --- Project ids -------------------------------------------------------------

TEST(ValidateProjectIdTest, AcceptsValidIds) {
  EXPECT_THAT(ValidateProjectId("a", "f"), IsOk());
  EXPECT_THAT(ValidateProjectId("g20-2017", "f"), IsOk());
  EXPECT_THAT(ValidateProjectId("news-attribution-1", "f"), IsOk());
  EXPECT_THAT(ValidateProjectId("a" + std::string(62, '0'), "f"), IsOk());
}

TEST(ValidateProjectIdTest, RejectsBadIdsNamingTheField) {
  for (const std::string& id :
       {std::string(""), std::string("1abc"), std::string("-abc"),
        std::string("Abc"), std::string("aBc"), std::string("a_b"),
        std::string("a.b"), std::string("a b"), std::string("a/b"),
        std::string("caf\xc3\xa9"), std::string("a" + std::string(63, 'b'))}) {
    SCOPED_TRACE(id);
    EXPECT_THAT(ValidateProjectId(id, "project.project_id"),
                StatusIs(kInvalid, AllOf(StartsWith("project.project_id="),
                                         HasSubstr("1 to 63 characters"))));
  }
}

TEST(ValidateProjectIdTest, LengthLimitIs63) {
  EXPECT_THAT(ValidateProjectId(std::string(63, 'p'), "f"), IsOk());
  EXPECT_THAT(ValidateProjectId(std::string(64, 'p'), "parent"),
              StatusIs(kInvalid, StartsWith("parent=\"pppp")));
}

TEST(ValidateProjectIdTest, MessageQuotesTheValue) {
  EXPECT_THAT(
      ValidateProjectId("Bad\n", "project.project_id"),
      StatusIs(kInvalid, StartsWith("project.project_id=\"Bad\\n\": ")));
}

// --- Document ids ------------------------------------------------------------

TEST(ValidateDocumentIdTest, AcceptsValidIds) {
  for (const std::string& id :
       {std::string("d"), std::string("Doc_1.txt"), std::string("a-b.c_D"),
        std::string("-leading-dash"), std::string("_x"), std::string("0"),
        std::string("a..b"), std::string(128, 'Z')}) {
    SCOPED_TRACE(id);
    EXPECT_THAT(ValidateDocumentId(id, "f"), IsOk());
  }
}

TEST(ValidateDocumentIdTest, RejectsBadIdsNamingTheField) {
  for (const std::string& id :
       {std::string(""), std::string(".hidden"), std::string(".."),
        std::string("a b"), std::string("a/b"), std::string("a:b"),
        std::string("caf\xc3\xa9"), std::string("tab\t"),
        std::string(129, 'Z')}) {
    SCOPED_TRACE(id);
    EXPECT_THAT(ValidateDocumentId(id, "document.document_id"),
                StatusIs(kInvalid, AllOf(StartsWith("document.document_id="),
                                         HasSubstr("1 to 128 characters"))));
  }
}

// --- Annotator ids -----------------------------------------------------------

TEST(ValidateAnnotatorIdTest, AcceptsValidIds) {
  for (const std::string& id :
       {std::string("a"), std::string("alice"), std::string("m.tagger_v2-1"),
        std::string("b0b"), std::string("a" + std::string(63, '_'))}) {
    SCOPED_TRACE(id);
    EXPECT_THAT(ValidateAnnotatorId(id, "f"), IsOk());
  }
}

TEST(ValidateAnnotatorIdTest, RejectsBadIdsNamingTheField) {
  for (const std::string& id :
       {std::string(""), std::string("1a"), std::string("_a"),
        std::string(".a"), std::string("Alice"), std::string("a@b"),
        std::string("a b"), std::string("a/b"), std::string("\xc3\xa9"),
        std::string("a" + std::string(64, 'b'))}) {
    SCOPED_TRACE(id);
    EXPECT_THAT(ValidateAnnotatorId(id, "annotator.annotator_id"),
                StatusIs(kInvalid, AllOf(StartsWith("annotator.annotator_id="),
                                         HasSubstr("1 to 64 characters"))));
  }
}

TEST(ValidateAnnotatorIdTest, LengthLimitIs64) {
  EXPECT_THAT(ValidateAnnotatorId(std::string(64, 'a'), "f"), IsOk());
  EXPECT_THAT(ValidateAnnotatorId(std::string(65, 'a'), "author"),
              StatusIs(kInvalid, StartsWith("author=")));
}

// --- Project names -----------------------------------------------------------

TEST(ProjectNameTest, RoundTrips) {
  EXPECT_EQ(ProjectName("g20"), "projects/g20");
  auto id = ParseProjectName(ProjectName("g20-2017"), "parent");
  ASSERT_THAT(id, IsOk());
  EXPECT_EQ(*id, "g20-2017");
}

TEST(ProjectNameTest, RejectsMalformedNamesNamingTheField) {
  for (const std::string& name :
       {std::string(""), std::string("projects"), std::string("projects/"),
        std::string("project/p"), std::string("Projects/p"),
        std::string("/projects/p"), std::string("projects/p/"),
        std::string("projects/p/documents/d"), std::string("p")}) {
    SCOPED_TRACE(name);
    EXPECT_THAT(ParseProjectName(name, "parent"),
                StatusIs(kInvalid, StartsWith("parent=\"")));
  }
}

TEST(ProjectNameTest, WrongShapeSaysWhatIsExpected) {
  EXPECT_THAT(ParseProjectName("project/p", "name"),
              StatusIs(kInvalid, AllOf(StartsWith("name=\"project/p\""),
                                       HasSubstr("projects/{project}"))));
}

TEST(ProjectNameTest, BadIdIsReportedWithTheField) {
  EXPECT_THAT(ParseProjectName("projects/Bad", "parent"),
              StatusIs(kInvalid, AllOf(StartsWith("parent=\"Bad\""),
                                       HasSubstr("1 to 63 characters"))));
  EXPECT_THAT(ParseProjectName("projects/", "parent"),
              StatusIs(kInvalid, StartsWith("parent=\"\"")));
}

// --- Document names ----------------------------------------------------------

TEST(DocumentNameTest, RoundTrips) {
  EXPECT_EQ(DocumentName("g20", "Doc_1.txt"),
            "projects/g20/documents/Doc_1.txt");
  auto ref = ParseDocumentName(DocumentName("g20", "Doc_1.txt"), "parent");
  ASSERT_THAT(ref, IsOk());
  EXPECT_EQ(ref->project, "g20");
  EXPECT_EQ(ref->document, "Doc_1.txt");
}

TEST(DocumentNameTest, RejectsMalformedNamesNamingTheField) {
  for (const std::string& name :
       {std::string(""), std::string("projects/p"),
        std::string("projects/p/documents"),
        std::string("projects/p/documents/"),
        std::string("projects/p/document/d"), std::string("projects/p/docs/d"),
        std::string("project/p/documents/d"),
        std::string("projects/p/documents/d/"),
        std::string("projects/p/documents/d/annotations/0000000000000001"),
        std::string("/projects/p/documents/d"),
        std::string("projects/P/documents/d"),
        std::string("projects/p/documents/.d"),
        std::string("projects/p/documents/a b")}) {
    SCOPED_TRACE(name);
    EXPECT_THAT(ParseDocumentName(name, "parent"),
                StatusIs(kInvalid, StartsWith("parent=\"")));
  }
}

TEST(DocumentNameTest, WrongShapeSaysWhatIsExpected) {
  EXPECT_THAT(ParseDocumentName("projects/p/docs/d", "name"),
              StatusIs(kInvalid, AllOf(StartsWith("name=\"projects/p/docs/d\""),
                                       HasSubstr("projects/{project}/documents/"
                                                 "{document}"))));
}

TEST(DocumentNameTest, BadIdsAreReportedWithTheField) {
  EXPECT_THAT(ParseDocumentName("projects/1p/documents/d", "parent"),
              StatusIs(kInvalid, AllOf(StartsWith("parent=\"1p\""),
                                       HasSubstr("1 to 63"))));
  EXPECT_THAT(ParseDocumentName("projects/p/documents/.d", "parent"),
              StatusIs(kInvalid, AllOf(StartsWith("parent=\".d\""),
                                       HasSubstr("1 to 128"))));
}

// --- Annotation names --------------------------------------------------------

TEST(AnnotationNameTest, FormatsIdAsSixteenLowerCaseHexDigits) {
  EXPECT_EQ(AnnotationName("p", "d", 0),
            "projects/p/documents/d/annotations/0000000000000000");
  EXPECT_EQ(AnnotationName("p", "d", 0xabc),
            "projects/p/documents/d/annotations/0000000000000abc");
  EXPECT_EQ(AnnotationName("p", "d", UINT64_MAX),
            "projects/p/documents/d/annotations/ffffffffffffffff");
}

TEST(AnnotationNameTest, RoundTrips) {
  for (uint64_t id : {uint64_t{0}, uint64_t{1}, uint64_t{0x0123456789abcdef},
                      uint64_t{1700000000000000}, UINT64_MAX}) {
    SCOPED_TRACE(id);
    auto ref = ParseAnnotationName(AnnotationName("g20", "doc.1", id), "name");
    ASSERT_THAT(ref, IsOk());
    EXPECT_EQ(ref->project, "g20");
    EXPECT_EQ(ref->document, "doc.1");
    EXPECT_EQ(ref->id, id);
  }
}

TEST(AnnotationNameTest, RejectsMalformedNamesNamingTheField) {
  const std::string doc = "projects/p/documents/d";
  for (const std::string& name : std::vector<std::string>{
           "",
           doc,
           doc + "/annotations",
           doc + "/annotations/",
           doc + "/annotation/0000000000000001",
           doc + "/notes/0000000000000001",
           "projects/p/docs/d/annotations/0000000000000001",
           "project/p/documents/d/annotations/0000000000000001",
           doc + "/annotations/0000000000000001/",
           doc + "/annotations/0000000000000001/x",
           // Not exactly 16 hex digits.
           doc + "/annotations/1",
           doc + "/annotations/000000000000001",
           doc + "/annotations/00000000000000001",
           doc + "/annotations/000000000000000g",
           doc + "/annotations/-000000000000001",
           doc + "/annotations/+000000000000001",
           doc + "/annotations/ 000000000000001",
           // Upper-case hex: AnnotationName writes lower case only.
           doc + "/annotations/00000000000000AB",
           doc + "/annotations/ABCDEF0123456789",
           // "0x" forms, 16 characters and longer.
           doc + "/annotations/0x00000000000001",
           doc + "/annotations/0x0000000000000001",
           doc + "/annotations/0X00000000000001",
       }) {
    SCOPED_TRACE(name);
    EXPECT_THAT(
        ParseAnnotationName(name, "annotation.links[0].target"),
        StatusIs(kInvalid, AllOf(StartsWith("annotation.links[0].target=\""),
                                 HasSubstr("16 hex digits"))));
  }
}

TEST(AnnotationNameTest, BadIdsAreReportedWithTheField) {
  EXPECT_THAT(
      ParseAnnotationName("projects/P/documents/d/annotations/0000000000000001",
                          "name"),
      StatusIs(kInvalid,
               AllOf(StartsWith("name=\"P\""), HasSubstr("1 to 63"))));
  EXPECT_THAT(
      ParseAnnotationName(
          "projects/p/documents/.d/annotations/0000000000000001", "name"),
      StatusIs(kInvalid,
               AllOf(StartsWith("name=\".d\""), HasSubstr("1 to 128"))));
}

TEST(AnnotationNameTest, LongBadNamesAreTruncatedInTheMessage) {
  const std::string name = "projects/p/documents/" + std::string(5000, 'd');
  auto ref = ParseAnnotationName(name, "name");
  EXPECT_THAT(ref, StatusIs(kInvalid, StartsWith("name=\"projects/p/")));
  EXPECT_LT(ref.status().message().size(), 300u);
}

TEST(AnnotatorNameTest, Formats) {
  EXPECT_EQ(AnnotatorName("alice"), "annotators/alice");
}

TEST(AnnotatorNameTest, ParsesWhatAnnotatorNameWrites) {
  auto id = ParseAnnotatorName(AnnotatorName("tagger-2.1"), "name");
  ASSERT_THAT(id, IsOk());
  EXPECT_EQ(*id, "tagger-2.1");
}

TEST(AnnotatorNameTest, RejectsMalformedNamesNamingTheField) {
  for (const std::string& name :
       {std::string(""), std::string("alice"), std::string("annotators/"),
        std::string("annotator/alice"), std::string("annotators/alice/x"),
        std::string("projects/alice")}) {
    SCOPED_TRACE(name);
    EXPECT_THAT(ParseAnnotatorName(name, "name"),
                StatusIs(kInvalid, StartsWith("name=\"")));
  }
  EXPECT_THAT(ParseAnnotatorName("annotators/Alice", "name"),
              StatusIs(kInvalid, AllOf(StartsWith("name=\"Alice\""),
                                       HasSubstr("1 to 64 characters"))));
}

}  // namespace
}  // namespace spanlab
