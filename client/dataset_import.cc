#include "client/dataset_import.h"

#include <fstream>
#include <memory>
#include <optional>
#include <vector>

#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "client/dataset_files.h"
#include "client/dataset_formats.h"
#include "client/errors.h"
#include "client/export_client.h"
#include "client/format.h"
#include "client/progress.h"

namespace spanlab::client {
namespace {

// Bytes per message: large enough to keep per-message overhead small, far
// below any message limit.
constexpr size_t kChunkBytes = 1 << 20;

std::string ErrorLine(const v1::ImportError& e) {
  std::string line = e.file();
  if (e.line() > 0) absl::StrAppend(&line, ":", e.line());
  if (e.task() > 0) absl::StrAppend(&line, ": task ", e.task());
  if (!e.document_id().empty()) {
    absl::StrAppend(&line, ": document ", e.document_id());
  }
  absl::StrAppend(
      &line, ": ",
      absl::StatusCodeToString(static_cast<absl::StatusCode>(e.code())), ": ",
      FoldToOneLine(e.message()));
  return line;
}

void PrintReport(Session& session, const v1::ImportDatasetResponse& r,
                 const std::vector<std::string>& skipped) {
  const int64_t problems = r.errors_size() + r.errors_omitted() +
                           static_cast<int64_t>(skipped.size());
  if (session.json()) {
    nlohmann::ordered_json report = MessageToJson(r);
    report["skipped"] = skipped;
    session.out() << DumpJson(report) << '\n';
  } else {
    session.out() << "imported " << r.documents_created() + r.documents_reused()
                  << " documents (" << r.documents_created() << " new, "
                  << r.documents_reused() << " already stored) with "
                  << r.annotations_created() << " new annotations ("
                  << r.annotations_unchanged()
                  << " already stored); failed records " << r.documents_failed()
                  << ", problems " << problems << '\n';
    for (const std::string& line : skipped) session.out() << line << '\n';
    for (const auto& e : r.errors()) session.out() << ErrorLine(e) << '\n';
    if (r.errors_omitted() > 0) {
      session.out() << "... and " << r.errors_omitted() << " more problems\n";
    }
  }
  session.out().flush();
}

}  // namespace

absl::Status RunDatasetImport(Session& session,
                              const DatasetImportOptions& options) {
  absl::StatusOr<DatasetImportPlan> plan =
      PlanDatasetImport(options.format, options.path);
  if (!plan.ok()) return plan.status();
  if (plan->files.empty()) {
    return absl::FailedPreconditionError(absl::StrCat(
        "nothing to import in ", options.path, " (no .txt files)"));
  }
  absl::StatusOr<Connection*> connection = session.Connect();
  if (!connection.ok()) return connection.status();

  const int64_t chunks = static_cast<int64_t>(plan->bytes / kChunkBytes) +
                         static_cast<int64_t>(plan->files.size()) + 1;
  std::unique_ptr<grpc::ClientContext> context =
      (*connection)->NewStreamContext(plan->bytes, chunks);
  std::unique_ptr<v1::ExportService::Stub> stub = NewExportStub(**connection);
  v1::ImportDatasetResponse response;
  std::unique_ptr<grpc::ClientWriter<v1::ImportChunk>> writer =
      stub->ImportDataset(context.get(), &response);

  const bool brat = options.format == "brat";
  ProgressBar progress(
      brat ? "documents" : "KiB",
      brat ? plan->documents : static_cast<int64_t>(plan->bytes / 1024));
  absl::Status read_status;
  bool first = true, open = true;
  int64_t documents = 0;
  uint64_t sent = 0;
  std::string buffer(kChunkBytes, '\0');
  for (const std::string& path : plan->files) {
    std::ifstream in(path, std::ios::binary);
    if (!in) {
      read_status = absl::NotFoundError(absl::StrCat("cannot read ", path));
      break;
    }
    // An empty file is still sent once, so that the server sees it.
    bool sent_any = false;
    while (open) {
      in.read(buffer.data(), static_cast<std::streamsize>(buffer.size()));
      const std::streamsize n = in.gcount();
      if (n == 0 && sent_any) break;
      v1::ImportChunk chunk;
      if (first) {
        chunk.set_parent(absl::StrCat("projects/", options.project));
        chunk.set_format(DatasetFormatByName(options.format));
        chunk.set_labelstudio_offset_unit(
            OffsetUnitByName(options.labelstudio_offsets));
        first = false;
      }
      chunk.set_file_name(path);
      chunk.set_data(buffer.data(), static_cast<size_t>(n));
      // False when the server has ended the call; Finish says why.
      open = writer->Write(chunk);
      sent_any = true;
      sent += static_cast<uint64_t>(n);
      if (!brat) progress.Update(static_cast<int64_t>(sent / 1024));
      if (n < static_cast<std::streamsize>(buffer.size())) break;
    }
    if (in.bad()) {
      read_status = absl::DataLossError(absl::StrCat("cannot read ", path));
      break;
    }
    if (brat && absl::EndsWith(path, ".txt")) progress.Update(++documents);
    if (!open) break;
  }
  if (open) writer->WritesDone();
  progress.Finish();
  if (absl::Status s = (*connection)->Check(writer->Finish()); !s.ok()) {
    return s;
  }
  if (!read_status.ok()) return read_status;
  PrintReport(session, response, plan->skipped);
  const int64_t failed =
      response.documents_failed() + static_cast<int64_t>(plan->skipped.size());
  if (failed > 0) {
    return absl::AbortedError(
        absl::StrCat(failed, failed == 1 ? " record was" : " records were",
                     " not imported (see the report above)"));
  }
  if (response.errors_size() > 0) {
    return absl::AbortedError(
        "the file could not be read to its end (see the report above)");
  }
  return absl::OkStatus();
}

}  // namespace spanlab::client
