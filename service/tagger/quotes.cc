#include "service/tagger/quotes.h"

#include <unicode/uchar.h>

#include <vector>

#include "service/tagger/text_util.h"
#include "service/text/utf8.h"

namespace spanlab::tagger {
namespace {

bool IsOpeningGlyph(char32_t c) {
  return c == U'\u201C' || c == U'\u2018' || c == U'\u00AB' || c == U'\u201E' ||
         c == U'\u201A' || c == U'\u2039';
}

bool IsClosingGlyph(char32_t c) {
  return c == U'\u201D' || c == U'\u2019' || c == U'\u00BB' || c == U'\u203A';
}

// What may stand right before an opening mark.
bool OpensBefore(char32_t c) {
  return IsUnicodeWhitespace(c) || c == U'(' || c == U'[' || c == U'{' ||
         c == U'\u2014' || c == U'\u2013' || c == U'-' || c == U'/' ||
         IsOpeningGlyph(c);
}

// What may stand right after a closing mark.
bool ClosesAfter(char32_t c) {
  bool is_double = false;
  return IsUnicodeWhitespace(c) || c == U',' || c == U'.' || c == U';' ||
         c == U':' || c == U'!' || c == U'?' || c == U')' || c == U']' ||
         c == U'}' || c == U'\u2014' || c == U'\u2013' || c == U'-' ||
         c == U'\u2026' || IsQuoteMark(c, &is_double);
}

void PairParagraph(const Paragraph& para, int first, int last, Document* doc) {
  const absl::string_view text = doc->text;
  std::vector<int> open_double;
  std::vector<int> open_single;
  for (int i = first; i < last; ++i) {
    Token& t = doc->tokens[i];
    if (t.kind != TokenKind::kQuote) continue;
    const char32_t c = DecodeAt(text, t.begin);
    const bool before_open =
        t.begin == para.begin ||
        OpensBefore(DecodeAt(text, PrevCodePoint(text, t.begin)));
    const bool after_close =
        t.end >= para.end || ClosesAfter(DecodeAt(text, t.end));
    std::vector<int>& open = t.double_quote ? open_double : open_single;
    QuoteRole role;
    if (before_open && !after_close) {
      role = QuoteRole::kOpen;
    } else if (!before_open && after_close) {
      role = QuoteRole::kClose;
    } else if (before_open && after_close) {
      // Surrounded by space: only the glyph can tell.
      role = IsOpeningGlyph(c)   ? QuoteRole::kOpen
             : IsClosingGlyph(c) ? QuoteRole::kClose
             : open.empty()      ? QuoteRole::kOpen
                                 : QuoteRole::kClose;
    } else {
      // Glued on both sides: closes what is open, else opens.
      role = open.empty() ? QuoteRole::kOpen : QuoteRole::kClose;
    }
    if (!t.double_quote) {
      // A single mark after a letter is an apostrophe ("leaders’ views")
      // unless it closes an open single quotation.
      const bool after_letter =
          t.begin > para.begin &&
          u_isalnum(DecodeAt(text, PrevCodePoint(text, t.begin)));
      if (role == QuoteRole::kClose && open.empty()) {
        role = QuoteRole::kApostrophe;
      } else if (role == QuoteRole::kOpen && after_letter) {
        role = QuoteRole::kApostrophe;
      }
    }
    t.quote = role;
    if (role == QuoteRole::kOpen) {
      open.push_back(i);
    } else if (role == QuoteRole::kClose && !open.empty()) {
      t.partner = open.back();
      doc->tokens[open.back()].partner = i;
      open.pop_back();
    }
  }
}

}  // namespace

void MarkQuoted(Document* doc) {
  doc->in_quote.assign(doc->tokens.size(), false);
  for (size_t i = 0; i < doc->tokens.size(); ++i) {
    const Token& t = doc->tokens[i];
    if (t.quote != QuoteRole::kOpen || t.partner <= static_cast<int>(i)) {
      continue;
    }
    for (int k = static_cast<int>(i) + 1; k < t.partner; ++k) {
      doc->in_quote[k] = true;
    }
  }
}

void PairQuotes(Document* doc) {
  int ti = 0;
  const int n = static_cast<int>(doc->tokens.size());
  for (const Paragraph& para : doc->paragraphs) {
    while (ti < n && doc->tokens[ti].begin < para.begin) ++ti;
    int end = ti;
    while (end < n && doc->tokens[end].begin < para.end) ++end;
    PairParagraph(para, ti, end, doc);
    ti = end;
  }
}

}  // namespace spanlab::tagger
