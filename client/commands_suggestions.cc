// accept, reject, history: deciding on suggestions and reading the audit
// log.
#include <memory>
#include <string>
#include <utility>
#include <vector>

#include "absl/strings/str_cat.h"
#include "client/annotation_view.h"
#include "client/commands.h"
#include "client/format.h"
#include "client/history_view.h"

namespace spanlab::client {
namespace {

struct DecideOptions {
  std::string project;
  std::string document;
  std::string suggestion;
};

struct HistoryOptions {
  std::string project;
  std::string document;
  std::string annotation;
};

absl::Status RunAccept(Session& session, const DecideOptions& options) {
  absl::StatusOr<Connection*> connection = session.Connect();
  if (!connection.ok()) return connection.status();
  v1::AcceptSuggestionRequest request;
  request.set_name(
      AnnotationName(options.project, options.document, options.suggestion));
  v1::Annotation copy;
  if (absl::Status status =
          (*connection)
              ->Call((*connection)->annotations(),
                     &v1::AnnotationService::Stub::AcceptSuggestion, request,
                     &copy);
      !status.ok()) {
    return status;
  }
  if (session.json()) {
    session.out() << DumpJson(MessageToJson(copy)) << '\n';
  } else {
    session.out() << "accepted " << options.suggestion << " as "
                  << DescribeAnnotation(copy) << '\n';
  }
  return absl::OkStatus();
}

absl::Status RunReject(Session& session, const DecideOptions& options) {
  absl::StatusOr<Connection*> connection = session.Connect();
  if (!connection.ok()) return connection.status();
  v1::RejectSuggestionRequest request;
  request.set_name(
      AnnotationName(options.project, options.document, options.suggestion));
  v1::RejectSuggestionResponse response;
  if (absl::Status status =
          (*connection)
              ->Call((*connection)->annotations(),
                     &v1::AnnotationService::Stub::RejectSuggestion, request,
                     &response);
      !status.ok()) {
    return status;
  }
  if (session.json()) {
    session.out() << DumpJson(MessageToJson(response)) << '\n';
  } else {
    session.out() << "rejected " << DescribeAnnotation(response.suggestion())
                  << '\n';
  }
  return absl::OkStatus();
}

absl::Status RunHistory(Session& session, const HistoryOptions& options) {
  absl::StatusOr<Connection*> connection = session.Connect();
  if (!connection.ok()) return connection.status();
  v1::ListAuditLogRequest request;
  request.set_parent(DocumentName(options.project, options.document));
  if (!options.annotation.empty()) {
    request.set_annotation(
        AnnotationName(options.project, options.document, options.annotation));
  }
  request.set_page_size(kListPageSize);
  std::vector<v1::AuditEntry> entries;
  do {
    v1::ListAuditLogResponse response;
    if (absl::Status status =
            (*connection)
                ->Call((*connection)->annotations(),
                       &v1::AnnotationService::Stub::ListAuditLog, request,
                       &response);
        !status.ok()) {
      return status;
    }
    for (v1::AuditEntry& entry : *response.mutable_entries()) {
      entries.push_back(std::move(entry));
    }
    request.set_page_token(response.next_page_token());
  } while (!request.page_token().empty());

  if (session.json()) {
    nlohmann::ordered_json array = nlohmann::ordered_json::array();
    for (const v1::AuditEntry& entry : entries) {
      array.push_back(MessageToJson(entry));
    }
    session.out() << DumpJson(array) << '\n';
    return absl::OkStatus();
  }
  session.out() << HistoryTable(entries);
  return absl::OkStatus();
}

void AddDecideArguments(CLI::App* command, DecideOptions* options) {
  command->add_option("PROJECT", options->project, "Project id")->required();
  command->add_option("DOC", options->document, "Document id")->required();
  command
      ->add_option("SUGGESTION_ID", options->suggestion,
                   "Annotation id of the suggestion")
      ->required();
}

}  // namespace

void AddSuggestionCommands(CLI::App& app, Action* action) {
  auto accept_options = std::make_shared<DecideOptions>();
  CLI::App* accept = app.add_subcommand(
      "accept", "Copy a suggestion into your layer, recording its origin");
  AddDecideArguments(accept, accept_options.get());
  BindAction(accept, action, accept_options, &RunAccept);

  auto reject_options = std::make_shared<DecideOptions>();
  CLI::App* reject = app.add_subcommand(
      "reject", "Reject a suggestion: it is no longer listed for you");
  AddDecideArguments(reject, reject_options.get());
  BindAction(reject, action, reject_options, &RunReject);

  auto history_options = std::make_shared<HistoryOptions>();
  CLI::App* history = app.add_subcommand(
      "history", "Show the audit log of a document: who changed what, when");
  history->add_option("PROJECT", history_options->project, "Project id")
      ->required();
  history->add_option("DOC", history_options->document, "Document id")
      ->required();
  history->add_option("--annotation", history_options->annotation,
                      "Only entries about this annotation id");
  BindAction(history, action, history_options, &RunHistory);
}

}  // namespace spanlab::client
