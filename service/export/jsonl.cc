#include "service/export/jsonl.h"

#include <algorithm>
#include <set>
#include <string>
#include <utility>
#include <vector>

#include "absl/strings/str_cat.h"
#include "service/export/json_fields.h"
#include "service/text/utf8.h"

namespace spanlab::dataset {
namespace {

using Entries = std::vector<std::pair<const std::string*, const std::string*>>;

// The entries of `map` by key: protobuf map order is unspecified, the
// output's is not.
void SortByKey(const google::protobuf::Map<std::string, std::string>& map,
               Entries* out) {
  out->clear();
  for (const auto& [key, value] : map) out->emplace_back(&key, &value);
  std::sort(out->begin(), out->end(),
            [](const auto& x, const auto& y) { return *x.first < *y.first; });
}

// Writes each line straight into one string: building a JSON value per
// document and span (nlohmann) cost more than reading the annotations. The
// bytes are exactly those DumpCompact writes for the line as an ordered
// JSON object (jsonl_test.cc compares the two).
class JsonlWriter final : public FormatWriter {
 public:
  explicit JsonlWriter(ExportOptions options) : options_(std::move(options)) {
    std::set<std::string> keys;
    for (const auto& label : options_.schema.labels()) {
      keys.insert(label.allowed_attributes().begin(),
                  label.allowed_attributes().end());
    }
    attribute_keys_.assign(keys.begin(), keys.end());
    for (const std::string& key : attribute_keys_) {
      std::string& quoted = quoted_keys_.emplace_back();
      AppendJsonString(key, &quoted);
      quoted.push_back(':');
    }
  }

  std::vector<OutputPiece> Begin() override { return {}; }

  std::vector<OutputPiece> Document(
      const v1::Document& document,
      std::vector<v1::Annotation> spans) override {
    const std::vector<const v1::Annotation*> sorted = SortedSpans(spans);
    std::string line;
    size_t estimate = document.text().size() + kBytesPerSpan;
    for (const v1::Annotation& a : spans) {
      estimate += a.text().size() + kBytesPerSpan;
    }
    line.reserve(estimate);
    line.append("{\"id\":");
    AppendJsonString(document.document_id(), &line);
    line.append(",\"title\":");
    AppendJsonString(document.title(), &line);
    line.append(",\"source\":");
    AppendJsonString(document.source(), &line);
    SortByKey(document.metadata(), &meta_);
    line.append(",\"meta\":{");
    for (size_t i = 0; i < meta_.size(); ++i) {
      if (i > 0) line.push_back(',');
      AppendJsonString(*meta_[i].first, &line);
      line.push_back(':');
      AppendJsonString(*meta_[i].second, &line);
    }
    line.append("},\"text\":");
    AppendJsonString(document.text(), &line);
    line.append(",\"spans\":[");
    for (size_t i = 0; i < sorted.size(); ++i) {
      if (i > 0) line.push_back(',');
      AppendSpan(*sorted[i], &line);
    }
    line.append("]}\n");
    // Not a braced list: its elements would be copied, not moved.
    std::vector<OutputPiece> out(1);
    out[0].file_name = std::string(kJsonlFileName);
    out[0].data = std::move(line);
    return out;
  }

  std::vector<OutputPiece> End() override { return {}; }

 private:
  // A guess at one span's JSON without its text (and at a line's without
  // its text and spans), so that a line rarely outgrows its first buffer.
  static constexpr size_t kBytesPerSpan = 256;

  void AppendSpan(const v1::Annotation& a, std::string* out) {
    out->append("{\"start\":");
    absl::StrAppend(out, a.start());
    out->append(",\"end\":");
    absl::StrAppend(out, a.end());
    out->append(",\"label\":");
    AppendJsonString(a.label(), out);
    out->append(",\"text\":");
    AppendJsonString(a.text(), out);
    out->append(",\"attributes\":{");
    AppendAttributes(a, out);
    out->append("},\"author\":");
    AppendJsonString(a.author(), out);
    out->append(",\"kind\":");
    AppendJsonString(KindName(a.kind()), out);
    const bool automatic = a.kind() == v1::AUTOMATIC;
    out->append(",\"score\":");
    if (automatic) {
      AppendJsonNumber(a.score(), out);
    } else {
      out->append("null");
    }
    out->append(",\"model_version\":");
    if (automatic) {
      AppendJsonString(a.model_version(), out);
    } else {
      out->append("null");
    }
    if (options_.include_deleted) {
      out->append(a.deleted() ? ",\"deleted\":true" : ",\"deleted\":false");
    }
    out->push_back('}');
  }

  // Every key the schema allows (null where the span has none) and any
  // other key the span has, merged in key order.
  void AppendAttributes(const v1::Annotation& a, std::string* out) {
    SortByKey(a.attributes(), &attributes_);
    size_t i = 0;  // into attribute_keys_
    size_t j = 0;  // into attributes_
    while (i < attribute_keys_.size() || j < attributes_.size()) {
      if (i + j > 0) out->push_back(',');
      if (j == attributes_.size() ||
          (i < attribute_keys_.size() &&
           attribute_keys_[i] < *attributes_[j].first)) {
        out->append(quoted_keys_[i++]);
        out->append("null");
        continue;
      }
      if (i < attribute_keys_.size() &&
          attribute_keys_[i] == *attributes_[j].first) {
        out->append(quoted_keys_[i++]);
      } else {
        AppendJsonString(*attributes_[j].first, out);
        out->push_back(':');
      }
      AppendJsonString(*attributes_[j++].second, out);
    }
  }

