// Label Studio JSON: reading one task (the writer is in labelstudio.cc).
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "absl/container/flat_hash_map.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "service/export/json_fields.h"
#include "service/export/labelstudio.h"
#include "service/export/utf16.h"

namespace spanlab::dataset {
namespace {

// Model of predictions whose model_version names none.
constexpr absl::string_view kDefaultModelVersion = "imported";

// Who made one annotation or prediction, as the task says.
struct Provenance {
  v1::AnnotationKind kind = v1::HUMAN;
  std::string author;
  std::string model_version;
  std::optional<double> score;
};

// The author of a Label Studio annotation (see labelstudio.h).
std::string AnnotationAuthor(const Json& annotation) {
  auto name = annotation.find("created_username");
  if (name != annotation.end() && name->is_string()) {
    const std::string s = name->get<std::string>();
    if (!s.empty() && s.find_first_of("@, ") == std::string::npos) return s;
  }
  auto by = annotation.find("completed_by");
  if (by != annotation.end()) {
    std::optional<int64_t> id = AsInt(*by);
    if (!id.has_value() && by->is_object() && by->contains("id")) {
      id = AsInt((*by)["id"]);
    }
    if (id.has_value()) return absl::StrCat("labelstudio-", *id);
  }
  return "";
}

class TaskReader {
 public:
  TaskReader(ParsedDocument* doc, OffsetUnit unit) : doc_(doc), unit_(unit) {}

  void Read(const Json& task) {
    const RecordLocation& where = doc_->where;
    auto data = task.find("data");
    if (data == task.end() || !data->is_object()) {
      doc_->AddIssue(where, "data: required, an object with \"text\"");
      return;
    }
    auto text = data->find("text");
    if (text == data->end() || !text->is_string()) {
      doc_->AddIssue(where, "data.text: required, a string");
      return;
    }
    doc_->text = text->get<std::string>();
    for (auto [key, target] : {std::pair{"doc_id", &doc_->document_id},
                               {"title", &doc_->title},
                               {"source", &doc_->source}}) {
      std::string error = ReadOptionalString(*data, key, "data", target);
      if (!error.empty()) doc_->AddIssue(where, std::move(error));
    }
    // Other data keys of tasks made elsewhere are kept as metadata.
    for (const auto& [key, value] : data->items()) {
      if (key == "text" || key == "doc_id" || key == "title" ||
          key == "source" || key == "meta" || value.is_null()) {
        continue;
      }
      doc_->metadata[key] =
          value.is_string() ? value.get<std::string>() : value.dump();
    }
    if (auto meta = data->find("meta"); meta != data->end()) {
      std::string error = ReadMetadata(*meta, "data.meta", &doc_->metadata);
      if (!error.empty()) doc_->AddIssue(where, std::move(error));
    }
    index_.emplace(doc_->text);
    utf16_.emplace(*index_);
    ReadList(task, "annotations");
    ReadList(task, "predictions");
  }

 private:
  void ReadList(const Json& task, const char* list) {
    auto entries = task.find(list);
    if (entries == task.end() || entries->is_null()) return;
    if (!entries->is_array()) {
      doc_->AddIssue(doc_->where, absl::StrCat(list, ": must be an array"));
      return;
    }
    const bool predictions = list[0] == 'p';
    for (size_t i = 0; i < entries->size(); ++i) {
      const Json& entry = (*entries)[i];
      const std::string path = absl::StrCat(list, "[", i, "]");
      if (!entry.is_object()) {
        doc_->AddIssue(doc_->where, absl::StrCat(path, ": must be an object"));
        continue;
      }
      if (IsTrue(entry, "was_cancelled")) continue;
      Provenance who;
      if (predictions) {
        who.kind = v1::AUTOMATIC;
        std::string version(kDefaultModelVersion);
        std::string error =
            ReadOptionalString(entry, "model_version", path, &version);
        if (!error.empty()) doc_->AddIssue(doc_->where, std::move(error));
        const size_t slash = version.find('/');
        if (slash != std::string::npos && slash > 0) {
          who.author = version.substr(0, slash);
          version = version.substr(slash + 1);
        }
        who.model_version = version;
        if (auto score = entry.find("score");
            score != entry.end() && score->is_number()) {
          who.score = score->get<double>();
        }
      } else {
        who.kind = IsTrue(entry, "ground_truth") ? v1::GOLD : v1::HUMAN;
        who.author = AnnotationAuthor(entry);
      }
      ReadResult(entry, path, who);
    }
  }

