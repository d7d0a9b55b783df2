// Validation of client-supplied records. Pure functions: no storage, no
// logging. Every error is INVALID_ARGUMENT whose message starts with the
// request field path and its value, e.g.
//   annotation.end=9001: past the end of the document (length 4531)
#ifndef SPANLAB_SERVICE_VALIDATION_H_
#define SPANLAB_SERVICE_VALIDATION_H_

#include <map>
#include <string>
#include <utility>
#include <vector>

#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"
#include "service/limits.h"
#include "service/text/utf8.h"
#include "spanlab/v1/resources.pb.h"
#include "storage/layer_entry.h"

namespace spanlab {

// Checks a label schema: 1..64 labels, names [a-z0-9_]{1,64} and unique,
// colours "#rrggbb", hotkeys one printable ASCII character and unique,
// attribute keys [a-z0-9_]{1,64}, link types likewise.
absl::Status ValidateSchema(const v1::LabelSchema& schema,
                            absl::string_view field);

// Checks a new project and fills defaults (schema preset, overlap 2).
absl::Status ValidateNewProject(v1::Project* project);

// Checks a new document's fields and text and fills the derived fields
// (text, length, content_hash). `text` is the raw bytes from the request.
absl::Status ValidateNewDocument(absl::string_view text, const Limits& limits,
                                 v1::Document* document);

// Lower-case hex SHA-256 of `bytes`.
std::string Sha256Hex(absl::string_view bytes);

// Checks an annotation's content against the schema and the document text
// and fills `text`. Checks: 0 <= start < end <= length; the span neither
// starts nor ends with white space; label in the schema; attribute keys
// allowed by the label, values valid UTF-8 of 1..1024 bytes; links of known
// types with well-formed targets; note size; score in [0, 1];
// model_version required for AUTOMATIC only. `field` is the path of the
// annotation in the request ("annotation", "annotations[3]").
absl::Status ValidateAnnotation(const v1::LabelSchema& schema,
                                const Utf8Index& text, absl::string_view field,
                                v1::Annotation* annotation);

// Finds the `occurrence`-th (1-based; 0 = the only one) occurrence of
// `quote` in the text and returns its [start, end) in code points.
// NOT_FOUND if the quote does not occur; INVALID_ARGUMENT if it is empty,
// ambiguous or the occurrence is out of range.
absl::StatusOr<std::pair<int64_t, int64_t>> ResolveQuote(
    const Utf8Index& text, absl::string_view quote, int occurrence);

// The live spans of one HUMAN or GOLD layer, for the rule that spans of one
// annotator do not overlap (annotation guide). Not thread-safe.
class LayerSpans {
 public:
  explicit LayerSpans(const std::vector<v1::Annotation>& layer);
  // The stored live spans of a layer of `document` in `project`, as
  // DocumentTransaction::ReadLayerSpans returns them.
  LayerSpans(const std::vector<IndexedSpan>& layer, absl::string_view project,
             absl::string_view document);

  // OK if `candidate` can join the layer: ALREADY_EXISTS for the same span
  // and label, FAILED_PRECONDITION naming the other span for an overlap. An
  // annotation never conflicts with itself (same name). Adds it when OK.
  absl::Status Add(const v1::Annotation& candidate, absl::string_view field);

 private:
  struct Span {
    int64_t end;
    std::string label;
    // Spans read from the index carry their id; their name is only built
    // for a conflict, because building it for every span of the layer on
    // every write cost more than the overlap check itself. 0 (never a
    // stored id) for spans that come with `name`.
    uint64_t id;
    std::string name;
  };
  // The span's annotation name; empty for a span added from a request.
  std::string NameOf(const Span& s) const;

  std::string project_;
  std::string document_;
  std::multimap<int64_t, Span> by_start_;
};

}  // namespace spanlab

#endif  // SPANLAB_SERVICE_VALIDATION_H_
