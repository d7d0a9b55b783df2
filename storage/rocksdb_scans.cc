// RocksDbStore's listings and scans: paged reads under a key prefix, with
// page tokens that only their own listing accepts.
#include <algorithm>
#include <limits>
#include <string>
#include <utility>

#include "absl/strings/escaping.h"
#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "storage/key_encoding.h"
#include "storage/keys.h"
#include "storage/rocksdb_status.h"
#include "storage/rocksdb_store.h"

namespace spanlab {
namespace {

// A page token is the last key returned behind one byte naming its column
// family: the project listing scans with an empty prefix, so without the tag
// it would accept (and misread) a token of any other listing.
std::string EncodeToken(int cf, absl::string_view key) {
  return absl::WebSafeBase64Escape(
      absl::StrCat(std::string(1, static_cast<char>(cf)), key));
}

absl::StatusOr<std::string> DecodeToken(int cf, absl::string_view token,
                                        absl::string_view prefix) {
  std::string key;
  if (!absl::WebSafeBase64Unescape(token, &key) || key.empty() ||
      key[0] != static_cast<char>(cf) ||
      !absl::StartsWith(absl::string_view(key).substr(1), prefix) ||
      key.size() == prefix.size() + 1) {
    return absl::InvalidArgumentError(
        "page_token: not a page token of this listing (tokens are only valid "
        "with the same parent and filters)");
  }
  return key.substr(1);
}

// The string component of a listing's `key` after `skip` bytes and
// `strings` string components: what a corrupt record found by the listing
// is called. The key, escaped, if it does not decode there.
std::string NameInKey(absl::string_view key, size_t skip, int strings) {
  std::string name;
  KeyReader reader(key.substr(std::min(skip, key.size())));
  for (int i = 0; i <= strings; ++i) {
    if (!reader.ReadString(&name).ok()) return absl::CHexEscape(key);
  }
  return name;
}

// A stored suggestion decision: one byte naming it (SuggestionDecision).
absl::Status DecodeDecision(absl::string_view value,
                            absl::string_view document_id,
                            SuggestionDecision* out) {
  if (value.size() != 1 ||
      (value[0] != static_cast<char>(SuggestionDecision::kAccepted) &&
       value[0] != static_cast<char>(SuggestionDecision::kRejected))) {
    return CorruptRecord("a suggestion decision on document", document_id);
  }
  *out = static_cast<SuggestionDecision>(value[0]);
  return absl::OkStatus();
}

// An iterator over the keys of a column family under `prefix`, positioned
// at the page token's key (which the previous page ended on, so it is
// skipped) or at the first key. Must not move: the iterator points at
// `upper_slice`.
struct PageScan {
  std::string start;
  bool skip_start = false;
  std::string upper;
  rocksdb::Slice upper_slice;
  std::unique_ptr<rocksdb::Iterator> it;

  PageScan() = default;
  PageScan(const PageScan&) = delete;
  PageScan& operator=(const PageScan&) = delete;

  absl::Status Open(rocksdb::DB* db, rocksdb::ColumnFamilyHandle* handle,
                    int cf, const std::string& prefix,
                    absl::string_view page_token, bool fill_cache = true) {
    start = prefix;
    if (!page_token.empty()) {
      auto key = DecodeToken(cf, page_token, prefix);
      if (!key.ok()) return key.status();
      start = *std::move(key);
      skip_start = true;
    }
    upper = PrefixSuccessor(prefix);
    upper_slice = rocksdb::Slice(upper);
    rocksdb::ReadOptions ro;
    if (!upper.empty()) ro.iterate_upper_bound = &upper_slice;
    ro.fill_cache = fill_cache;
    it.reset(db->NewIterator(ro, handle));
    it->Seek(start);
    return absl::OkStatus();
  }

