// Tests of the tar writer against the ustar layout (POSIX.1-2001 pax
// interchange format): header fields, checksum, padding, the end of the
// archive, and pax headers for long names. The e2e export test also reads
// the archives with Python's tarfile module.
#include "client/tar_writer.h"

#include <sstream>
#include <string>

#include "absl/strings/numbers.h"
#include "gtest/gtest.h"

namespace spanlab::client {
namespace {

std::string FieldAt(const std::string& block, size_t offset, size_t size) {
  std::string f = block.substr(offset, size);
  return f.substr(0, f.find('\0'));
}

uint64_t OctalAt(const std::string& block, size_t offset, size_t size) {
  uint64_t value = 0;
  for (char c : FieldAt(block, offset, size)) {
    if (c >= '0' && c <= '7') value = value * 8 + (c - '0');
  }
  return value;
}

TEST(TarWriterTest, HeaderDataPaddingAndEnd) {
  std::ostringstream out;
  TarWriter tar(&out, 1700000000);
  const std::string text = "Zo\xC3\xAB \xF0\x9F\x98\x80\n";
  ASSERT_TRUE(tar.Add("doc.txt", text).ok());
  ASSERT_TRUE(tar.Add("doc.ann", "").ok());
  ASSERT_TRUE(tar.Finish().ok());
  const std::string archive = out.str();
  ASSERT_EQ(archive.size(), 512u * 5);  // 2 headers, 1 data block, 2 ends.
  const std::string header = archive.substr(0, 512);
  EXPECT_EQ(FieldAt(header, 0, 100), "doc.txt");
  EXPECT_EQ(FieldAt(header, 100, 8), "0000644");
  EXPECT_EQ(OctalAt(header, 124, 12), text.size());
  EXPECT_EQ(OctalAt(header, 136, 12), 1700000000u);
  EXPECT_EQ(header[156], '0');
  EXPECT_EQ(header.substr(257, 6), std::string("ustar\0", 6));
  EXPECT_EQ(header.substr(263, 2), "00");
  // The checksum: the sum of the header's bytes with the field as spaces.
  std::string blank = header;
  blank.replace(148, 8, 8, ' ');
  unsigned sum = 0;
  for (unsigned char c : blank) sum += c;
  EXPECT_EQ(OctalAt(header, 148, 8), sum);
  EXPECT_EQ(archive.substr(512, text.size()), text);
  EXPECT_EQ(archive.substr(512 + text.size(), 512 - text.size()),
            std::string(512 - text.size(), '\0'));
  EXPECT_EQ(FieldAt(archive.substr(1024, 512), 0, 100), "doc.ann");
  EXPECT_EQ(OctalAt(archive.substr(1024, 512), 124, 12), 0u);
  EXPECT_EQ(archive.substr(1536), std::string(1024, '\0'));
}

TEST(TarWriterTest, LongNamesGetAPaxHeader) {
  std::ostringstream out;
  TarWriter tar(&out, 0);
  const std::string name = std::string(120, 'x') + ".ann";
  ASSERT_TRUE(tar.Add(name, "T1\n").ok());
  const std::string archive = out.str();
  EXPECT_EQ(archive[156], 'x');
  const std::string record = PaxRecord("path", name);
  EXPECT_EQ(OctalAt(archive, 124, 12), record.size());
  EXPECT_EQ(archive.substr(512, record.size()), record);
  EXPECT_EQ(archive[1024 + 156], '0');
  EXPECT_EQ(FieldAt(archive.substr(1024, 512), 0, 100), name.substr(0, 100));
}

TEST(TarWriterTest, PaxRecordLengthCountsItself) {
  for (size_t n = 0; n < 1100; ++n) {
    const std::string record = PaxRecord("path", std::string(n, 'a'));
    size_t length = 0;
    ASSERT_TRUE(absl::SimpleAtoi(record.substr(0, record.find(' ')), &length));
    EXPECT_EQ(length, record.size()) << n;
    EXPECT_EQ(record.back(), '\n');
  }
}

TEST(TarWriterTest, EmptyNameIsRefused) {
  std::ostringstream out;
  TarWriter tar(&out, 0);
  EXPECT_EQ(tar.Add("", "x").code(), absl::StatusCode::kInvalidArgument);
}

}  // namespace
}  // namespace spanlab::client
