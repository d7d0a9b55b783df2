// brat standoff: reading a DOC.txt/DOC.ann pair (the writer is in brat.cc).
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "absl/container/flat_hash_map.h"
#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "absl/strings/str_split.h"
#include "absl/strings/strip.h"
#include "service/export/brat.h"
#include "service/export/json_fields.h"

namespace spanlab::dataset {
namespace {

struct AnnLine {
  int64_t number;
  absl::string_view text;
};

// Parses "START END;START END..." into fragments; nullopt if malformed.
std::optional<std::vector<std::pair<int64_t, int64_t>>> ParseFragments(
    absl::string_view offsets) {
  std::vector<std::pair<int64_t, int64_t>> out;
  for (absl::string_view part : absl::StrSplit(offsets, ';')) {
    std::vector<absl::string_view> ends = absl::StrSplit(part, ' ');
    int64_t start = 0, end = 0;
    if (ends.size() != 2 || !absl::SimpleAtoi(ends[0], &start) ||
        !absl::SimpleAtoi(ends[1], &end) || start < 0 || end < start) {
      return std::nullopt;
    }
    out.emplace_back(start, end);
  }
  return out;
}

class AnnReader {
 public:
  AnnReader(ParsedDocument* doc, const std::string& ann_file,
            const Utf8Index* text)
      : doc_(doc), ann_file_(ann_file), text_(text) {}

  // T lines first, so that notes, attributes and relations may refer to a
  // T line written after them.
  void Read(const std::vector<AnnLine>& lines) {
    for (const AnnLine& line : lines) {
      if (absl::StartsWith(line.text, "T")) ReadTextBound(line);
    }
    for (const AnnLine& line : lines) {
      if (line.text.empty() || absl::StartsWith(line.text, "T")) continue;
      switch (line.text[0]) {
        case '#':
          ReadNote(line);
          break;
        case 'A':
          ReadAttribute(line);
          break;
        case 'R':
          ReadRelation(line);
          break;
        default:
          Issue(line, absl::StrCat("annotation type ", line.text.substr(0, 1),
                                   " is not supported (only T, #, A and R)"));
      }
    }
  }

 private:
  RecordLocation At(const AnnLine& line) const {
    return {ann_file_, line.number, 0};
  }
  void Issue(const AnnLine& line, std::string message) {
    doc_->AddIssue(At(line), std::move(message));
  }

  // The span named `id` ("T3"), or null with an issue.
  ImportedSpan* Span(const AnnLine& line, absl::string_view id) {
    auto it = by_id_.find(id);
    if (it == by_id_.end()) {
      Issue(line, absl::StrCat(id, ": no such T line"));
      return nullptr;
    }
    return &doc_->spans[it->second];
  }

  void ReadTextBound(const AnnLine& line) {
    std::vector<absl::string_view> fields =
        absl::StrSplit(line.text, absl::MaxSplits('\t', 2));
    if (fields.size() != 3) {
      Issue(line, "expected \"T<n>\\t<label> <start> <end>\\t<text>\"");
      return;
    }
    const absl::string_view id = fields[0];
    std::vector<absl::string_view> type_offsets =
        absl::StrSplit(fields[1], absl::MaxSplits(' ', 1));
    auto fragments = type_offsets.size() == 2 ? ParseFragments(type_offsets[1])
                                              : std::nullopt;
    if (!fragments.has_value()) {
      Issue(line, absl::StrCat(id, ": offsets ", QuoteForMessage(fields[1]),
                               " are not \"<label> <start> <end>[;<start> "
                               "<end>...]\""));
      return;
    }
    if (by_id_.contains(id)) {
      Issue(line, absl::StrCat(id, ": defined twice"));
      return;
    }
    ImportedSpan span;
    span.field = std::string(id);
    span.where = At(line);
    span.annotation.set_label(std::string(type_offsets[0]));
    span.annotation.set_start(fragments->front().first);
    span.annotation.set_end(fragments->back().second);
    if (text_ != nullptr && !CheckFragments(line, id, *fragments, fields[2])) {
      return;
    }
    by_id_[id] = doc_->spans.size();
    doc_->spans.push_back(std::move(span));
  }

