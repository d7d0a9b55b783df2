#include "storage/key_encoding.h"

namespace spanlab {

void AppendUint64(std::string* key, uint64_t v) {
  char buf[8];
  for (int i = 7; i >= 0; --i) {
    buf[i] = static_cast<char>(v & 0xFF);
    v >>= 8;
  }
  key->append(buf, 8);
}

void AppendByte(std::string* key, uint8_t v) {
  key->push_back(static_cast<char>(v));
}

void AppendString(std::string* key, absl::string_view s) {
  for (char c : s) {
    key->push_back(c);
    if (c == '\0') key->push_back('\xFF');
  }
  key->push_back('\0');
  key->push_back('\x01');
}

absl::Status KeyReader::ReadUint64(uint64_t* v) {
  if (rest_.size() < 8) {
    return absl::InvalidArgumentError("key: truncated integer component");
  }
  uint64_t r = 0;
  for (int i = 0; i < 8; ++i) r = (r << 8) | static_cast<uint8_t>(rest_[i]);
  rest_.remove_prefix(8);
  *v = r;
  return absl::OkStatus();
}

absl::Status KeyReader::ReadByte(uint8_t* v) {
  if (rest_.empty()) {
    return absl::InvalidArgumentError("key: truncated tag component");
  }
  *v = static_cast<uint8_t>(rest_[0]);
  rest_.remove_prefix(1);
  return absl::OkStatus();
}

absl::Status KeyReader::ReadString(std::string* s) {
  s->clear();
  size_t i = 0;
  while (i < rest_.size()) {
    const char c = rest_[i];
    if (c != '\0') {
      s->push_back(c);
      ++i;
      continue;
    }
    if (i + 1 >= rest_.size()) break;
    const char next = rest_[i + 1];
    if (next == '\x01') {
      rest_.remove_prefix(i + 2);
      return absl::OkStatus();
    }
    if (next != '\xFF') {
      return absl::InvalidArgumentError("key: bad escape in string component");
    }
    s->push_back('\0');
    i += 2;
  }
  return absl::InvalidArgumentError("key: unterminated string component");
}

std::string PrefixSuccessor(absl::string_view prefix) {
  std::string s(prefix);
  while (!s.empty()) {
    if (static_cast<uint8_t>(s.back()) != 0xFF) {
      s.back() = static_cast<char>(static_cast<uint8_t>(s.back()) + 1);
      return s;
    }
    s.pop_back();
  }
  return s;
}

}  // namespace spanlab
