// Claims already found in the other documents of a project, so that a
// claim can be marked `disputed` when another outlet reports the same event
// the other way round ("Silva accepted Petrov's assurances" against "Silva
// pressed Petrov").
//
// Fill it with Tagger::CollectClaims, one call per document, then pass it
// to Tagger::Tag. Tag ignores the claims of the document it tags (matched by
// a fingerprint of the text), so every document of the project can be added
// first. Adding is not thread-safe; once filled, a const CorpusContext may be
// read by any number of threads.
#ifndef SPANLAB_SERVICE_TAGGER_CORPUS_CONTEXT_H_
#define SPANLAB_SERVICE_TAGGER_CORPUS_CONTEXT_H_

#include <cstddef>
#include <cstdint>
#include <vector>

#include "absl/container/flat_hash_set.h"
#include "service/tagger/claim_frame.h"

namespace spanlab::tagger {

class CorpusContext {
 public:
  CorpusContext() = default;

  // Adds the claims of the document with text fingerprint `document`. A
  // document already added is left as it is (returns false).
  bool Add(uint64_t document, std::vector<ClaimFrame> frames);

  size_t documents() const { return documents_.size(); }
  const std::vector<ClaimFrame>& frames() const { return frames_; }

 private:
  absl::flat_hash_set<uint64_t> documents_;
  std::vector<ClaimFrame> frames_;
};

}  // namespace spanlab::tagger

#endif  // SPANLAB_SERVICE_TAGGER_CORPUS_CONTEXT_H_
