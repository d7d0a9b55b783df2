#include "service/export/jsonl.h"

#include <set>
#include <utility>

#include "absl/strings/str_cat.h"
#include "service/export/json_fields.h"
#include "service/text/utf8.h"

namespace spanlab::dataset {
namespace {

class JsonlWriter final : public FormatWriter {
 public:
  explicit JsonlWriter(ExportOptions options) : options_(std::move(options)) {
    for (const auto& label : options_.schema.labels()) {
      for (const auto& key : label.allowed_attributes()) {
        attribute_keys_.insert(key);
      }
    }
  }

  std::vector<OutputPiece> Begin() override { return {}; }

  std::vector<OutputPiece> Document(
      const v1::Document& document,
      std::vector<v1::Annotation> spans) override {
    SortSpans(&spans);
    OrderedJson line = OrderedJson::object();
    line["id"] = document.document_id();
    line["title"] = document.title();
    line["source"] = document.source();
    // std::map: protobuf map order is unspecified, the output's is not.
    const std::map<std::string, std::string> meta(document.metadata().begin(),
                                                  document.metadata().end());
    line["meta"] = OrderedJson::object();
    for (const auto& [key, value] : meta) line["meta"][key] = value;
    line["text"] = document.text();
    line["spans"] = OrderedJson::array();
    for (const v1::Annotation& a : spans) line["spans"].push_back(Span(a));
    return {{std::string(kJsonlFileName), DumpCompact(line) + "\n"}};
  }

  std::vector<OutputPiece> End() override { return {}; }

 private:
  OrderedJson Span(const v1::Annotation& a) const {
    OrderedJson span = OrderedJson::object();
    span["start"] = a.start();
    span["end"] = a.end();
    span["label"] = a.label();
    span["text"] = a.text();
    std::set<std::string> keys = attribute_keys_;
    for (const auto& [key, value] : a.attributes()) keys.insert(key);
    span["attributes"] = OrderedJson::object();
    for (const std::string& key : keys) {
      auto it = a.attributes().find(key);
      span["attributes"][key] =
          it == a.attributes().end() ? OrderedJson() : OrderedJson(it->second);
    }
    span["author"] = a.author();
    span["kind"] = KindName(a.kind());
    const bool automatic = a.kind() == v1::AUTOMATIC;
    span["score"] = automatic ? OrderedJson(a.score()) : OrderedJson();
    span["model_version"] =
        automatic ? OrderedJson(a.model_version()) : OrderedJson();
    if (options_.include_deleted) span["deleted"] = a.deleted();
    return span;
  }

  ExportOptions options_;
  std::set<std::string> attribute_keys_;
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
