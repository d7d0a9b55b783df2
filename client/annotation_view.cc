#include "client/annotation_view.h"

#include <algorithm>
#include <map>
#include <tuple>
#include <utility>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "client/ansi.h"
#include "client/format.h"
#include "client/table.h"

namespace spanlab::client {
namespace {

constexpr int kMaxTextWidth = 40;
constexpr int kMaxAttributesWidth = 60;

v1::AnnotationKind ToProtoKind(LayerKind kind) {
  switch (kind) {
    case LayerKind::kHuman:
      return v1::HUMAN;
    case LayerKind::kAutomatic:
      return v1::AUTOMATIC;
    case LayerKind::kGold:
      return v1::GOLD;
    case LayerKind::kAny:
      break;
  }
  return v1::ANNOTATION_KIND_UNSPECIFIED;
}

// "k=v, k=v" in key order: map fields have no order of their own.
std::string AttributeList(const v1::Annotation& annotation) {
  const std::map<std::string, std::string> sorted(
      annotation.attributes().begin(), annotation.attributes().end());
  return absl::StrJoin(sorted, ", ", absl::PairFormatter("="));
}

}  // namespace

std::string DocumentName(const std::string& project,
                         const std::string& document) {
  return absl::StrCat("projects/", project, "/documents/", document);
}

std::string AnnotationName(const std::string& project,
                           const std::string& document,
                           const std::string& annotation) {
  return absl::StrCat(DocumentName(project, document), "/annotations/",
                      annotation);
}

absl::StatusOr<std::vector<v1::Annotation>> ListAllAnnotations(
    Connection& connection, const std::string& document_name,
    const LayerSpec& layer, bool show_deleted) {
  v1::ListAnnotationsRequest request;
  request.set_page_size(kListPageSize);
  request.set_parent(document_name);
  request.set_kind(ToProtoKind(layer.kind));
  request.set_author(layer.author);
  request.set_show_deleted(show_deleted);
  if (layer.mine) {
    v1::Annotator me;
    if (absl::Status status =
            connection.Call(connection.admin(), &v1::AdminService::Stub::WhoAmI,
                            v1::WhoAmIRequest(), &me);
        !status.ok()) {
      return status;
    }
    request.set_author(me.annotator_id());
  }
  std::vector<v1::Annotation> annotations;
  do {
    v1::ListAnnotationsResponse response;
    if (absl::Status status = connection.Call(
            connection.annotations(),
            &v1::AnnotationService::Stub::ListAnnotations, request, &response);
        !status.ok()) {
      return status;
    }
    for (v1::Annotation& annotation : *response.mutable_annotations()) {
      annotations.push_back(std::move(annotation));
    }
    request.set_page_token(response.next_page_token());
  } while (!request.page_token().empty());
  SortByPosition(&annotations);
  return annotations;
}

void SortByPosition(std::vector<v1::Annotation>* annotations) {
  std::stable_sort(annotations->begin(), annotations->end(),
                   [](const v1::Annotation& a, const v1::Annotation& b) {
                     return std::forward_as_tuple(a.start(), b.end(),
                                                  a.name()) <
                            std::forward_as_tuple(b.start(), a.end(), b.name());
                   });
}

absl::StatusOr<LabelColors> FetchLabelColors(Connection& connection,
                                             const std::string& project_id) {
  v1::GetProjectRequest request;
  request.set_name(absl::StrCat("projects/", project_id));
  v1::Project project;
  if (absl::Status status = connection.Call(
          connection.projects(), &v1::ProjectService::Stub::GetProject, request,
          &project);
      !status.ok()) {
    return status;
  }
  LabelColors colors;
  for (const v1::LabelDefinition& label : project.schema().labels()) {
    colors[label.name()] =
        ParseHexColor(label.color()).value_or(kFallbackColor);
  }
  return colors;
}

std::vector<RenderSpan> ToRenderSpans(
    const std::vector<v1::Annotation>& annotations) {
  std::vector<RenderSpan> spans;
  spans.reserve(annotations.size());
  int number = 0;
  for (const v1::Annotation& annotation : annotations) {
    spans.push_back(
        {annotation.start(), annotation.end(), annotation.label(), ++number});
  }
  return spans;
}

std::string SpanTable(const std::vector<v1::Annotation>& annotations,
                      bool show_deleted, bool color,
                      const LabelColors& colors) {
  std::vector<Table::Column> columns = {{"#", Table::Align::kRight},
                                        {"ID"},
                                        {"START", Table::Align::kRight},
                                        {"END", Table::Align::kRight},
                                        {"LABEL"},
                                        {"KIND"},
                                        {"AUTHOR"},
                                        {"REV", Table::Align::kRight},
                                        {"TEXT"},
                                        {"ATTRIBUTES"}};
  if (show_deleted) columns.push_back({"DELETED"});
  Table table(std::move(columns));
  int number = 0;
  for (const v1::Annotation& annotation : annotations) {
    std::string label = annotation.label();
    if (color) label = Highlight(label, ColorOf(colors, label));
    table.AddRow(
        {absl::StrCat(++number), std::string(LastSegment(annotation.name())),
         absl::StrCat(annotation.start()), absl::StrCat(annotation.end()),
         label, KindName(annotation.kind()), annotation.author(),
         absl::StrCat(annotation.revision()),
         Truncate(OneLine(annotation.text()), kMaxTextWidth),
         Truncate(OneLine(AttributeList(annotation)), kMaxAttributesWidth),
         annotation.deleted() ? "yes" : ""});
  }
  return table.Render();
}

std::string DescribeAnnotation(const v1::Annotation& annotation) {
  return absl::StrCat(LastSegment(annotation.name()), " [", annotation.start(),
                      ",", annotation.end(), ") ", annotation.label(), " ",
                      Quote(annotation.text()));
}

}  // namespace spanlab::client