  bool Skip(const rocksdb::Slice& key) const {
    return skip_start && key == rocksdb::Slice(start);
  }
};

}  // namespace

absl::Status RocksDbStore::ScanAll(
    Cf cf, const std::string& prefix,
    const std::function<absl::Status(absl::string_view key,
                                     absl::string_view value)>& visit) {
  std::string token;
  do {
    auto next = Scan(cf, prefix, token, 1000,
                     [&](absl::string_view key,
                         absl::string_view value) -> absl::StatusOr<bool> {
                       absl::Status s = visit(key, value);
                       if (!s.ok()) return s;
                       return true;
                     });
    if (!next.ok()) return next.status();
    token = *std::move(next);
  } while (!token.empty());
  return absl::OkStatus();
}

absl::StatusOr<std::string> RocksDbStore::Scan(
    Cf cf, const std::string& prefix, absl::string_view page_token,
    int page_size,
    const std::function<absl::StatusOr<bool>(absl::string_view,
                                             absl::string_view)>& visit,
    bool fill_cache) {
  PageScan scan;
  absl::Status opened =
      scan.Open(db_.get(), cf_[cf], cf, prefix, page_token, fill_cache);
  if (!opened.ok()) return opened;
  rocksdb::Iterator* it = scan.it.get();
  int taken = 0;
  std::string last_key;
  for (; it->Valid(); it->Next()) {
    const rocksdb::Slice key = it->key();
    if (!key.starts_with(prefix)) break;
    if (scan.Skip(key)) continue;
    if (taken == page_size) return EncodeToken(cf, last_key);
    auto took =
        visit(absl::string_view(key.data(), key.size()),
              absl::string_view(it->value().data(), it->value().size()));
    if (!took.ok()) return took.status();
    if (*took) {
      ++taken;
      last_key.assign(key.data(), key.size());
    }
  }
  if (!it->status().ok()) return FromRocks(it->status(), "scan");
  return std::string();
}

absl::StatusOr<Page<v1::Project>> RocksDbStore::ListProjects(
    int page_size, absl::string_view page_token) {
  Page<v1::Project> page;
  auto next = Scan(kProjects, "", page_token, page_size,
                   [&](absl::string_view key,
                       absl::string_view value) -> absl::StatusOr<bool> {
                     if (!page.items.emplace_back().ParseFromArray(
                             value.data(), static_cast<int>(value.size()))) {
                       return CorruptRecord("project", NameInKey(key, 0, 0));
                     }
                     return true;
                   });
  if (!next.ok()) return next.status();
  page.next_page_token = *std::move(next);
  return page;
}

absl::StatusOr<Page<v1::Document>> RocksDbStore::ListDocuments(
    absl::string_view project_id, int page_size, absl::string_view page_token,
    bool include_text) {
  Page<v1::Document> page;
  auto next = Scan(
      kDocuments, keys::DocumentPrefix(project_id), page_token, page_size,
      [&](absl::string_view key,
          absl::string_view value) -> absl::StatusOr<bool> {
        v1::Document& d = page.items.emplace_back();
        if (!d.ParseFromArray(value.data(), static_cast<int>(value.size()))) {
          return CorruptRecord(absl::StrCat("document \"", NameInKey(key, 0, 1),
                                            "\" of project \"", project_id,
                                            "\""));
        }
        // Frees the text rather than clear() it: a cleared string keeps its
        // capacity, and a page of documents would hold every text's memory.
        if (!include_text) std::string().swap(*d.mutable_text());
        return true;
      });
  if (!next.ok()) return next.status();
  page.next_page_token = *std::move(next);
  return page;
}

absl::StatusOr<Page<DocumentRecord>> RocksDbStore::ListDocumentRecords(
    absl::string_view project_id, int page_size, absl::string_view page_token) {
  Page<DocumentRecord> page;
  auto next = Scan(
      kDocuments, keys::DocumentPrefix(project_id), page_token, page_size,
      [&](absl::string_view key,
          absl::string_view value) -> absl::StatusOr<bool> {
        page.items.push_back({NameInKey(key, 0, 1), std::string(value)});
        return true;
      },
      /*fill_cache=*/false);
  if (!next.ok()) return next.status();
  page.next_page_token = *std::move(next);
  return page;
}

absl::StatusOr<Page<v1::Annotation>> RocksDbStore::ListAnnotations(
    absl::string_view project_id, absl::string_view document_id,
    const AnnotationFilter& filter, int page_size,
    absl::string_view page_token) {
  Page<v1::Annotation> page;
  const auto keep = [&](v1::Annotation& a) {
    if (a.deleted() && !filter.include_deleted) return false;
    if (filter.kind != v1::ANNOTATION_KIND_UNSPECIFIED &&
        a.kind() != filter.kind) {
      return false;
    }
    if (!filter.author.empty() && a.author() != filter.author) return false;
    if (filter.visible && !filter.visible(a)) return false;
    return true;
  };
  absl::StatusOr<std::string> next;
  if (filter.kind != v1::ANNOTATION_KIND_UNSPECIFIED &&
      (!filter.author.empty() || filter.kind == v1::GOLD)) {
    // One layer: walk its index and fetch each record.
    const std::string layer_author =
        filter.kind == v1::GOLD ? std::string() : filter.author;
    const std::string prefix =
        keys::LayerPrefix(project_id, document_id, filter.kind, layer_author);
    next = ScanLayer(project_id, document_id, prefix, page_token, page_size,
                     [&](v1::Annotation& a) {
                       if (!keep(a)) return false;
                       page.items.push_back(std::move(a));
                       return true;
                     });
  } else {
    next = Scan(kAnnotations, keys::AnnotationPrefix(project_id, document_id),
                page_token, page_size,
                [&](absl::string_view,
                    absl::string_view value) -> absl::StatusOr<bool> {
                  v1::Annotation a;
                  absl::Status s = ParseRecord(
                      value, &a, "an annotation of document", document_id);
                  if (!s.ok()) return s;
                  if (!keep(a)) return false;
                  page.items.push_back(std::move(a));
                  return true;
                });
  }
  if (!next.ok()) return next.status();
  page.next_page_token = *std::move(next);
  return page;
}

absl::StatusOr<std::string> RocksDbStore::ScanLayer(
    absl::string_view project_id, absl::string_view document_id,
    const std::string& prefix, absl::string_view page_token, int page_size,
    const std::function<bool(v1::Annotation&)>& visit) {
  PageScan scan;
  absl::Status opened =
      scan.Open(db_.get(), cf_[kIndexes], kIndexes, prefix, page_token);
  if (!opened.ok()) return opened;
  rocksdb::Iterator* it = scan.it.get();
  // One more than a page, so a full page knows whether another follows.
  const size_t batch =
      std::min(static_cast<size_t>(page_size) + 1, kLayerBatch);
  std::vector<std::string> index_keys, record_keys;
  std::vector<uint64_t> ids;
  int taken = 0;
  std::string last_key;
  while (true) {
    index_keys.clear();
    record_keys.clear();
    ids.clear();
    for (; it->Valid() && index_keys.size() < batch; it->Next()) {
      const rocksdb::Slice key = it->key();
      if (!key.starts_with(prefix)) break;
      if (scan.Skip(key)) continue;
      KeyReader reader(
          absl::string_view(key.data(), key.size()).substr(prefix.size()));
      uint64_t id = 0;
      if (!reader.ReadUint64(&id).ok() || !reader.done()) {
        return CorruptRecord("a layer index entry of document", document_id);
      }
      index_keys.emplace_back(key.data(), key.size());
      record_keys.push_back(keys::Annotation(project_id, document_id, id));
      ids.push_back(id);
    }
    if (!it->status().ok()) return FromRocks(it->status(), "scan");
    if (index_keys.empty()) return std::string();
    const size_t n = record_keys.size();
    std::vector<rocksdb::Slice> slices(record_keys.begin(), record_keys.end());
    std::vector<rocksdb::PinnableSlice> values(n);
    std::vector<rocksdb::Status> statuses(n);
    // Ids ascend, so the record keys do too.
    db_->MultiGet(rocksdb::ReadOptions(), cf_[kAnnotations], n, slices.data(),
                  values.data(), statuses.data(), /*sorted_input=*/true);
    for (size_t i = 0; i < n; ++i) {
      if (taken == page_size) return EncodeToken(kIndexes, last_key);
      if (!statuses[i].ok()) {
        const std::string what =
            absl::StrCat("annotation ", absl::Hex(ids[i], absl::kZeroPad16),
                         " of document \"", document_id, "\"");
        // The index names it, so its absence is the store's inconsistency,
        // not a missing resource of the caller's.
        if (statuses[i].IsNotFound()) {
          return MissingTarget("the layer index", what);
        }
        return FromRocks(statuses[i], what);
      }
      v1::Annotation a;
      absl::Status s =
          ParseRecord(absl::string_view(values[i].data(), values[i].size()), &a,
                      "an annotation of document", document_id);
      if (!s.ok()) return s;
      if (!visit(a)) continue;
      ++taken;
      last_key = std::move(index_keys[i]);
    }
  }
}

absl::Status RocksDbStore::ForEachAnnotationRecord(
    absl::string_view project_id, absl::string_view document_id,
    const std::function<absl::Status(absl::string_view record)>& visit) {
  return Scan(
             kAnnotations, keys::AnnotationPrefix(project_id, document_id), "",
             std::numeric_limits<int>::max(),
             [&](absl::string_view,
                 absl::string_view value) -> absl::StatusOr<bool> {
               absl::Status s = visit(value);
               if (!s.ok()) return s;
               return true;
             },
             /*fill_cache=*/false)
      .status();
}

absl::StatusOr<DecisionMap> RocksDbStore::ReadDecisions(
    absl::string_view project_id, absl::string_view document_id,
    absl::string_view annotator) {
  DecisionMap out;
  const std::string prefix =
      keys::DecisionPrefix(project_id, document_id, annotator);
  absl::Status scanned = ScanAll(
      kIndexes, prefix,
      [&](absl::string_view key, absl::string_view value) -> absl::Status {
        KeyReader reader(key.substr(prefix.size()));
        uint64_t id = 0;
        if (!reader.ReadUint64(&id).ok() || !reader.done()) {
          return CorruptRecord("a suggestion decision key of document",
                               document_id);
        }
        return DecodeDecision(value, document_id, &out[id]);
      });
  if (!scanned.ok()) return scanned;
  return out;
}

absl::StatusOr<DocumentDecisions> RocksDbStore::ReadAllDecisions(
    absl::string_view project_id, absl::string_view document_id) {
  DocumentDecisions out;
  const std::string prefix =
      keys::DocumentDecisionPrefix(project_id, document_id);
  absl::Status scanned = ScanAll(
      kIndexes, prefix,
      [&](absl::string_view key, absl::string_view value) -> absl::Status {
        KeyReader reader(key.substr(prefix.size()));
        std::string annotator;
        uint64_t id = 0;
        if (!reader.ReadString(&annotator).ok() ||
            !reader.ReadUint64(&id).ok() || !reader.done()) {
          return CorruptRecord("a suggestion decision key of document",
                               document_id);
        }
        return DecodeDecision(value, document_id, &out[annotator][id]);
      });
  if (!scanned.ok()) return scanned;
  return out;
}

absl::StatusOr<std::vector<v1::AuditEntry>> RocksDbStore::ReadAudit(
    absl::string_view project_id, absl::string_view document_id) {
  std::vector<v1::AuditEntry> out;
  std::string token;
  do {
    auto page = ListAudit(project_id, document_id, nullptr, 1000, token);
    if (!page.ok()) return page.status();
    for (auto& e : page->items) out.push_back(std::move(e));
    token = std::move(page->next_page_token);
  } while (!token.empty());
  return out;
}

absl::StatusOr<Page<v1::AuditEntry>> RocksDbStore::ListAudit(
    absl::string_view project_id, absl::string_view document_id,
    const std::function<bool(const v1::AuditEntry&)>& keep, int page_size,
    absl::string_view page_token) {
  Page<v1::AuditEntry> page;
  auto next = Scan(
      kAudit, keys::AuditPrefix(project_id, document_id), page_token, page_size,
      [&](absl::string_view, absl::string_view value) -> absl::StatusOr<bool> {
        v1::AuditEntry e;
        if (!e.ParseFromArray(value.data(), static_cast<int>(value.size()))) {
          // Document "" holds the project's own events (keys.h).
          return document_id.empty()
                     ? CorruptRecord("an audit entry of project", project_id)
                     : CorruptRecord("an audit entry of document", document_id);
        }
        if (keep && !keep(e)) return false;
        page.items.push_back(std::move(e));
        return true;
      });
  if (!next.ok()) return next.status();
  page.next_page_token = *std::move(next);
  return page;
}

absl::StatusOr<Page<v1::Annotator>> RocksDbStore::ListAnnotators(
    int page_size, absl::string_view page_token) {
  Page<v1::Annotator> page;
  auto next = Scan(kCredentials, keys::AnnotatorPrefix(), page_token, page_size,
                   [&](absl::string_view key,
                       absl::string_view value) -> absl::StatusOr<bool> {
                     if (!page.items.emplace_back().ParseFromArray(
                             value.data(), static_cast<int>(value.size()))) {
                       return CorruptRecord(
                           "annotator",
                           NameInKey(key, keys::AnnotatorPrefix().size(), 0));
                     }
                     return true;
                   });
  if (!next.ok()) return next.status();
  page.next_page_token = *std::move(next);
  return page;
}
}  // namespace spanlab
