// Parsing of the small textual arguments of the annotation commands: layer
// specs (--layer), spans (--span) and attributes (--attr). Every failure is
// a usage error (see errors.h) whose message names the flag and the value.
#ifndef SPANLAB_CLIENT_SPECS_H_
#define SPANLAB_CLIENT_SPECS_H_

#include <cstdint>
#include <string>

#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"

namespace spanlab::client {

// Which annotations a listing shows.
enum class LayerKind { kAny, kHuman, kAutomatic, kGold };

struct LayerSpec {
  LayerKind kind = LayerKind::kAny;
  // One author's layer; empty for every author the caller may see.
  std::string author;
  // The caller's own layer: `author` is to be filled in with the caller's
  // annotator id, which only the server knows.
  bool mine = false;
};

// Parses a --layer value:
//   all              every layer the caller may see
//   gold             the gold layer
//   automatic        every model's suggestions
//   automatic:NAME   the suggestions of model NAME
//   human            every human layer
//   human:NAME       the layer of annotator NAME
//   mine             the caller's own layer
absl::StatusOr<LayerSpec> ParseLayerSpec(absl::string_view spec);

// A half-open span [start, end) in code points.
struct SpanSpec {
  int64_t start = 0;
  int64_t end = 0;
};

// Parses a --span value "START:END": two non-negative decimal integers with
// START < END.
absl::StatusOr<SpanSpec> ParseSpanSpec(absl::string_view value);

struct AttributeSpec {
  std::string key;
  std::string value;
};

// Parses an --attr value "KEY=VALUE"; the key is up to the first '=' and
// must not be empty. The value may contain '=' and may be empty.
absl::StatusOr<AttributeSpec> ParseAttributeSpec(absl::string_view value);

}  // namespace spanlab::client

#endif  // SPANLAB_CLIENT_SPECS_H_
