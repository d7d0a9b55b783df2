#include "service/names.h"

#include <algorithm>
#include <vector>

#include "absl/strings/ascii.h"
#include "absl/strings/escaping.h"
#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_split.h"

namespace spanlab {
namespace {

absl::Status BadId(absl::string_view field, absl::string_view id,
                   absl::string_view rule) {
  return absl::InvalidArgumentError(
      absl::StrCat(field, "=", Quote(id), ": ", rule));
}

bool IsLowerAlnum(char c) {
  return absl::ascii_islower(c) || absl::ascii_isdigit(c);
}

}  // namespace

std::string Quote(absl::string_view v) {
  constexpr size_t kMax = 80;
  if (v.size() <= kMax) return absl::StrCat("\"", absl::CEscape(v), "\"");
  return absl::StrCat("\"", absl::CEscape(v.substr(0, kMax)), "...\"");
}

absl::Status ValidateProjectId(absl::string_view id, absl::string_view field) {
  constexpr absl::string_view kRule =
      "must be 1 to 63 characters of a-z, 0-9 and '-', starting with a letter";
  if (id.empty() || id.size() > 63 || !absl::ascii_islower(id[0])) {
    return BadId(field, id, kRule);
  }
  for (char c : id) {
    if (!IsLowerAlnum(c) && c != '-') return BadId(field, id, kRule);
  }
  return absl::OkStatus();
}

absl::Status ValidateDocumentId(absl::string_view id, absl::string_view field) {
  constexpr absl::string_view kRule =
      "must be 1 to 128 characters of A-Z, a-z, 0-9, '.', '_' and '-', not "
      "starting with '.'";
  if (id.empty() || id.size() > 128 || id[0] == '.') {
    return BadId(field, id, kRule);
  }
  for (char c : id) {
    if (!absl::ascii_isalnum(c) && c != '.' && c != '_' && c != '-') {
      return BadId(field, id, kRule);
    }
  }
  return absl::OkStatus();
}

absl::Status ValidateAnnotatorId(absl::string_view id,
                                 absl::string_view field) {
  constexpr absl::string_view kRule =
      "must be 1 to 64 characters of a-z, 0-9, '_', '.' and '-', starting "
      "with a letter";
  if (id.empty() || id.size() > 64 || !absl::ascii_islower(id[0])) {
    return BadId(field, id, kRule);
  }
  for (char c : id) {
    if (!IsLowerAlnum(c) && c != '_' && c != '.' && c != '-') {
      return BadId(field, id, kRule);
    }
  }
  return absl::OkStatus();
}

absl::StatusOr<std::string> ParseProjectName(absl::string_view name,
                                             absl::string_view field) {
  std::vector<absl::string_view> parts = absl::StrSplit(name, '/');
  if (parts.size() != 2 || parts[0] != "projects") {
    return absl::InvalidArgumentError(absl::StrCat(
        field, "=", Quote(name), ": expected \"projects/{project}\""));
  }
  absl::Status s = ValidateProjectId(parts[1], field);
  if (!s.ok()) return s;
  return std::string(parts[1]);
}

absl::StatusOr<DocumentRef> ParseDocumentName(absl::string_view name,
                                              absl::string_view field) {
  std::vector<absl::string_view> parts = absl::StrSplit(name, '/');
  if (parts.size() != 4 || parts[0] != "projects" || parts[2] != "documents") {
    return absl::InvalidArgumentError(
        absl::StrCat(field, "=", Quote(name),
                     ": expected \"projects/{project}/documents/{document}\""));
  }
  absl::Status s = ValidateProjectId(parts[1], field);
  if (s.ok()) s = ValidateDocumentId(parts[3], field);
  if (!s.ok()) return s;
  return DocumentRef{std::string(parts[1]), std::string(parts[3])};
}

absl::StatusOr<AnnotationRef> ParseAnnotationName(absl::string_view name,
                                                  absl::string_view field) {
  std::vector<absl::string_view> parts = absl::StrSplit(name, '/');
  uint64_t id = 0;
  if (parts.size() != 6 || parts[0] != "projects" || parts[2] != "documents" ||
      parts[4] != "annotations" || parts[5].size() != 16 ||
      // Lower case only, as AnnotationName writes it, so that an
      // annotation has exactly one name (links store targets verbatim).
      !std::all_of(parts[5].begin(), parts[5].end(),
                   [](char c) {
                     return absl::ascii_isdigit(c) || (c >= 'a' && c <= 'f');
                   }) ||
      !absl::SimpleHexAtoi(parts[5], &id)) {
    return absl::InvalidArgumentError(absl::StrCat(
        field, "=", Quote(name),
        ": expected "
        "\"projects/{project}/documents/{document}/annotations/{16 hex "
        "digits, lower case}\""));
  }
  absl::Status s = ValidateProjectId(parts[1], field);
  if (s.ok()) s = ValidateDocumentId(parts[3], field);
  if (!s.ok()) return s;
  return AnnotationRef{std::string(parts[1]), std::string(parts[3]), id};
}

absl::StatusOr<std::string> ParseAnnotatorName(absl::string_view name,
                                               absl::string_view field) {
  std::vector<absl::string_view> parts = absl::StrSplit(name, '/');
  if (parts.size() != 2 || parts[0] != "annotators") {
    return absl::InvalidArgumentError(absl::StrCat(
        field, "=", Quote(name), ": expected \"annotators/{annotator}\""));
  }
  absl::Status s = ValidateAnnotatorId(parts[1], field);
  if (!s.ok()) return s;
  return std::string(parts[1]);
}

std::string ProjectName(absl::string_view project) {
  return absl::StrCat("projects/", project);
}

std::string DocumentName(absl::string_view project,
                         absl::string_view document) {
  return absl::StrCat("projects/", project, "/documents/", document);
}

std::string AnnotationName(absl::string_view project,
                           absl::string_view document, uint64_t id) {
  return absl::StrCat("projects/", project, "/documents/", document,
                      "/annotations/", absl::Hex(id, absl::kZeroPad16));
}

std::string AnnotatorName(absl::string_view annotator) {
  return absl::StrCat("annotators/", annotator);
}

}  // namespace spanlab
