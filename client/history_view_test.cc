#include "client/history_view.h"

#include "gmock/gmock.h"
#include "gtest/gtest.h"

namespace spanlab::client {
namespace {

using ::testing::HasSubstr;

v1::Annotation Annotation(int64_t start, int64_t end, std::string label) {
  v1::Annotation a;
  a.set_name("projects/p/documents/d/annotations/00000000000000a1");
  a.set_start(start);
  a.set_end(end);
  a.set_label(std::move(label));
  return a;
}

TEST(SummarizeAnnotationTest, SpanLabelAttributesAndDeletion) {
  v1::Annotation a = Annotation(3, 9, "attributed_claim");
  EXPECT_EQ(SummarizeAnnotation(a), "[3,9) attributed_claim");
  (*a.mutable_attributes())["source"] = "Zoë";
  (*a.mutable_attributes())["cue"] = "said";
  a.set_deleted(true);
  EXPECT_EQ(SummarizeAnnotation(a),
            "[3,9) attributed_claim {cue=said, source=Zoë} deleted");
}

TEST(SummarizeChangeTest, BeforeAndAfter) {
  v1::AuditEntry entry;
  entry.set_action("create");
  *entry.mutable_after() = Annotation(3, 9, "opinion");
  EXPECT_EQ(SummarizeChange(entry), "none → [3,9) opinion");

  entry.set_action("update");
  *entry.mutable_before() = Annotation(3, 9, "opinion");
  *entry.mutable_after() = Annotation(3, 9, "disputed");
  EXPECT_EQ(SummarizeChange(entry), "[3,9) opinion → [3,9) disputed");

  entry.set_action("delete");
  entry.mutable_after()->set_label("opinion");
  entry.mutable_after()->set_deleted(true);
  EXPECT_EQ(SummarizeChange(entry), "[3,9) opinion → [3,9) opinion deleted");
}

TEST(SummarizeChangeTest, RejectAndAssignmentEvents) {
  v1::AuditEntry reject;
  reject.set_action("reject");
  *reject.mutable_before() = Annotation(1, 2, "opinion");
  reject.mutable_before()->set_kind(v1::AUTOMATIC);
  EXPECT_EQ(SummarizeChange(reject), "[1,2) opinion (suggestion) → rejected");

  v1::AuditEntry finish;
  finish.set_action("finish");
  finish.set_detail("alice finished the document");
  EXPECT_EQ(SummarizeChange(finish), "alice finished the document");
}

TEST(HistoryTableTest, OneRowPerEntryWithTheAnnotationId) {
  v1::AuditEntry entry;
  entry.mutable_time()->set_seconds(1700000000);
  entry.set_actor("alice");
  entry.set_action("create");
  entry.set_resource("projects/p/documents/d/annotations/00000000000000a1");
  *entry.mutable_after() = Annotation(3, 9, "opinion");
  const std::string table = HistoryTable({entry});
  EXPECT_THAT(table, HasSubstr("TIME"));
  EXPECT_THAT(table, HasSubstr("2023-11-14 22:13:20Z  alice  create  "
                               "00000000000000a1  none → [3,9) opinion"));
}

}  // namespace
}  // namespace spanlab::client
