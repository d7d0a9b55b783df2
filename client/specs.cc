#include "client/specs.h"

#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "client/errors.h"

namespace spanlab::client {
namespace {

constexpr char kLayerForms[] =
    "all, gold, automatic, automatic:NAME, human, human:NAME or mine";

// A decimal integer of digits only: SimpleAtoi alone would also take signs
// and surrounding whitespace.
bool ParseOffset(absl::string_view text, int64_t* out) {
  if (text.empty()) return false;
  for (char c : text) {
    if (c < '0' || c > '9') return false;
  }
  return absl::SimpleAtoi(text, out);
}

}  // namespace

absl::StatusOr<LayerSpec> ParseLayerSpec(absl::string_view spec) {
  LayerSpec layer;
  if (spec == "all") return layer;
  if (spec == "mine") {
    layer.mine = true;
    return layer;
  }
  if (spec == "gold") {
    layer.kind = LayerKind::kGold;
    return layer;
  }
  const size_t colon = spec.find(':');
  const absl::string_view kind = spec.substr(0, colon);
  if (kind == "human") {
    layer.kind = LayerKind::kHuman;
  } else if (kind == "automatic") {
    layer.kind = LayerKind::kAutomatic;
  } else {
    return UsageError(absl::StrCat("--layer: unknown layer \"", spec,
                                   "\"; expected ", kLayerForms));
  }
  if (colon != absl::string_view::npos) {
    layer.author = std::string(spec.substr(colon + 1));
    if (layer.author.empty()) {
      return UsageError(
          absl::StrCat("--layer: \"", spec, "\" names no author after ':'"));
    }
  }
  return layer;
}

absl::StatusOr<SpanSpec> ParseSpanSpec(absl::string_view value) {
  const size_t colon = value.find(':');
  SpanSpec span;
  if (colon == absl::string_view::npos ||
      !ParseOffset(value.substr(0, colon), &span.start) ||
      !ParseOffset(value.substr(colon + 1), &span.end)) {
    return UsageError(absl::StrCat(
        "--span: expected START:END with two non-negative integers, got \"",
        value, "\""));
  }
  if (span.start >= span.end) {
    return UsageError(absl::StrCat(
        "--span: start must be less than end, got \"", value, "\""));
  }
  return span;
}

absl::StatusOr<AttributeSpec> ParseAttributeSpec(absl::string_view value) {
  const size_t equals = value.find('=');
  if (equals == absl::string_view::npos || equals == 0) {
    return UsageError(
        absl::StrCat("--attr: expected KEY=VALUE, got \"", value, "\""));
  }
  return AttributeSpec{std::string(value.substr(0, equals)),
                       std::string(value.substr(equals + 1))};
}

}  // namespace spanlab::client
