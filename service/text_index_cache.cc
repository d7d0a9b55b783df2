#include "service/text_index_cache.h"

#include <utility>

#include "absl/strings/str_cat.h"

namespace spanlab {

std::shared_ptr<const IndexedText> TextIndexCache::Get(
    absl::string_view project, std::shared_ptr<const v1::Document> document) {
  // Ids cannot hold NUL, so the key is unambiguous.
  const std::string key = absl::StrCat(project, absl::string_view("\0", 1),
                                       document->document_id());
  if (auto kept = cache_.Get(key)) return kept;
  auto built = std::make_shared<const IndexedText>(std::move(document));
  cache_.Put(key, built, built->cost());
  return built;
}

}  // namespace spanlab
