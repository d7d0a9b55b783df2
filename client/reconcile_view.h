// What `spanlab reconcile` shows: an item in the context of its sentences,
// one block per version with that version's span coloured by its label; the
// keys of the interactive mode; and the text forms of merge counts, item
// listings and the reconciliation status. Pure: no server, no terminal.
#ifndef SPANLAB_CLIENT_RECONCILE_VIEW_H_
#define SPANLAB_CLIENT_RECONCILE_VIEW_H_

#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"
#include "client/labeler_boundaries.h"
#include "client/render.h"
#include "spanlab/v1/reconcile_service.pb.h"

namespace spanlab::client {

// "unanimous", "label conflict", "boundary conflict", "partial".
std::string ItemTypeText(v1::ItemType type);

// The code points to show around [start, end): from the start of the
// sentence holding `start` to the end of the sentence holding `end - 1`,
// cut to `max_extra` code points on either side of the span when the
// sentences are longer. Within [0, boundaries.length()].
CodePointRange ItemContext(const TextBoundaries& boundaries, int64_t start,
                           int64_t end, int64_t max_extra = 240);

// The screen of one item: a header (position `index` of `total`, document,
// type, span), then per version its number, annotator, label, span and
// attributes followed by the context (`text`, the document's code points,
// from `context`) with that version's span highlighted; then the key help.
std::string RenderItem(const v1::ReconcileItem& item,
                       const std::u32string& text, CodePointRange context,
                       int index, int total, bool color,
                       const LabelColors& colors);

// The interactive mode's choice for one key press.
struct Choice {
  enum class Kind {
    // Take version `version` (0-based).
    kTake,
    // Take several versions, asked for next.
    kTakeSeveral,
    kEdit,
    kDrop,
    kSkip,
    kQuit,
    // A key that means nothing here.
    kUnknown,
  };
  Kind kind = Kind::kUnknown;
  int version = 0;
};

// '1'..'9' take that version (if the item has it), 't' take several, 'e'
// edit, 'd' drop, 's' skip, 'q' (or Ctrl-C, Ctrl-D) quit.
Choice ParseKey(char key, int versions);

// The 0-based versions of "1,3" or "1 3": 1-based numbers up to
// `versions`, at least one, no repeats. A usage error otherwise.
absl::StatusOr<std::vector<int>> ParseVersionList(absl::string_view text,
                                                  int versions);

// Lines reporting an automatic merge: what was merged and what is left, by
// item type, and any skipped documents.
std::string RenderMergeCounts(const v1::AutoMergeResponse& response);

// A table of items, one row each: document, item id, type, span, and the
// versions as "annotator:label[start,end)".
std::string RenderItemTable(const std::vector<v1::ReconcileItem>& items);

// A table of documents with their state and counts, then project totals.
std::string RenderStatus(const v1::ReconcileStatus& status);

}  // namespace spanlab::client

#endif  // SPANLAB_CLIENT_RECONCILE_VIEW_H_
