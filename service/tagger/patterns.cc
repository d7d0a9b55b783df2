#include "service/tagger/patterns.h"

#include <algorithm>
#include <cstdio>
#include <cstdlib>
#include <string>

#include "absl/strings/str_replace.h"

namespace spanlab::tagger {
namespace {

// News text is full of non-breaking and thin spaces, which RE2's \s does
// not match, and of curly apostrophes: every pattern writes "~" for "one
// white-space character of any kind" and "`" for either apostrophe.
constexpr absl::string_view kSpace = R"([\s\x{00A0}\x{2007}\x{2009}\x{202F}])";
constexpr absl::string_view kApostrophe = R"(['\x{2019}])";

RE2::Options Options() {
  RE2::Options options;
  options.set_log_errors(false);
  return options;
}

[[noreturn]] void Die(absl::string_view what, absl::string_view pattern,
                      absl::string_view error) {
  // The patterns are constants of the program: failing here means the
  // program is wrong, and it must not start half-working.
  std::fprintf(stderr, "spanlab tagger: %.*s %.*s: %.*s\n",
               static_cast<int>(what.size()), what.data(),
               static_cast<int>(pattern.size()), pattern.data(),
               static_cast<int>(error.size()), error.data());
  std::abort();
}

std::unique_ptr<RE2> Compile(absl::string_view pattern) {
  const std::string expanded =
      absl::StrReplaceAll(pattern, {{"~", kSpace}, {"`", kApostrophe}});
  auto re = std::make_unique<RE2>(Piece(expanded), Options());
  if (!re->ok()) Die("bad pattern", expanded, re->error());
  return re;
}

}  // namespace

std::vector<Match> FindAllIf(uint32_t present, Rare which, const RE2& re,
                             absl::string_view text) {
  if ((present & (1u << static_cast<int>(which))) == 0) return {};
  return FindAll(re, text);
}

std::vector<Match> FindAll(const RE2& re, absl::string_view text) {
  std::vector<Match> out;
  const re2::StringPiece input = Piece(text);
  const int n = std::min(3, 1 + re.NumberOfCapturingGroups());
  re2::StringPiece m[3];
  for (size_t pos = 0; pos <= text.size() && re.Match(input, pos, text.size(),
                                                      RE2::UNANCHORED, m, n);) {
    Match x;
    x.begin = static_cast<uint32_t>(m[0].data() - text.data());
    x.end = x.begin + static_cast<uint32_t>(m[0].size());
    for (int g = 1; g < n; ++g) {
      if (m[g].data() == nullptr) continue;
      x.found[g - 1] = true;
      x.group_begin[g - 1] = static_cast<uint32_t>(m[g].data() - text.data());
      x.group_end[g - 1] =
          x.group_begin[g - 1] + static_cast<uint32_t>(m[g].size());
    }
    out.push_back(x);
    pos = x.end > x.begin ? x.end : x.end + 1;
  }
  return out;
}

absl::Span<const Match> MatchesIn(const std::vector<Match>& all, uint32_t begin,
                                  uint32_t end) {
  auto first =
      std::lower_bound(all.begin(), all.end(), begin,
                       [](const Match& m, uint32_t b) { return m.begin < b; });
  auto last =
      std::lower_bound(first, all.end(), end,
                       [](const Match& m, uint32_t e) { return m.begin < e; });
  return absl::MakeConstSpan(all.data() + (first - all.begin()),
                             static_cast<size_t>(last - first));
}

Patterns::Patterns()
    : furniture_start_(Compile(
          R"((?i)^~*(?:\x{00A9}|\(c\)|copyright\b|all~rights~reserved|)"
          R"(photo:|photograph:|image:|caption:|credit:|tags?:|related:|)"
          R"(read~more\b|updated\b|last~updated\b|posted\b|published\b|)"
          R"(share~this|click~here|subscribe\b|sign~up\b|follow~us\b|)"
          R"(advertisement\b|[\x{2014}\x{2013}-]+~*reporting~by\b|)"
          R"(\(?reporting~by\b|\(?editing~by\b|\(?additional~reporting\b))")),
      furniture_anywhere_(
          Compile(R"((?i)\x{00A9}|all~rights~reserved|getty~images|\(ap~photo|)"
                  R"(/ap\)|/reuters\)|/afp\)|photo~credit)")),
      byline_(Compile(
          R"(^~*[Bb][Yy]~+\p{Lu}[\p{L}.'\x{2019}-]*(?:~+\p{Lu}[\p{L}.'\x{2019}-]*){0,3})"
          R"(~*(?:(?:,|and|\|)~*.{0,60})?~*$)")),
      wrapped_note_(Compile(R"(^~*[*_].*[*_]~*$)")),
      excerpt_marker_(
          Compile(R"((?:^|[.!?]["\x{201D}]?~+)From~+)"
                  R"((?:\p{Lu}[\p{L}\p{N}.&'\x{2019}-]*~*){1,4}:~*$)")),
      colon_speaker_(Compile(
          R"(^~*((?:\p{Lu}[\p{L}.'\x{2019}-]*~+){0,3}\p{Lu}[\p{L}'\x{2019}-]+)~*:~+(\S.*)$)")),
      according_to_(Compile(R"((?i)\baccording~+to\b)")),
      quoted_as_saying_(Compile(
          R"((?i)\b(?:is|was|were|are|been|being)~+quoted~+as~+saying\b)")),
      quoted_source_as_saying_(
          Compile(R"((?i)\bquoted~+(\S.{0,60}?)~+as~+saying\b)")),
      does_not_know_(Compile(
          R"((?i)\b(?:does|do|did)(?:~+not|n`t)~+know~+(?:if|whether)\b)")),
      in_statement_(Compile(
          R"((?i)\bin~+(?:a|an|his|her|their|its|the)~+(?:[\w-]+~+){0,2}?)"
          R"((statement|tweet|post|interview|letter|release|speech|email|)"
          R"(e-mail|video|op-ed|memo|filing|briefing|broadcast)\b)")),
      nominal_claim_(
          Compile(R"((?i)\b(claims?|assertions?|allegations?|accusations?|)"
                  R"(conclusions?|insistence|belief|suggestions?|arguments?|)"
                  R"(findings?|warnings?|contention)~+)"
                  R"((?:of~+((?:[\w'\x{2019}.-]+~+){1,6}?))?that~)")),
      opinion_frame_(
          Compile(R"((?i)\b(?:to~+no~+one`s~+surprise|to~+nobody`s~+surprise|)"
                  R"(unsurprisingly|predictably|needless~+to~+say|of~+course|)"
                  R"(sadly|fortunately|unfortunately|thankfully|ironically|)"
                  R"(tellingly|curiously|mercifully|alas)\b)")),
      opinion_manner_(
          Compile(R"((?i)\b(?:eagerly|gleefully|conveniently|dutifully|smugly|)"
                  R"(breathlessly|defiantly|brazenly|shamelessly|cynically|)"
                  R"(falsely|wrongly)\b)")),
      opinion_hedge_(Compile(
          R"((?i)\b(?:should(?:~+not|n`t)?|ought~+to|surely|clearly|)"
          R"(obviously|undoubtedly|arguably|possibly|probably|perhaps|)"
          R"(inevitably|certainly|will~+(?:most~+)?likely|)"
          R"(would~+(?:most~+)?likely|most~+likely|(?:is|are)~+likely~+to|)"
          R"(it~+is~+hard~+to~+see|it`s~+hard~+to~+see|)"
          R"(it~+remains~+to~+be~+seen|as~+it~+should~+be|we~+all~+know|)"
          R"(everyone~+knows|as~+we~+know|there~+is~+no~+doubt|no~+doubt)\b)")),
      opinion_evaluative_(Compile(
          R"((?i)\b(?:pivotal|crushing|disastrous|catastrophic|shameful|)"
          R"(disgraceful|embarrassing|humiliating|stunning|shocking|)"
          R"(outrageous|absurd|ridiculous|laughable|pathetic|brilliant|)"
          R"(masterful|remarkable|extraordinary|historic|tense|dangerous|)"
          R"(reckless|naive|na\x{00EF}ve|foolish|bizarre|chaotic|troubling|)"
          R"(alarming|worrying|unacceptable|appalling|deplorable|dismal|)"
          R"(woeful|glaring|blatant|egregious|spectacular|hapless|inept|)"
          R"(incompetent|cynical|hypocritical|deserves?|deserved|)"
          R"(better~+than~+this|(?:the|a|and|his|her|their)~+failed|)"
          R"(the~+(?:best|worst|biggest|greatest))\b)")),
      superlative_(Compile(R"((?i)\bthe~+(?:most|least)~+([\w-]+))")),
      opinion_mind_(
          Compile(R"((?i),~*(knowing|hoping|fearing|eager~+to|desperate~+to|)"
                  R"(anxious~+to)\b)")),
      unproven_flag_(
          Compile(R"((?i)\b(?:(?:without|with~+no|with~+little)~+)"
                  R"((?:offering~+|providing~+|citing~+|presenting~+)?)"
                  R"((?:any~+)?(?:\w+~+)?evidence|unproven|unsubstantiated|)"
                  R"(unverified|baseless|groundless|falsely|debunked)\b)")),
      contest_account_(Compile(
          R"((?i)\b(disputed|disputes|contradicted|contradicts|rejected|)"
          R"(rejects|challenged|challenges|denied|denies|contested|)"
          R"(refuted|questioned|called|dismissed|described|branded))"
          R"(~+(?:that|this|the|his|her|their|its|those|these)~+)"
          R"((?:[\w-]+`s~+)?(?:[\w-]+~+)?)"
          R"((?:account|accounts|claim|claims|version|assertion|statement|)"
          R"(figures|characteri[sz]ation|description|report|narrative|)"
          R"(readout|story|allegations?|accusations?)\b)"
          R"((?:~+(?:as~+)?(?:false|untrue|baseless|fake|nonsense|)"
          R"(inaccurate|wrong|lies|a~+lie|a~+hoax|fabricated))?)"
          R"(~*(?:[.,;:!?]|$))")),
      contested_by_(Compile(
          R"((?i)\b(?:account|claim|claims|version|statement|readout|)"
          R"(assertion|report)~+(?:was|were|is|are|has~+been|have~+been)~+)"
          R"((?:disputed|contradicted|rejected|challenged|denied|contested|)"
          R"(refuted)~+by~+((?:the~+)?\S+(?:~+\p{Lu}\S*){0,3}))")),
      divergent_accounts_(Compile(
          R"((?i)\b(?:divergent|diverging|conflicting|contradictory|)"
          R"(differing|competing|contrasting|contradicting)~+)"
          R"((?:accounts|versions|readouts|descriptions|claims|narratives))"
          R"(\b)")),
      rare_(Options(), RE2::UNANCHORED) {
  for (int i = 0; i < static_cast<int>(Rare::kCount); ++i) {
    const RE2& re = Get(static_cast<Rare>(i));
    std::string error;
    if (rare_.Add(re.pattern(), &error) != i) {
      Die("cannot add to set", re.pattern(), error);
    }
  }
  if (!rare_.Compile()) Die("cannot compile set", "", "");
}

const RE2& Patterns::Get(Rare which) const {
  switch (which) {
    case Rare::kAccordingTo:
      return *according_to_;
    case Rare::kInStatement:
      return *in_statement_;
    case Rare::kNominalClaim:
      return *nominal_claim_;
    case Rare::kOpinionFrame:
      return *opinion_frame_;
    case Rare::kOpinionManner:
      return *opinion_manner_;
    case Rare::kOpinionHedge:
      return *opinion_hedge_;
    case Rare::kOpinionEvaluative:
      return *opinion_evaluative_;
    case Rare::kSuperlative:
      return *superlative_;
    case Rare::kOpinionMind:
      return *opinion_mind_;
    case Rare::kUnprovenFlag:
      return *unproven_flag_;
    case Rare::kContestAccount:
      return *contest_account_;
    case Rare::kContestedBy:
      return *contested_by_;
    case Rare::kDivergentAccounts:
    case Rare::kCount:
      break;
  }
  return *divergent_accounts_;
}

uint32_t Patterns::Present(absl::string_view text) const {
  std::vector<int> hits;
  rare_.Match(Piece(text), &hits);
  uint32_t bits = 0;
  for (int i : hits) bits |= 1u << i;
  return bits;
}

}  // namespace spanlab::tagger
