// Word and sentence boundaries of a document for the labeler's motions,
// found by ICU's break iterators (Unicode text segmentation, UAX #29) and
// converted from ICU's UTF-16 offsets to code points.
#ifndef SPANLAB_CLIENT_LABELER_BOUNDARIES_H_
#define SPANLAB_CLIENT_LABELER_BOUNDARIES_H_

#include <cstdint>
#include <utility>
#include <vector>

#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"

namespace spanlab::client {

// A half-open range of code points.
struct CodePointRange {
  int64_t start = 0;
  int64_t end = 0;

  bool operator==(const CodePointRange& other) const {
    return start == other.start && end == other.end;
  }
};

class TextBoundaries {
 public:
  // Segments valid UTF-8 `text`. Fails only when ICU lacks its break rules.
  static absl::StatusOr<TextBoundaries> Build(absl::string_view text);

  int64_t length() const { return length_; }

  // Words are the segments holding letters, digits, kana or ideographs;
  // punctuation, emoji and white space between them are not words.
  // The first word start after `position`, or the length.
  int64_t NextWordStart(int64_t position) const;
  // The last word start before `position`, or 0.
  int64_t PreviousWordStart(int64_t position) const;
  // The first word end after `position`, or the length.
  int64_t NextWordEnd(int64_t position) const;

  // Sentences are ICU's sentence segments with their surrounding white
  // space removed; segments of white space alone (blank lines) are none.
  // The first sentence start after `position`, or the length.
  int64_t NextSentenceStart(int64_t position) const;
  // The last sentence start before `position`, or 0.
  int64_t PreviousSentenceStart(int64_t position) const;
  // The sentence holding `position`: the one it is in, else the next one,
  // else the last one; empty at 0 when the text has no sentence.
  CodePointRange SentenceAt(int64_t position) const;

 private:
  TextBoundaries() = default;

  int64_t length_ = 0;
  // Sorted and disjoint.
  std::vector<CodePointRange> words_;
  std::vector<CodePointRange> sentences_;
};

}  // namespace spanlab::client

#endif  // SPANLAB_CLIENT_LABELER_BOUNDARIES_H_
