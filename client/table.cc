#include "client/table.h"

#include <algorithm>
#include <cstdint>
#include <utility>

#include "unicode/uchar.h"

namespace spanlab::client {
namespace {

// One decoded unit of possibly broken UTF-8: a code point, or a lone bad
// byte (`valid` false) that is shown as one column.
struct Unit {
  char32_t code_point;
  size_t length;
  bool valid;
};

Unit DecodeLenient(absl::string_view text, size_t pos) {
  const unsigned char lead = static_cast<unsigned char>(text[pos]);
  if (lead < 0x80) return {lead, 1, true};
  size_t length;
  char32_t cp;
  char32_t min;
  if ((lead & 0xe0) == 0xc0) {
    length = 2, cp = lead & 0x1f, min = 0x80;
  } else if ((lead & 0xf0) == 0xe0) {
    length = 3, cp = lead & 0x0f, min = 0x800;
  } else if ((lead & 0xf8) == 0xf0) {
    length = 4, cp = lead & 0x07, min = 0x10000;
  } else {
    return {lead, 1, false};
  }
  if (pos + length > text.size()) return {lead, 1, false};
  for (size_t i = 1; i < length; ++i) {
    const unsigned char c = static_cast<unsigned char>(text[pos + i]);
    if ((c & 0xc0) != 0x80) return {lead, 1, false};
    cp = (cp << 6) | (c & 0x3f);
  }
  if (cp < min || cp > 0x10ffff || (cp >= 0xd800 && cp <= 0xdfff)) {
    return {lead, 1, false};
  }
  return {cp, length, true};
}

int CodePointWidth(char32_t cp) {
  if (cp < 0x20 || cp == 0x7f) return 0;
  if (cp < 0x7f) return 1;
  const int8_t type = u_charType(static_cast<UChar32>(cp));
  if (type == U_NON_SPACING_MARK || type == U_ENCLOSING_MARK ||
      type == U_FORMAT_CHAR) {
    return 0;
  }
  const int east_asian =
      u_getIntPropertyValue(static_cast<UChar32>(cp), UCHAR_EAST_ASIAN_WIDTH);
  return (east_asian == U_EA_WIDE || east_asian == U_EA_FULLWIDTH) ? 2 : 1;
}

// Length of the ANSI control sequence at `pos` ("ESC [ params final"), or
// 0 if there is none.
size_t EscapeLength(absl::string_view text, size_t pos) {
  if (text[pos] != '\x1b' || pos + 1 >= text.size() || text[pos + 1] != '[') {
    return 0;
  }
  for (size_t i = pos + 2; i < text.size(); ++i) {
    const unsigned char c = static_cast<unsigned char>(text[i]);
    if (c >= 0x40 && c <= 0x7e) return i - pos + 1;
  }
  return 0;
}

}  // namespace

int DisplayWidth(absl::string_view text) {
  int width = 0;
  size_t pos = 0;
  while (pos < text.size()) {
    if (size_t escape = EscapeLength(text, pos)) {
      pos += escape;
      continue;
    }
    const Unit unit = DecodeLenient(text, pos);
    width += unit.valid ? CodePointWidth(unit.code_point) : 1;
    pos += unit.length;
  }
  return width;
}

std::string OneLine(absl::string_view text) {
  std::string out(text);
  for (char& c : out) {
    const unsigned char u = static_cast<unsigned char>(c);
    if (u < 0x20 || u == 0x7f) c = ' ';
  }
  return out;
}

std::string Truncate(absl::string_view text, int max_width) {
  if (DisplayWidth(text) <= max_width) return std::string(text);
  static constexpr char kEllipsis[] = "…";
  const int budget = std::max(0, max_width - 1);
  int width = 0;
  size_t pos = 0;
  while (pos < text.size()) {
    const Unit unit = DecodeLenient(text, pos);
    const int w = unit.valid ? CodePointWidth(unit.code_point) : 1;
    if (width + w > budget) break;
    width += w;
    pos += unit.length;
  }
  std::string out(text.substr(0, pos));
  out.append(kEllipsis);
  return out;
}

std::string RenderFields(
    const std::vector<std::pair<std::string, std::string>>& fields) {
  int width = 0;
  for (const auto& [name, value] : fields) {
    if (!value.empty()) width = std::max(width, DisplayWidth(name));
  }
  std::string out;
  for (const auto& [name, value] : fields) {
    if (value.empty()) continue;
    out.append(name);
    out.append(width - DisplayWidth(name) + 2, ' ');
    out.append(value).push_back('\n');
  }
  return out;
}

Table::Table(std::vector<Column> columns) : columns_(std::move(columns)) {}

void Table::AddRow(std::vector<std::string> cells) {
  cells.resize(columns_.size());
  rows_.push_back(std::move(cells));
}

std::string Table::Render() const {
  std::vector<int> widths(columns_.size());
  for (size_t c = 0; c < columns_.size(); ++c) {
    widths[c] = DisplayWidth(columns_[c].header);
    for (const auto& row : rows_) {
      widths[c] = std::max(widths[c], DisplayWidth(row[c]));
    }
  }
  std::string out;
  auto append_line = [&](const std::vector<std::string>& cells) {
    std::string line;
    for (size_t c = 0; c < columns_.size(); ++c) {
      const int padding = widths[c] - DisplayWidth(cells[c]);
      if (c > 0) line.append("  ");
      if (columns_[c].align == Align::kRight) line.append(padding, ' ');
      line.append(cells[c]);
      if (columns_[c].align == Align::kLeft) line.append(padding, ' ');
    }
    while (!line.empty() && line.back() == ' ') line.pop_back();
    out.append(line).push_back('\n');
  };
  std::vector<std::string> header;
  header.reserve(columns_.size());
  for (const Column& column : columns_) header.push_back(column.header);
  append_line(header);
  for (const auto& row : rows_) append_line(row);
  return out;
}

}  // namespace spanlab::client
