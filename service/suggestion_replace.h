// Re-running a model replaces its earlier suggestions: the plan of which
// stored suggestions to keep, which to tombstone and which new ones to
// create. Pure logic; the caller holds the document's transaction.
#ifndef SPANLAB_SERVICE_SUGGESTION_REPLACE_H_
#define SPANLAB_SERVICE_SUGGESTION_REPLACE_H_

#include <vector>

#include "spanlab/v1/resources.pb.h"

namespace spanlab {

struct ReplacementPlan {
  // Indexes into `incoming` of suggestions to create.
  std::vector<int> create;
  // Stored suggestions that no longer appear in the new output: to
  // tombstone.
  std::vector<const v1::Annotation*> remove;
  // Number of stored suggestions kept as they are because the new output
  // repeats them exactly; they keep their ids, so annotators' accept and
  // reject decisions on them still hold.
  int kept = 0;
};

// `existing`: the live suggestions of one model version on one document.
// `incoming`: that version's new suggestions for the document, validated.
// Two suggestions are the same when span, label, attributes, links, note
// and score are equal. Duplicates within `incoming` are created once.
// The result points into `existing`, which must outlive it.
ReplacementPlan PlanReplacement(const std::vector<v1::Annotation>& existing,
                                const std::vector<v1::Annotation>& incoming);

}  // namespace spanlab

#endif  // SPANLAB_SERVICE_SUGGESTION_REPLACE_H_
