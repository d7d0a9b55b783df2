#include "client/labeler_backend.h"

#include <utility>

#include "absl/strings/str_cat.h"
#include "client/annotation_view.h"
#include "client/specs.h"

namespace spanlab::client {

LabelerSpan ToLabelerSpan(const v1::Annotation& annotation) {
  LabelerSpan span;
  span.name = annotation.name();
  span.start = annotation.start();
  span.end = annotation.end();
  span.label = annotation.label();
  span.attributes.insert(annotation.attributes().begin(),
                         annotation.attributes().end());
  span.note = annotation.note();
  span.revision = annotation.revision();
  span.author = annotation.author();
  span.model_version = annotation.model_version();
  span.score = annotation.score();
  return span;
}

LabelerBackend::LabelerBackend(Connection& connection, std::string project)
    : connection_(connection), project_(std::move(project)) {}

std::string LabelerBackend::DocumentName(const std::string& document_id) const {
  return client::DocumentName(project_, document_id);
}

absl::StatusOr<v1::Project> LabelerBackend::GetProject() {
  v1::GetProjectRequest request;
  request.set_name(absl::StrCat("projects/", project_));
  v1::Project project;
  if (absl::Status status = connection_.Call(
          connection_.projects(), &v1::ProjectService::Stub::GetProject,
          request, &project);
      !status.ok()) {
    return status;
  }
  return project;
}

absl::StatusOr<std::string> LabelerBackend::WhoAmI() {
  v1::Annotator me;
  if (absl::Status status =
          connection_.Call(connection_.admin(), &v1::AdminService::Stub::WhoAmI,
                           v1::WhoAmIRequest(), &me);
      !status.ok()) {
    return status;
  }
  me_ = me.annotator_id();
  return me_;
}

absl::StatusOr<v1::NextDocumentResponse> LabelerBackend::NextDocument() {
  v1::NextDocumentRequest request;
  request.set_parent(absl::StrCat("projects/", project_));
  v1::NextDocumentResponse response;
  if (absl::Status status = connection_.Call(
          connection_.assignments(), &v1::AssignmentService::Stub::NextDocument,
          request, &response);
      !status.ok()) {
    return status;
  }
  return response;
}

absl::Status LabelerBackend::FinishDocument(const std::string& document_id) {
  v1::FinishDocumentRequest request;
  request.set_name(DocumentName(document_id));
  v1::DocumentAssignment assignment;
  return connection_.Call(connection_.assignments(),
                          &v1::AssignmentService::Stub::FinishDocument, request,
                          &assignment);
}

absl::Status LabelerBackend::SkipDocument(const std::string& document_id) {
  v1::SkipDocumentRequest request;
  request.set_name(DocumentName(document_id));
  v1::DocumentAssignment assignment;
  return connection_.Call(connection_.assignments(),
                          &v1::AssignmentService::Stub::SkipDocument, request,
                          &assignment);
}

absl::StatusOr<Layers> LabelerBackend::ListLayers(
    const std::string& document_id) {
  if (me_.empty()) {
    if (absl::StatusOr<std::string> me = WhoAmI(); !me.ok()) {
      return me.status();
    }
  }
  const std::string name = DocumentName(document_id);
  LayerSpec mine;
  mine.kind = LayerKind::kHuman;
  mine.author = me_;
  absl::StatusOr<std::vector<v1::Annotation>> human =
      ListAllAnnotations(connection_, name, mine, /*show_deleted=*/false);
  if (!human.ok()) return human.status();
  LayerSpec automatic;
  automatic.kind = LayerKind::kAutomatic;
  // Suggestions the caller accepted or rejected are left out by default.
  absl::StatusOr<std::vector<v1::Annotation>> suggestions =
      ListAllAnnotations(connection_, name, automatic, /*show_deleted=*/false);
  if (!suggestions.ok()) return suggestions.status();
  Layers layers;
  for (const v1::Annotation& a : *human) {
    layers.mine.push_back(ToLabelerSpan(a));
  }
  for (const v1::Annotation& a : *suggestions) {
    layers.suggestions.push_back(ToLabelerSpan(a));
  }
  return layers;
}

absl::StatusOr<LabelerSpan> LabelerBackend::Create(
    const std::string& document_id, const LabelerSpan& span) {
  v1::CreateAnnotationRequest request;
  request.set_parent(DocumentName(document_id));
  v1::Annotation& annotation = *request.mutable_annotation();
  annotation.set_start(span.start);
  annotation.set_end(span.end);
  annotation.set_label(span.label);
  annotation.mutable_attributes()->insert(span.attributes.begin(),
                                          span.attributes.end());
  annotation.set_note(span.note);
  v1::Annotation created;
  if (absl::Status status = connection_.Call(
          connection_.annotations(),
          &v1::AnnotationService::Stub::CreateAnnotation, request, &created);
      !status.ok()) {
    return status;
  }
  return ToLabelerSpan(created);
}

absl::StatusOr<LabelerSpan> LabelerBackend::Delete(const LabelerSpan& span) {
  v1::DeleteAnnotationRequest request;
  request.set_name(span.name);
  request.set_revision(span.revision);
  v1::Annotation deleted;
  if (absl::Status status = connection_.Call(
          connection_.annotations(),
          &v1::AnnotationService::Stub::DeleteAnnotation, request, &deleted);
      !status.ok()) {
    return status;
  }
  return ToLabelerSpan(deleted);
}

absl::StatusOr<LabelerSpan> LabelerBackend::Relabel(
    const LabelerSpan& span, const std::string& label,
    const std::map<std::string, std::string>& attributes) {
  v1::UpdateAnnotationRequest request;
  v1::Annotation& annotation = *request.mutable_annotation();
  annotation.set_name(span.name);
  annotation.set_revision(span.revision);
  annotation.set_label(label);
  annotation.mutable_attributes()->insert(attributes.begin(), attributes.end());
  request.mutable_update_mask()->add_paths("label");
  request.mutable_update_mask()->add_paths("attributes");
  v1::Annotation updated;
  if (absl::Status status = connection_.Call(
          connection_.annotations(),
          &v1::AnnotationService::Stub::UpdateAnnotation, request, &updated);
      !status.ok()) {
    return status;
  }
  return ToLabelerSpan(updated);
}

absl::StatusOr<LabelerSpan> LabelerBackend::Accept(
    const LabelerSpan& suggestion) {
  v1::AcceptSuggestionRequest request;
  request.set_name(suggestion.name);
  v1::Annotation copy;
  if (absl::Status status = connection_.Call(
          connection_.annotations(),
          &v1::AnnotationService::Stub::AcceptSuggestion, request, &copy);
      !status.ok()) {
    return status;
  }
  return ToLabelerSpan(copy);
}

absl::Status LabelerBackend::Reject(const LabelerSpan& suggestion) {
  v1::RejectSuggestionRequest request;
  request.set_name(suggestion.name);
  v1::RejectSuggestionResponse response;
  return connection_.Call(connection_.annotations(),
                          &v1::AnnotationService::Stub::RejectSuggestion,
                          request, &response);
}

}  // namespace spanlab::client
