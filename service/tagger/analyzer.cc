#include "service/tagger/analyzer.h"

#include <unicode/brkiter.h>
#include <unicode/locid.h>
#include <unicode/uchar.h>
#include <unicode/utext.h>

#include <algorithm>
#include <atomic>
#include <cstdio>
#include <cstdlib>
#include <vector>

#include "absl/strings/match.h"
#include "service/tagger/furniture.h"
#include "service/tagger/quotes.h"
#include "service/tagger/text_util.h"
#include "service/text/utf8.h"

namespace spanlab::tagger {
namespace {

std::atomic<uint64_t> next_generation{1};

// Abbreviations whose full stop belongs to the word ("Mr. Petrov", "Sen.
// Smith"); initialisms like "U.S." are recognised by their inner dots.
bool IsAbbreviation(absl::string_view norm) {
  static constexpr absl::string_view kWords[] = {
      "mr",  "mrs", "ms",  "dr",  "jr",  "sr",   "st", "sen", "rep", "gov",
      "gen", "lt",  "col", "sgt", "inc", "corp", "co", "ltd", "vs",  "etc"};
  for (absl::string_view w : kWords) {
    if (norm == w) return true;
  }
  return norm.find('.') != absl::string_view::npos ||
         (norm.size() == 1 && norm[0] >= 'a' && norm[0] <= 'z');
}

std::unique_ptr<icu::BreakIterator> MustCreate(icu::BreakIterator* it,
                                               UErrorCode status,
                                               const char* what) {
  if (U_FAILURE(status) || it == nullptr) {
    std::fprintf(stderr, "spanlab tagger: cannot load ICU %s rules: %s\n", what,
                 u_errorName(status));
    std::abort();
  }
  return std::unique_ptr<icu::BreakIterator>(it);
}

// Builds the tokens of one ICU word segment [begin, end), splitting it where
// a sentence starts inside it ("Oslo.Petrov").
class TokenBuilder {
 public:
  TokenBuilder(const Lexicon& lexicon, const std::vector<uint32_t>& starts,
               Document* doc)
      : lexicon_(lexicon), starts_(starts), doc_(doc) {}

  void AddSegment(uint32_t begin, uint32_t end) {
    const absl::string_view text = doc_->text;
    if (IsAllSpace(text, begin, end)) {
      space_ = true;
      return;
    }
    auto split = std::upper_bound(starts_.begin(), starts_.end(), begin);
    while (split != starts_.end() && *split < end) {
      // The part before a glued sentence start: a word, then the
      // punctuation that ended its sentence.
      uint32_t word_end = *split;
      while (word_end > begin) {
        const size_t p = PrevCodePoint(text, word_end);
        const char32_t c = DecodeAt(text, p);
        if (u_isalnum(c)) break;
        word_end = static_cast<uint32_t>(p);
      }
      if (word_end > begin) Emit(begin, word_end);
      for (uint32_t p = word_end; p < *split;) {
        const uint32_t q = static_cast<uint32_t>(NextCodePoint(text, p));
        Emit(p, q);
        p = q;
      }
      begin = *split++;
    }
    Emit(begin, end);
  }

 private:
  void Emit(uint32_t begin, uint32_t end) {
    const absl::string_view text = doc_->text;
    const absl::string_view s = text.substr(begin, end - begin);
    // A full stop glued to an abbreviation joins it ("U.S.", "Mr.").
    if (s == "." && !space_ && !doc_->tokens.empty()) {
      Token& prev = doc_->tokens.back();
      if (prev.kind == TokenKind::kWord && prev.end == begin &&
          IsAbbreviation(doc_->Norm(prev)) &&
          prev.norm_begin + prev.norm_size == doc_->norm.size()) {
        prev.end = end;
        doc_->norm.push_back('.');
        ++prev.norm_size;
        prev.classes = lexicon_.Classes(doc_->Norm(prev));
        return;
      }
    }
    Token t;
    t.begin = begin;
    t.end = end;
    t.space_before = space_;
    space_ = false;
    bool letter = false;
    bool digit = false;
    for (size_t p = begin; p < end && !letter;) {
      const unsigned char b = static_cast<unsigned char>(text[p]);
      if (b < 0x80) {  // Most of news text: no need to ask ICU.
        letter = (b | 0x20) >= 'a' && (b | 0x20) <= 'z';
        digit = digit || (b >= '0' && b <= '9');
        ++p;
        continue;
      }
      const char32_t c = DecodeAt(text, p);
      letter = u_isalpha(c);
      digit = digit || u_isdigit(c);
      p = NextCodePoint(text, p);
    }
    const char32_t first = DecodeAt(text, begin);
    bool is_double = false;
    if (letter) {
      t.kind = TokenKind::kWord;
      t.capitalised = u_isupper(first) || u_istitle(first);
    } else if (digit) {
      t.kind = TokenKind::kNumber;
    } else if (NextCodePoint(text, begin) == end &&
               IsQuoteMark(first, &is_double)) {
      t.kind = TokenKind::kQuote;
      t.double_quote = is_double;
    }
    t.norm_begin = static_cast<uint32_t>(doc_->norm.size());
    if (t.kind == TokenKind::kWord || t.kind == TokenKind::kNumber) {
      AppendNormalised(s, &doc_->norm);
    }
    t.norm_size = static_cast<uint32_t>(doc_->norm.size()) - t.norm_begin;
    absl::string_view norm = doc_->Norm(t);
    if (norm.size() > 2 && absl::EndsWith(norm, "'s")) {
      t.possessive = true;
      t.norm_size -= 2;
      doc_->norm.resize(doc_->norm.size() - 2);
      norm = doc_->Norm(t);
    }
    if (t.kind == TokenKind::kWord) {
      t.classes = lexicon_.Classes(norm);
      if (absl::EndsWith(norm, "n't")) t.classes |= kNegation | kAuxiliary;
      t.cue = lexicon_.Cue(norm);
    }
    doc_->tokens.push_back(t);
  }