  // Offset `value` of `field` in code points, or nullopt with an issue.
  std::optional<int64_t> Offset(const Json& value, const std::string& field) {
    std::optional<int64_t> n = AsInt(value);
    if (!n.has_value()) {
      doc_->AddIssue(doc_->where, absl::StrCat(field, ": must be an integer"));
      return std::nullopt;
    }
    if (unit_ == OffsetUnit::kCodePoints) return n;
    std::optional<int64_t> cp = utf16_->ToCodePoint(*n);
    if (!cp.has_value()) {
      doc_->AddIssue(doc_->where,
                     absl::StrCat(field, "=", *n,
                                  ": not a character boundary of the text (",
                                  utf16_->size(), " UTF-16 code units)"));
    }
    return cp;
  }

  // Which unit the offsets would have to count for `span_text` to match,
  // as a hint for the message.
  std::string UnitHint(const Json& value, absl::string_view span_text) {
    std::optional<int64_t> s = AsInt(value.at("start"));
    std::optional<int64_t> e = AsInt(value.at("end"));
    if (!s || !e) return "";
    std::optional<int64_t> start = s, end = e;
    if (unit_ == OffsetUnit::kCodePoints) {
      start = utf16_->ToCodePoint(*s);
      end = utf16_->ToCodePoint(*e);
    }
    if (start && end && *start < *end && *end <= index_->size() &&
        index_->Slice(*start, *end) == span_text) {
      return unit_ == OffsetUnit::kCodePoints
                 ? "; counted in UTF-16 code units they would match: import "
                   "the file with UTF-16 offsets (older Label Studio)"
                 : "; counted in code points they would match: import the "
                   "file with code-point offsets";
    }
    return "";
  }

  void ReadResult(const Json& entry, const std::string& path,
                  const Provenance& who) {
    auto result = entry.find("result");
    if (result == entry.end() || !result->is_array()) {
      doc_->AddIssue(doc_->where, absl::StrCat(path,
                                               ".result: required, an "
                                               "array"));
      return;
    }
    // Regions first: textarea items attach to the region with their id.
    absl::flat_hash_map<std::string, std::vector<size_t>> regions;
    std::vector<std::pair<size_t, const Json*>> textareas;
    for (size_t i = 0; i < result->size(); ++i) {
      const Json& item = (*result)[i];
      const std::string field = absl::StrCat(path, ".result[", i, "]");
      const std::string type = StringMember(item, "type");
      if (type == "textarea") {
        textareas.emplace_back(i, &item);
        continue;
      }
      if (type != "labels") {
        doc_->AddIssue(doc_->where,
                       absl::StrCat(field, ".type=", QuoteForMessage(type),
                                    ": not supported (labels and textarea "
                                    "only)"));
        continue;
      }
      ReadRegion(item, field, who, &regions);
    }
    for (const auto& [i, item] : textareas) {
      const std::string field = absl::StrCat(path, ".result[", i, "]");
      auto region = regions.find(StringMember(*item, "id"));
      const Json* texts = nullptr;
      if (auto value = item->find("value");
          value != item->end() && value->is_object()) {
        if (auto text = value->find("text"); text != value->end()) {
          texts = &*text;
        }
      }
      if (region == regions.end() || texts == nullptr) {
        doc_->AddIssue(doc_->where,
                       absl::StrCat(field,
                                    ": a textarea needs the id of a "
                                    "labels region and value.text"));
        continue;
      }
      std::vector<std::string> parts;
      if (texts->is_string()) parts.push_back(texts->get<std::string>());
      if (texts->is_array()) {
        for (const Json& t : *texts) {
          if (t.is_string()) parts.push_back(t.get<std::string>());
        }
      }
      const std::string name = StringMember(*item, "from_name");
      for (size_t span : region->second) {
        (*doc_->spans[span].annotation.mutable_attributes())[name] =
            absl::StrJoin(parts, "\n");
      }
    }
  }

