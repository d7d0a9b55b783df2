// Word tokens of a text, the units of the token-level agreement measures.
//
// Tokens are the segments of ICU's word break iterator (Unicode UAX #29
// word boundaries, root locale) whose rule status is not UBRK_WORD_NONE.
// That keeps words, numbers, kana and ideographs, and drops runs of white
// space and punctuation (and symbols such as most emoji, which ICU also
// classes as "none"). Counting those as units would inflate agreement:
// every space between two unlabeled words would be one more easy "none"
// that both annotators trivially agree on, and whether a span includes a
// closing quote or full stop is a boundary detail the span measures, not
// the token measures, should report.
//
// Offsets are Unicode code points, the unit of spanlab's span offsets.
#ifndef SPANLAB_SERVICE_AGREEMENT_WORD_TOKENIZER_H_
#define SPANLAB_SERVICE_AGREEMENT_WORD_TOKENIZER_H_

#include <cstdint>
#include <memory>
#include <vector>

#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"

namespace spanlab::agreement {

// A token [start, end) in code points.
struct Token {
  int64_t start = 0;
  int64_t end = 0;
};

// Holds one ICU break iterator and a UTF-16 copy of the last text (of up to
// 1 MiB; longer texts are read in place); reuse one instance for many
// texts, since creating the iterator costs far more than tokenizing a short
// text. Not thread-safe: use one instance per thread.
class WordTokenizer {
 public:
  // INTERNAL if ICU cannot create the word break iterator (missing data).
  static absl::StatusOr<std::unique_ptr<WordTokenizer>> Create();
  ~WordTokenizer();

  // Replaces `*tokens` with the tokens of `text`, in order. `text` must be
  // valid UTF-8 (INVALID_ARGUMENT otherwise).
  absl::Status Tokenize(absl::string_view text, std::vector<Token>* tokens);
  // Tokenize for text already known to be valid UTF-8, without checking it
  // again. On invalid UTF-8 the offsets are meaningless (ICU reads invalid
  // bytes as U+FFFD) but nothing else goes wrong.
  absl::Status TokenizeValidUtf8(absl::string_view text,
                                 std::vector<Token>* tokens);

 private:
  class Impl;
  explicit WordTokenizer(std::unique_ptr<Impl> impl);
  std::unique_ptr<Impl> impl_;
};

}  // namespace spanlab::agreement

#endif  // SPANLAB_SERVICE_AGREEMENT_WORD_TOKENIZER_H_
