#include "service/suggestion_replace.h"

#include <string>

#include "absl/container/flat_hash_map.h"
#include "absl/container/flat_hash_set.h"
#include "google/protobuf/io/coded_stream.h"
#include "google/protobuf/io/zero_copy_stream_impl_lite.h"

namespace spanlab {
namespace {

// The content that makes two suggestions the same, as deterministic bytes
// (maps serialised in key order).
std::string ContentKey(const v1::Annotation& a) {
  v1::Annotation content;
  content.set_start(a.start());
  content.set_end(a.end());
  content.set_label(a.label());
  *content.mutable_attributes() = a.attributes();
  *content.mutable_links() = a.links();
  content.set_note(a.note());
  content.set_score(a.score());
  std::string out;
  {
    google::protobuf::io::StringOutputStream stream(&out);
    google::protobuf::io::CodedOutputStream coded(&stream);
    coded.SetSerializationDeterministic(true);
    content.SerializeToCodedStream(&coded);
  }
  return out;
}

}  // namespace

ReplacementPlan PlanReplacement(const std::vector<v1::Annotation>& existing,
                                const std::vector<v1::Annotation>& incoming) {
  ReplacementPlan plan;
  absl::flat_hash_map<std::string, const v1::Annotation*> stored;
  for (const auto& a : existing) {
    // A stored duplicate (possible only from older data) is removed.
    if (!stored.emplace(ContentKey(a), &a).second) plan.remove.push_back(&a);
  }
  absl::flat_hash_set<std::string> seen;
  for (int i = 0; i < static_cast<int>(incoming.size()); ++i) {
    std::string key = ContentKey(incoming[i]);
    if (!seen.insert(key).second) continue;
    if (stored.erase(key) > 0) {
      ++plan.kept;
    } else {
      plan.create.push_back(i);
    }
  }
  for (const auto& a : existing) {
    auto it = stored.find(ContentKey(a));
    if (it != stored.end() && it->second == &a) plan.remove.push_back(&a);
  }
  return plan;
}

}  // namespace spanlab
