#include "service/tagger/tagger.h"

#include <limits>
#include <utility>

#include "absl/hash/hash.h"
#include "service/tagger/analyzer.h"
#include "service/tagger/candidate.h"
#include "service/tagger/claims.h"
#include "service/tagger/continuation.h"
#include "service/tagger/cue_rules.h"
#include "service/tagger/disputes.h"
#include "service/tagger/document.h"
#include "service/tagger/frames.h"
#include "service/tagger/lexicon.h"
#include "service/tagger/opinion.h"
#include "service/tagger/patterns.h"
#include "service/tagger/phrase_rules.h"
#include "service/tagger/span_rules.h"
#include "service/text/utf8.h"

namespace spanlab::tagger {
namespace {

// Offsets are 32-bit internally; larger texts (far beyond any article and
// the server's document limit) are not tagged.
bool Taggable(absl::string_view text) {
  return text.size() < std::numeric_limits<uint32_t>::max() &&
         IsValidUtf8(text);
}

}  // namespace

Tagger::Tagger()
    : lexicon_(std::make_unique<Lexicon>()),
      patterns_(std::make_unique<Patterns>()),
      analyzer_(std::make_unique<Analyzer>(lexicon_.get(), patterns_.get())) {}

Tagger::~Tagger() = default;

uint64_t Tagger::Fingerprint(absl::string_view utf8_text) {
  return absl::Hash<absl::string_view>()(utf8_text);
}

void Tagger::FindCandidates(absl::string_view text, Document* doc,
                            std::vector<Candidate>* candidates) const {
  analyzer_->Analyze(text, doc);
  FindCueClaims(*doc, *patterns_, candidates);
  FindPhraseClaims(*doc, *patterns_, candidates);
  MarkNested(*doc, candidates);
  ResolvePronouns(candidates);
  AddContinuations(*doc, candidates);
  FindOpinions(*doc, *patterns_, candidates);
}

std::vector<Suggestion> Tagger::Tag(absl::string_view utf8_text,
                                    const CorpusContext* context) const {
  if (!Taggable(utf8_text)) return {};
  Document doc;
  std::vector<Candidate> candidates;
  FindCandidates(utf8_text, &doc, &candidates);
  const uint64_t fingerprint = Fingerprint(utf8_text);
  const std::vector<ClaimFrame> frames =
      BuildFrames(doc, *lexicon_, candidates, fingerprint);
  DisputeInputs in;
  in.doc = &doc;
  in.patterns = patterns_.get();
  in.lexicon = lexicon_.get();
  in.frames = &frames;
  in.context = context != nullptr ? &context->frames() : nullptr;
  in.document = fingerprint;
  FindDisputes(in, &candidates);
  return Assemble(utf8_text, *lexicon_, candidates);
}

void Tagger::CollectClaims(absl::string_view utf8_text,
                           CorpusContext* context) const {
  if (!Taggable(utf8_text)) return;
  Document doc;
  std::vector<Candidate> candidates;
  FindCandidates(utf8_text, &doc, &candidates);
  const uint64_t fingerprint = Fingerprint(utf8_text);
  std::vector<ClaimFrame> frames =
      BuildFrames(doc, *lexicon_, candidates, fingerprint);
  std::vector<ClaimFrame> useful;
  for (ClaimFrame& f : frames) {
    // Only frames a dispute rule can use are worth keeping.
    if (!f.subject.empty() || !f.denies_involvement.empty()) {
      useful.push_back(std::move(f));
    }
  }
  context->Add(fingerprint, std::move(useful));
}

std::vector<std::vector<Suggestion>> Tagger::TagCorpus(
    const std::vector<absl::string_view>& texts) const {
  CorpusContext context;
  for (absl::string_view text : texts) CollectClaims(text, &context);
  std::vector<std::vector<Suggestion>> result;
  result.reserve(texts.size());
  for (absl::string_view text : texts) result.push_back(Tag(text, &context));
  return result;
}

}  // namespace spanlab::tagger