  const Lexicon& lexicon_;
  const std::vector<uint32_t>& starts_;
  Document* doc_;
  bool space_ = true;
};

// ICU keeps "in Oslo.Petrov said" together (lower case, full stop,
// capital); scraped news loses such spaces often enough to split there too:
// after [.!?] and an optional closing mark, between a lower-case letter and
// a capitalised word.
void AddGluedBreaks(absl::string_view text, std::vector<uint32_t>* breaks) {
  for (size_t p = 1; p + 2 < text.size(); ++p) {
    const char c = text[p];
    if (c != '.' && c != '!' && c != '?') continue;
    if (!u_islower(DecodeAt(text, PrevCodePoint(text, p)))) continue;
    size_t next = p + 1;
    const char32_t after = DecodeAt(text, next);
    if (after == U'"' || after == U'\u201D' || after == U'\u2019') {
      next = NextCodePoint(text, next);
    }
    if (next >= text.size() || !u_isupper(DecodeAt(text, next))) continue;
    const size_t second = NextCodePoint(text, next);
    if (second < text.size() && u_islower(DecodeAt(text, second))) {
      breaks->push_back(static_cast<uint32_t>(next));
    }
  }
}

// A sentence never ends with an opening quotation mark: when a mark glued
// to both sentences ("late.”We stay") turns out to open a quotation,
// it belongs to the sentence it opens.
void MoveOpeningQuotes(Document* doc) {
  for (size_t s = 0; s + 1 < doc->sentences.size(); ++s) {
    Sentence& a = doc->sentences[s];
    Sentence& b = doc->sentences[s + 1];
    const int t = a.end_token - 1;
    if (t <= a.first_token || a.paragraph != b.paragraph ||
        !doc->IsOpenQuote(t)) {
      continue;
    }
    a.end_token = t;
    a.end = doc->tokens[t - 1].end;
    b.first_token = t;
    b.begin = doc->tokens[t].begin;
    doc->token_sentence[t] = static_cast<int>(s + 1);
  }
}

}  // namespace

struct Analyzer::ThreadIterators {
  uint64_t generation = 0;
  std::unique_ptr<icu::BreakIterator> sentence;
  std::unique_ptr<icu::BreakIterator> word;
  // Scratch space reused from call to call.
  std::vector<uint32_t> breaks;
  std::vector<uint32_t> starts;
};

Analyzer::Analyzer(const Lexicon* lexicon, const Patterns* patterns)
    : lexicon_(lexicon),
      patterns_(patterns),
      generation_(next_generation.fetch_add(1)) {
  UErrorCode status = U_ZERO_ERROR;
  // "ss=standard" keeps "Mr. President" and "Dr. Smith" in one sentence.
  icu::BreakIterator* sentence = icu::BreakIterator::createSentenceInstance(
      icu::Locale("en@ss=standard"), status);
  sentence_prototype_ = MustCreate(sentence, status, "sentence");
  status = U_ZERO_ERROR;
  icu::BreakIterator* word =
      icu::BreakIterator::createWordInstance(icu::Locale::getEnglish(), status);
  word_prototype_ = MustCreate(word, status, "word");
}

Analyzer::~Analyzer() = default;

Analyzer::ThreadIterators& Analyzer::Iterators() const {
  // Break iterators keep per-text state, so each thread needs its own;
  // cloning the prototype once per thread keeps ICU setup out of Analyze.
  thread_local ThreadIterators iterators;
  if (iterators.generation != generation_) {
    iterators.sentence.reset(sentence_prototype_->clone());
    iterators.word.reset(word_prototype_->clone());
    iterators.generation = generation_;
  }
  return iterators;
}

void Analyzer::Analyze(absl::string_view text, Document* doc) const {
  doc->text = text;
  doc->paragraphs.clear();
  doc->sentences.clear();
  doc->tokens.clear();
  doc->token_sentence.clear();
  doc->in_quote.clear();
  doc->norm.clear();
  doc->present_patterns = patterns_->Present(text);

  // Lines are paragraphs: news text puts one paragraph on a line.
  for (size_t pos = 0; pos <= text.size();) {
    size_t nl = text.find('\n', pos);
    if (nl == absl::string_view::npos) nl = text.size();
    uint32_t b = static_cast<uint32_t>(pos);
    uint32_t e = static_cast<uint32_t>(nl);
    TrimSpace(text, &b, &e);
    if (b < e) {
      Paragraph p;
      p.begin = b;
      p.end = e;
      doc->paragraphs.push_back(p);
    }
    pos = nl + 1;
  }

  ThreadIterators& it = Iterators();
  UErrorCode status = U_ZERO_ERROR;
  UText utext = UTEXT_INITIALIZER;
  utext_openUTF8(&utext, text.data(), static_cast<int64_t>(text.size()),
                 &status);
  std::vector<uint32_t>& breaks = it.breaks;
  breaks.clear();
  it.sentence->setText(&utext, status);
  for (int32_t p = it.sentence->first(); p != icu::BreakIterator::DONE;
       p = it.sentence->next()) {
    breaks.push_back(static_cast<uint32_t>(p));
  }
  AddGluedBreaks(text, &breaks);
  std::sort(breaks.begin(), breaks.end());
  breaks.erase(std::unique(breaks.begin(), breaks.end()), breaks.end());
  // ICU ends a sentence at "?” " or "!” " whatever follows; one that goes
  // on in lower case ("“Who pays?” asked the mayor") has not ended.
  breaks.erase(
      std::remove_if(breaks.begin(), breaks.end(),
                     [&](uint32_t b) {
                       uint32_t p = b;
                       while (p < text.size() &&
                              IsUnicodeWhitespace(DecodeAt(text, p)) &&
                              text[p] != '\n') {
                         p = static_cast<uint32_t>(NextCodePoint(text, p));
                       }
                       return p < text.size() && u_islower(DecodeAt(text, p));
                     }),
      breaks.end());

  size_t bi = 0;
  for (size_t pi = 0; pi < doc->paragraphs.size(); ++pi) {
    Paragraph& p = doc->paragraphs[pi];
    p.first_sentence = static_cast<int>(doc->sentences.size());
    while (bi < breaks.size() && breaks[bi] <= p.begin) ++bi;
    for (uint32_t start = p.begin;;) {
      const uint32_t end =
          bi < breaks.size() && breaks[bi] < p.end ? breaks[bi] : p.end;
      uint32_t b = start;
      uint32_t e = end;
      TrimSpace(text, &b, &e);
      if (b < e) {
        Sentence s;
        s.begin = b;
        s.end = e;
        s.paragraph = static_cast<int>(pi);
        doc->sentences.push_back(s);
      }
      if (end == p.end) break;
      start = end;
      ++bi;
    }
    p.end_sentence = static_cast<int>(doc->sentences.size());
  }

  std::vector<uint32_t>& starts = it.starts;
  starts.clear();
  for (const Sentence& s : doc->sentences) starts.push_back(s.begin);
  TokenBuilder builder(*lexicon_, starts, doc);
  it.word->setText(&utext, status);
  int32_t prev = it.word->first();
  for (int32_t next = it.word->next(); next != icu::BreakIterator::DONE;
       prev = next, next = it.word->next()) {
    builder.AddSegment(static_cast<uint32_t>(prev),
                       static_cast<uint32_t>(next));
  }
  utext_close(&utext);

  // Tokens and sentences are both in text order: one merge assigns them.
  doc->token_sentence.resize(doc->tokens.size());
  size_t si = 0;
  for (size_t ti = 0; ti < doc->tokens.size(); ++ti) {
    const uint32_t b = doc->tokens[ti].begin;
    while (si + 1 < doc->sentences.size() && doc->sentences[si].end <= b) {
      doc->sentences[si].end_token = static_cast<int>(ti);
      ++si;
      doc->sentences[si].first_token = static_cast<int>(ti);
    }
    doc->token_sentence[ti] = static_cast<int>(si);
  }
  if (!doc->sentences.empty()) {
    doc->sentences[si].end_token = static_cast<int>(doc->tokens.size());
    for (size_t s = si + 1; s < doc->sentences.size(); ++s) {
      doc->sentences[s].first_token = doc->sentences[s].end_token =
          static_cast<int>(doc->tokens.size());
    }
  }

  PairQuotes(doc);
  MarkQuoted(doc);
  MoveOpeningQuotes(doc);
  ClassifyParagraphs(*patterns_, doc);
}

}  // namespace spanlab::tagger