  // Fragments must lie in the text, in order, separated by white space
  // only (spans are contiguous), and the line's text must be theirs.
  bool CheckFragments(const AnnLine& line, absl::string_view id,
                      const std::vector<std::pair<int64_t, int64_t>>& fragments,
                      absl::string_view expected) {
    std::vector<absl::string_view> texts;
    for (size_t i = 0; i < fragments.size(); ++i) {
      const auto [start, end] = fragments[i];
      if (end > text_->size()) {
        Issue(line, absl::StrCat(id, ": fragment ", start, " ", end,
                                 " is past the end of the text (",
                                 text_->size(), " code points)"));
        return false;
      }
      if (i > 0) {
        const int64_t gap = fragments[i - 1].second;
        if (start < gap) {
          Issue(line, absl::StrCat(id,
                                   ": fragments overlap or are not in "
                                   "order"));
          return false;
        }
        for (int64_t cp = gap; cp < start; ++cp) {
          if (!IsUnicodeWhitespace(text_->CodePoint(cp))) {
            Issue(line,
                  absl::StrCat(id,
                               ": discontinuous span (text between "
                               "fragments at ",
                               gap, "-", start, "); spans must be contiguous"));
            return false;
          }
        }
      }
      texts.push_back(text_->Slice(start, end));
    }
    const std::string joined = absl::StrJoin(texts, " ");
    if (joined != expected) {
      Issue(line, absl::StrCat(id, ": text ", QuoteForMessage(expected),
                               " differs from the .txt at its offsets (",
                               QuoteForMessage(joined),
                               "); offsets count code points"));
      return false;
    }
    return true;
  }

  // "#1<TAB>AnnotatorNotes T1<TAB>note"
  void ReadNote(const AnnLine& line) {
    std::vector<absl::string_view> fields =
        absl::StrSplit(line.text, absl::MaxSplits('\t', 2));
    std::vector<absl::string_view> head;
    if (fields.size() == 3) head = absl::StrSplit(fields[1], ' ');
    if (head.size() != 2 || head[0] != "AnnotatorNotes") {
      Issue(line, "expected \"#<n>\\tAnnotatorNotes T<n>\\t<note>\"");
      return;
    }
    ImportedSpan* span = Span(line, head[1]);
    if (span == nullptr) return;
    if (!noted_.emplace(span->field, true).second) {
      Issue(line, absl::StrCat(head[1], ": more than one AnnotatorNotes"));
      return;
    }
    std::string ignored;
    std::optional<Json> note = ParseJson(fields[2], &ignored);
    if (!note.has_value() || !note->is_object()) {
      span->annotation.set_note(std::string(fields[2]));  // Free text.
      return;
    }
    ReadProvenance(line, *note, span);
  }

  // The JSON note this format writes: attributes and provenance.
  void ReadProvenance(const AnnLine& line, const Json& note,
                      ImportedSpan* span) {
    v1::Annotation& a = span->annotation;
    const std::string path = absl::StrCat(span->field, " note");
    std::string author, kind, model_version, text_note;
    for (auto [key, target] : {std::pair{"author", &author},
                               {"kind", &kind},
                               {"model_version", &model_version},
                               {"note", &text_note}}) {
      std::string error = ReadOptionalString(note, key, path, target);
      if (!error.empty()) Issue(line, std::move(error));
    }
    a.set_author(author);
    a.set_model_version(model_version);
    a.set_note(text_note);
    if (!kind.empty()) {
      auto parsed = ParseKindName(kind);
      if (!parsed.has_value()) {
        Issue(line, absl::StrCat(path, ".kind=", QuoteForMessage(kind),
                                 ": must be human, automatic or gold"));
      } else {
        a.set_kind(*parsed);
      }
    }
    if (auto score = note.find("score");
        score != note.end() && !score->is_null()) {
      if (score->is_number()) {
        a.set_score(score->get<double>());
      } else {
        Issue(line, absl::StrCat(path, ".score: must be a number"));
      }
    }
    if (auto attributes = note.find("attributes"); attributes != note.end()) {
      std::map<std::string, std::string> values;
      std::string error =
          ReadMetadata(*attributes, absl::StrCat(path, ".attributes"), &values);
      if (!error.empty()) Issue(line, std::move(error));
      for (auto& [key, value] : values) {
        (*a.mutable_attributes())[key] = std::move(value);
      }
    }
  }

