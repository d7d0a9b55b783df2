// import, docs.
#include <algorithm>
#include <memory>
#include <string>
#include <utility>
#include <vector>

#include "absl/strings/str_cat.h"
#include "client/commands.h"
#include "client/dataset_formats.h"
#include "client/dataset_import.h"
#include "client/errors.h"
#include "client/format.h"
#include "client/import_source.h"
#include "client/progress.h"
#include "client/request_check.h"
#include "client/table.h"

namespace spanlab::client {
namespace {

constexpr int kMaxTitleWidth = 60;

struct ImportOptions {
  std::string project;
  std::vector<std::string> files;
  // Set: a dataset import (documents with annotations) of one PATH.
  std::string format;
  std::string labelstudio_offsets = "codepoints";
};

struct DocsOptions {
  std::string project;
};

// Where a document of an import came from, kept for every message sent so
// that the server's results, which refer to messages by index, can be
// reported against files and lines.
struct Origin {
  std::string file;
  // 1-based line of a JSONL record; 0 for a whole file.
  int64_t line = 0;
  std::string document_id;
  // Position among all records read, to report failures in file order.
  int64_t sequence = 0;

  std::string Location() const { return SourceLocation(file, line); }
};

struct Failure {
  Origin origin;
  absl::StatusCode code;
  std::string message;
};

std::string FailureLine(const Failure& failure) {
  std::string line = absl::StrCat(failure.origin.Location(), ": ");
  if (!failure.origin.document_id.empty()) {
    absl::StrAppend(&line, "document ", failure.origin.document_id, ": ");
  }
  absl::StrAppend(&line, absl::StatusCodeToString(failure.code), ": ",
                  FoldToOneLine(failure.message));
  return line;
}

nlohmann::ordered_json FailureJson(const Failure& failure) {
  return {{"file", failure.origin.file},
          {"line", failure.origin.line},
          {"document_id", failure.origin.document_id},
          {"code", absl::StatusCodeToString(failure.code)},
          {"message", failure.message}};
}

v1::CreateDocumentRequest ToRequest(const std::string& parent,
                                    ImportRecord& record) {
  v1::CreateDocumentRequest request;
  request.set_parent(parent);
  v1::Document& document = *request.mutable_document();
  document.set_document_id(record.document_id);
  document.set_title(record.title);
  document.set_source(record.source);
  for (auto& [key, value] : record.metadata) {
    (*document.mutable_metadata())[key] = std::move(value);
  }
  request.set_text(std::move(record.text));
  return request;
}

// The client's side of an import: what was sent, and which records failed
// before they could be.
struct Sending {
  std::vector<Origin> sent;
  std::vector<Failure> failures;
  int64_t records = 0;
  // Set when a file could no longer be read; the records before it count.
  absl::Status read_status;
};

// Writes every sendable record to `writer` as one message, recording the
// others as failures. Stops early if the server ends the call.
Sending SendRecords(ImportReader& reader, const std::string& parent,
                    grpc::ClientWriter<v1::CreateDocumentRequest>& writer) {
  Sending sending;
  ProgressBar progress("documents", reader.total_records());
  ImportRecord record;
  while (true) {
    absl::StatusOr<bool> more = reader.Next(&record);
    if (!more.ok()) {
      sending.read_status = more.status();
      break;
    }
    if (!*more) break;
    Origin origin{record.file, record.line, record.document_id,
                  sending.records++};
    progress.Update(sending.records);
    if (!record.ok()) {
      sending.failures.push_back({std::move(origin),
                                  absl::StatusCode::kInvalidArgument,
                                  record.error});
      continue;
    }
    const v1::CreateDocumentRequest request = ToRequest(parent, record);
    if (absl::Status status = CheckStringFields(request); !status.ok()) {
      sending.failures.push_back(
          {std::move(origin), status.code(), std::string(status.message())});
      continue;
    }
    // False when the server has ended the call; Finish then says why.
    if (!writer.Write(request)) return sending;
    sending.sent.push_back(std::move(origin));
  }
  writer.WritesDone();
  return sending;
}

// Adds the documents the server refused to `sending.failures`, mapped back
// to their files, and sorts all failures into file order.
void AddServerFailures(const v1::ImportDocumentsResponse& response,
                       Sending& sending) {
  for (const v1::ImportResult& result : response.results()) {
    if (result.code() == 0) continue;
    Origin origin;
    if (result.index() >= 0 &&
        result.index() < static_cast<int64_t>(sending.sent.size())) {
      origin = sending.sent[result.index()];
    } else {
      // The server names a message the client did not send: report it by
      // its position rather than drop it.
      origin = {absl::StrCat("stream message ", result.index()), 0,
                result.document_id(), sending.records};
    }
    sending.failures.push_back({std::move(origin),
                                static_cast<absl::StatusCode>(result.code()),
                                result.message()});
  }
  std::stable_sort(sending.failures.begin(), sending.failures.end(),
                   [](const Failure& a, const Failure& b) {
                     return a.origin.sequence < b.origin.sequence;
                   });
}

void PrintImportReport(Session& session, int64_t imported,
                       const std::vector<Failure>& failures) {
  if (session.json()) {
    nlohmann::ordered_json report = {
        {"imported", imported},
        {"failed", failures.size()},
        {"failures", nlohmann::ordered_json::array()}};
    for (const Failure& failure : failures) {
      report["failures"].push_back(FailureJson(failure));
    }
    session.out() << DumpJson(report) << '\n';
  } else {
    session.out() << "imported " << imported << ", failed " << failures.size()
                  << '\n';
    for (const Failure& failure : failures) {
      session.out() << FailureLine(failure) << '\n';
    }
  }
  session.out().flush();
}

absl::Status RunImport(Session& session, const ImportOptions& options) {
  if (!options.format.empty()) {
    if (options.files.size() != 1) {
      return UsageError(
          "--format imports one PATH: a file, or a directory for brat");
    }
    return RunDatasetImport(session,
                            {options.project, options.format, options.files[0],
                             options.labelstudio_offsets});
  }
  absl::StatusOr<std::unique_ptr<ImportReader>> reader =
      ImportReader::Open(options.files);
  if (!reader.ok()) return reader.status();
  absl::StatusOr<Connection*> connection = session.Connect();
  if (!connection.ok()) return connection.status();

  std::unique_ptr<grpc::ClientContext> context =
      (*connection)
          ->NewStreamContext((*reader)->total_bytes(),
                             (*reader)->total_records());
  v1::ImportDocumentsResponse response;
  std::unique_ptr<grpc::ClientWriter<v1::CreateDocumentRequest>> writer =
      (*connection)->documents().ImportDocuments(context.get(), &response);
  Sending sending = SendRecords(
      **reader, absl::StrCat("projects/", options.project), *writer);
  if (absl::Status status = (*connection)->Check(writer->Finish());
      !status.ok()) {
    return status;
  }

  AddServerFailures(response, sending);
  PrintImportReport(session, response.created(), sending.failures);
  if (!sending.read_status.ok()) return sending.read_status;
  if (!sending.failures.empty()) {
    return absl::AbortedError(absl::StrCat(sending.failures.size(), " of ",
                                           sending.records,
                                           " documents were not imported"));
  }
  return absl::OkStatus();
}

absl::Status RunDocs(Session& session, const DocsOptions& options) {
  absl::StatusOr<Connection*> connection = session.Connect();
  if (!connection.ok()) return connection.status();
  std::vector<v1::Document> documents;
  v1::ListDocumentsRequest request;
  request.set_page_size(kListPageSize);
  request.set_parent(absl::StrCat("projects/", options.project));
  do {
    v1::ListDocumentsResponse response;
    if (absl::Status status =
            (*connection)
                ->Call((*connection)->documents(),
                       &v1::DocumentService::Stub::ListDocuments, request,
                       &response);
        !status.ok()) {
      return status;
    }
    for (v1::Document& document : *response.mutable_documents()) {
      documents.push_back(std::move(document));
    }
    request.set_page_token(response.next_page_token());
  } while (!request.page_token().empty());

  if (session.json()) {
    nlohmann::ordered_json array = nlohmann::ordered_json::array();
    for (const v1::Document& document : documents) {
      array.push_back(MessageToJson(document));
    }
    session.out() << DumpJson(array) << '\n';
    return absl::OkStatus();
  }
  Table table(
      {{"ID"}, {"TITLE"}, {"LENGTH", Table::Align::kRight}, {"CREATED"}});
  for (const v1::Document& document : documents) {
    table.AddRow({document.document_id(),
                  Truncate(OneLine(document.title()), kMaxTitleWidth),
                  absl::StrCat(document.length()),
                  FormatTimestamp(document.create_time())});
  }
  session.out() << table.Render();
  return absl::OkStatus();
}

}  // namespace

void AddDocumentCommands(CLI::App& app, Action* action) {
  auto import_options = std::make_shared<ImportOptions>();
  CLI::App* import = app.add_subcommand(
      "import",
      "Import .txt and .jsonl files as documents, or with --format a labeled "
      "dataset (admin)");
  import->add_option("PROJECT", import_options->project, "Project id")
      ->required();
  import
      ->add_option("FILES", import_options->files,
                   ".txt files (one document each) or .jsonl files (one "
                   "document per line); with --format one PATH")
      ->required();
  import
      ->add_option("--format", import_options->format,
                   "Import a labeled dataset instead: jsonl, labelstudio "
                   "(a file) or brat (a directory), with its annotations "
                   "and their authors")
      ->check(CLI::IsMember(ImportableFormatNames()));
  import
      ->add_option("--labelstudio-offsets", import_options->labelstudio_offsets,
                   "With --format labelstudio: codepoints (default) or utf16 "
                   "(files from older Label Studio releases)")
      ->check(CLI::IsMember({"codepoints", "utf16"}));
  BindAction(import, action, import_options, &RunImport);

  auto docs_options = std::make_shared<DocsOptions>();
  CLI::App* docs =
      app.add_subcommand("docs", "List the documents of a project");
  docs->add_option("PROJECT", docs_options->project, "Project id")->required();
  BindAction(docs, action, docs_options, &RunDocs);
}

}  // namespace spanlab::client
