#include "service/tagger/corpus_context.h"

#include <utility>

namespace spanlab::tagger {

bool CorpusContext::Add(uint64_t document, std::vector<ClaimFrame> frames) {
  if (!documents_.insert(document).second) return false;
  for (ClaimFrame& f : frames) {
    f.document = document;
    frames_.push_back(std::move(f));
  }
  return true;
}

}  // namespace spanlab::tagger
