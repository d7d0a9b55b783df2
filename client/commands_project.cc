// project create | list | show.
#include <memory>
#include <string>
#include <utility>
#include <vector>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "client/ansi.h"
#include "client/commands.h"
#include "client/files.h"
#include "client/format.h"
#include "client/render.h"
#include "client/table.h"
#include "service/text/utf8.h"

namespace spanlab::client {
namespace {

constexpr int kMaxDescriptionWidth = 60;

struct CreateOptions {
  std::string id;
  std::string title;
  int overlap = 0;
  std::string guidelines_file;
  std::string preset;
};

struct ShowOptions {
  std::string id;
};

struct ListOptions {};

// The schema's labels as a table; with colour, each name gets a swatch.
std::string LabelTable(const v1::LabelSchema& schema, bool color) {
  Table table(
      {{"LABEL"}, {"COLOR"}, {"HOTKEY"}, {"ATTRIBUTES"}, {"DESCRIPTION"}});
  for (const v1::LabelDefinition& label : schema.labels()) {
    std::string name = label.name();
    if (color) {
      name = absl::StrCat(
          Swatch(ParseHexColor(label.color()).value_or(kFallbackColor)), " ",
          name);
    }
    table.AddRow(
        {name, label.color(), OneLine(label.hotkey()),
         absl::StrJoin(label.allowed_attributes(), ", "),
         Truncate(OneLine(label.description()), kMaxDescriptionWidth)});
  }
  return table.Render();
}

void PrintProject(Session& session, const v1::Project& project) {
  if (session.json()) {
    session.out() << DumpJson(MessageToJson(project)) << '\n';
    return;
  }
  const v1::LabelSchema& schema = project.schema();
  std::string schema_summary = absl::StrCat(schema.labels_size(), " labels");
  if (!schema.preset().empty()) {
    schema_summary = absl::StrCat(schema.preset(), " (", schema_summary, ")");
  }
  const std::string guidelines =
      project.guidelines().empty()
          ? ""
          : absl::StrCat(project.guidelines().size(), " bytes");
  session.out() << RenderFields({
      {"project", project.project_id()},
      {"title", OneLine(project.display_name())},
      {"overlap", absl::StrCat(project.overlap())},
      {"documents", absl::StrCat(project.document_count())},
      {"created", FormatTimestamp(project.create_time())},
      {"schema", schema_summary},
      {"link types", absl::StrJoin(schema.link_types(), ", ")},
      {"guidelines", guidelines},
  });
  if (schema.labels_size() > 0) {
    session.out() << '\n' << LabelTable(schema, session.color());
  }
}

absl::Status RunCreate(Session& session, const CreateOptions& options) {
  v1::CreateProjectRequest request;
  v1::Project& project = *request.mutable_project();
  project.set_project_id(options.id);
  project.set_display_name(options.title);
  project.set_overlap(options.overlap);
  if (!options.preset.empty()) {
    project.mutable_schema()->set_preset(options.preset);
  }
  if (!options.guidelines_file.empty()) {
    absl::StatusOr<std::string> guidelines =
        ReadFileBytes(options.guidelines_file);
    if (!guidelines.ok()) return guidelines.status();
    if (absl::Status status =
            ValidateUtf8(*guidelines, options.guidelines_file);
        !status.ok()) {
      return status;
    }
    project.set_guidelines(*std::move(guidelines));
  }
  absl::StatusOr<Connection*> connection = session.Connect();
  if (!connection.ok()) return connection.status();
  v1::Project created;
  if (absl::Status status = (*connection)
                                ->Call((*connection)->projects(),
                                       &v1::ProjectService::Stub::CreateProject,
                                       request, &created);
      !status.ok()) {
    return status;
  }
  PrintProject(session, created);
  return absl::OkStatus();
}

absl::Status RunList(Session& session, const ListOptions&) {
  absl::StatusOr<Connection*> connection = session.Connect();
  if (!connection.ok()) return connection.status();
  std::vector<v1::Project> projects;
  v1::ListProjectsRequest request;
  request.set_page_size(kListPageSize);
  do {
    v1::ListProjectsResponse response;
    if (absl::Status status =
            (*connection)
                ->Call((*connection)->projects(),
                       &v1::ProjectService::Stub::ListProjects, request,
                       &response);
        !status.ok()) {
      return status;
    }
    for (v1::Project& project : *response.mutable_projects()) {
      projects.push_back(std::move(project));
    }
    request.set_page_token(response.next_page_token());
  } while (!request.page_token().empty());

  if (session.json()) {
    nlohmann::ordered_json array = nlohmann::ordered_json::array();
    for (const v1::Project& project : projects) {
      array.push_back(MessageToJson(project));
    }
    session.out() << DumpJson(array) << '\n';
    return absl::OkStatus();
  }
  Table table({{"ID"},
               {"TITLE"},
               {"OVERLAP", Table::Align::kRight},
               {"DOCUMENTS", Table::Align::kRight},
               {"LABELS", Table::Align::kRight}});
  for (const v1::Project& project : projects) {
    table.AddRow({project.project_id(), OneLine(project.display_name()),
                  absl::StrCat(project.overlap()),
                  absl::StrCat(project.document_count()),
                  absl::StrCat(project.schema().labels_size())});
  }
  session.out() << table.Render();
  return absl::OkStatus();
}

absl::Status RunShow(Session& session, const ShowOptions& options) {
  absl::StatusOr<Connection*> connection = session.Connect();
  if (!connection.ok()) return connection.status();
  v1::GetProjectRequest request;
  request.set_name(absl::StrCat("projects/", options.id));
  v1::Project project;
  if (absl::Status status =
          (*connection)
              ->Call((*connection)->projects(),
                     &v1::ProjectService::Stub::GetProject, request, &project);
      !status.ok()) {
    return status;
  }
  PrintProject(session, project);
  return absl::OkStatus();
}

}  // namespace

void AddProjectCommands(CLI::App& app, Action* action) {
  CLI::App* project = app.add_subcommand("project", "Create and list projects");

  auto create_options = std::make_shared<CreateOptions>();
  CLI::App* create = project->add_subcommand("create", "Create a project");
  create->add_option("ID", create_options->id, "Project id")->required();
  create->add_option("--title", create_options->title, "Human-readable title");
  create
      ->add_option("--overlap", create_options->overlap,
                   "Annotators per document (default: the server's, 2)")
      ->check(CLI::Range(1, 64));
  create->add_option("--guidelines", create_options->guidelines_file,
                     "Markdown file with the annotation guidelines");
  create->add_option("--preset", create_options->preset,
                     "Label schema preset (default: the server's)");
  BindAction(create, action, create_options, &RunCreate);

  CLI::App* list = project->add_subcommand("list", "List projects");
  BindAction(list, action, std::make_shared<ListOptions>(), &RunList);

  auto show_options = std::make_shared<ShowOptions>();
  CLI::App* show =
      project->add_subcommand("show", "Show a project and its label schema");
  show->add_option("ID", show_options->id, "Project id")->required();
  BindAction(show, action, show_options, &RunShow);
}

}  // namespace spanlab::client
