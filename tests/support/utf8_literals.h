// UTF-8 from code points, written out here so that tests' expectations do
// not depend on the code under test.
#ifndef SPANLAB_TESTS_SUPPORT_UTF8_LITERALS_H_
#define SPANLAB_TESTS_SUPPORT_UTF8_LITERALS_H_

#include <string>
#include <string_view>

namespace spanlab::testing_support {

// UTF-8 encoding of `s`.
inline std::string Utf8(std::u32string_view s) {
  std::string out;
  for (char32_t c : s) {
    if (c < 0x80) {
      out += static_cast<char>(c);
    } else if (c < 0x800) {
      out += static_cast<char>(0xC0 | (c >> 6));
      out += static_cast<char>(0x80 | (c & 0x3F));
    } else if (c < 0x10000) {
      out += static_cast<char>(0xE0 | (c >> 12));
      out += static_cast<char>(0x80 | ((c >> 6) & 0x3F));
      out += static_cast<char>(0x80 | (c & 0x3F));
    } else {
      out += static_cast<char>(0xF0 | (c >> 18));
      out += static_cast<char>(0x80 | ((c >> 12) & 0x3F));
      out += static_cast<char>(0x80 | ((c >> 6) & 0x3F));
      out += static_cast<char>(0x80 | (c & 0x3F));
    }
  }
  return out;
}

}  // namespace spanlab::testing_support

#endif  // SPANLAB_TESTS_SUPPORT_UTF8_LITERALS_H_
