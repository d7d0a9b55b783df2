// Code-point indexes of recently written documents.
//
// Every annotation write converts code-point offsets to bytes, and
// building the index of a news article was the largest cost a single
// CreateAnnotation added to the rpc itself. Documents never change, so the
// index of one is kept, together with the document it points into, and
// reused by the next write to it.
//
// Thread-safe.
#ifndef SPANLAB_SERVICE_TEXT_INDEX_CACHE_H_
#define SPANLAB_SERVICE_TEXT_INDEX_CACHE_H_

#include <memory>
#include <string>

#include "absl/strings/string_view.h"
#include "service/text/utf8.h"
#include "spanlab/v1/resources.pb.h"
#include "storage/lru_cache.h"

namespace spanlab {

// A document and the index of its text; the index points into the
// document, which this keeps alive.
class IndexedText {
 public:
  explicit IndexedText(std::shared_ptr<const v1::Document> document)
      : document_(std::move(document)), index_(document_->text()) {}

  const Utf8Index& index() const { return index_; }
  // Memory held, for the cache's budget.
  size_t cost() const {
    return document_->text().size() +
           sizeof(uint32_t) * static_cast<size_t>(index_.size() + 1);
  }

 private:
  std::shared_ptr<const v1::Document> document_;
  Utf8Index index_;
};

class TextIndexCache {
 public:
  // Keeps indexes costing up to `capacity_bytes` in all; 0 keeps none.
  explicit TextIndexCache(size_t capacity_bytes) : cache_(capacity_bytes) {}

  // The index of `document` of `project`, built if not kept. The text must
  // be valid UTF-8 (stored documents are).
  std::shared_ptr<const IndexedText> Get(
      absl::string_view project, std::shared_ptr<const v1::Document> document);

 private:
  LruCache<IndexedText> cache_;
};

}  // namespace spanlab

#endif  // SPANLAB_SERVICE_TEXT_INDEX_CACHE_H_
