// A first guess at the `source` and `cue` attributes of a claim, which the
// labeler offers for the annotator to accept or edit.
//
// The cue is the speech verb or phrase nearest to the span in its sentence
// ("said", "told reporters", "according to"); the source is the name or
// pronoun next to it: the capitalised words or pronoun just before the verb
// ("Ana Núñez said", "she said"), a noun after an article ("a spokesperson
// said"), the capitalised words just after it ("said Tillerson"), or what
// follows "according to" up to the next punctuation.
#ifndef SPANLAB_CLIENT_LABELER_GUESS_H_
#define SPANLAB_CLIENT_LABELER_GUESS_H_

#include <cstdint>
#include <string>

#include "client/labeler_boundaries.h"

namespace spanlab::client {

struct AttributionGuess {
  // Empty when there is no guess.
  std::string source;
  std::string cue;
};

// The guess for the claim `span` inside `sentence` of `text` (code points).
// Cue words inside the span itself are not used.
AttributionGuess GuessAttribution(const std::u32string& text,
                                  CodePointRange sentence, CodePointRange span);

}  // namespace spanlab::client

#endif  // SPANLAB_CLIENT_LABELER_GUESS_H_
