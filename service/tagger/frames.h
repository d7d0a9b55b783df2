// Builds the ClaimFrame of every claim candidate of a document.
#ifndef SPANLAB_SERVICE_TAGGER_FRAMES_H_
#define SPANLAB_SERVICE_TAGGER_FRAMES_H_

#include <cstdint>
#include <vector>

#include "service/tagger/candidate.h"
#include "service/tagger/claim_frame.h"
#include "service/tagger/document.h"
#include "service/tagger/lexicon.h"

namespace spanlab::tagger {

// One frame per candidate, in the same order; opinions get empty frames.
// `document` is the fingerprint of the text.
std::vector<ClaimFrame> BuildFrames(const Document& doc, const Lexicon& lexicon,
                                    const std::vector<Candidate>& candidates,
                                    uint64_t document);

}  // namespace spanlab::tagger

#endif  // SPANLAB_SERVICE_TAGGER_FRAMES_H_
