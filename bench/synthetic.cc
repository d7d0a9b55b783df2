#include "bench/synthetic.h"

#include <random>

#include "absl/strings/str_cat.h"
#include "service/text/utf8.h"

namespace spanlab::bench {
namespace {

constexpr const char* kWords[] = {
    "minister",  "council", "said",    "budget",    "Zoë",    "Brontë",
    "Mårten",    "Ødegård", "harbour", "reopened",  "café",   "naïve",
    "façade",    "Kraków",  "São",     "Paulo",     "summit", "talks",
    "agreed",    "denied",  "claimed", "reporters", "the",    "a",
    "of",        "and",     "in",      "to",        "that",   "was",
    "Łukasz",    "Żółw",    "Ibáñez",  "José",      "Núñez",  "election",
    "Tillerson", "Putin",   "Lavrov",  "Hamburg",   "G20",    "meeting",
};
constexpr const char* kOpeners[] = {"“", "‘", "", "", "", ""};
constexpr const char* kClosers[] = {"”", "’", "", "", "", ""};
constexpr const char* kExtras[] = {" — ", ", ", " 🎉 ", " © ", " ™ ", " "};
constexpr const char* kLabels[] = {"attributed_claim", "opinion", "disputed"};

}  // namespace

SyntheticDocument SyntheticCorpus::Document(int index, int approx_chars) const {
  std::mt19937_64 rng(seed_ * 1000003 + index);
  SyntheticDocument doc;
  doc.id = absl::StrCat("doc-", index);
  auto pick = [&](auto& array) {
    return array[rng() % (sizeof(array) / sizeof(array[0]))];
  };
  int64_t cps = 0;
  std::string text;
  while (cps < approx_chars) {
    const int64_t sentence_start = cps;
    std::string sentence = pick(kOpeners);
    const int words = 8 + static_cast<int>(rng() % 20);
    for (int w = 0; w < words; ++w) {
      absl::StrAppend(&sentence,
                      w == 0 ? "" : (rng() % 9 == 0 ? pick(kExtras) : " "),
                      pick(kWords));
    }
    absl::StrAppend(&sentence, ".", pick(kClosers));
    const int64_t len = CodePointCount(sentence);
    doc.sentences.emplace_back(sentence_start, sentence_start + len);
    absl::StrAppend(&text, sentence, rng() % 5 == 0 ? "\n\n" : " ");
    cps += len + (text.back() == '\n' ? 2 : 1);
  }
  doc.text = std::move(text);
  return doc;
}

std::vector<SyntheticSpan> SyntheticCorpus::Spans(const SyntheticDocument& doc,
                                                  int annotator,
                                                  int count) const {
  std::vector<SyntheticSpan> out;
  const Utf8Index index(doc.text);
  // Shared choices (the same for every annotator) so layers mostly agree;
  // a per-annotator stream moves some boundaries and labels.
  std::mt19937_64 shared(seed_ ^ std::hash<std::string>()(doc.id));
  std::mt19937_64 own(shared() + 7919 * annotator);
  const int n = static_cast<int>(doc.sentences.size());
  const int used = std::min(count, n);
  for (int i = 0; i < used; ++i) {
    // Spread spans over the sentences, one per sentence at most.
    const auto [s, e] = doc.sentences[static_cast<int64_t>(i) * n / used];
    int64_t start = s, end = e;
    const uint64_t r = shared();
    SyntheticSpan span;
    span.label = kLabels[r % 3];
    if (own() % 10 == 0) span.label = kLabels[own() % 3];
    if (own() % 8 == 0 && end - start > 6) start += 1 + own() % 3;
    // Trim white space and stay inside the sentence.
    while (start < end && IsUnicodeWhitespace(index.CodePoint(start))) ++start;
    while (end > start && IsUnicodeWhitespace(index.CodePoint(end - 1))) --end;
    if (start >= end) continue;
    span.start = start;
    span.end = end;
    out.push_back(span);
  }
  return out;
}

}  // namespace spanlab::bench
