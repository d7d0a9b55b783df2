// The author's own evaluations and speculation (label `opinion`, holder
// "author"), in article text outside attributions and outside excerpts of
// other outlets:
//   framing   "To no one's surprise", "of course": the phrase itself when
//             the sentence reports a claim, else the whole sentence;
//   manner    "eagerly told reporters": the adverb;
//   hedges    "should", "surely", "will likely", "it is hard to see";
//   evaluative adjectives and superlatives ("pivotal", "the most
//             anticipated"); rhetorical questions: the sentence, or the
//             appositive ("..., a humiliating defeat that ..., ...") that
//             holds the cue;
//   mind      ", knowing the world would ...": that clause.
// Claims framed by the author ("to no one's surprise, X said") lose some
// confidence: the author signals doubt.
#ifndef SPANLAB_SERVICE_TAGGER_OPINION_H_
#define SPANLAB_SERVICE_TAGGER_OPINION_H_

#include <vector>

#include "service/tagger/candidate.h"
#include "service/tagger/document.h"
#include "service/tagger/patterns.h"

namespace spanlab::tagger {

// Appends opinion candidates to `candidates`, which holds the claims found
// so far (their contents are never opinions), and lowers the score of
// claims in author-framed sentences.
void FindOpinions(const Document& doc, const Patterns& patterns,
                  std::vector<Candidate>* candidates);

}  // namespace spanlab::tagger

#endif  // SPANLAB_SERVICE_TAGGER_OPINION_H_
