// Turns attributed claims into `disputed` ones when something contests
// them, in the document or in the rest of the corpus:
//   explicit  "X disputed that account", "the claim was contradicted by X",
//             "divergent accounts": the account(s) reported nearby;
//   unproven  the author flags the claim ("without evidence", "unproven");
//   denial    a claim that an entity was involved ("Austria was behind the
//             hacking") against that entity's denial ("Austria has denied
//             any involvement");
//   stance    the same actor conceding and challenging the same party
//             ("Silva accepted Petrov's denial" against "Silva pressed
//             Petrov"), or doing and not doing the same thing ("Silva would
//             not bring it up" against "Silva brought it up"), from
//             different sources. Of two such accounts the one fewer sources
//             report is the disputed one; on a tie, the less reliable one.
// Denials found by the cue rules are disputed already.
#ifndef SPANLAB_SERVICE_TAGGER_DISPUTES_H_
#define SPANLAB_SERVICE_TAGGER_DISPUTES_H_

#include <vector>

#include "service/tagger/candidate.h"
#include "service/tagger/claim_frame.h"
#include "service/tagger/document.h"
#include "service/tagger/lexicon.h"
#include "service/tagger/patterns.h"

namespace spanlab::tagger {

struct DisputeInputs {
  const Document* doc = nullptr;
  const Patterns* patterns = nullptr;
  const Lexicon* lexicon = nullptr;
  // frames[i] is the frame of candidates[i].
  const std::vector<ClaimFrame>* frames = nullptr;
  // Frames of other documents (their document differs from this one's).
  const std::vector<ClaimFrame>* context = nullptr;
  uint64_t document = 0;
};

// Relabels contested claims of `candidates` as disputed, setting
// disputed_by and lowering the score to the rule's confidence.
void FindDisputes(const DisputeInputs& in, std::vector<Candidate>* candidates);

}  // namespace spanlab::tagger

#endif  // SPANLAB_SERVICE_TAGGER_DISPUTES_H_
