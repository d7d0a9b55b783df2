// spanlab: the command-line client of the spanlab annotation server.
//
// main only declares the global options, hands the subcommands to their
// Add*Commands functions, parses, and runs the chosen command.
#include <exception>
#include <iostream>
#include <string>
#include <vector>

#include "CLI/CLI.hpp"
#include "absl/strings/str_cat.h"
#include "client/commands.h"
#include "client/errors.h"
#include "client/session.h"

namespace spanlab::client {
namespace {

void AddGlobalOptions(CLI::App& app, GlobalOptions& options) {
  app.add_option("--server", options.server,
                 "Server address (default: SPANLAB_SERVER, the config file, "
                 "127.0.0.1:50051)");
  app.add_option("--token", options.token,
                 "Bearer token (default: SPANLAB_TOKEN, the config file)");
  app.add_option("--config", options.config_path,
                 "Config file (default: SPANLAB_CONFIG, "
                 "~/.config/spanlab/config.json)");
  app.add_option("--tls_ca", options.tls_ca,
                 "Use TLS, trusting servers whose certificate this CA (PEM "
                 "file) signed (default: SPANLAB_TLS_CA, the config file)");
  app.add_option("--tls_cert", options.tls_cert,
                 "Client certificate (PEM file) for servers that require one "
                 "(default: SPANLAB_TLS_CERT, the config file)");
  app.add_option("--tls_key", options.tls_key,
                 "Private key (PEM file) of --tls_cert (default: "
                 "SPANLAB_TLS_KEY, the config file)");
  app.add_flag("--json", options.json, "Print JSON instead of text");
  app.add_option("--color", options.color, "Colour output: auto, always, never")
      ->check(CLI::IsMember({"auto", "always", "never"}));
  app.add_option("--timeout", options.timeout_seconds,
                 "Seconds each call may take; 0 for no limit (default 30)")
      ->check(CLI::NonNegativeNumber);
}

// "spanlab project create --help": where to look after a usage error, for
// the deepest subcommand the command line reached.
std::string HelpCommand(const CLI::App& app) {
  std::string command = app.get_name();
  const CLI::App* current = &app;
  while (true) {
    const std::vector<CLI::App*> chosen = current->get_subcommands();
    if (chosen.empty()) break;
    current = chosen.front();
    absl::StrAppend(&command, " ", current->get_name());
  }
  return absl::StrCat(command, " --help");
}

int Run(int argc, char** argv) {
  CLI::App app("Command-line client of the spanlab annotation server",
               "spanlab");
  app.set_version_flag("--version", SPANLAB_VERSION);
  // Global options may follow the subcommand: subcommands hand options they
  // do not know to their parent.
  app.fallthrough();
  GlobalOptions options;
  AddGlobalOptions(app, options);
  Action action;
  AddProjectCommands(app, &action);
  AddAdminCommands(app, &action);
  AddDocumentCommands(app, &action);
  AddAnnotationCommands(app, &action);
  AddSuggestionCommands(app, &action);
  AddAssignmentCommands(app, &action);
  AddAnnotateCommand(app, &action);
  AddReconcileCommand(app, &action);
  AddAnalysisCommands(app, &action);
  AddExportCommands(app, &action);
  AddOperationsCommands(app, &action);

  try {
    app.parse(argc, argv);
  } catch (const CLI::ParseError& error) {
    if (error.get_exit_code() == static_cast<int>(CLI::ExitCodes::Success)) {
      return app.exit(error);  // --help or --version
    }
    std::cerr << ErrorLine(UsageError(error.what()), HelpCommand(app)) << '\n';
    return kExitUsage;
  }

  if (!action) {
    // Only a group ("spanlab", "spanlab project") was named, not a command.
    std::cerr << ErrorLine(UsageError("no command given"), HelpCommand(app))
              << '\n';
    return kExitUsage;
  }
  Session session(options);
  const absl::Status status = action(session);
  if (!status.ok()) {
    std::cout.flush();
    std::cerr << ErrorLine(status, HelpCommand(app)) << '\n';
  }
  return ExitCode(status);
}

}  // namespace
}  // namespace spanlab::client

int main(int argc, char** argv) {
  try {
    return spanlab::client::Run(argc, argv);
  } catch (const std::exception& error) {
    // Nothing is expected to throw this far; if something does, report it
    // like any other failure rather than abort.
    std::cerr << "spanlab: error: internal error: "
              << spanlab::client::FoldToOneLine(error.what()) << '\n';
    return spanlab::client::kExitFailure;
  }
}
