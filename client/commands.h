// The subcommands of spanlab. Each Add*Commands function declares its
// subcommands, with their arguments and options, on the top-level app.
// When the command line names one of them, parsing stores the command's
// work in `*action`, which main runs once parsing has succeeded.
#ifndef SPANLAB_CLIENT_COMMANDS_H_
#define SPANLAB_CLIENT_COMMANDS_H_

#include <functional>
#include <memory>

#include "CLI/CLI.hpp"
#include "absl/status/status.h"
#include "client/session.h"

namespace spanlab::client {

using Action = std::function<absl::Status(Session&)>;

// project create|list|show.
void AddProjectCommands(CLI::App& app, Action* action);
// annotator add|list, whoami.
void AddAdminCommands(CLI::App& app, Action* action);
// import, docs.
void AddDocumentCommands(CLI::App& app, Action* action);
// show, annotations, label, unlabel, relabel.
void AddAnnotationCommands(CLI::App& app, Action* action);
// next, finish, skip, progress.
void AddAssignmentCommands(CLI::App& app, Action* action);
// accept, reject, history.
void AddSuggestionCommands(CLI::App& app, Action* action);
// annotate: the terminal labeler.
void AddAnnotateCommand(CLI::App& app, Action* action);
// reconcile: adjudicating the layers into the gold layer.
void AddReconcileCommand(CLI::App& app, Action* action);
// agreement, evaluate, import-labels, autotag: comparing layers, and the
// built-in tagger.
void AddAnalysisCommands(CLI::App& app, Action* action);
// export: the labeled dataset in another tool's format (import --format
// reads it back; see commands_documents.cc).
void AddExportCommands(CLI::App& app, Action* action);
// admin backup, health: running a server.
void AddOperationsCommands(CLI::App& app, Action* action);

// Makes `command`, when parsed, store `run(session, *options)` in
// `*action`. `options` holds the values CLI11 parses into.
template <typename Options>
void BindAction(CLI::App* command, Action* action,
                std::shared_ptr<Options> options,
                absl::Status (*run)(Session&, const Options&)) {
  command->callback([action, options, run] {
    *action = [options, run](Session& session) {
      return run(session, *options);
    };
  });
}

}  // namespace spanlab::client

#endif  // SPANLAB_CLIENT_COMMANDS_H_
