#include "service/export/utf16.h"

#include <algorithm>

namespace spanlab::dataset {

Utf16Offsets::Utf16Offsets(const Utf8Index& text) {
  units_.reserve(static_cast<size_t>(text.size()) + 1);
  int64_t unit = 0;
  for (int64_t cp = 0; cp < text.size(); ++cp) {
    units_.push_back(unit);
    unit += text.CodePoint(cp) > 0xFFFF ? 2 : 1;
  }
  units_.push_back(unit);
}

std::optional<int64_t> Utf16Offsets::ToCodePoint(int64_t unit) const {
  auto it = std::lower_bound(units_.begin(), units_.end(), unit);
  if (it == units_.end() || *it != unit) return std::nullopt;
  return static_cast<int64_t>(it - units_.begin());
}

}  // namespace spanlab::dataset
