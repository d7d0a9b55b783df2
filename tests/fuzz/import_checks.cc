#include "tests/fuzz/import_checks.h"

#include <cstddef>
#include <optional>
#include <utility>

#include "absl/strings/str_cat.h"
#include "absl/strings/string_view.h"
#include "google/protobuf/util/message_differencer.h"
#include "service/export/import_stream.h"
#include "service/limits.h"
#include "service/names.h"
#include "service/text/utf8.h"
#include "service/validation.h"
#include "storage/schema_presets.h"
#include "tests/fuzz/fuzz_check.h"

namespace spanlab::fuzz {
namespace {

using dataset::Format;
using dataset::ImportedSpan;
using dataset::ImportIssue;
using dataset::OffsetUnit;
using dataset::ParsedDocument;
using dataset::RecordLocation;
using google::protobuf::util::MessageDifferencer;

// Far above any fuzz input, so that no record is refused for its size
// (that path is a plain length comparison).
constexpr size_t kMaxRecordBytes = 1 << 20;
// The caller an import credits spans without an author to.
constexpr absl::string_view kImporter = "importer";
constexpr absl::string_view kProject = "fuzz";

const v1::LabelSchema& Schema() {
  static const v1::LabelSchema* const kSchema = [] {
    auto schema = SchemaPreset(kDefaultSchemaPreset);
    FUZZ_CHECK(schema.ok(), schema.status().ToString());
    return new v1::LabelSchema(*std::move(schema));
  }();
  return *kSchema;
}

// Everything an ImportStream reports.
struct StreamOutput {
  std::vector<ParsedDocument> documents;
  std::vector<ImportIssue> issues;
};

// Reads `files` through an ImportStream, feeding each in pieces of `chunk`
// bytes, or whole for 0.
StreamOutput Read(Format format, OffsetUnit unit,
                  const std::vector<ImportFile>& files, size_t chunk) {
  StreamOutput out;
  dataset::ImportStream stream(
      format, unit, kMaxRecordBytes,
      [&out](ParsedDocument d) { out.documents.push_back(std::move(d)); },
      [&out](ImportIssue i) { out.issues.push_back(std::move(i)); });
  for (const ImportFile& file : files) {
    const absl::string_view data = file.data;
    if (chunk == 0 || data.empty()) {
      stream.Feed(file.name, data);
      continue;
    }
    for (size_t i = 0; i < data.size(); i += chunk) {
      stream.Feed(file.name, data.substr(i, chunk));
    }
  }
  stream.Finish();
  return out;
}

std::string Describe(const RecordLocation& where) {
  return absl::StrCat(where.file, " line ", where.line, " task ", where.task);
}

bool SameLocation(const RecordLocation& a, const RecordLocation& b) {
  return a.file == b.file && a.line == b.line && a.task == b.task;
}

void CheckSameIssues(const std::vector<ImportIssue>& a,
                     const std::vector<ImportIssue>& b) {
  FUZZ_CHECK(a.size() == b.size(), a.size(), " vs ", b.size(), " issues");
  for (size_t i = 0; i < a.size(); ++i) {
    FUZZ_CHECK(
        SameLocation(a[i].where, b[i].where) && a[i].message == b[i].message,
        "issue ", i, ": ", Describe(a[i].where), ": ", a[i].message, " vs ",
        Describe(b[i].where), ": ", b[i].message);
  }
}

void CheckSameSpan(const ImportedSpan& a, const ImportedSpan& b) {
  FUZZ_CHECK(MessageDifferencer::Equals(a.annotation, b.annotation) &&
                 a.links == b.links && a.field == b.field &&
                 SameLocation(a.where, b.where),
             a.field, ": ", a.annotation.ShortDebugString(), " vs ", b.field,
             ": ", b.annotation.ShortDebugString());
}

// Invariant 1: the same stream read in different chunks.
void CheckSameOutput(const StreamOutput& whole, const StreamOutput& bytes) {
  CheckSameIssues(whole.issues, bytes.issues);
  FUZZ_CHECK(whole.documents.size() == bytes.documents.size(),
             whole.documents.size(), " documents read whole, ",
             bytes.documents.size(), " byte by byte");
  for (size_t i = 0; i < whole.documents.size(); ++i) {
    const ParsedDocument& a = whole.documents[i];
    const ParsedDocument& b = bytes.documents[i];
    FUZZ_CHECK(
        SameLocation(a.where, b.where) && a.document_id == b.document_id &&
            a.title == b.title && a.source == b.source &&
            a.metadata == b.metadata && a.text == b.text,
        "document ", i, " at ", Describe(a.where), " vs ", Describe(b.where));
    CheckSameIssues(a.issues, b.issues);
    FUZZ_CHECK(a.spans.size() == b.spans.size(), "document ", i, ": ",
               a.spans.size(), " vs ", b.spans.size(), " spans");
    for (size_t j = 0; j < a.spans.size(); ++j) {
      CheckSameSpan(a.spans[j], b.spans[j]);
    }
  }
}

// A record as an import stores it.
struct StoredRecord {
  v1::Document document;
  std::vector<v1::Annotation> annotations;
};

// Invariant 2 for one accepted span, checked with CodePointCount rather
// than the Utf8Index the validator used.
void CheckWithinText(absl::string_view text, const Utf8Index& index,
                     const v1::Annotation& a, absl::string_view field) {
  FUZZ_CHECK(0 <= a.start() && a.start() < a.end() && a.end() <= index.size(),
             field, ": accepted [", a.start(), ",", a.end(), ") in a text of ",
             index.size(), " code points");
  const size_t byte = index.ByteOffset(a.start());
  FUZZ_CHECK(CodePointCount(text.substr(0, byte)) == a.start() &&
                 text.substr(byte, a.text().size()) == a.text() &&
                 IsValidUtf8(a.text()) &&
                 CodePointCount(a.text()) == a.end() - a.start(),
             field, ": text \"", a.text(), "\" is not code points [", a.start(),
             ",", a.end(), ") of the document");
}

// What DatasetImporter::Import stores for `doc`, or nullopt when it would
// refuse the record: the same defaults (a derived id, HUMAN, the
// importer's id) and the same checks of the document and of each span.
// Overlaps within a layer and links are not checked: they decide whether
// a record is stored, not what its spans hold.
std::optional<StoredRecord> AsImported(const ParsedDocument& doc) {
  if (!doc.ok()) return std::nullopt;
  StoredRecord record;
  v1::Document& d = record.document;
  d.set_document_id(
      doc.document_id.empty()
          ? absl::StrCat("doc-", Sha256Hex(doc.text).substr(0, 16))
          : doc.document_id);
  d.set_title(doc.title);
  d.set_source(doc.source);
  for (const auto& [key, value] : doc.metadata) {
    (*d.mutable_metadata())[key] = value;
  }
  if (!ValidateNewDocument(doc.text, Limits(), &d).ok()) return std::nullopt;
  d.set_name(DocumentName(kProject, d.document_id()));
  const Utf8Index text(d.text());
  for (size_t i = 0; i < doc.spans.size(); ++i) {
    const ImportedSpan& span = doc.spans[i];
    v1::Annotation a = span.annotation;
    if (a.kind() == v1::ANNOTATION_KIND_UNSPECIFIED) a.set_kind(v1::HUMAN);
    if (a.author().empty()) a.set_author(std::string(kImporter));
    a.clear_links();
    if (!ValidateAnnotatorId(a.author(), span.field).ok() ||
        !ValidateAnnotation(Schema(), text, span.field, &a).ok()) {
      return std::nullopt;
    }
    CheckWithinText(d.text(), text, a, span.field);
    a.set_name(AnnotationName(kProject, d.document_id(), i + 1));
    record.annotations.push_back(std::move(a));
  }
  return record;
}

// Only JSON lines can mark deleted annotations; an export in the other
// formats leaves them out.
bool CarriesDeleted(Format format) { return format == Format::kJsonl; }

// brat has no place for a document's title, source and metadata.
bool CarriesDocumentFields(Format format) { return format != Format::kBrat; }

// The annotations of `record` as `format` writes them, in the writers'
// order, without what the format does not carry: names (never written),
// tombstones where they cannot be marked, and notes outside brat (JSON
// lines and Label Studio have no field for them).
std::vector<v1::Annotation> CarriedContent(Format format,
                                           const StoredRecord& record) {
  std::vector<v1::Annotation> out;
  for (v1::Annotation a : record.annotations) {
    if (a.deleted() && !CarriesDeleted(format)) continue;
    a.clear_name();
    if (format != Format::kBrat) a.clear_note();
    out.push_back(std::move(a));
  }
  dataset::SortSpans(&out);
  return out;
}

std::vector<ImportFile> Export(Format format, OffsetUnit unit,
                               const std::vector<StoredRecord>& records) {
  dataset::ExportOptions options;
  options.schema = Schema();
  options.include_deleted = CarriesDeleted(format);
  options.labelstudio_offsets = unit;
  auto writer = dataset::NewFormatWriter(format, options);
  std::vector<ImportFile> files;
  const auto add = [&files](const std::vector<dataset::OutputPiece>& pieces) {
    for (const auto& piece : pieces) {
      if (files.empty() || files.back().name != piece.file_name) {
        files.push_back({piece.file_name, ""});
      }
      files.back().data += piece.data;
    }
  };
  add(writer->Begin());
  for (const StoredRecord& r : records) {
    std::vector<v1::Annotation> spans;
    for (const v1::Annotation& a : r.annotations) {
      if (!a.deleted() || CarriesDeleted(format)) spans.push_back(a);
    }
    add(writer->Document(r.document, std::move(spans)));
  }
  add(writer->End());
  return files;
}

std::string Concatenate(const std::vector<ImportFile>& files) {
  std::string out;
  for (const ImportFile& f : files) {
    absl::StrAppend(&out, f.name, ":\n", f.data);
  }
  return out;
}

// Invariant 3: `records` written and read back.
void CheckRoundTrip(Format format, OffsetUnit unit,
                    const std::vector<StoredRecord>& records) {
  const std::vector<ImportFile> first = Export(format, unit, records);
  const StreamOutput read = Read(format, unit, first, 0);
  const std::string exported = Concatenate(first);
  FUZZ_CHECK(read.issues.empty(), "reading an export: ",
             read.issues.empty() ? "" : read.issues[0].message, "\n", exported);
  FUZZ_CHECK(read.documents.size() == records.size(), "wrote ", records.size(),
             " documents, read ", read.documents.size(), "\n", exported);
  std::vector<StoredRecord> again;
  for (size_t i = 0; i < records.size(); ++i) {
    const ParsedDocument& doc = read.documents[i];
    FUZZ_CHECK(doc.ok(), "document ", i,
               " of an export: ", doc.ok() ? "" : doc.issues[0].message, "\n",
               exported);
    std::optional<StoredRecord> stored = AsImported(doc);
    FUZZ_CHECK(stored.has_value(), "document ", i,
               " of an export would not be stored\n", exported);
    const v1::Document& a = records[i].document;
    const v1::Document& b = stored->document;
    FUZZ_CHECK(a.document_id() == b.document_id() && a.text() == b.text(),
               "document ", i, " came back as ", b.document_id(), "\n",
               exported);
    if (CarriesDocumentFields(format)) {
      FUZZ_CHECK(MessageDifferencer::Equals(a, b), "document ", i, ": ",
                 a.ShortDebugString(), " came back as ", b.ShortDebugString());
    }
    const std::vector<v1::Annotation> want = CarriedContent(format, records[i]);
    const std::vector<v1::Annotation> got = CarriedContent(format, *stored);
    FUZZ_CHECK(want.size() == got.size(), "document ", i, ": wrote ",
               want.size(), " spans, read ", got.size(), "\n", exported);
    for (size_t j = 0; j < want.size(); ++j) {
      FUZZ_CHECK(MessageDifferencer::Equals(want[j], got[j]), "document ", i,
                 ": wrote ", want[j].ShortDebugString(), ", read ",
                 got[j].ShortDebugString(), "\n", exported);
    }
    again.push_back(*std::move(stored));
  }
  const std::vector<ImportFile> second = Export(format, unit, again);
  FUZZ_CHECK(Concatenate(second) == exported,
             "writing what was read changed the bytes:\n", exported, "\nvs\n",
             Concatenate(second));
}

}  // namespace

void CheckImport(Format format, OffsetUnit unit,
                 const std::vector<ImportFile>& files) {
  const StreamOutput whole = Read(format, unit, files, 0);
  CheckSameOutput(whole, Read(format, unit, files, 1));
  std::vector<StoredRecord> records;
  for (const ParsedDocument& doc : whole.documents) {
    std::optional<StoredRecord> record = AsImported(doc);
    if (record.has_value()) records.push_back(*std::move(record));
  }
  if (!records.empty()) CheckRoundTrip(format, unit, records);
}

}  // namespace spanlab::fuzz
