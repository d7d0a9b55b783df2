#include "storage/proto_wire.h"

#include <string>

#include "google/protobuf/util/message_differencer.h"
#include "gtest/gtest.h"
#include "spanlab/v1/resources.pb.h"

namespace spanlab {
namespace {

using google::protobuf::util::MessageDifferencer;

v1::Annotation Sample(int64_t start, const std::string& note) {
  v1::Annotation a;
  a.set_name("projects/p/documents/d/annotations/00000000000000ff");
  a.set_start(start);
  a.set_end(start + 7);
  a.set_label("attributed_claim");
  (*a.mutable_attributes())["source"] = "Zoë “the minister”";
  a.set_note(note);
  a.set_revision(3);
  return a;
}

// What the store writes: the entry's own fields, then before and after
// appended as bytes, must read back as the entry with both messages set.
TEST(ProtoWireTest, AppendedMessagesParseAsSetFields) {
  // A note longer than 127 bytes makes the length a two-byte varint.
  for (const std::string& note : {std::string(), std::string(300, 'n')}) {
    SCOPED_TRACE(note.size());
    const v1::Annotation before = Sample(5, note);
    const v1::Annotation after = Sample(9, "");
    v1::AuditEntry head;
    head.set_sequence(42);
    head.set_actor("alice");
    head.set_action("update");
    head.set_resource(after.name());

    std::string bytes = head.SerializeAsString();
    AppendMessageField(v1::AuditEntry::kBeforeFieldNumber,
                       before.SerializeAsString(), &bytes);
    AppendMessageField(v1::AuditEntry::kAfterFieldNumber,
                       after.SerializeAsString(), &bytes);

    v1::AuditEntry expected = head;
    *expected.mutable_before() = before;
    *expected.mutable_after() = after;
    v1::AuditEntry parsed;
    ASSERT_TRUE(parsed.ParseFromString(bytes));
    EXPECT_TRUE(MessageDifferencer::Equals(parsed, expected))
        << parsed.DebugString();
  }
}

TEST(ProtoWireTest, EmptyMessageIsPresent) {
  std::string bytes;
  AppendMessageField(v1::AuditEntry::kAfterFieldNumber, "", &bytes);
  EXPECT_EQ(bytes, std::string("\x3a\x00", 2));
  v1::AuditEntry parsed;
  ASSERT_TRUE(parsed.ParseFromString(bytes));
  EXPECT_TRUE(parsed.has_after());
  EXPECT_FALSE(parsed.has_before());
}

TEST(ProtoWireTest, LargeFieldNumbersAndLengths) {
  std::string bytes;
  AppendMessageField(1000, std::string(20000, 'x'), &bytes);
  // Tag (1000 << 3 | 2 = 8002) and length 20000 take two and three bytes.
  ASSERT_EQ(bytes.size(), 2u + 3u + 20000u);
  EXPECT_EQ(static_cast<unsigned char>(bytes[0]), 0x80 | (8002 & 0x7f));
  EXPECT_EQ(static_cast<unsigned char>(bytes[1]), 8002 >> 7);
  EXPECT_EQ(static_cast<unsigned char>(bytes[2]), 0x80 | (20000 & 0x7f));
  EXPECT_EQ(static_cast<unsigned char>(bytes[3]), 0x80 | ((20000 >> 7) & 0x7f));
  EXPECT_EQ(static_cast<unsigned char>(bytes[4]), 20000 >> 14);
}

}  // namespace
}  // namespace spanlab
