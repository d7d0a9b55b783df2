#include "service/tagger/lexicon.h"

#include <initializer_list>

#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_split.h"

namespace spanlab::tagger {
namespace {

// Word lists as space-separated strings: easy to read and to extend.
struct ClassList {
  uint32_t word_class;
  const char* words;
};

constexpr ClassList kClassLists[] = {
    {kDeterminer,
     "the a an this these those his her its their our my your some many "
     "any no all both every each such another several"},
    {kSubjectPronoun, "he she they it"},
    {kFirstPerson, "i we"},
    {kObjectPronoun, "him her them us me you"},
    {kAuxiliary,
     "has have had having was were is are be been being would will could "
     "can may might must shall should do does did 's 've 'd 'll"},
    {kPassiveAuxiliary, "was were is are be been being"},
    {kSkippableAdverb,
     "also again repeatedly later reportedly publicly privately previously "
     "earlier then still further recently initially first now already once "
     "just really never even only often frequently since quickly"},
    {kNegation, "not n't never"},
    {kRoleNoun,
     "secretary minister president diplomat diplomats official officials "
     "spokesman spokeswoman spokesperson spokespeople aide aides adviser "
     "advisers advisor advisors expert experts analyst analysts critic "
     "critics media outlet outlets newspaper paper agency agencies office "
     "ministry government administration police prosecutor prosecutors "
     "authorities lawmaker lawmakers senator senators observer observers "
     "resident residents witness witnesses leader leaders chief director "
     "chair chairman chairwoman engineer union management company council "
     "committee board report reports study survey statement sources source "
     "people scientists researchers economists investigators organisers "
     "organizers protesters activists campaigners doctors officer officers "
     "ambassador envoy general commander governor mayor judge court state "
     "lawyer lawyers attorney attorneys intelligence department "
     "staff team side sides operator planner manager executive ceo "
     "founder owner group party campaign democrats republicans voters "
     "members member representative representatives negotiators "
     "translation translator interpreter correspondent reporter"},
    {kRoleModifier,
     "top senior former chief foreign national deputy acting local federal "
     "veteran longtime state-run state-owned official unnamed anonymous "
     "american russian british german french chinese other two three "
     "several some many independent outside u.s. defense finance "
     "transport city county regional"},
    {kGenericSource,
     "many some others critics experts analysts observers officials "
     "supporters opponents skeptics sceptics people"},
    {kNegativeSource, "neither nobody none nor"},
    {kTimeNoun,
     "day week month year morning afternoon evening night time weekend "
     "hour minute moment"},
    {kTimeWord,
     "monday tuesday wednesday thursday friday saturday sunday today "
     "yesterday tonight tomorrow earlier later afterward afterwards "
     "recently previously again also repeatedly separately privately "
     "publicly late early"},
    {kSkipPreposition,
     "after before during following at on in from late early over"},
    {kPreposition,
     "about above across after against along among around as at before "
     "behind below beneath beside besides between beyond by despite down "
     "during except for from in inside into like near of off on onto out "
     "outside over past since through throughout to toward towards under "
     "until up upon with within without via"},
    {kAudience,
     "reporters journalists lawmakers supporters legislators delegates "
     "investors students viewers listeners readers members audience "
     "crowd press parliament congress"},
    {kClauseConjunction, "while whereas but although though and because"},
    {kCoordinator, "and but or"},
    {kWhWord, "what how when where why who whom whose whether if which"},
    {kFunctionWord,
     "but and or so yet still however meanwhile also then when while if "
     "although though after before since as at in on for with from by to "
     "of the a an this that these those it he she they we i there here "
     "our their his her its my your you me us them him what how why where "
     "who which no not one neither nobody none both each every some many "
     "any all once later earlier now today yesterday tonight instead even "
     "just only mr mrs ms dr"},
    {kTitle,
     "president minister secretary senator governor chancellor prime mr "
     "mrs ms dr general sen rep gov state foreign vice premier king queen "
     "prince pope leader chief director spokesman ambassador"},
    {kConcedeVerb,
     "accept accepted accepts accepting embraced embrace embraces endorsed "
     "endorse endorses conceded concede trusted trust believed"},
    {kChallengeVerb,
     "press pressed presses pressing confront confronted confronts "
     "confronting challenge challenged challenges challenging raised "
     "raising raise rebuked rebuke grilled questioned warned"},
    {kInvolvementVerb,
     "involved behind interfered interfere interferes meddled meddle "
     "tampered tamper hacked hack orchestrated ordered sought colluded "
     "collude responsible culpable guilty attacked targeted"},
    {kInvolvementNoun,
     "involvement interference interfering meddling tampering hacking "
     "collusion influence influencing interfere meddle hack role "
     "responsibility wrongdoing attack"},
    {kDemonstrativeNext,
     "is was 's will would has had could can may might must should does "
     "did seems seemed means meant makes made remains remained"},
    {kContentStarter, "there here"},
    {kClaimNoun,
     "claim claims allegation allegations accusation accusations assertion "
     "assertions suggestion suggestions report reports charge charges "
     "contention insistence denial denials assurance assurances"},
    {kAccountNoun,
     "account accounts version story statement figures claim claims report "
     "characterization characterisation description narrative readout"},
    {kAdverbialOpener,
     "even though although when while because if since as after before "
     "once unless until despite early late later earlier speaking asked "
     "meanwhile"},
};

struct CueList {
  CueVerb verb;
  const char* words;
};

constexpr CueList kCueLists[] = {
    {{CueClass::kSay, false, false, false},
     "said says say stated states explained explains noted notes wrote "
     "writes tweeted tweets declared declares announced announces argued "
     "argues insisted insists claimed claims stressed stresses "
     "acknowledged acknowledges admitted admits asserted asserts confirmed "
     "confirms contended contends suggested suggests conceded concedes "
     "cautioned cautions countered counters maintained maintains "
     "emphasized emphasised emphasizes emphasises indicated indicates "
     "alleged alleges observed recalled replied responded reported "
     "revealed predicted predicts estimated concluded concludes "
     "complained complains boasted bragged posted warned warns added adds "
     "charged asked asks shouted exclaimed remarked"},
    {{CueClass::kSay, true, false, false},
     "told tells tell assured assures informed informs reminded reminds"},
    {{CueClass::kSay, false, true, false},
     "saying adding noting arguing insisting claiming warning citing "
     "stressing explaining suggesting acknowledging asserting"},
    {{CueClass::kSay, false, false, true}, "agreed agrees hinted"},
    {{CueClass::kThink, false, false, true}, "know knows knew"},
    {{CueClass::kThink, false, false, false},
     "believes believe believed think thinks thought feel feels felt fear "
     "fears feared hope hopes hoped expect expects doubt doubts doubted "
     "suspect suspects suspected assume assumes assumed worry worries "
     "worried"},
    {{CueClass::kDeny, false, false, false},
     "denied denies deny rejected rejects reject dismissed dismisses "
     "disputed disputes refuted refutes contested contests rebutted"},
    {{CueClass::kDeny, false, true, false}, "denying rejecting dismissing"},
    {{CueClass::kInfinitive, false, false, false},
     "pledged pledges promised promises vowed vows threatened threatens"},
    {{CueClass::kInfinitive, false, true, false},
     "pledging promising vowing threatening"},
    {{CueClass::kInfinitive, true, false, false}, "urged urges urging"},
    {{CueClass::kCharacterize, true, false, false},
     "called calls described describes cast casts branded brands labeled "
     "labelled labels dubbed dubs"},
    {{CueClass::kAccuse, true, false, false}, "accused accuses accusing"},
};

constexpr const char* kIrregular[][2] = {
    {"brought", "bring"},
    {"said", "say"},
    {"told", "tell"},
    {"thought", "think"},
    {"met", "meet"},
    {"made", "make"},
    {"took", "take"},
    {"gave", "give"},
    {"knew", "know"},
    {"saw", "see"},
    {"went", "go"},
    {"was", "be"},
    {"were", "be"},
    {"is", "be"},
    {"are", "be"},
    {"been", "be"},
    {"had", "have"},
    {"has", "have"},
    {"did", "do"},
    {"does", "do"},
    {"won", "win"},
    {"lost", "lose"},
    {"left", "leave"},
    {"held", "hold"},
    {"began", "begin"},
    {"sought", "seek"},
    {"felt", "feel"},
    {"kept", "keep"},
    {"sent", "send"},
    {"spoke", "speak"},
    {"wrote", "write"},
    {"found", "find"},
    {"got", "get"},
    {"struck", "strike"},
    {"rose", "rise"},
    {"fell", "fall"},
    {"ran", "run"},
    {"came", "come"},
    {"became", "become"},
    {"paid", "pay"},
    {"led", "lead"},
    {"stood", "stand"},
    {"understood", "understand"},
    {"chose", "choose"},
    {"bought", "buy"},
    {"caught", "catch"},
    {"fought", "fight"},
    {"taught", "teach"},
    {"built", "build"},
    {"meant", "mean"},
    {"heard", "hear"},
    {"set", "set"},
    {"put", "put"},
    {"cut", "cut"},
    {"hit", "hit"},
    {"let", "let"},
};

constexpr const char* kLightVerbs =
    "be have do say get go make take come give tell see know think want "
    "use seem look become";

bool IsVowel(char c) {
  return c == 'a' || c == 'e' || c == 'i' || c == 'o' || c == 'u';
}

// A stem left by removing a suffix must still look like a word: three
// letters or more, one of them a vowel ("bring" is not "br" + "ing").
bool PlausibleStem(absl::string_view stem) {
  if (stem.size() < 3) return false;
  for (char c : stem) {
    if (IsVowel(c) || c == 'y') return true;
  }
  return false;
}

}  // namespace

Lexicon::Lexicon() {
  for (const ClassList& list : kClassLists) {
    for (absl::string_view w :
         absl::StrSplit(list.words, ' ', absl::SkipEmpty())) {
      classes_[std::string(w)] |= list.word_class;
    }
  }
  for (const CueList& list : kCueLists) {
    for (absl::string_view w :
         absl::StrSplit(list.words, ' ', absl::SkipEmpty())) {
      cues_.emplace(std::string(w), list.verb);
    }
  }
  for (const auto& pair : kIrregular) irregular_.emplace(pair[0], pair[1]);
  for (absl::string_view w :
       absl::StrSplit(kLightVerbs, ' ', absl::SkipEmpty())) {
    light_verbs_.emplace(w);
  }
}

uint32_t Lexicon::Classes(absl::string_view norm) const {
  auto it = classes_.find(norm);
  return it == classes_.end() ? 0 : it->second;
}

const CueVerb* Lexicon::Cue(absl::string_view norm) const {
  auto it = cues_.find(norm);
  return it == cues_.end() ? nullptr : &it->second;
}

std::string Lexicon::Lemma(absl::string_view w) const {
  auto it = irregular_.find(w);
  if (it != irregular_.end()) return it->second;
  // Regular inflections, undoing consonant doubling ("stopped" -> "stop")
  // but not a double s ("pressed" -> "press").
  auto undouble = [](absl::string_view stem) -> std::string {
    const size_t n = stem.size();
    if (n >= 3 && stem[n - 1] == stem[n - 2] && !IsVowel(stem[n - 1]) &&
        stem[n - 1] != 's' && stem[n - 1] != 'l' && stem[n - 1] != 'z') {
      stem.remove_suffix(1);
    }
    return std::string(stem);
  };
  auto without = [&](size_t n) { return w.substr(0, w.size() - n); };
  if (absl::EndsWith(w, "ied") && PlausibleStem(without(3))) {
    return absl::StrCat(without(3), "y");
  }
  if (absl::EndsWith(w, "ing") && PlausibleStem(without(3))) {
    return undouble(without(3));
  }
  if (absl::EndsWith(w, "ed") && PlausibleStem(without(2))) {
    const absl::string_view stem = without(2);
    // "raised" -> "raise", "used" -> "use": a stem ending in one of these
    // letters kept its e.
    const char last = stem.back();
    if ((last == 's' || last == 'v' || last == 'c' || last == 'g' ||
         last == 'z' || last == 'u') &&
        !absl::EndsWith(stem, "ss")) {
      return absl::StrCat(stem, "e");
    }
    return undouble(stem);
  }
  if (absl::EndsWith(w, "ies") && PlausibleStem(without(3))) {
    return absl::StrCat(without(3), "y");
  }
  if ((absl::EndsWith(w, "sses") || absl::EndsWith(w, "shes") ||
       absl::EndsWith(w, "ches")) &&
      PlausibleStem(without(2))) {
    return std::string(without(2));
  }
  if (absl::EndsWith(w, "s") && !absl::EndsWith(w, "ss") &&
      PlausibleStem(without(1))) {
    return std::string(without(1));
  }
  return std::string(w);
}

bool Lexicon::IsLightVerb(absl::string_view lemma) const {
  return light_verbs_.contains(lemma);
}

}  // namespace spanlab::tagger
