// next, finish, skip, progress: the annotator's assignments.
#include <memory>
#include <string>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "client/annotation_view.h"
#include "client/commands.h"
#include "client/format.h"
#include "client/table.h"

namespace spanlab::client {
namespace {

struct ProjectOptions {
  std::string project;
};

struct DocumentOptions {
  std::string project;
  std::string document;
};

std::string ProgressLine(const v1::AnnotatorProgress& progress) {
  return absl::StrCat("done ", progress.done(), ", assigned ",
                      progress.assigned(), ", skipped ", progress.skipped(),
                      " of ", progress.total(),
                      progress.total() == 1 ? " document" : " documents");
}

absl::Status RunNext(Session& session, const ProjectOptions& options) {
  absl::StatusOr<Connection*> connection = session.Connect();
  if (!connection.ok()) return connection.status();
  v1::NextDocumentRequest request;
  request.set_parent(absl::StrCat("projects/", options.project));
  v1::NextDocumentResponse response;
  if (absl::Status status =
          (*connection)
              ->Call((*connection)->assignments(),
                     &v1::AssignmentService::Stub::NextDocument, request,
                     &response);
      !status.ok()) {
    return status;
  }
  if (session.json()) {
    session.out() << DumpJson(MessageToJson(response)) << '\n';
    return absl::OkStatus();
  }
  if (!response.has_document()) {
    session.out() << "nothing left in " << options.project << " ("
                  << ProgressLine(response.progress()) << ")\n";
    return absl::OkStatus();
  }
  const v1::Document& document = response.document();
  session.out() << RenderFields({
      {"document", document.document_id()},
      {"title", OneLine(document.title())},
      {"length", absl::StrCat(document.length(), " code points")},
      {"resumed", response.resumed() ? "yes" : "no"},
      {"progress", ProgressLine(response.progress())},
  });
  return absl::OkStatus();
}

// Prints an assignment after finish or skip.
void PrintAssignment(Session& session, absl::string_view verb,
                     const std::string& document,
                     const v1::DocumentAssignment& assignment) {
  if (session.json()) {
    session.out() << DumpJson(MessageToJson(assignment)) << '\n';
    return;
  }
  auto names = [](const auto& list) {
    return list.empty() ? std::string("-") : absl::StrJoin(list, ", ");
  };
  session.out() << verb << ' ' << document
                << " (finished: " << names(assignment.finished())
                << "; active: " << names(assignment.active())
                << "; skipped: " << names(assignment.skipped()) << ")\n";
}

absl::Status RunFinish(Session& session, const DocumentOptions& options) {
  absl::StatusOr<Connection*> connection = session.Connect();
  if (!connection.ok()) return connection.status();
  v1::FinishDocumentRequest request;
  request.set_name(DocumentName(options.project, options.document));
  v1::DocumentAssignment assignment;
  if (absl::Status status =
          (*connection)
              ->Call((*connection)->assignments(),
                     &v1::AssignmentService::Stub::FinishDocument, request,
                     &assignment);
      !status.ok()) {
    return status;
  }
  PrintAssignment(session, "finished", options.document, assignment);
  return absl::OkStatus();
}

absl::Status RunSkip(Session& session, const DocumentOptions& options) {
  absl::StatusOr<Connection*> connection = session.Connect();
  if (!connection.ok()) return connection.status();
  v1::SkipDocumentRequest request;
  request.set_name(DocumentName(options.project, options.document));
  v1::DocumentAssignment assignment;
  if (absl::Status status =
          (*connection)
              ->Call((*connection)->assignments(),
                     &v1::AssignmentService::Stub::SkipDocument, request,
                     &assignment);
      !status.ok()) {
    return status;
  }
  PrintAssignment(session, "skipped", options.document, assignment);
  return absl::OkStatus();
}

absl::Status RunProgress(Session& session, const ProjectOptions& options) {
  absl::StatusOr<Connection*> connection = session.Connect();
  if (!connection.ok()) return connection.status();
  v1::GetProgressRequest request;
  request.set_parent(absl::StrCat("projects/", options.project));
  v1::ProjectProgress progress;
  if (absl::Status status =
          (*connection)
              ->Call((*connection)->assignments(),
                     &v1::AssignmentService::Stub::GetProgress, request,
                     &progress);
      !status.ok()) {
    return status;
  }
  if (session.json()) {
    session.out() << DumpJson(MessageToJson(progress)) << '\n';
    return absl::OkStatus();
  }
  session.out() << RenderFields({
      {"documents", absl::StrCat(progress.total())},
      {"complete", absl::StrCat(progress.complete())},
      {"in progress", absl::StrCat(progress.in_progress())},
      {"overlap", absl::StrCat(progress.overlap())},
  });
  if (progress.annotators().empty()) {
    session.out() << "\nno annotator has taken a document yet\n";
    return absl::OkStatus();
  }
  Table table({{"ANNOTATOR"},
               {"DONE", Table::Align::kRight},
               {"ASSIGNED", Table::Align::kRight},
               {"SKIPPED", Table::Align::kRight},
               {"TOTAL", Table::Align::kRight}});
  for (const v1::AnnotatorProgress& line : progress.annotators()) {
    table.AddRow({line.annotator(), absl::StrCat(line.done()),
                  absl::StrCat(line.assigned()), absl::StrCat(line.skipped()),
                  absl::StrCat(line.total())});
  }
  session.out() << '\n' << table.Render();
  return absl::OkStatus();
}

void AddProjectArgument(CLI::App* command, std::string* project) {
  command->add_option("PROJECT", *project, "Project id")->required();
}

void AddDocumentArguments(CLI::App* command, DocumentOptions* options) {
  AddProjectArgument(command, &options->project);
  command->add_option("DOC", options->document, "Document id")->required();
}

}  // namespace

void AddAssignmentCommands(CLI::App& app, Action* action) {
  auto next_options = std::make_shared<ProjectOptions>();
  CLI::App* next = app.add_subcommand(
      "next", "Take your next document (or the one you have not finished)");
  AddProjectArgument(next, &next_options->project);
  BindAction(next, action, next_options, &RunNext);

  auto finish_options = std::make_shared<DocumentOptions>();
  CLI::App* finish =
      app.add_subcommand("finish", "Mark a document assigned to you done");
  AddDocumentArguments(finish, finish_options.get());
  BindAction(finish, action, finish_options, &RunFinish);

  auto skip_options = std::make_shared<DocumentOptions>();
  CLI::App* skip = app.add_subcommand(
      "skip", "Give a document back; it is not offered to you again");
  AddDocumentArguments(skip, skip_options.get());
  BindAction(skip, action, skip_options, &RunSkip);

  auto progress_options = std::make_shared<ProjectOptions>();
  CLI::App* progress = app.add_subcommand(
      "progress", "Show the progress of a project and of each annotator");
  AddProjectArgument(progress, &progress_options->project);
  BindAction(progress, action, progress_options, &RunProgress);
}

}  // namespace spanlab::client
