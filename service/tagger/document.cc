#include "service/tagger/document.h"

namespace spanlab::tagger {

bool Document::IsClausePunct(int i) const {
  const Token& t = tokens[i];
  if (t.kind != TokenKind::kPunct) return false;
  const absl::string_view s = Text(t);
  if (s == "-") {
    // "--" arrives as two '-' tokens, each of which counts; the hyphen of
    // "two-hour" does not.
    const bool glued_after =
        i + 1 < static_cast<int>(tokens.size()) && !tokens[i + 1].space_before;
    return t.space_before || !glued_after;
  }
  // ASCII , ; : and the en and em dashes (U+2013, U+2014).
  return s == "," || s == ";" || s == ":" || s == "\xE2\x80\x93" ||
         s == "\xE2\x80\x94";
}

}  // namespace spanlab::tagger
