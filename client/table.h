// Plain-text tables for terminals, and the string measuring they need.
//
// Widths are counted in terminal columns: East Asian wide and fullwidth
// characters take two, combining marks and ANSI colour sequences none.
// Bytes that are not valid UTF-8 count one column each, so that no input
// can break the layout.
#ifndef SPANLAB_CLIENT_TABLE_H_
#define SPANLAB_CLIENT_TABLE_H_

#include <string>
#include <utility>
#include <vector>

#include "absl/strings/string_view.h"

namespace spanlab::client {

// Terminal columns `text` occupies on one line.
int DisplayWidth(absl::string_view text);

// `text` on one line: each line break, tab or other control character
// becomes a space.
std::string OneLine(absl::string_view text);

// `text` cut to at most `max_width` columns, ending in "…" when cut. Never
// splits a UTF-8 sequence. `max_width` must be at least 1. Meant for plain
// text: colour the result, not the input, or a reset may be cut off.
std::string Truncate(absl::string_view text, int max_width);

// Lines "name  value", values aligned in one column, each line ending in
// '\n'. Fields with an empty value are left out.
std::string RenderFields(
    const std::vector<std::pair<std::string, std::string>>& fields);

class Table {
 public:
  enum class Align { kLeft, kRight };
  struct Column {
    std::string header;
    Align align = Align::kLeft;
  };

  explicit Table(std::vector<Column> columns);

  // Appends a row. Missing cells are empty; extra cells are dropped. Cells
  // should be single lines (see OneLine).
  void AddRow(std::vector<std::string> cells);

  bool empty() const { return rows_.empty(); }

  // The header and rows, columns two spaces apart, each line ending in
  // '\n', no trailing spaces.
  std::string Render() const;

 private:
  std::vector<Column> columns_;
  std::vector<std::vector<std::string>> rows_;
};

}  // namespace spanlab::client

#endif  // SPANLAB_CLIENT_TABLE_H_
