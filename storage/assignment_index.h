// AssignmentIndex: what taking a document and reporting progress need to
// know of a project's assignments, kept in memory so that neither
// NextDocument nor GetProgress reads every document's assignment record.
//
// It orders the project's documents by how many annotators finished them,
// then how many hold them, then id, which is the order NextDocument prefers
// (service/assignment_policy.h); it knows which documents each annotator
// holds, finished or skipped, and counts them, and counts the documents by
// their number of finishers and whether anyone holds them. It is derived
// state: built from the assignment records (RocksDbStore does so on first
// use after it opens) and told of every change to them once the change is
// stored.
//
// Memory: about 150 bytes per document plus 50 per annotator a document
// involves, for each project whose index the store keeps (up to its
// budget, RocksDbStoreOptions::assignment_index_documents). Not
// thread-safe: the store guards each project's index with that
// project's lock.
#ifndef SPANLAB_STORAGE_ASSIGNMENT_INDEX_H_
#define SPANLAB_STORAGE_ASSIGNMENT_INDEX_H_

#include <cstdint>
#include <map>
#include <set>
#include <string>
#include <tuple>

#include "absl/container/flat_hash_map.h"
#include "absl/container/flat_hash_set.h"
#include "absl/strings/string_view.h"
#include "spanlab/v1/resources.pb.h"
#include "storage/store.h"

namespace spanlab {

class AssignmentIndex {
 public:
  // Records that document `document_id`'s assignment went from `before` to
  // `after`; `before` is null for a document new to the index. Returns
  // false, changing nothing, if `before` is not what the index holds for
  // the document: the index is out of date and must be rebuilt.
  [[nodiscard]] bool Update(absl::string_view document_id,
                            const v1::DocumentAssignment* before,
                            const v1::DocumentAssignment& after);

  // Calls `visit(document_id, finished, active)` for each document that
  // `annotator` does not hold, has not finished and has not skipped, and
  // that fewer than `overlap` annotators finished or hold; in order of
  // fewest finished, then fewest active, then id; until it returns false.
  // Documents it passes over cost a set lookup each, not a read; the walk
  // ends at the first document finished by `overlap` annotators, after
  // which none has room. `visit` must not change the index.
  template <typename Visit>
  void ForEachOpenTo(absl::string_view annotator, int overlap,
                     Visit visit) const {
    auto mine = involved_.find(annotator);
    for (const auto& [finished, active, id] : order_) {
      if (finished >= overlap) return;
      if (finished + active >= overlap) continue;
      if (mine != involved_.end() && mine->second.contains(id)) continue;
      if (!visit(absl::string_view(id), finished, active)) return;
    }
  }

  // Zeros but `documents` for an annotator who never held a document.
  AssignmentCounts For(absl::string_view annotator) const;

  int64_t documents() const { return static_cast<int64_t>(order_.size()); }

  // The whole project counted, `complete` for an overlap of `overlap`: a
  // walk over the annotators, not the documents.
  AssignmentSummary Summarize(int overlap) const;

 private:
  // Adds (sign +1) or removes (-1) what `a` says of each annotator.
  void Count(absl::string_view document_id, const v1::DocumentAssignment& a,
             int sign);

  // (finished, active, document id) of every document.
  std::set<std::tuple<int, int, std::string>> order_;
  // What each document's stored assignment was last said to be, as its
  // counts, to check the `before` of each Update against.
  absl::flat_hash_map<std::string, std::pair<int, int>> load_;
  // Documents by how many annotators finished them, and how many documents
  // someone holds.
  std::map<int, int64_t> by_finished_;
  int64_t in_progress_ = 0;
  // Keeps an entry, at zeros, for someone a record no longer names.
  absl::flat_hash_map<std::string, AssignmentCounts> counts_;
  // Annotator -> documents they hold, finished or skipped.
  absl::flat_hash_map<std::string, absl::flat_hash_set<std::string>> involved_;
};

}  // namespace spanlab

#endif  // SPANLAB_STORAGE_ASSIGNMENT_INDEX_H_
