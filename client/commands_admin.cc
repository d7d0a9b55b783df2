// annotator add | list | revoke, whoami.
#include <cstdint>
#include <map>
#include <memory>
#include <string>
#include <utility>
#include <vector>

#include "absl/strings/str_cat.h"
#include "absl/time/clock.h"
#include "absl/time/time.h"
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
  int64_t ttl_seconds = 0;
};

struct ListOptions {};

struct RevokeOptions {
  std::string id;
};

// Whether the annotator's token works, as of `now`.
std::string TokenStatus(const v1::Annotator& annotator, absl::Time now) {
  if (annotator.has_revoke_time()) {
    return "revoked " + FormatTimestamp(annotator.revoke_time());
  }
  if (!annotator.has_expire_time()) return "active";
  const absl::Time expiry =
      absl::FromUnixSeconds(annotator.expire_time().seconds());
  return (now >= expiry ? "expired " : "expires ") +
         FormatTimestamp(annotator.expire_time());
}

struct WhoAmIOptions {};

absl::Status RunAdd(Session& session, const AddOptions& options) {
  v1::CreateAnnotatorRequest request;
  v1::Annotator& annotator = *request.mutable_annotator();
  annotator.set_annotator_id(options.id);
  annotator.set_role(RolesByName().at(options.role));
  annotator.set_display_name(options.display_name);
  request.set_ttl_seconds(options.ttl_seconds);
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
                << "token: " << response.token() << '\n';
  if (response.annotator().has_expire_time()) {
    session.out() << "It expires "
                  << FormatTimestamp(response.annotator().expire_time())
                  << ".\n";
  }
  session.out() << "This token will not be shown again: store it now.\n";
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
  Table table({{"ID"}, {"ROLE"}, {"DISPLAY NAME"}, {"CREATED"}, {"TOKEN"}});
  const absl::Time now = absl::Now();
  for (const v1::Annotator& annotator : annotators) {
    table.AddRow({annotator.annotator_id(), RoleName(annotator.role()),
                  OneLine(annotator.display_name()),
                  FormatTimestamp(annotator.create_time()),
                  TokenStatus(annotator, now)});
  }
  session.out() << table.Render();
  return absl::OkStatus();
}

absl::Status RunRevoke(Session& session, const RevokeOptions& options) {
  absl::StatusOr<Connection*> connection = session.Connect();
  if (!connection.ok()) return connection.status();
  v1::RevokeAnnotatorRequest request;
  request.set_name("annotators/" + options.id);
  v1::Annotator annotator;
  if (absl::Status status = (*connection)
                                ->Call((*connection)->admin(),
                                       &v1::AdminService::Stub::RevokeAnnotator,
                                       request, &annotator);
      !status.ok()) {
    return status;
  }
  if (session.json()) {
    session.out() << DumpJson(MessageToJson(annotator)) << '\n';
    return absl::OkStatus();
  }
  session.out() << "revoked every token of " << annotator.annotator_id() << " ("
                << RoleName(annotator.role()) << ") at "
                << FormatTimestamp(annotator.revoke_time())
                << "; their annotations stay\n";
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
      {"token", TokenStatus(annotator, absl::Now())},
      {"server", (*connection)->server()},
  });
  return absl::OkStatus();
}

}  // namespace

void AddAdminCommands(CLI::App& app, Action* action) {
  CLI::App* annotator = app.add_subcommand(
      "annotator", "Create, list and revoke annotators (admin)");

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
  add->add_option("--ttl-seconds", add_options->ttl_seconds,
                  "Seconds until the token stops working (default: never)")
      ->check(CLI::Range(int64_t{1}, int64_t{3153600000}));
  BindAction(add, action, add_options, &RunAdd);

  CLI::App* list = annotator->add_subcommand("list", "List annotators");
  BindAction(list, action, std::make_shared<ListOptions>(), &RunList);

  auto revoke_options = std::make_shared<RevokeOptions>();
  CLI::App* revoke = annotator->add_subcommand(
      "revoke",
      "Revoke every token of an annotator at once; their annotations stay");
  revoke->add_option("ID", revoke_options->id, "Annotator id")->required();
  BindAction(revoke, action, revoke_options, &RunRevoke);

  CLI::App* whoami =
      app.add_subcommand("whoami", "Show who the token belongs to");
  BindAction(whoami, action, std::make_shared<WhoAmIOptions>(), &RunWhoAmI);
}

}  // namespace spanlab::client
