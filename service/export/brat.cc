// brat standoff: the writer and the fragment rule (the parser is in
// brat_parse.cc).
#include "service/export/brat.h"

#include <map>
#include <utility>

#include "absl/container/flat_hash_map.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "absl/strings/str_replace.h"
#include "service/export/json_fields.h"

namespace spanlab::dataset {
namespace {

// Where brat splits an .ann line (str.splitlines) or a field (tab).
bool IsBratBreak(char32_t cp) {
  switch (cp) {
    case '\t':
    case '\n':
    case '\v':
    case '\f':
    case '\r':
    case 0x1C:
    case 0x1D:
    case 0x1E:
    case 0x85:
    case 0x2028:
    case 0x2029:
      return true;
    default:
      return false;
  }
}

// The note of a span: attributes and provenance as one JSON object on one
// line. Characters str.splitlines breaks at but JSON leaves raw are
// escaped, so the note cannot split its .ann line.
std::string Note(const v1::Annotation& a) {
  OrderedJson note = OrderedJson::object();
  if (!a.attributes().empty()) {
    const std::map<std::string, std::string> sorted(a.attributes().begin(),
                                                    a.attributes().end());
    note["attributes"] = OrderedJson::object();
    for (const auto& [key, value] : sorted) note["attributes"][key] = value;
  }
  note["author"] = a.author();
  note["kind"] = KindName(a.kind());
  if (a.kind() == v1::AUTOMATIC) {
    note["model_version"] = a.model_version();
    note["score"] = a.score();
  }
  if (!a.note().empty()) note["note"] = a.note();
  return absl::StrReplaceAll(DumpCompact(note), {{"\xC2\x85", "\\u0085"},
                                                 {"\xE2\x80\xA8", "\\u2028"},
                                                 {"\xE2\x80\xA9", "\\u2029"}});
}

class BratWriter final : public FormatWriter {
 public:
  explicit BratWriter(ExportOptions options) : options_(std::move(options)) {}

  std::vector<OutputPiece> Begin() override {
    return {
        {std::string(kBratConfFileName), BratAnnotationConf(options_.schema)}};
  }

  std::vector<OutputPiece> Document(
      const v1::Document& document,
      std::vector<v1::Annotation> spans) override {
    SortSpans(&spans);
    const Utf8Index text(document.text());
    absl::flat_hash_map<std::string, size_t> number;  // name -> T number
    for (size_t i = 0; i < spans.size(); ++i) number[spans[i].name()] = i + 1;
    std::string ann;
    for (size_t i = 0; i < spans.size(); ++i) {
      const v1::Annotation& a = spans[i];
      std::vector<std::string> offsets, texts;
      for (const auto& [start, end] : BratFragments(text, a.start(), a.end())) {
        offsets.push_back(absl::StrCat(start, " ", end));
        texts.emplace_back(text.Slice(start, end));
      }
      absl::StrAppend(&ann, "T", i + 1, "\t", a.label(), " ",
                      absl::StrJoin(offsets, ";"), "\t",
                      absl::StrJoin(texts, " "), "\n");
    }
    for (size_t i = 0; i < spans.size(); ++i) {
      absl::StrAppend(&ann, "#", i + 1, "\tAnnotatorNotes T", i + 1, "\t",
                      Note(spans[i]), "\n");
    }
    int relation = 0;
    for (size_t i = 0; i < spans.size(); ++i) {
      for (const v1::AnnotationLink& link : spans[i].links()) {
        auto target = number.find(link.target());
        if (target == number.end()) continue;
        absl::StrAppend(&ann, "R", ++relation, "\t", link.type(), " Arg1:T",
                        i + 1, " Arg2:T", target->second, "\n");
      }
    }
    const std::string& id = document.document_id();
    return {{absl::StrCat(id, ".txt"), document.text()},
            {absl::StrCat(id, ".ann"), std::move(ann)}};
  }

  std::vector<OutputPiece> End() override { return {}; }

 private:
  ExportOptions options_;
};

}  // namespace

std::string BratAnnotationConf(const v1::LabelSchema& schema) {
  std::string conf = "[entities]\n";
  for (const auto& label : schema.labels()) {
    absl::StrAppend(&conf, label.name(), "\n");
  }
  conf += "\n[relations]\n";
  for (const auto& type : schema.link_types()) {
    absl::StrAppend(&conf, type, "\tArg1:<ENTITY>, Arg2:<ENTITY>\n");
  }
  conf += "\n[events]\n\n[attributes]\n";
  return conf;
}

std::vector<std::pair<int64_t, int64_t>> BratFragments(const Utf8Index& text,
                                                       int64_t start,
                                                       int64_t end) {
  std::vector<std::pair<int64_t, int64_t>> out;
  int64_t from = start;
  const auto flush = [&](int64_t to) {
    int64_t a = from, b = to;
    while (a < b && IsUnicodeWhitespace(text.CodePoint(a))) ++a;
    while (b > a && IsUnicodeWhitespace(text.CodePoint(b - 1))) --b;
    if (a < b) out.emplace_back(a, b);
  };
  for (int64_t cp = start; cp < end; ++cp) {
    if (!IsBratBreak(text.CodePoint(cp))) continue;
    flush(cp);
    from = cp + 1;
  }
  flush(end);
  return out;
}

std::unique_ptr<FormatWriter> NewBratWriter(ExportOptions options) {
  return std::make_unique<BratWriter>(std::move(options));
}

}  // namespace spanlab::dataset
