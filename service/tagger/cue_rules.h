// Claims introduced by cue verbs, in every arrangement news text uses:
//   leading      Holm said (that) the talks were useful.
//                Petrov told Silva he was "delighted" to meet.
//                The minister said: “We are ready.”
//   trailing     The talks were useful, Holm said.
//                “We are ready,” the minister said as ...
//   inverted     ..., said Holm, who was in the meeting.
//   aside        Petrov denied it, Holm said, but Silva pressed him.
//   participle   ..., citing his desire for ...
//   coordinated  Holm said X but conceded Y.
// and the special verbs: denials (denied, rejected: the content becomes
// disputed, its denier the disputer), "urged X to", "accused X of", "called
// X Y", "cast X as Y", "is quoted as saying", "does not know if".
#ifndef SPANLAB_SERVICE_TAGGER_CUE_RULES_H_
#define SPANLAB_SERVICE_TAGGER_CUE_RULES_H_

#include <vector>

#include "service/tagger/candidate.h"
#include "service/tagger/document.h"
#include "service/tagger/patterns.h"

namespace spanlab::tagger {

// Appends a candidate for every cue verb of the article text of `doc`
// (furniture paragraphs are skipped; cues inside quotations are left to the
// quotation's own attribution).
void FindCueClaims(const Document& doc, const Patterns& patterns,
                   std::vector<Candidate>* out);

}  // namespace spanlab::tagger

#endif  // SPANLAB_SERVICE_TAGGER_CUE_RULES_H_
