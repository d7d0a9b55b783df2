// The labeler's model of the document on screen: its text in code points,
// the caller's own spans and the pending suggestions, and the questions the
// keys ask of them (what is under the cursor, where is the next
// suggestion, where does a quote occur).
#ifndef SPANLAB_CLIENT_LABELER_DOCUMENT_H_
#define SPANLAB_CLIENT_LABELER_DOCUMENT_H_

#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "absl/strings/string_view.h"
#include "client/labeler_boundaries.h"

namespace spanlab::client {

// What the labeler keeps of one annotation.
struct LabelerSpan {
  // Resource name.
  std::string name;
  int64_t start = 0;
  int64_t end = 0;
  std::string label;
  std::map<std::string, std::string> attributes;
  std::string note;
  int64_t revision = 0;
  // For suggestions: the model, its version and score.
  std::string author;
  std::string model_version;
  double score = 0;
};

// The selection: from the anchor to the cursor while it is being made, or
// a fixed range once ended.
struct Selection {
  bool active = false;
  // Whether it is fixed (ended with `v`, or set by `s`) rather than
  // following the cursor.
  bool fixed = false;
  int64_t anchor = 0;
  int64_t end = 0;

  // [min, max) of the anchor and the cursor (or the fixed end).
  CodePointRange Range(int64_t cursor) const;
};

class LabelerDocument {
 public:
  LabelerDocument(std::string id, std::string title, absl::string_view text);

  const std::string& id() const { return id_; }
  const std::string& title() const { return title_; }
  const std::u32string& text() const { return text_; }
  int64_t length() const { return static_cast<int64_t>(text_.size()); }

  // Code points [start, end) as UTF-8.
  std::string Slice(int64_t start, int64_t end) const;

  // Replaces the spans; each list is kept in text order.
  void SetSpans(std::vector<LabelerSpan> mine,
                std::vector<LabelerSpan> suggestions);
  const std::vector<LabelerSpan>& mine() const { return mine_; }
  const std::vector<LabelerSpan>& suggestions() const { return suggestions_; }

  // The caller's span holding code point `position` (their spans do not
  // overlap), or null.
  const LabelerSpan* MineAt(int64_t position) const;
  // The caller's span named `name`, or null.
  const LabelerSpan* MineNamed(absl::string_view name) const;
  // The suggestion holding `position`; of several, the one starting last
  // (the innermost), or null.
  const LabelerSpan* SuggestionAt(int64_t position) const;
  // The first suggestion starting after `position`, wrapping around to the
  // first one; null when there are none.
  const LabelerSpan* NextSuggestion(int64_t position) const;
  // The last suggestion starting before `position`, wrapping around to the
  // last one; null when there are none.
  const LabelerSpan* PreviousSuggestion(int64_t position) const;

  // The first occurrence of `needle` (UTF-8) starting after `position`,
  // wrapping around to the start; nullopt when there is none.
  std::optional<int64_t> Find(absl::string_view needle, int64_t position) const;

  // `range` without white space at either end; nullopt if nothing is left.
  std::optional<CodePointRange> Trim(CodePointRange range) const;

 private:
  std::string id_;
  std::string title_;
  std::u32string text_;
  std::vector<LabelerSpan> mine_;
  std::vector<LabelerSpan> suggestions_;
};

}  // namespace spanlab::client

#endif  // SPANLAB_CLIENT_LABELER_DOCUMENT_H_
