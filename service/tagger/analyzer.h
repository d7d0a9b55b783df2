// Turns a text into a Document: lines, ICU sentences and words, normalised
// forms, word classes, quotation marks paired, page furniture marked.
//
// Owns ICU break-iterator prototypes built once; every call works on
// per-thread clones, so Analyze is safe to call from many threads at once
// and allocates no ICU state after a thread's first call.
#ifndef SPANLAB_SERVICE_TAGGER_ANALYZER_H_
#define SPANLAB_SERVICE_TAGGER_ANALYZER_H_

#include <unicode/uversion.h>

#include <cstdint>
#include <memory>

#include "absl/strings/string_view.h"
#include "service/tagger/document.h"
#include "service/tagger/lexicon.h"
#include "service/tagger/patterns.h"

// ICU's namespace is versioned ("icu_72"), so it is forward-declared
// through ICU's own macros.
U_NAMESPACE_BEGIN
class BreakIterator;
U_NAMESPACE_END

namespace spanlab::tagger {

class Analyzer {
 public:
  // `lexicon` and `patterns` must outlive the analyzer. Aborts if ICU's
  // break rules cannot be loaded (a broken installation).
  Analyzer(const Lexicon* lexicon, const Patterns* patterns);
  ~Analyzer();
  Analyzer(const Analyzer&) = delete;
  Analyzer& operator=(const Analyzer&) = delete;

  // Fills `doc` (cleared first) for `text`, which must be valid UTF-8 and
  // outlive `doc`.
  void Analyze(absl::string_view text, Document* doc) const;

 private:
  struct ThreadIterators;
  ThreadIterators& Iterators() const;

  const Lexicon* lexicon_;
  const Patterns* patterns_;
  std::unique_ptr<icu::BreakIterator> sentence_prototype_;
  std::unique_ptr<icu::BreakIterator> word_prototype_;
  // Distinguishes this analyzer's clones from another's in the per-thread
  // cache, even if a later analyzer reuses this one's address.
  uint64_t generation_;
};

}  // namespace spanlab::tagger

#endif  // SPANLAB_SERVICE_TAGGER_ANALYZER_H_
