// export: a project's labeled dataset in the format of another tool.
#include <iostream>
#include <memory>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "absl/strings/str_cat.h"
#include "client/commands.h"
#include "client/dataset_formats.h"
#include "client/errors.h"
#include "client/export_client.h"
#include "client/export_sink.h"
#include "client/format.h"
#include "client/progress.h"
#include "client/specs.h"

namespace spanlab::client {
namespace {

// The deadline of an export grows with the project: this much data and
// these many messages are allowed for per document.
constexpr uint64_t kBytesPerDocument = 1 << 20;
constexpr int64_t kMessagesPerDocument = 4;

struct ExportOptions {
  std::string project;
  std::string format;
  std::string layer = "all";
  std::vector<std::string> documents;
  std::vector<std::string> labels;
  bool include_deleted = false;
  bool include_rejected = false;
  std::string labelstudio_offsets = "codepoints";
  std::string output;
};

// Fills the request's kind and author from --layer; "mine" asks the server
// who the caller is.
absl::Status SetLayer(Connection& connection, const std::string& spec,
                      v1::ExportRequest* request) {
  absl::StatusOr<LayerSpec> layer = ParseLayerSpec(spec);
  if (!layer.ok()) return layer.status();
  switch (layer->kind) {
    case LayerKind::kHuman:
      request->set_kind(v1::HUMAN);
      break;
    case LayerKind::kAutomatic:
      request->set_kind(v1::AUTOMATIC);
      break;
    case LayerKind::kGold:
      request->set_kind(v1::GOLD);
      break;
    case LayerKind::kAny:
      break;
  }
  request->set_author(layer->author);
  if (layer->mine) {
    v1::Annotator me;
    absl::Status s =
        connection.Call(connection.admin(), &v1::AdminService::Stub::WhoAmI,
                        v1::WhoAmIRequest(), &me);
    if (!s.ok()) return s;
    request->set_kind(v1::HUMAN);
    request->set_author(me.annotator_id());
  }
  return absl::OkStatus();
}

void PrintSummary(Session& session, const ExportOptions& options,
                  int64_t documents, int64_t annotations) {
  // With the data on stdout, the summary goes where the progress bar is.
  std::ostream& out = options.output == "-" ? std::cerr : session.out();
  if (session.json()) {
    out << DumpJson({{"format", options.format},
                     {"output", options.output},
                     {"documents", documents},
                     {"annotations", annotations}})
        << '\n';
  } else {
    out << "exported " << documents
        << (documents == 1 ? " document, " : " documents, ") << annotations
        << (annotations == 1 ? " annotation" : " annotations") << " as "
        << options.format << " to "
        << (options.output == "-" ? "standard output" : options.output) << '\n';
  }
  out.flush();
}

absl::Status RunExport(Session& session, const ExportOptions& options) {
  v1::ExportRequest request;
  request.set_parent(absl::StrCat("projects/", options.project));
  request.set_format(DatasetFormatByName(options.format));
  request.set_labelstudio_offset_unit(
      OffsetUnitByName(options.labelstudio_offsets));
  for (const std::string& id : options.documents) request.add_document_ids(id);
  for (const std::string& label : options.labels) request.add_labels(label);
  request.set_include_deleted(options.include_deleted);
  request.set_include_rejected(options.include_rejected);

  absl::StatusOr<Connection*> connection = session.Connect();
  if (!connection.ok()) return connection.status();
  if (absl::Status s = SetLayer(**connection, options.layer, &request);
      !s.ok()) {
    return s;
  }
  v1::GetProjectRequest get;
  get.set_name(request.parent());
  v1::Project project;
  if (absl::Status s =
          (*connection)
              ->Call((*connection)->projects(),
                     &v1::ProjectService::Stub::GetProject, get, &project);
      !s.ok()) {
    return s;
  }
  absl::StatusOr<std::unique_ptr<ExportSink>> sink =
      OpenExportSink(options.format == "brat", options.output, &std::cout);
  if (!sink.ok()) return sink.status();

  const int64_t documents = project.document_count() + 1;
  std::unique_ptr<grpc::ClientContext> context =
      (*connection)
          ->NewStreamContext(kBytesPerDocument * documents,
                             kMessagesPerDocument * documents);
  std::unique_ptr<v1::ExportService::Stub> stub = NewExportStub(**connection);
  std::unique_ptr<grpc::ClientReader<v1::ExportChunk>> reader =
      stub->Export(context.get(), request);
  std::optional<ProgressBar> progress;
  v1::ExportChunk chunk;
  absl::Status written;
  int64_t done = 0, annotations = 0;
  while (reader->Read(&chunk)) {
    if (!progress.has_value()) {
      progress.emplace("documents", chunk.documents_total());
    }
    progress->Update(chunk.documents_done());
    done = chunk.documents_done();
    annotations = chunk.annotations_done();
    if (chunk.file_name().empty()) continue;
    written = (*sink)->Append(chunk.file_name(), chunk.data());
    if (!written.ok()) {
      context->TryCancel();
      break;
    }
  }
  if (progress.has_value()) progress->Finish();
  const grpc::Status status = reader->Finish();
  if (written.ok()) written = (*connection)->Check(status);
  if (written.ok()) written = (*sink)->Finish();
  if (!written.ok()) {
    (*sink)->Abandon();
    return written;
  }
  PrintSummary(session, options, done, annotations);
  return absl::OkStatus();
}

}  // namespace

void AddExportCommands(CLI::App& app, Action* action) {
  auto options = std::make_shared<ExportOptions>();
  CLI::App* command = app.add_subcommand(
      "export",
      "Export the labeled dataset: jsonl (spaCy/Prodigy spans, Hugging Face "
      "datasets), csv, brat, conll (BIO) or labelstudio");
  command->add_option("PROJECT", options->project, "Project id")->required();
  command
      ->add_option("--format", options->format,
                   "jsonl, csv, brat, conll or labelstudio (offsets count "
                   "code points; see docs/formats.md)")
      ->required()
      ->check(CLI::IsMember(DatasetFormatNames()));
  command->add_option(
      "--layer", options->layer,
      "all (default: every layer you may read), gold, human, human:NAME, "
      "automatic, automatic:NAME or mine (conll needs one layer)");
  command
      ->add_option("--docs", options->documents,
                   "Only these document ids, comma-separated")
      ->expected(1)
      ->delimiter(',');
  command
      ->add_option("--labels", options->labels,
                   "Only these labels, comma-separated")
      ->expected(1)
      ->delimiter(',');
  command->add_flag("--include-deleted", options->include_deleted,
                    "Also deleted spans, marked deleted (jsonl and csv)");
  command->add_flag("--include-rejected", options->include_rejected,
                    "Also suggestions an annotator rejected");
  command
      ->add_option("--labelstudio-offsets", options->labelstudio_offsets,
                   "labelstudio offsets: codepoints (current Label Studio, "
                   "default) or utf16 (older releases)")
      ->check(CLI::IsMember({"codepoints", "utf16"}));
  command
      ->add_option("-o,--output", options->output,
                   "A file, or - for standard output; for brat a directory, "
                   "a .tar file, or - for a tar archive on standard output")
      ->required();
  BindAction(command, action, options, &RunExport);
}

}  // namespace spanlab::client
