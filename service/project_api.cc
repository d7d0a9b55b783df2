// Api: projects.
#include "absl/strings/str_cat.h"
#include "google/protobuf/util/time_util.h"
#include "service/api.h"
#include "service/names.h"
#include "service/permissions.h"
#include "service/validation.h"

namespace spanlab {

using google::protobuf::util::TimeUtil;

absl::StatusOr<int> Api::PageSize(int requested) const {
  if (requested < 0) {
    return absl::InvalidArgumentError(
        absl::StrCat("page_size=", requested, ": must be >= 0"));
  }
  if (requested == 0) return limits_.default_page_size;
  return std::min(requested, limits_.max_page_size);
}

absl::StatusOr<v1::Project> Api::CreateProject(
    const Principal& caller, const v1::CreateProjectRequest& r) {
  absl::Status s = RequireAdmin(caller, "CreateProject");
  if (!s.ok()) return s;
  v1::Project project = r.project();
  s = ValidateNewProject(&project);
  if (!s.ok()) return s;
  project.set_name(ProjectName(project.project_id()));
  *project.mutable_create_time() = TimeUtil::GetCurrentTime();
  project.set_document_count(0);
  s = store_->CreateProject(project, caller.annotator_id());
  if (!s.ok()) return s;
  return project;
}

absl::StatusOr<v1::Project> Api::GetProject(const Principal&,
                                            const v1::GetProjectRequest& r) {
  auto id = ParseProjectName(r.name(), "name");
  if (!id.ok()) return id.status();
  auto project = store_->GetProject(*id);
  if (!project.ok()) return project.status();
  return **project;
}

absl::StatusOr<v1::ListProjectsResponse> Api::ListProjects(
    const Principal&, const v1::ListProjectsRequest& r) {
  auto size = PageSize(r.page_size());
  if (!size.ok()) return size.status();
  auto page = store_->ListProjects(*size, r.page_token());
  if (!page.ok()) return page.status();
  v1::ListProjectsResponse out;
  for (auto& p : page->items) *out.add_projects() = std::move(p);
  out.set_next_page_token(page->next_page_token);
  return out;
}

}  // namespace spanlab
