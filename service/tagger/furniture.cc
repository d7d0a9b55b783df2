#include "service/tagger/furniture.h"

#include "service/tagger/text_util.h"
#include "service/text/utf8.h"

namespace spanlab::tagger {
namespace {

// The last code point of `line` that is not a closing quotation mark or
// bracket, or 0 for none.
char32_t LastSignificant(absl::string_view line) {
  size_t end = line.size();
  while (end > 0) {
    const size_t p = PrevCodePoint(line, end);
    const char32_t c = DecodeAt(line, p);
    bool is_double = false;
    if (!IsQuoteMark(c, &is_double) && c != U')' && c != U']') return c;
    end = p;
  }
  return 0;
}

bool EndsLikeText(char32_t c) {
  return c == U'.' || c == U'!' || c == U'?' || c == U'\u2026' || c == U':' ||
         c == U';' || c == U',';
}

}  // namespace

void ClassifyParagraphs(const Patterns& patterns, Document* doc) {
  const size_t n = doc->paragraphs.size();
  bool previous_was_marker = false;
  for (size_t i = 0; i < n; ++i) {
    Paragraph& p = doc->paragraphs[i];
    const absl::string_view line = doc->Slice(p.begin, p.end);
    const re2::StringPiece piece = Piece(line);
    const char32_t last = LastSignificant(line);
    p.furniture = !EndsLikeText(last) || (i == 0 && n > 1 && last != U'.') ||
                  RE2::PartialMatch(piece, patterns.furniture_start()) ||
                  RE2::PartialMatch(piece, patterns.furniture_anywhere()) ||
                  RE2::FullMatch(piece, patterns.byline()) ||
                  RE2::FullMatch(piece, patterns.wrapped_note());
    p.excerpt = previous_was_marker && !p.furniture;
    previous_was_marker =
        !p.furniture && RE2::PartialMatch(piece, patterns.excerpt_marker());
  }
}

}  // namespace spanlab::tagger