  void ReadRegion(
      const Json& item, const std::string& field, const Provenance& who,
      absl::flat_hash_map<std::string, std::vector<size_t>>* regions) {
    auto found = item.find("value");
    const Json* value = found == item.end() ? nullptr : &*found;
    if (value == nullptr || !value->is_object() || !value->contains("start") ||
        !value->contains("end") || !value->contains("labels") ||
        !value->at("labels").is_array() || value->at("labels").empty()) {
      doc_->AddIssue(doc_->where, absl::StrCat(field,
                                               ".value: needs start, end and "
                                               "labels"));
      return;
    }
    std::optional<int64_t> start =
        Offset(value->at("start"), field + ".value.start");
    std::optional<int64_t> end = Offset(value->at("end"), field + ".value.end");
    if (!start || !end) return;
    if (auto text = value->find("text");
        text != value->end() && text->is_string()) {
      const std::string span_text = text->get<std::string>();
      const size_t before = doc_->issues.size();
      CheckSpanText(*index_, *start, *end, span_text, field + ".value",
                    doc_->where, "", doc_);
      if (doc_->issues.size() > before) {
        doc_->issues.back().message += UnitHint(*value, span_text);
      }
    }
    const std::string id = StringMember(item, "id");
    const Json& labels = value->at("labels");
    for (size_t k = 0; k < labels.size(); ++k) {
      const Json& label = labels[k];
      if (!label.is_string()) {
        doc_->AddIssue(doc_->where,
                       absl::StrCat(field, ".value.labels: must be strings"));
        continue;
      }
      ImportedSpan span;
      // A region with several labels becomes several spans; each gets a
      // path of its own so that messages tell them apart.
      span.field = labels.size() == 1
                       ? field
                       : absl::StrCat(field, ".value.labels[", k, "]");
      span.where = doc_->where;
      v1::Annotation& a = span.annotation;
      a.set_start(*start);
      a.set_end(*end);
      a.set_label(label.get<std::string>());
      a.set_kind(who.kind);
      a.set_author(who.author);
      a.set_model_version(who.model_version);
      if (who.kind == v1::AUTOMATIC) {
        if (auto score = item.find("score");
            score != item.end() && score->is_number()) {
          a.set_score(score->get<double>());
        } else if (who.score.has_value()) {
          a.set_score(*who.score);
        }
      }
      if (!id.empty()) (*regions)[id].push_back(doc_->spans.size());
      doc_->spans.push_back(std::move(span));
    }
  }

  ParsedDocument* doc_;
  OffsetUnit unit_;
  std::optional<Utf8Index> index_;
  std::optional<Utf16Offsets> utf16_;
};

}  // namespace

ParsedDocument ParseLabelStudioTask(absl::string_view task, OffsetUnit unit,
                                    const RecordLocation& where) {
  ParsedDocument doc;
  doc.where = where;
  std::string error;
  std::optional<Json> json = ParseJson(task, &error);
  if (!json.has_value()) {
    doc.AddIssue(where, absl::StrCat("not valid JSON: ", error));
  } else if (!json->is_object()) {
    doc.AddIssue(where, "a task must be a JSON object with \"data\"");
  } else {
    TaskReader(&doc, unit).Read(*json);
  }
  return doc;
}

}  // namespace spanlab::dataset
