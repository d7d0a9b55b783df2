// Label Studio JSON: an array of tasks, one per document, for a labeling
// config with <Text name="text" value="$text"/> and
// <Labels name="label" toName="text">; attributes map to per-region
// <TextArea name="source" toName="text" perRegion="true"/> controls.
//
//   [
//   {"id": 1,
//    "data": {"text": "...", "doc_id": "harbour-bridge", "title": "...",
//             "source": "...", "meta": {...}},
//    "annotations": [{"ground_truth": false, "created_username": "alice",
//                     "result": [...]}],
//    "predictions": [{"model_version": "tagger/2.1", "score": 0.8,
//                     "result": [...]}]}
//   ]
//
// One annotation per human layer (ground_truth false) and per gold author
// (ground_truth true), one prediction per model and model version
// ("model_version" is "MODEL/VERSION"; "score" the mean of its spans').
// Each span is a result item
//   {"id": "s1", "from_name": "label", "to_name": "text", "type": "labels",
//    "value": {"start": 3, "end": 9, "text": "...", "labels": ["opinion"]}}
// (predictions add a per-item "score"), and each of its attributes an item
// with the same "id", "from_name" the attribute key, "type": "textarea",
// "value": {"start", "end", "text": [value]}. The author travels in
// "created_username", which Label Studio fills in itself on export and
// ignores on import: its "completed_by" must be a user id or email of the
// receiving instance, so it is left out (Label Studio then credits the
// importing user).
//
// Offsets: `value.start`/`value.end` count Unicode code points by default.
// Label Studio's <Text> tag computes region offsets in code points since its
// fix for emoji: its own test asserts that "test" in "🐱 Warning: This is a
// test text" is [21, 25)
// (https://github.com/HumanSignal/label-studio/blob/develop/web/libs/editor/tests/integration/e2e/ner/emoji.cy.ts).
// Earlier releases counted JavaScript string indexes, UTF-16 code units,
// shifting every offset after an emoji by one
// (https://github.com/HumanSignal/label-studio/issues/1347);
// OffsetUnit::kUtf16 writes and reads that unit.
//
// Import reads this shape and Label Studio's own exports: an annotation's
// author is "created_username" when it looks like an id (no "@", "," or
// space), else "labelstudio-N" for "completed_by": N, else the importer;
// "was_cancelled" annotations are skipped; a prediction's "MODEL/VERSION"
// splits at the first "/" (without one the importer is the model and the
// whole string the version); result items other than labels and textarea
// are reported as unsupported. "value.text", when given, must match the
// document at the offsets.
#ifndef SPANLAB_SERVICE_EXPORT_LABELSTUDIO_H_
#define SPANLAB_SERVICE_EXPORT_LABELSTUDIO_H_

#include <memory>

#include "absl/strings/string_view.h"
#include "service/export/dataset.h"

namespace spanlab::dataset {

inline constexpr absl::string_view kLabelStudioFileName = "export.json";

std::unique_ptr<FormatWriter> NewLabelStudioWriter(ExportOptions options);

// Reads one task (the JSON text of one array element) whose offsets count
// `unit`. `where` names the file, the task's first line and its number.
ParsedDocument ParseLabelStudioTask(absl::string_view task, OffsetUnit unit,
                                    const RecordLocation& where);

}  // namespace spanlab::dataset

#endif  // SPANLAB_SERVICE_EXPORT_LABELSTUDIO_H_