  // "A1<TAB>Name T1 Value"
  void ReadAttribute(const AnnLine& line) {
    std::vector<absl::string_view> fields =
        absl::StrSplit(line.text, absl::MaxSplits('\t', 1));
    std::vector<absl::string_view> parts;
    if (fields.size() == 2) parts = absl::StrSplit(fields[1], ' ');
    if (parts.size() == 2) {
      Issue(line, absl::StrCat("attribute ", parts[0],
                               " has no value; binary attributes are not "
                               "supported"));
      return;
    }
    if (parts.size() != 3) {
      Issue(line, "expected \"A<n>\\t<name> T<n> <value>\"");
      return;
    }
    ImportedSpan* span = Span(line, parts[1]);
    if (span == nullptr) return;
    (*span->annotation.mutable_attributes())[std::string(parts[0])] =
        std::string(parts[2]);
  }

  // "R1<TAB>type Arg1:T1 Arg2:T2"
  void ReadRelation(const AnnLine& line) {
    std::vector<absl::string_view> fields =
        absl::StrSplit(line.text, absl::MaxSplits('\t', 1));
    std::vector<absl::string_view> parts;
    if (fields.size() == 2) {
      parts =
          absl::StrSplit(absl::StripTrailingAsciiWhitespace(fields[1]), ' ');
    }
    if (parts.size() != 3 || !absl::StartsWith(parts[1], "Arg1:") ||
        !absl::StartsWith(parts[2], "Arg2:")) {
      Issue(line, "expected \"R<n>\\t<type> Arg1:T<n> Arg2:T<n>\"");
      return;
    }
    ImportedSpan* from = Span(line, parts[1].substr(5));
    ImportedSpan* to = Span(line, parts[2].substr(5));
    if (from == nullptr || to == nullptr) return;
    from->links.emplace_back(std::string(parts[0]),
                             by_id_.at(parts[2].substr(5)));
  }

  ParsedDocument* doc_;
  const std::string& ann_file_;
  const Utf8Index* text_;
  absl::flat_hash_map<std::string, size_t> by_id_;
  absl::flat_hash_map<std::string, bool> noted_;
};

}  // namespace

ParsedDocument ParseBratDocument(absl::string_view document_id, std::string txt,
                                 absl::string_view ann,
                                 const std::string& txt_file,
                                 const std::string& ann_file) {
  ParsedDocument doc;
  doc.where = {txt_file, 0, 0};
  doc.document_id = std::string(document_id);
  doc.text = std::move(txt);
  std::optional<Utf8Index> text;
  if (IsValidUtf8(doc.text)) text.emplace(doc.text);
  std::vector<AnnLine> lines;
  int64_t number = 0;
  for (absl::string_view line : absl::StrSplit(ann, '\n')) {
    ++number;
    absl::ConsumeSuffix(&line, "\r");
    if (absl::StripAsciiWhitespace(line).empty()) continue;
    lines.push_back({number, line});
  }
  AnnReader(&doc, ann_file, text.has_value() ? &*text : nullptr).Read(lines);
  return doc;
}

}  // namespace spanlab::dataset
