// JSON lines: one document per line, in the span shape spaCy and Prodigy
// use, loadable by Hugging Face `datasets` ("json" builder) and pandas.
//
//   {"id": "harbour-bridge", "title": "...", "source": "...",
//    "meta": {"lang": "en"}, "text": "...",
//    "spans": [{"start": 12, "end": 40, "label": "attributed_claim",
//               "text": "...", "attributes": {"cue": "said",
//               "disputed_by": null, "holder": null, "source": "Zoë"},
//               "author": "alice", "kind": "human", "score": null,
//               "model_version": null}]}
//
// Offsets: `start`/`end` count Unicode code points of `text`, half-open,
// so Python's text[start:end] == span["text"].
//
// Every line has the same keys with the same types, as columnar loaders
// need: "attributes" holds every attribute key the project's schema allows
// (null where the span has none); "score" and "model_version" are null
// except for automatic spans; "deleted" (a boolean) is present on every span
// exactly when the export includes deleted annotations. Spans are sorted
// (dataset.h, SortSpans) and nothing volatile is written (no ids, times or
// revisions), so export -> import -> export gives the same bytes.
//
// Import reads the same shape. Only "text" is required; a missing "id" is
// derived from the text by the importer; spans need "start", "end" and
// "label", and their "text", when given, must match the document at the
// offsets (which catches files counting another unit). Unknown keys (e.g.
// Prodigy's "token_start") are ignored.
#ifndef SPANLAB_SERVICE_EXPORT_JSONL_H_
#define SPANLAB_SERVICE_EXPORT_JSONL_H_

#include <memory>

#include "absl/strings/string_view.h"
#include "service/export/dataset.h"

namespace spanlab::dataset {

inline constexpr absl::string_view kJsonlFileName = "export.jsonl";

std::unique_ptr<FormatWriter> NewJsonlWriter(ExportOptions options);

// Reads one line (without its line break). `where` names the file and line.
ParsedDocument ParseJsonlLine(absl::string_view line,
                              const RecordLocation& where);

}  // namespace spanlab::dataset

#endif  // SPANLAB_SERVICE_EXPORT_JSONL_H_
