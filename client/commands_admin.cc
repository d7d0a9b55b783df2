// annotator add | list, whoami.
#include <map>
#include <memory>
#include <string>
#include <utility>
#include <vector>

#include "absl/strings/str_cat.h"
#include "client/commands.h"
#include "client/format.h"
#include "client/table.h"

namespace spanlab::client {
namespace {

const std::map<std::string, v1::Role>& RolesByName() {
  static const auto* roles = new std::map<std::string, v1::Role>{
      {"annotator", v1::ANNOTATOR},
      {"adjudicator", v1::ADJUDICATOR},
      {"admin", v1::ADMIN},
      {"model", v1::MODEL},
  };
  return *roles;
}

struct AddOptions {
  std::string id;
  std::string role;
  std::string display_name;
};

struct ListOptions {};

struct WhoAmIOptions {};

absl::Status RunAdd(Session& session, const AddOptions& options) {
  v1::CreateAnnotatorRequest request;
  v1::Annotator& annotator = *request.mutable_annotator();
  annotator.set_annotator_id(options.id);
  annotator.set_role(RolesByName().at(options.role));
  annotator.set_display_name(options.display_name);
  absl::StatusOr<Connection*> connection = session.Connect();
  if (!connection.ok()) return connection.status();
  v1::CreateAnnotatorResponse response;
  if (absl::Status status = (*connection)
                                ->Call((*connection)->admin(),
                                       &v1::AdminService::Stub::CreateAnnotator,
                                       request, &response);
      !status.ok()) {
    return status;
  }
  if (session.json()) {
    session.out() << DumpJson(MessageToJson(response)) << '\n';
    return absl::OkStatus();
  }
  session.out() << "created annotator " << response.annotator().annotator_id()
                << " (" << RoleName(response.annotator().role()) << ")\n"
                << "token: " << response.token() << '\n'
                << "This token will not be shown again: store it now.\n";
  return absl::OkStatus();
}

absl::Status RunList(Session& session, const ListOptions&) {
  absl::StatusOr<Connection*> connection = session.Connect();
  if (!connection.ok()) return connection.status();
  std::vector<v1::Annotator> annotators;
  v1::ListAnnotatorsRequest request;
  request.set_page_size(kListPageSize);
  do {
    v1::ListAnnotatorsResponse response;
    if (absl::Status status =
            (*connection)
                ->Call((*connection)->admin(),
                       &v1::AdminService::Stub::ListAnnotators, request,
                       &response);
        !status.ok()) {
      return status;
    }
    for (v1::Annotator& annotator : *response.mutable_annotators()) {
      annotators.push_back(std::move(annotator));
    }
    request.set_page_token(response.next_page_token());
  } while (!request.page_token().empty());

  if (session.json()) {
    nlohmann::ordered_json array = nlohmann::ordered_json::array();
    for (const v1::Annotator& annotator : annotators) {
      array.push_back(MessageToJson(annotator));
    }
    session.out() << DumpJson(array) << '\n';
    return absl::OkStatus();
  }
  Table table({{"ID"}, {"ROLE"}, {"DISPLAY NAME"}, {"CREATED"}});
  for (const v1::Annotator& annotator : annotators) {
    table.AddRow({annotator.annotator_id(), RoleName(annotator.role()),
                  OneLine(annotator.display_name()),
                  FormatTimestamp(annotator.create_time())});
  }
  session.out() << table.Render();
  return absl::OkStatus();
}

absl::Status RunWhoAmI(Session& session, const WhoAmIOptions&) {
  absl::StatusOr<Connection*> connection = session.Connect();
  if (!connection.ok()) return connection.status();
  v1::Annotator annotator;
  if (absl::Status status =
          (*connection)
              ->Call((*connection)->admin(), &v1::AdminService::Stub::WhoAmI,
                     v1::WhoAmIRequest(), &annotator);
      !status.ok()) {
    return status;
  }
  if (session.json()) {
    session.out() << DumpJson(MessageToJson(annotator)) << '\n';
    return absl::OkStatus();
  }
  session.out() << RenderFields({
      {"annotator", annotator.annotator_id()},
      {"role", RoleName(annotator.role())},
      {"display name", OneLine(annotator.display_name())},
      {"created", FormatTimestamp(annotator.create_time())},
      {"server", (*connection)->server()},
  });
  return absl::OkStatus();
}

}  // namespace

void AddAdminCommands(CLI::App& app, Action* action) {
  CLI::App* annotator =
      app.add_subcommand("annotator", "Create and list annotators (admin)");

  auto add_options = std::make_shared<AddOptions>();
  CLI::App* add = annotator->add_subcommand(
      "add", "Create an annotator and print its token, once");
  add->add_option("ID", add_options->id, "Annotator id")->required();
  std::vector<std::string> roles;
  for (const auto& [name, role] : RolesByName()) roles.push_back(name);
  add->add_option("--role", add_options->role, "Role of the annotator")
      ->required()
      ->check(CLI::IsMember(roles));
  add->add_option("--display-name", add_options->display_name,
                  "Human-readable name");
  BindAction(add, action, add_options, &RunAdd);

  CLI::App* list = annotator->add_subcommand("list", "List annotators");
  BindAction(list, action, std::make_shared<ListOptions>(), &RunList);

  CLI::App* whoami =
      app.add_subcommand("whoami", "Show who the token belongs to");
  BindAction(whoami, action, std::make_shared<WhoAmIOptions>(), &RunWhoAmI);
}

}  // namespace spanlab::client
