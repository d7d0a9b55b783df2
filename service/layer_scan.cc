#include "service/layer_scan.h"

#include <algorithm>
#include <set>

#include "absl/base/casts.h"
#include "absl/container/flat_hash_map.h"
#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/strip.h"
#include "google/protobuf/io/coded_stream.h"
#include "google/protobuf/wire_format_lite.h"
#include "service/names.h"

namespace spanlab {
namespace {

// The fields of a stored annotation that ReadSpans uses.
struct SpanRecord {
  int64_t start = 0;
  int64_t end = 0;
  std::string label;
  v1::AnnotationKind kind = v1::ANNOTATION_KIND_UNSPECIFIED;
  std::string author;
  double score = 0;
  bool deleted = false;
};

// Decodes the SpanRecord fields of a serialized v1::Annotation and skips
// the rest (text, attributes, times, ...), which is what makes it cheaper
// than parsing. Later occurrences of a field win, as in a parse. False if
// `bytes` is not a well-formed message.
bool DecodeSpanRecord(absl::string_view bytes, SpanRecord* out) {
  using google::protobuf::internal::WireFormatLite;
  *out = SpanRecord();
  google::protobuf::io::CodedInputStream in(
      reinterpret_cast<const uint8_t*>(bytes.data()),
      static_cast<int>(bytes.size()));
  const auto varint = [&](uint64_t* value) { return in.ReadVarint64(value); };
  const auto string = [&](std::string* value) {
    uint32_t length = 0;
    return in.ReadVarint32(&length) &&
           in.ReadString(value, static_cast<int>(length));
  };
  for (;;) {
    const uint32_t tag = in.ReadTag();
    if (tag == 0) return in.ConsumedEntireMessage();
    uint64_t value = 0;
    bool ok = true;
    switch (tag) {
      case WireFormatLite::MakeTag(v1::Annotation::kStartFieldNumber,
                                   WireFormatLite::WIRETYPE_VARINT):
        ok = varint(&value);
        out->start = static_cast<int64_t>(value);
        break;
      case WireFormatLite::MakeTag(v1::Annotation::kEndFieldNumber,
                                   WireFormatLite::WIRETYPE_VARINT):
        ok = varint(&value);
        out->end = static_cast<int64_t>(value);
        break;
      case WireFormatLite::MakeTag(v1::Annotation::kLabelFieldNumber,
                                   WireFormatLite::WIRETYPE_LENGTH_DELIMITED):
        ok = string(&out->label);
        break;
      case WireFormatLite::MakeTag(v1::Annotation::kKindFieldNumber,
                                   WireFormatLite::WIRETYPE_VARINT):
        ok = varint(&value);
        out->kind = static_cast<v1::AnnotationKind>(static_cast<int>(value));
        break;
      case WireFormatLite::MakeTag(v1::Annotation::kAuthorFieldNumber,
                                   WireFormatLite::WIRETYPE_LENGTH_DELIMITED):
        ok = string(&out->author);
        break;
      case WireFormatLite::MakeTag(v1::Annotation::kScoreFieldNumber,
                                   WireFormatLite::WIRETYPE_FIXED64):
        ok = in.ReadLittleEndian64(&value);
        out->score = absl::bit_cast<double>(value);
        break;
      case WireFormatLite::MakeTag(v1::Annotation::kDeletedFieldNumber,
                                   WireFormatLite::WIRETYPE_VARINT):
        ok = varint(&value);
        out->deleted = value != 0;
        break;
      default:
        ok = WireFormatLite::SkipField(&in, tag);
    }
    if (!ok) return false;
  }
}

// Decodes the id, text and length of a serialized v1::Document into `out`
// and skips the rest; unlike a parse it does not check the text's UTF-8,
// which the store did when it took the document. False if `bytes` is not a
// well-formed message.
bool DecodeDocumentRecord(absl::string_view bytes, v1::Document* out) {
  using google::protobuf::internal::WireFormatLite;
  out->Clear();
  google::protobuf::io::CodedInputStream in(
      reinterpret_cast<const uint8_t*>(bytes.data()),
      static_cast<int>(bytes.size()));
  const auto string = [&](std::string* value) {
    uint32_t length = 0;
    return in.ReadVarint32(&length) &&
           in.ReadString(value, static_cast<int>(length));
  };
  for (;;) {
    const uint32_t tag = in.ReadTag();
    if (tag == 0) return in.ConsumedEntireMessage();
    uint64_t value = 0;
    bool ok = true;
    switch (tag) {
      case WireFormatLite::MakeTag(v1::Document::kDocumentIdFieldNumber,
                                   WireFormatLite::WIRETYPE_LENGTH_DELIMITED):
        ok = string(out->mutable_document_id());
        break;
      case WireFormatLite::MakeTag(v1::Document::kTextFieldNumber,
                                   WireFormatLite::WIRETYPE_LENGTH_DELIMITED):
        ok = string(out->mutable_text());
        break;
      case WireFormatLite::MakeTag(v1::Document::kLengthFieldNumber,
                                   WireFormatLite::WIRETYPE_VARINT):
        ok = in.ReadVarint64(&value);
        out->set_length(static_cast<int64_t>(value));
        break;
      default:
        ok = WireFormatLite::SkipField(&in, tag);
    }
    if (!ok) return false;
  }
}

// LayerKey from the fields it depends on, into a reused string.
void LayerKeyOf(v1::AnnotationKind kind, absl::string_view author,
                std::string* key) {
  switch (kind) {
    case v1::GOLD:
      *key = "gold";
      return;
    case v1::AUTOMATIC:
      key->assign("automatic:");
      break;
    default:
      key->assign("human:");
  }
  key->append(author.data(), author.size());
}

double Score(const v1::Annotation& a) { return a.score(); }
int64_t Start(const v1::Annotation& a) { return a.start(); }
int64_t End(const v1::Annotation& a) { return a.end(); }
const std::string& Label(const v1::Annotation& a) { return a.label(); }
double Score(const LayerSpan& s) { return s.score; }
int64_t Start(const LayerSpan& s) { return s.start; }
int64_t End(const LayerSpan& s) { return s.end; }
const std::string& Label(const LayerSpan& s) { return s.label; }

template <typename T>
std::vector<T> KeepDisjointPerLabel(std::vector<T> layer) {
  std::stable_sort(layer.begin(), layer.end(), [](const T& a, const T& b) {
    if (Score(a) != Score(b)) return Score(a) > Score(b);
    return Start(a) < Start(b);
  });
  std::vector<T> kept;
  for (auto& a : layer) {
    const bool clash = std::any_of(kept.begin(), kept.end(), [&](const T& k) {
      return Label(k) == Label(a) && Start(k) < End(a) && Start(a) < End(k);
    });
    if (!clash) kept.push_back(std::move(a));
  }
  std::sort(kept.begin(), kept.end(),
            [](const T& a, const T& b) { return Start(a) < Start(b); });
  return kept;
}

// The DATA_LOSS for a record the decoders above reject, worded as the
// store words its own (storage/rocksdb_status.h).
absl::Status CorruptDocument(absl::string_view project,
                             absl::string_view document) {
  return absl::DataLossError(absl::StrCat("storage: document \"", document,
                                          "\" of project \"", project,
                                          "\" is corrupt"));
}

absl::Status CorruptAnnotation(absl::string_view document) {
  return absl::DataLossError(absl::StrCat(
      "storage: an annotation of document \"", document, "\" is corrupt"));
}

}  // namespace

absl::StatusOr<LayerSpec> ParseLayerSpec(absl::string_view spec,
                                         absl::string_view field) {
  LayerSpec out;
  absl::string_view name = spec;
  if (spec == "gold") {
    out.kind = v1::GOLD;
    out.key = "gold";
    return out;
  }
  if (absl::ConsumePrefix(&name, "automatic:")) {
    out.kind = v1::AUTOMATIC;
  } else {
    absl::ConsumePrefix(&name, "human:");
    out.kind = v1::HUMAN;
  }
  absl::Status s = ValidateAnnotatorId(name, field);
  if (!s.ok()) {
    return absl::InvalidArgumentError(absl::StrCat(
        field, "=", Quote(spec),
        ": expected \"human:NAME\", \"NAME\", \"automatic:NAME\" or \"gold\""));
  }
  out.author = std::string(name);
  out.key = absl::StrCat(out.kind == v1::HUMAN ? "human:" : "automatic:", name);
  return out;
}

std::string LayerKey(const v1::Annotation& a) {
  switch (a.kind()) {
    case v1::GOLD:
      return "gold";
    case v1::AUTOMATIC:
      return absl::StrCat("automatic:", a.author());
    default:
      return absl::StrCat("human:", a.author());
  }
}

absl::StatusOr<std::unique_ptr<LayerReader>> LayerReader::Create(
    Store* store, absl::string_view project, ScanOptions options) {
  absl::flat_hash_map<std::string, Involvement> involvement;
  auto txn = store->BeginAssignments(project);
  if (!txn.ok()) return txn.status();
  absl::Status s = (*txn)->ForEach(
      [&](absl::string_view id, const v1::DocumentAssignment& a) {
        Involvement& inv = involvement[id];
        inv.finished.insert(a.finished().begin(), a.finished().end());
        inv.active.insert(a.active().begin(), a.active().end());
        return true;
      });
  if (!s.ok()) return s;
  return std::unique_ptr<LayerReader>(new LayerReader(
      store, project, std::move(options), std::move(involvement)));
}

LayerReader::LayerReader(
    Store* store, absl::string_view project, ScanOptions options,
    absl::flat_hash_map<std::string, Involvement> involvement)
    : store_(store),
      project_(project),
      options_(std::move(options)),
      involvement_(std::move(involvement)) {
  for (const auto& l : options_.layers) wanted_.insert(l.key);
}

absl::Status LayerReader::ForEachDocument(
    const std::function<absl::Status(v1::Document)>& visit) const {
  std::string token;
  do {
    auto page = store_->ListDocumentRecords(project_, 100, token);
    if (!page.ok()) return page.status();
    for (const DocumentRecord& stored : page->items) {
      // Filtered by the key's id first: a call about other documents
      // neither decodes this one nor fails on it.
      if (!options_.documents.empty() &&
          !options_.documents.contains(stored.document_id)) {
        continue;
      }
      v1::Document doc;
      if (!DecodeDocumentRecord(stored.bytes, &doc)) {
        return CorruptDocument(project_, stored.document_id);
      }
      absl::Status s = visit(std::move(doc));
      if (!s.ok()) return s;
    }
    token = std::move(page->next_page_token);
  } while (!token.empty());
  return absl::OkStatus();
}

const LayerReader::Involvement* LayerReader::InvolvementOf(
    const v1::Document& document) const {
  auto it = involvement_.find(document.document_id());
  return it == involvement_.end() ? nullptr : &it->second;
}

std::vector<std::string> LayerReader::HumanLayersOn(
    const Involvement* inv) const {
  std::vector<std::string> keys;
  if (inv == nullptr) return keys;
  for (const auto& l : options_.layers) {
    if (l.kind != v1::HUMAN) continue;
    if (inv->finished.contains(l.author) ||
        (!options_.only_finished && inv->active.contains(l.author))) {
      keys.push_back(l.key);
    }
  }
  return keys;
}

bool LayerReader::Counts(const std::string& key, v1::AnnotationKind kind,
                         absl::string_view author,
                         const Involvement* inv) const {
  if (!wanted_.contains(key)) return false;
  return kind != v1::HUMAN || !options_.only_finished ||
         (inv != nullptr && inv->finished.contains(author));
}

absl::StatusOr<std::map<std::string, std::vector<v1::Annotation>>>
LayerReader::ReadLayers(const v1::Document& doc) const {
  std::map<std::string, std::vector<v1::Annotation>> layers;
  const Involvement* inv = InvolvementOf(doc);
  // Humans who finished (or, unless only_finished, are working on) the
  // document have a layer even with no spans in it.
  for (const std::string& key : HumanLayersOn(inv)) layers[key];
  AnnotationFilter filter;
  std::string atoken;
  do {
    auto annotations = store_->ListAnnotations(project_, doc.document_id(),
                                               filter, 1000, atoken);
    if (!annotations.ok()) return annotations.status();
    for (auto& a : annotations->items) {
      std::string key = LayerKey(a);
      if (!Counts(key, a.kind(), a.author(), inv)) continue;
      layers[key].push_back(std::move(a));
    }
    atoken = std::move(annotations->next_page_token);
  } while (!atoken.empty());
  return layers;
}

absl::StatusOr<std::map<std::string, std::vector<LayerSpan>>>
LayerReader::ReadSpans(const v1::Document& doc) const {
  std::map<std::string, std::vector<LayerSpan>> layers;
  const Involvement* inv = InvolvementOf(doc);
  for (const std::string& key : HumanLayersOn(inv)) layers[key];
  SpanRecord record;
  std::string key;
  absl::Status s = store_->ForEachAnnotationRecord(
      project_, doc.document_id(), [&](absl::string_view bytes) {
        if (!DecodeSpanRecord(bytes, &record)) {
          return CorruptAnnotation(doc.document_id());
        }
        if (record.deleted) return absl::OkStatus();
        LayerKeyOf(record.kind, record.author, &key);
        if (!Counts(key, record.kind, record.author, inv)) {
          return absl::OkStatus();
        }
        layers[key].push_back(LayerSpan{record.start, record.end,
                                        std::move(record.label), record.score});
        return absl::OkStatus();
      });
  if (!s.ok()) return s;
  return layers;
}

absl::Status ScanLayers(Store* store, absl::string_view project,
                        const ScanOptions& options, const LayerVisitor& visit) {
  auto reader = LayerReader::Create(store, project, options);
  if (!reader.ok()) return reader.status();
  return (*reader)->ForEachDocument([&](v1::Document doc) {
    auto layers = (*reader)->ReadLayers(doc);
    if (!layers.ok()) return layers.status();
    return visit(doc, *layers);
  });
}

absl::StatusOr<std::vector<LayerSpec>> HumanLayers(Store* store,
                                                   absl::string_view project) {
  std::set<std::string> authors;
  {
    // Released before the scan below: it holds the project's assignments.
    auto txn = store->BeginAssignments(project);
    if (!txn.ok()) return txn.status();
    absl::Status s = (*txn)->ForEach(
        [&](absl::string_view, const v1::DocumentAssignment& a) {
          authors.insert(a.finished().begin(), a.finished().end());
          authors.insert(a.active().begin(), a.active().end());
          return true;
        });
    if (!s.ok()) return s;
  }
  // Only the kind, author and deletion of each annotation matter here:
  // decoded from the records rather than parsed.
  std::string token;
  v1::Document doc;
  SpanRecord record;
  do {
    auto page = store->ListDocumentRecords(project, 100, token);
    if (!page.ok()) return page.status();
    for (const DocumentRecord& stored : page->items) {
      if (!DecodeDocumentRecord(stored.bytes, &doc)) {
        return CorruptDocument(project, stored.document_id);
      }
      absl::Status s = store->ForEachAnnotationRecord(
          project, doc.document_id(), [&](absl::string_view annotation) {
            if (!DecodeSpanRecord(annotation, &record)) {
              return CorruptAnnotation(doc.document_id());
            }
            if (!record.deleted && record.kind == v1::HUMAN) {
              authors.insert(record.author);
            }
            return absl::OkStatus();
          });
      if (!s.ok()) return s;
    }
    token = std::move(page->next_page_token);
  } while (!token.empty());
  std::vector<LayerSpec> out;
  for (const auto& author : authors) {
    out.push_back({v1::HUMAN, author, absl::StrCat("human:", author)});
  }
  return out;
}

std::vector<v1::Annotation> DisjointPerLabel(
    std::vector<v1::Annotation> layer) {
  return KeepDisjointPerLabel(std::move(layer));
}

std::vector<LayerSpan> DisjointPerLabel(std::vector<LayerSpan> layer) {
  return KeepDisjointPerLabel(std::move(layer));
}

}  // namespace spanlab
