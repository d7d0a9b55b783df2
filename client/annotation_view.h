// Reading a document's annotations and showing them as a table; shared by
// the `show` and `annotations` commands.
#ifndef SPANLAB_CLIENT_ANNOTATION_VIEW_H_
#define SPANLAB_CLIENT_ANNOTATION_VIEW_H_

#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "client/connection.h"
#include "client/render.h"
#include "client/specs.h"
#include "spanlab/v1/resources.pb.h"

namespace spanlab::client {

// "projects/P/documents/D".
std::string DocumentName(const std::string& project,
                         const std::string& document);

// "projects/P/documents/D/annotations/A".
std::string AnnotationName(const std::string& project,
                           const std::string& document,
                           const std::string& annotation);

// Every annotation of document `document_name` in `layer`, all pages, in
// text order (see SortByPosition). A `mine` layer costs one extra call to
// learn the caller's id.
absl::StatusOr<std::vector<v1::Annotation>> ListAllAnnotations(
    Connection& connection, const std::string& document_name,
    const LayerSpec& layer, bool show_deleted);

// Sorts by start, then longer spans first, then creation (name) order: the
// order the span table numbers rows in.
void SortByPosition(std::vector<v1::Annotation>* annotations);

// The label colours of project `project_id`'s schema.
absl::StatusOr<LabelColors> FetchLabelColors(Connection& connection,
                                             const std::string& project_id);

// The spans to render, numbered as the rows of SpanTable.
std::vector<RenderSpan> ToRenderSpans(
    const std::vector<v1::Annotation>& annotations);

// A table of `annotations`, one row each, numbered from 1 in the given
// order. With `color`, label names get their colour. With `show_deleted`, a
// column marks tombstones.
std::string SpanTable(const std::vector<v1::Annotation>& annotations,
                      bool show_deleted, bool color, const LabelColors& colors);

// "ID [start,end) label "text"" for reporting one changed annotation.
std::string DescribeAnnotation(const v1::Annotation& annotation);

}  // namespace spanlab::client

#endif  // SPANLAB_CLIENT_ANNOTATION_VIEW_H_
