#include "service/reconcile/align.h"

#include <openssl/sha.h>

#include <algorithm>
#include <cstdint>
#include <tuple>
#include <utility>

#include "absl/container/flat_hash_set.h"
#include "absl/strings/escaping.h"
#include "absl/strings/string_view.h"

namespace spanlab::reconcile {
namespace {

// Length-prefixed, so that no two different field sequences encode alike.
void AppendField(std::string* out, absl::string_view field) {
  const uint64_t size = field.size();
  for (int shift = 56; shift >= 0; shift -= 8) {
    out->push_back(static_cast<char>((size >> shift) & 0xff));
  }
  out->append(field.data(), field.size());
}

void AppendNumber(std::string* out, int64_t value) {
  const uint64_t bits = static_cast<uint64_t>(value);
  for (int shift = 56; shift >= 0; shift -= 8) {
    out->push_back(static_cast<char>((bits >> shift) & 0xff));
  }
}

// The content a version contributes to its item's id.
std::string ContentKey(const Version& v) {
  std::string key;
  AppendField(&key, v.annotator);
  key.push_back(v.automatic ? 'a' : 'h');
  AppendNumber(&key, v.start);
  AppendNumber(&key, v.end);
  AppendField(&key, v.label);
  AppendNumber(&key, static_cast<int64_t>(v.attributes.size()));
  for (const auto& [name, value] : v.attributes) {
    AppendField(&key, name);
    AppendField(&key, value);
  }
  return key;
}

ItemType Classify(const std::vector<Version>& versions, size_t layer_count) {
  bool same_span = true;
  bool same_label = true;
  absl::flat_hash_set<std::pair<std::string, bool>> layers;
  for (const Version& v : versions) {
    same_span = same_span && v.start == versions.front().start &&
                v.end == versions.front().end;
    same_label = same_label && v.label == versions.front().label;
    layers.insert({v.annotator, v.automatic});
  }
  if (!same_span) return ItemType::kBoundaryConflict;
  if (!same_label) return ItemType::kLabelConflict;
  // One layer alone confirms nothing, so it is never unanimous.
  if (layer_count >= 2 && layers.size() == layer_count) {
    return ItemType::kUnanimous;
  }
  return ItemType::kPartial;
}

}  // namespace

std::string ItemId(const std::vector<Version>& versions) {
  std::vector<std::string> keys;
  keys.reserve(versions.size());
  for (const Version& v : versions) keys.push_back(ContentKey(v));
  std::sort(keys.begin(), keys.end());
  std::string all;
  for (const std::string& k : keys) AppendField(&all, k);
  unsigned char digest[SHA256_DIGEST_LENGTH];
  SHA256(reinterpret_cast<const unsigned char*>(all.data()), all.size(),
         digest);
  return absl::BytesToHexString(
      absl::string_view(reinterpret_cast<const char*>(digest), 8));
}

std::vector<Item> Align(const std::vector<Layer>& layers) {
  std::vector<Version> all;
  for (const Layer& layer : layers) {
    for (const Version& span : layer.spans) {
      if (span.end <= span.start) continue;
      Version v = span;
      v.annotator = layer.annotator;
      v.automatic = layer.automatic;
      all.push_back(std::move(v));
    }
  }
  std::sort(all.begin(), all.end(), VersionLess);

  // A sweep in start order: a span joins the current item while it starts
  // before the furthest end seen so far, which is exactly "overlaps some
  // span of the item".
  std::vector<Item> items;
  for (Version& v : all) {
    if (items.empty() || v.start >= items.back().end) {
      Item& item = items.emplace_back();
      item.start = v.start;
      item.end = v.end;
    }
    Item& item = items.back();
    item.end = std::max(item.end, v.end);
    item.versions.push_back(std::move(v));
  }
  for (Item& item : items) {
    item.type = Classify(item.versions, layers.size());
    item.id = ItemId(item.versions);
  }
  std::sort(items.begin(), items.end(), [](const Item& a, const Item& b) {
    return std::tie(a.start, a.end, a.id) < std::tie(b.start, b.end, b.id);
  });
  return items;
}

}  // namespace spanlab::reconcile
