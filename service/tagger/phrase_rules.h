// Claims introduced by phrases rather than verbs:
//   according to  According to X, ... / ..., according to X. / in what
//                 appeared -- according to X -- to be ...
//   nominal       the conclusions of X that ... / Petrov's insistence that ...
//   colon         Holm: We made progress.   (a named speaker, a colon)
#ifndef SPANLAB_SERVICE_TAGGER_PHRASE_RULES_H_
#define SPANLAB_SERVICE_TAGGER_PHRASE_RULES_H_

#include <vector>

#include "service/tagger/candidate.h"
#include "service/tagger/document.h"
#include "service/tagger/patterns.h"

namespace spanlab::tagger {

// Appends the claims these phrases introduce in the article text of `doc`.
void FindPhraseClaims(const Document& doc, const Patterns& patterns,
                      std::vector<Candidate>* out);

}  // namespace spanlab::tagger

#endif  // SPANLAB_SERVICE_TAGGER_PHRASE_RULES_H_