  ExportOptions options_;
  // Sorted and unique; and each as JSON, with its colon.
  std::vector<std::string> attribute_keys_;
  std::vector<std::string> quoted_keys_;
  // Reused from document to document and span to span.
  Entries meta_;
  Entries attributes_;
};

// Reads one element of "spans" into `out`. Returns false (with issues added
// to `doc`) if it is malformed.
bool ReadSpan(const Json& item, const std::string& field,
              const RecordLocation& where, ParsedDocument* doc,
              ImportedSpan* out) {
  if (!item.is_object()) {
    doc->AddIssue(where, absl::StrCat(field, ": must be an object"));
    return false;
  }
  v1::Annotation& a = out->annotation;
  const size_t issues = doc->issues.size();
  for (const char* key : {"start", "end"}) {
    auto it = item.find(key);
    std::optional<int64_t> value;
    if (it != item.end()) value = AsInt(*it);
    if (!value.has_value()) {
      doc->AddIssue(where,
                    absl::StrCat(field, ".", key,
                                 ": required, an integer (code points)"));
      continue;
    }
    if (key[0] == 's') {
      a.set_start(*value);
    } else {
      a.set_end(*value);
    }
  }
  auto label = item.find("label");
  if (label == item.end() || !label->is_string()) {
    doc->AddIssue(where, absl::StrCat(field, ".label: required, a string"));
  } else {
    a.set_label(label->get<std::string>());
  }
  auto attributes = item.find("attributes");
  if (attributes != item.end() && !attributes->is_null()) {
    if (!attributes->is_object()) {
      doc->AddIssue(where,
                    absl::StrCat(field, ".attributes: must be an object"));
    } else {
      for (const auto& [key, value] : attributes->items()) {
        if (value.is_null()) continue;
        if (!value.is_string()) {
          doc->AddIssue(where, absl::StrCat(field, ".attributes[\"", key,
                                            "\"]: must be a string or null"));
          continue;
        }
        (*a.mutable_attributes())[key] = value.get<std::string>();
      }
    }
  }
  std::string text, author, kind, model_version, note;
  for (auto [key, target] : {std::pair{"text", &text},
                             {"author", &author},
                             {"kind", &kind},
                             {"model_version", &model_version},
                             {"note", &note}}) {
    std::string error = ReadOptionalString(item, key, field, target);
    if (!error.empty()) doc->AddIssue(where, std::move(error));
  }
  a.set_author(author);
  a.set_model_version(model_version);
  a.set_note(note);
  if (!kind.empty()) {
    auto parsed = ParseKindName(kind);
    if (!parsed.has_value()) {
      doc->AddIssue(where, absl::StrCat(field, ".kind=", QuoteForMessage(kind),
                                        ": must be human, automatic or gold"));
    } else {
      a.set_kind(*parsed);
    }
  }
  auto score = item.find("score");
  if (score != item.end() && !score->is_null()) {
    if (!score->is_number()) {
      doc->AddIssue(where, absl::StrCat(field, ".score: must be a number"));
    } else {
      a.set_score(score->get<double>());
    }
  }
  auto deleted = item.find("deleted");
  if (deleted != item.end() && !deleted->is_null()) {
    if (!deleted->is_boolean()) {
      doc->AddIssue(where, absl::StrCat(field, ".deleted: must be a boolean"));
    } else {
      a.set_deleted(deleted->get<bool>());
    }
  }
  out->field = field;
  out->where = where;
  // Kept for the text check once the document text is known.
  a.set_text(text);
  return doc->issues.size() == issues;
}

}  // namespace

std::unique_ptr<FormatWriter> NewJsonlWriter(ExportOptions options) {
  return std::make_unique<JsonlWriter>(std::move(options));
}

ParsedDocument ParseJsonlLine(absl::string_view line,
                              const RecordLocation& where) {
  ParsedDocument doc;
  doc.where = where;
  std::string error;
  std::optional<Json> record = ParseJson(line, &error);
  if (!record.has_value()) {
    doc.AddIssue(where, absl::StrCat("not valid JSON: ", error));
    return doc;
  }
  if (!record->is_object()) {
    doc.AddIssue(where, "must be a JSON object with \"text\" and \"spans\"");
    return doc;
  }
  for (auto [key, target] : {std::pair{"id", &doc.document_id},
                             {"title", &doc.title},
                             {"source", &doc.source},
                             {"text", &doc.text}}) {
    error = ReadOptionalString(*record, key, "", target);
    if (!error.empty()) doc.AddIssue(where, std::move(error));
  }
  if (!record->contains("text")) doc.AddIssue(where, "text: required");
  if (auto meta = record->find("meta"); meta != record->end()) {
    error = ReadMetadata(*meta, "meta", &doc.metadata);
    if (!error.empty()) doc.AddIssue(where, std::move(error));
  }
  auto spans = record->find("spans");
  if (spans == record->end() || spans->is_null()) return doc;
  if (!spans->is_array()) {
    doc.AddIssue(where, "spans: must be an array");
    return doc;
  }
  for (size_t i = 0; i < spans->size(); ++i) {
    ImportedSpan span;
    if (ReadSpan((*spans)[i], absl::StrCat("spans[", i, "]"), where, &doc,
                 &span)) {
      doc.spans.push_back(std::move(span));
    }
  }
  if (!IsValidUtf8(doc.text)) return doc;
  const Utf8Index text(doc.text);
  for (ImportedSpan& span : doc.spans) {
    v1::Annotation& a = span.annotation;
    if (!a.text().empty()) {
      CheckSpanText(text, a.start(), a.end(), a.text(), span.field, where,
                    "; offsets count code points", &doc);
    }
    a.clear_text();
  }
  return doc;
}

}  // namespace spanlab::dataset
