// Where the reported content of a cue starts and ends.
//
// Start: after "that" when it follows the verb within a short adverbial
// ("said later that day on radio that ..."), at an opening quotation mark
// ("said: “..."), or at the first word of a clause after a skippable time
// phrase ("told reporters after the session the ceasefire was ...").
// End: the end of the sentence, the closing mark of a quotation that the
// content opens with (even in a later sentence), or the first cut point:
// ", according to", a participle cue (", citing"), another cue verb joined
// by a conjunction ("... but suggested ..."), or a trailing cue clause
// (", officials said"). All positions are token indices; pure functions.
#ifndef SPANLAB_SERVICE_TAGGER_CONTENT_H_
#define SPANLAB_SERVICE_TAGGER_CONTENT_H_

#include "service/tagger/document.h"
#include "service/tagger/lexicon.h"

namespace spanlab::tagger {

struct ContentStart {
  int token = -1;  // First token of the content; -1 if there is none.
  bool after_that = false;
};

// Content after the cue that ends right before token `begin`, within the
// sentence ending before `limit`. `cue_class` decides which clause openings
// count (a denial also takes a gerund or noun phrase: "denied trying").
ContentStart FindContentStart(const Document& doc, int begin, int limit,
                              CueClass cue_class);

struct ContentEnd {
  int token = -1;  // One past the last token of the content.
  // A cue verb joined to this one by a conjunction ("said X but suggested
  // Y"), whose content has the same source; -1 if none.
  int coordinated_cue = -1;
};

// End of content starting at `begin`, in the sentence ending before
// `limit`. With `stop_at_comma` the content ends at the first comma outside
// quotation marks (participle clauses: "pledging to X, ...").
ContentEnd FindContentEnd(const Document& doc, int begin, int limit,
                          bool stop_at_comma);

// True if tokens [begin, limit) hold a trailing cue clause such as
// "officials said" or "said Holm, who ...": a source and a speech verb
// and nothing that could be content after them.
bool IsTrailingCue(const Document& doc, int begin, int limit);

// True if token `k` can follow a trailing cue: the end of the sentence
// (k >= limit), punctuation, or an adverbial ("said at the time", "said as
// photographers ...", "said Holm, who ...").
bool EndsCueClause(const Document& doc, int k, int limit);

}  // namespace spanlab::tagger

#endif  // SPANLAB_SERVICE_TAGGER_CONTENT_H_
