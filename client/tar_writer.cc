#include "client/tar_writer.h"

#include <algorithm>
#include <cstring>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_format.h"

namespace spanlab::client {
namespace {

constexpr size_t kBlock = 512;
constexpr size_t kNameBytes = 100;

// Copies `value` into the header field at [offset, offset + size).
void Field(char* header, size_t offset, size_t size, absl::string_view value) {
  std::memcpy(header + offset, value.data(), std::min(size, value.size()));
}

// A numeric field: octal digits, zero-padded, NUL-terminated.
void Octal(char* header, size_t offset, size_t size, uint64_t value) {
  Field(header, offset, size,
        absl::StrFormat("%0*o", static_cast<int>(size - 1), value));
}

}  // namespace

std::string PaxRecord(absl::string_view key, absl::string_view value) {
  // " key=value\n" plus the length's own digits, which may add a digit.
  const size_t rest = key.size() + value.size() + 3;
  size_t length = rest + absl::StrCat(rest).size();
  if (absl::StrCat(length).size() + rest != length) ++length;
  return absl::StrCat(length, " ", key, "=", value, "\n");
}

absl::Status TarWriter::Add(absl::string_view name, absl::string_view data) {
  if (name.empty()) {
    return absl::InvalidArgumentError("tar: an entry needs a name");
  }
  if (name.size() > kNameBytes) {
    // Readers take the full name from the pax header; the ustar name
    // field keeps its first bytes for those that do not.
    const std::string record = PaxRecord("path", name);
    absl::Status s =
        WriteEntry(absl::StrCat("PaxHeader/", name.substr(0, kNameBytes - 10)),
                   'x', record);
    if (!s.ok()) return s;
  }
  return WriteEntry(name.substr(0, kNameBytes), '0', data);
}

absl::Status TarWriter::WriteEntry(absl::string_view name, char type,
                                   absl::string_view data) {
  char header[kBlock] = {};
  Field(header, 0, kNameBytes, name);
  Octal(header, 100, 8, 0644);
  Octal(header, 108, 8, 0);
  Octal(header, 116, 8, 0);
  Octal(header, 124, 12, data.size());
  Octal(header, 136, 12, static_cast<uint64_t>(std::max<int64_t>(mtime_, 0)));
  std::memset(header + 148, ' ', 8);  // The checksum counts itself as spaces.
  header[156] = type;
  Field(header, 257, 6, absl::string_view("ustar\0", 6));
  Field(header, 263, 2, "00");
  unsigned int sum = 0;
  for (unsigned char c : header) sum += c;
  Field(header, 148, 8, absl::StrFormat("%06o", sum));
  header[154] = '\0';
  header[155] = ' ';
  out_->write(header, kBlock);
  out_->write(data.data(), static_cast<std::streamsize>(data.size()));
  const size_t padding = (kBlock - data.size() % kBlock) % kBlock;
  const char zeros[kBlock] = {};
  out_->write(zeros, static_cast<std::streamsize>(padding));
  if (!*out_) return absl::DataLossError("tar: cannot write the archive");
  return absl::OkStatus();
}

absl::Status TarWriter::Finish() {
  const char zeros[2 * kBlock] = {};
  out_->write(zeros, sizeof(zeros));
  out_->flush();
  if (!*out_) return absl::DataLossError("tar: cannot write the archive");
  return absl::OkStatus();
}

}  // namespace spanlab::client
