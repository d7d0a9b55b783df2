// annotate: the full-screen terminal labeler (labeler_app.h).
#include <unistd.h>

#include <memory>
#include <string>

#include "client/commands.h"
#include "client/errors.h"
#include "client/labeler_app.h"
#include "client/labeler_backend.h"
#include "client/labeler_terminal.h"

namespace spanlab::client {
namespace {

struct AnnotateOptions {
  std::string project;
};

absl::Status RunAnnotate(Session& session, const AnnotateOptions& options) {
  // Checked before anything else: a labeler drawn into a pipe or a file
  // would only fill it with escape sequences.
  if (isatty(STDOUT_FILENO) == 0 || isatty(STDIN_FILENO) == 0) {
    return UsageError(
        "annotate needs a terminal on stdin and stdout; scripts can use "
        "next, label, accept, reject and finish");
  }
  absl::StatusOr<Connection*> connection = session.Connect();
  if (!connection.ok()) return connection.status();
  LabelerBackend backend(**connection, options.project);
  absl::StatusOr<std::unique_ptr<Labeler>> labeler = Labeler::Start(backend);
  if (!labeler.ok()) return labeler.status();
  absl::StatusOr<std::unique_ptr<Terminal>> terminal =
      Terminal::Open((*labeler)->LabelColors());
  if (!terminal.ok()) return terminal.status();
  (*labeler)->Run(**terminal);
  return absl::OkStatus();
}

}  // namespace

void AddAnnotateCommand(CLI::App& app, Action* action) {
  auto options = std::make_shared<AnnotateOptions>();
  CLI::App* annotate = app.add_subcommand(
      "annotate",
      "Label your next documents in a full-screen terminal labeler");
  annotate->add_option("PROJECT", options->project, "Project id")->required();
  BindAction(annotate, action, options, &RunAnnotate);
}

}  // namespace spanlab::client
