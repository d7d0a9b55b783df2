// reconcile: merging annotators' layers into the gold layer.
#include <memory>
#include <string>
#include <vector>

#include "absl/strings/str_cat.h"
#include "client/commands.h"
#include "client/errors.h"
#include "client/format.h"
#include "client/reconcile_interactive.h"
#include "client/reconcile_view.h"

namespace spanlab::client {
namespace {

struct ReconcileOptions {
  std::string project;
  std::string document;
  std::string auto_policy;
  bool include_automatic = false;
  bool status = false;
  bool list = false;
  std::string filter = "open";
};

absl::Status RunAutoMerge(Session& session, Connection& connection,
                          const ReconcileTarget& target,
                          const std::string& policy) {
  v1::AutoMergeRequest request;
  request.set_parent(ReconcileParent(target));
  request.set_policy(policy);
  request.set_include_automatic(target.include_automatic);
  v1::AutoMergeResponse response;
  absl::Status s = connection.Call(connection.reconcile(),
                                   &v1::ReconcileService::Stub::AutoMerge,
                                   request, &response);
  if (!s.ok()) return s;
  if (session.json()) {
    session.out() << DumpJson(MessageToJson(response)) << '\n';
  } else {
    session.out() << RenderMergeCounts(response);
  }
  return absl::OkStatus();
}

absl::Status RunStatus(Session& session, Connection& connection,
                       const ReconcileTarget& target) {
  v1::GetReconcileStatusRequest request;
  request.set_parent(absl::StrCat("projects/", target.project));
  request.set_include_automatic(target.include_automatic);
  v1::ReconcileStatus status;
  absl::Status s = connection.Call(
      connection.reconcile(), &v1::ReconcileService::Stub::GetReconcileStatus,
      request, &status);
  if (!s.ok()) return s;
  if (!target.document.empty()) {
    // One document's line; the totals stay those of the project.
    const std::string name = ReconcileParent(target);
    auto* documents = status.mutable_documents();
    for (int i = documents->size() - 1; i >= 0; --i) {
      if (documents->Get(i).document() != name) documents->DeleteSubrange(i, 1);
    }
    if (documents->empty()) {
      return UsageError(absl::StrCat("document \"", target.document,
                                     "\" is not in project \"", target.project,
                                     "\""));
    }
  }
  if (session.json()) {
    session.out() << DumpJson(MessageToJson(status)) << '\n';
  } else {
    session.out() << RenderStatus(status);
  }
  return absl::OkStatus();
}

absl::Status RunList(Session& session, Connection& connection,
                     const ReconcileTarget& target, const std::string& filter) {
  const v1::ItemStatusFilter status = filter == "all" ? v1::ALL_ITEMS
                                      : filter == "resolved"
                                          ? v1::RESOLVED_ITEMS
                                          : v1::OPEN_ITEMS;
  auto items = ListAllItems(connection, target, status);
  if (!items.ok()) return items.status();
  if (session.json()) {
    nlohmann::ordered_json array = nlohmann::ordered_json::array();
    for (const v1::ReconcileItem& item : *items) {
      array.push_back(MessageToJson(item));
    }
    session.out() << DumpJson(array) << '\n';
  } else {
    session.out() << RenderItemTable(*items);
  }
  return absl::OkStatus();
}

absl::Status RunReconcile(Session& session, const ReconcileOptions& options) {
  const int modes = (options.auto_policy.empty() ? 0 : 1) +
                    (options.status ? 1 : 0) + (options.list ? 1 : 0);
  if (modes > 1) {
    return UsageError("give at most one of --auto, --status and --list");
  }
  if (modes == 0 && session.json()) {
    return UsageError(
        "--json applies to --auto, --status and --list; the interactive "
        "form has no JSON output");
  }
  absl::StatusOr<Connection*> connection = session.Connect();
  if (!connection.ok()) return connection.status();
  const ReconcileTarget target{options.project, options.document,
                               options.include_automatic};
  if (!options.auto_policy.empty()) {
    return RunAutoMerge(session, **connection, target, options.auto_policy);
  }
  if (options.status) return RunStatus(session, **connection, target);
  if (options.list) {
    return RunList(session, **connection, target, options.filter);
  }
  return RunInteractiveReconcile(session, **connection, target);
}

}  // namespace

void AddReconcileCommand(CLI::App& app, Action* action) {
  auto options = std::make_shared<ReconcileOptions>();
  CLI::App* command = app.add_subcommand(
      "reconcile",
      "Reconcile the annotators' layers into the gold layer (adjudicators): "
      "interactively, one disagreement at a time, or with --auto, --status "
      "or --list");
  command->add_option("PROJECT", options->project, "Project id")->required();
  command->add_option("DOC", options->document,
                      "Only this document (default: every document)");
  command->add_option(
      "--auto", options->auto_policy,
      "Merge without asking: unanimous (every annotator gave the same span "
      "and label), majority=M (at least M annotators did), or none (only "
      "withdraw decisions on items that changed); prints counts");
  command->add_flag("--include-automatic", options->include_automatic,
                    "Reconcile the models' suggestions as layers too (fixed "
                    "per document by its first decision)");
  command->add_flag("--status", options->status,
                    "Show each document's reconciliation state");
  command->add_flag("--list", options->list,
                    "List items instead of deciding them");
  command
      ->add_option("--filter", options->filter,
                   "Items --list shows: open (default), resolved or all")
      ->check(CLI::IsMember({"open", "resolved", "all"}));
  BindAction(command, action, options, &RunReconcile);
}

}  // namespace spanlab::client
