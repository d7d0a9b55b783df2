// A document broken up for the rules: paragraphs (lines), sentences, tokens
// with their normalised forms and word classes, and paired quotation marks.
//
// All offsets are byte offsets into the UTF-8 text; conversion to code
// points happens once, on output. A Document points into the text it was
// built from, which must outlive it. Built by Analyzer; plain data after
// that.
#ifndef SPANLAB_SERVICE_TAGGER_DOCUMENT_H_
#define SPANLAB_SERVICE_TAGGER_DOCUMENT_H_

#include <cstdint>
#include <string>
#include <vector>

#include "absl/strings/string_view.h"
#include "service/tagger/lexicon.h"

namespace spanlab::tagger {

enum class TokenKind : uint8_t { kWord, kNumber, kPunct, kQuote };

// Role of a quotation mark, decided from its neighbours and the marks
// before it (see quotes.h).
enum class QuoteRole : uint8_t { kNone, kOpen, kClose, kApostrophe };

struct Token {
  uint32_t begin = 0;  // Byte offsets in the text.
  uint32_t end = 0;
  uint32_t norm_begin = 0;  // Normalised form, in Document::norm.
  uint32_t norm_size = 0;
  uint32_t classes = 0;          // WordClass bits of the normalised form.
  const CueVerb* cue = nullptr;  // Set if the word is a cue verb.
  int32_t partner = -1;          // For quotes: the matching mark.
  TokenKind kind = TokenKind::kPunct;
  QuoteRole quote = QuoteRole::kNone;
  bool double_quote = false;  // “ ” " rather than ‘ ’ '.
  bool capitalised = false;   // First letter is upper case.
  bool possessive = false;    // Ended in 's or ’s (removed from norm).
  bool space_before = false;  // White space right before the token.
};

struct Sentence {
  uint32_t begin = 0;  // Bytes, without surrounding white space.
  uint32_t end = 0;
  int first_token = 0;  // Tokens [first_token, end_token).
  int end_token = 0;
  int paragraph = 0;
};

struct Paragraph {
  uint32_t begin = 0;  // Bytes of the line, without white space at the ends.
  uint32_t end = 0;
  int first_sentence = 0;  // Sentences [first_sentence, end_sentence).
  int end_sentence = 0;
  // Headline, byline, caption, copyright line, tag list, section heading:
  // never annotated.
  bool furniture = false;
  // Follows a "From Daily Planet:" marker: an excerpt of another outlet.
  bool excerpt = false;
};

struct Document {
  absl::string_view text;
  std::vector<Paragraph> paragraphs;
  std::vector<Sentence> sentences;
  std::vector<Token> tokens;
  // Sentence index of every token.
  std::vector<int> token_sentence;
  // True for the tokens strictly inside a paired quotation.
  std::vector<bool> in_quote;
  // Normalised token forms, concatenated; see Token::norm_begin.
  std::string norm;
  // Which rare patterns occur in the text (Patterns::Present).
  uint32_t present_patterns = 0;

  absl::string_view Text(const Token& t) const {
    return text.substr(t.begin, t.end - t.begin);
  }
  absl::string_view Norm(const Token& t) const {
    return absl::string_view(norm).substr(t.norm_begin, t.norm_size);
  }
  absl::string_view Norm(int i) const { return Norm(tokens[i]); }
  bool Is(int i, uint32_t word_class) const {
    return (tokens[i].classes & word_class) != 0;
  }
  bool IsWord(int i) const {
    return tokens[i].kind == TokenKind::kWord ||
           tokens[i].kind == TokenKind::kNumber;
  }
  // True if token i is the single character `c` (punctuation).
  bool IsChar(int i, char c) const {
    const Token& t = tokens[i];
    return t.end == t.begin + 1 && text[t.begin] == c;
  }
  bool IsOpenQuote(int i) const { return tokens[i].quote == QuoteRole::kOpen; }
  bool IsCloseQuote(int i) const {
    return tokens[i].quote == QuoteRole::kClose;
  }
  // Ends a clause: , ; : and dashes.
  bool IsClausePunct(int i) const;
  absl::string_view Slice(uint32_t begin, uint32_t end) const {
    return text.substr(begin, end - begin);
  }
};

}  // namespace spanlab::tagger

#endif  // SPANLAB_SERVICE_TAGGER_DOCUMENT_H_
