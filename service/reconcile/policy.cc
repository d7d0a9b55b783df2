#include "service/reconcile/policy.h"

#include <algorithm>

#include "absl/strings/ascii.h"
#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/strip.h"
#include "service/reconcile/attributes.h"

namespace spanlab::reconcile {
namespace {

// Largest project overlap, so the largest meaningful majority.
constexpr int kMaxMajority = 64;

}  // namespace

absl::StatusOr<Policy> ParsePolicy(absl::string_view text) {
  Policy policy;
  if (text.empty() || text == "none") return policy;
  if (text == "unanimous") {
    policy.kind = Policy::Kind::kUnanimous;
    return policy;
  }
  absl::string_view count = text;
  int m = 0;
  if (absl::ConsumePrefix(&count, "majority=") && !count.empty() &&
      std::all_of(count.begin(), count.end(), absl::ascii_isdigit) &&
      absl::SimpleAtoi(count, &m) && m >= 2 && m <= kMaxMajority) {
    policy.kind = Policy::Kind::kMajority;
    policy.majority = m;
    return policy;
  }
  return absl::InvalidArgumentError(absl::StrCat(
      "policy=\"", text,
      "\": expected \"none\", \"unanimous\" or \"majority=M\" with M from 2 "
      "to ",
      kMaxMajority));
}

std::string PolicyName(const Policy& policy) {
  switch (policy.kind) {
    case Policy::Kind::kNone:
      return "none";
    case Policy::Kind::kUnanimous:
      return "unanimous";
    case Policy::Kind::kMajority:
      return absl::StrCat("majority=", policy.majority);
  }
  return "none";
}

std::vector<const Version*> AgreeingWith(const Item& item,
                                         const Version& version) {
  std::vector<const Version*> out;
  for (const Version& v : item.versions) {
    if (SameSpanAndLabel(v, version)) out.push_back(&v);
  }
  return out;
}

std::vector<std::string> LayerIds(const std::vector<const Version*>& versions) {
  std::vector<std::string> ids;
  for (const Version* v : versions) ids.push_back(v->annotator);
  std::sort(ids.begin(), ids.end());
  ids.erase(std::unique(ids.begin(), ids.end()), ids.end());
  return ids;
}

Decision MergeVersions(const std::vector<const Version*>& versions) {
  Decision d;
  d.gold.start = versions.front()->start;
  d.gold.end = versions.front()->end;
  d.gold.label = versions.front()->label;
  MergedAttributes merged = MergeAttributes(versions);
  d.gold.attributes = std::move(merged.values);
  d.attribute_conflicts = std::move(merged.conflicts);
  d.agreeing = LayerIds(versions);
  for (const Version* v : versions) d.sources.push_back(v->annotation);
  return d;
}

std::optional<Decision> Decide(const Item& item, const Policy& policy) {
  switch (policy.kind) {
    case Policy::Kind::kNone:
      return std::nullopt;
    case Policy::Kind::kUnanimous: {
      if (item.type != ItemType::kUnanimous) return std::nullopt;
      std::vector<const Version*> all;
      for (const Version& v : item.versions) all.push_back(&v);
      return MergeVersions(all);
    }
    case Policy::Kind::kMajority: {
      std::optional<std::vector<const Version*>> winner;
      // Versions are sorted by span and label first, so each group of
      // agreeing versions is a run.
      for (size_t i = 0; i < item.versions.size();) {
        std::vector<const Version*> group =
            AgreeingWith(item, item.versions[i]);
        i += group.size();
        if (static_cast<int>(LayerIds(group).size()) < policy.majority) {
          continue;
        }
        if (winner.has_value()) return std::nullopt;  // Ambiguous.
        winner = std::move(group);
      }
      if (!winner.has_value()) return std::nullopt;
      return MergeVersions(*winner);
    }
  }
  return std::nullopt;
}

}  // namespace spanlab::reconcile
