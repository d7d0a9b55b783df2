// Resource names and ids of the API (https://google.aip.dev/122).
//
// Parsers return INVALID_ARGUMENT naming the request field and the value.
#ifndef SPANLAB_SERVICE_NAMES_H_
#define SPANLAB_SERVICE_NAMES_H_

#include <cstdint>
#include <string>

#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"

namespace spanlab {

struct DocumentRef {
  std::string project;
  std::string document;
};

struct AnnotationRef {
  std::string project;
  std::string document;
  uint64_t id = 0;
};

// A client-supplied value quoted and escaped for an error message, cut to
// 80 bytes so a huge bad value cannot blow up the status.
std::string Quote(absl::string_view v);

// Id syntax checks; the message names `field`.
absl::Status ValidateProjectId(absl::string_view id, absl::string_view field);
absl::Status ValidateDocumentId(absl::string_view id, absl::string_view field);
absl::Status ValidateAnnotatorId(absl::string_view id, absl::string_view field);

// "projects/{project}" -> project id.
absl::StatusOr<std::string> ParseProjectName(absl::string_view name,
                                             absl::string_view field);
// "projects/{project}/documents/{document}".
absl::StatusOr<DocumentRef> ParseDocumentName(absl::string_view name,
                                              absl::string_view field);
// "projects/{project}/documents/{document}/annotations/{annotation}".
absl::StatusOr<AnnotationRef> ParseAnnotationName(absl::string_view name,
                                                  absl::string_view field);

// "annotators/{annotator}" -> annotator id.
absl::StatusOr<std::string> ParseAnnotatorName(absl::string_view name,
                                               absl::string_view field);

std::string ProjectName(absl::string_view project);
std::string DocumentName(absl::string_view project, absl::string_view document);
std::string AnnotationName(absl::string_view project,
                           absl::string_view document, uint64_t id);
std::string AnnotatorName(absl::string_view annotator);

}  // namespace spanlab

#endif  // SPANLAB_SERVICE_NAMES_H_
