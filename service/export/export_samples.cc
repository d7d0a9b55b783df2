// export_samples DIR: writes every export format for a few documents built
// to break parsers (emoji, curly and straight quotes, commas, CRLF, tabs,
// U+2028, spans across line breaks, attributes with quotes and newlines),
// plus texts.json with the texts, so that tests/export_checks.py can check
// them with Python's own json, csv and str slicing.
#include <algorithm>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <map>
#include <string>
#include <utility>
#include <vector>

#include "absl/strings/string_view.h"
#include "nlohmann/json.hpp"
#include "service/export/dataset.h"
#include "service/text/utf8.h"

namespace spanlab::dataset {
namespace {

struct Sample {
  v1::Document document;
  std::vector<v1::Annotation> spans;
};

v1::LabelSchema Schema() {
  v1::LabelSchema schema;
  const std::pair<const char*, std::vector<const char*>> labels[] = {
      {"attributed_claim", {"source", "cue"}},
      {"opinion", {"holder"}},
      {"disputed", {"source", "cue", "disputed_by"}}};
  for (const auto& [name, attributes] : labels) {
    v1::LabelDefinition* label = schema.add_labels();
    label->set_name(name);
    for (const char* a : attributes) label->add_allowed_attributes(a);
  }
  schema.add_link_types("disputes");
  return schema;
}

// A span over the first occurrence of `quote`.
v1::Annotation Span(const v1::Document& doc, absl::string_view quote,
                    const std::string& label, v1::AnnotationKind kind,
                    const std::string& author,
                    std::map<std::string, std::string> attributes = {}) {
  const absl::string_view text = doc.text();
  const size_t pos = text.find(quote);
  if (pos == absl::string_view::npos) {
    std::cerr << "export_samples: quote not found: " << quote << "\n";
    std::exit(2);
  }
  const Utf8Index index(text);
  v1::Annotation a;
  a.set_name(doc.name() + "/annotations/" + std::string(quote.substr(0, 3)));
  a.set_start(index.CodePointAt(pos));
  a.set_end(a.start() + CodePointCount(quote));
  a.set_text(std::string(quote));
  a.set_label(label);
  a.set_kind(kind);
  a.set_author(author);
  for (auto& [k, v] : attributes) (*a.mutable_attributes())[k] = v;
  if (kind == v1::AUTOMATIC) {
    a.set_model_version("tagger-0.3");
    a.set_score(0.625);
  }
  return a;
}

v1::Document Doc(const std::string& id, const std::string& text) {
  v1::Document d;
  d.set_name("projects/samples/documents/" + id);
  d.set_document_id(id);
  d.set_title("Sample " + id);
  d.set_text(text);
  (*d.mutable_metadata())["source, \"quoted\""] = "line\nbreak";
  return d;
}

std::vector<Sample> Samples() {
  std::vector<Sample> out;
  v1::Document a = Doc(
      "emoji-quotes",
      "\xF0\x9F\x98\x80 M\xC3\xA5rten said \xE2\x80\x9Cthe bridge is "
      "safe\xE2\x80\x9D, on Monday.\r\nZo\xC3\xAB: \"It is not\nsafe\", she "
      "said.\tEnd \xF0\x9F\x8E\x9F\xEF\xB8\x8F");
  out.push_back(
      {a,
       {Span(a, "\xE2\x80\x9Cthe bridge is safe\xE2\x80\x9D",
             "attributed_claim", v1::HUMAN, "alice",
             {{"source", "M\xC3\xA5rten, \"the engineer\""}, {"cue", "said"}}),
        Span(a, "\"It is not\nsafe\"", "disputed", v1::HUMAN, "alice",
             {{"disputed_by", "Zo\xC3\xAB\nBront\xC3\xAB"}}),
        Span(a, "Monday.\r\nZo\xC3\xAB", "opinion", v1::AUTOMATIC, "tagger"),
        Span(a, "she said.\tEnd \xF0\x9F\x8E\x9F\xEF\xB8\x8F", "opinion",
             v1::GOLD, "judy", {{"holder", "x\xE2\x80\xA8y"}})}});
  v1::Document b = Doc("tricky",
                       "Comma, \"quote\" and\xE2\x80\xA8line separator; "
                       "\xF0\x9D\x94\x97\xF0\x9D\x94\xA5\xF0\x9D\x94\xA6"
                       "\xF0\x9D\x94\xB0 fancy.\x1C"
                       "end");
  out.push_back(
      {b,
       {Span(b, "\"quote\" and\xE2\x80\xA8line", "opinion", v1::HUMAN, "alice"),
        Span(b,
             "\xF0\x9D\x94\x97\xF0\x9D\x94\xA5\xF0\x9D\x94\xA6"
             "\xF0\x9D\x94\xB0 fancy",
             "attributed_claim", v1::HUMAN, "bob", {{"cue", "\t"}})}});
  out.push_back({Doc("plain", "No spans here."), {}});
  // In document-id order, as the server exports.
  std::sort(out.begin(), out.end(), [](const Sample& x, const Sample& y) {
    return x.document.document_id() < y.document.document_id();
  });
  return out;
}

// Writes every piece of `format` for the samples under `dir`, spans
// filtered by `keep`.
template <typename Keep>
void Write(const std::filesystem::path& dir, Format format, OffsetUnit unit,
           const std::string& rename, Keep keep) {
  ExportOptions options;
  options.schema = Schema();
  options.labelstudio_offsets = unit;
  auto writer = NewFormatWriter(format, options);
  std::map<std::string, std::ofstream> files;
  const auto put = [&](const std::vector<OutputPiece>& pieces) {
    for (const auto& p : pieces) {
      const std::string name = rename.empty() ? p.file_name : rename;
      auto it = files.find(name);
      if (it == files.end()) {
        it = files.emplace(name, std::ofstream(dir / name, std::ios::binary))
                 .first;
      }
      it->second << p.data;
    }
  };
  put(writer->Begin());
  for (const Sample& s : Samples()) {
    std::vector<v1::Annotation> spans;
    for (const auto& a : s.spans) {
      if (keep(a)) spans.push_back(a);
    }
    put(writer->Document(s.document, spans));
  }
  put(writer->End());
}

}  // namespace
}  // namespace spanlab::dataset

int main(int argc, char** argv) {
  using namespace spanlab::dataset;
  if (argc != 2) {
    std::cerr << "usage: export_samples DIR\n";
    return 2;
  }
  const std::filesystem::path dir = argv[1];
  std::filesystem::create_directories(dir / "brat");
  const auto all = [](const spanlab::v1::Annotation&) { return true; };
  Write(dir, Format::kJsonl, OffsetUnit::kCodePoints, "", all);
  Write(dir, Format::kCsv, OffsetUnit::kCodePoints, "", all);
  Write(dir / "brat", Format::kBrat, OffsetUnit::kCodePoints, "", all);
  Write(dir, Format::kLabelStudio, OffsetUnit::kCodePoints, "", all);
  Write(dir, Format::kLabelStudio, OffsetUnit::kUtf16, "export-utf16.json",
        all);
  Write(dir, Format::kConll, OffsetUnit::kCodePoints, "",
        [](const spanlab::v1::Annotation& a) { return a.author() == "alice"; });
  nlohmann::json texts = nlohmann::json::object();
  for (const Sample& s : Samples()) {
    texts[s.document.document_id()] = s.document.text();
  }
  std::ofstream(dir / "texts.json", std::ios::binary) << texts.dump();
  return 0;
}
