// Label Studio JSON: the writer (the parser is in labelstudio_parse.cc).
#include "service/export/labelstudio.h"

#include <map>
#include <string>
#include <tuple>
#include <utility>
#include <vector>

#include "absl/strings/str_cat.h"
#include "service/export/json_fields.h"
#include "service/export/utf16.h"

namespace spanlab::dataset {
namespace {

// The spans of one annotation or prediction of a task.
struct Layer {
  bool prediction = false;
  bool gold = false;
  std::string author;
  std::string model_version;
  std::vector<const v1::Annotation*> spans;
};

class LabelStudioWriter final : public FormatWriter {
 public:
  explicit LabelStudioWriter(ExportOptions options)
      : options_(std::move(options)) {}

  std::vector<OutputPiece> Begin() override {
    return {{std::string(kLabelStudioFileName), "["}};
  }

  std::vector<OutputPiece> Document(
      const v1::Document& document,
      std::vector<v1::Annotation> spans) override {
    SortSpans(&spans);
    const Utf8Index text(document.text());
    const Utf16Offsets utf16(text);
    const auto offset = [&](int64_t cp) {
      return options_.labelstudio_offsets == OffsetUnit::kUtf16
                 ? utf16.FromCodePoint(cp)
                 : cp;
    };
    // Layers in a fixed order: human and gold by (kind, author), then
    // predictions by (model, version).
    std::map<std::tuple<bool, int, std::string, std::string>, Layer> layers;
    for (const v1::Annotation& a : spans) {
      const bool prediction = a.kind() == v1::AUTOMATIC;
      Layer& layer = layers[{prediction, a.kind(), a.author(),
                             prediction ? a.model_version() : ""}];
      layer.prediction = prediction;
      layer.gold = a.kind() == v1::GOLD;
      layer.author = a.author();
      layer.model_version = a.model_version();
      layer.spans.push_back(&a);
    }

    OrderedJson task = OrderedJson::object();
    task["id"] = ++tasks_;
    OrderedJson& data = task["data"] = OrderedJson::object();
    data["text"] = document.text();
    data["doc_id"] = document.document_id();
    data["title"] = document.title();
    data["source"] = document.source();
    const std::map<std::string, std::string> meta(document.metadata().begin(),
                                                  document.metadata().end());
    data["meta"] = OrderedJson::object();
    for (const auto& [key, value] : meta) data["meta"][key] = value;
    task["annotations"] = OrderedJson::array();
    task["predictions"] = OrderedJson::array();

    int region = 0;
    for (const auto& [key, layer] : layers) {
      OrderedJson result = OrderedJson::array();
      double total_score = 0;
      for (const v1::Annotation* a : layer.spans) {
        const std::string id = absl::StrCat("s", ++region);
        OrderedJson value = OrderedJson::object();
        value["start"] = offset(a->start());
        value["end"] = offset(a->end());
        value["text"] = a->text();
        value["labels"] = OrderedJson::array({a->label()});
        OrderedJson item = Item(id, "label", "labels", std::move(value));
        if (layer.prediction) item["score"] = a->score();
        result.push_back(std::move(item));
        total_score += a->score();
        const std::map<std::string, std::string> attributes(
            a->attributes().begin(), a->attributes().end());
        for (const auto& [name, text_value] : attributes) {
          OrderedJson attribute = OrderedJson::object();
          attribute["start"] = offset(a->start());
          attribute["end"] = offset(a->end());
          attribute["text"] = OrderedJson::array({text_value});
          result.push_back(Item(id, name, "textarea", std::move(attribute)));
        }
      }
      OrderedJson entry = OrderedJson::object();
      if (layer.prediction) {
        entry["model_version"] =
            absl::StrCat(layer.author, "/", layer.model_version);
        entry["score"] = total_score / static_cast<double>(layer.spans.size());
        entry["result"] = std::move(result);
        task["predictions"].push_back(std::move(entry));
      } else {
        entry["ground_truth"] = layer.gold;
        entry["created_username"] = layer.author;
        entry["result"] = std::move(result);
        task["annotations"].push_back(std::move(entry));
      }
    }
    return {{std::string(kLabelStudioFileName),
             absl::StrCat(tasks_ == 1 ? "\n" : ",\n", DumpCompact(task))}};
  }

  std::vector<OutputPiece> End() override {
    return {{std::string(kLabelStudioFileName), "\n]\n"}};
  }

 private:
  static OrderedJson Item(const std::string& id, const std::string& from,
                          const char* type, OrderedJson value) {
    OrderedJson item = OrderedJson::object();
    item["id"] = id;
    item["from_name"] = from;
    item["to_name"] = "text";
    item["type"] = type;
    item["value"] = std::move(value);
    return item;
  }

  ExportOptions options_;
  int64_t tasks_ = 0;
};

}  // namespace

std::unique_ptr<FormatWriter> NewLabelStudioWriter(ExportOptions options) {
  return std::make_unique<LabelStudioWriter>(std::move(options));
}

}  // namespace spanlab::dataset
