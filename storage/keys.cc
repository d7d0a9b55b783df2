#include "storage/keys.h"

#include "storage/key_encoding.h"

namespace spanlab::keys {

std::string Project(absl::string_view project) {
  std::string k;
  AppendString(&k, project);
  return k;
}

std::string DocumentPrefix(absl::string_view project) {
  return Project(project);
}

std::string Document(absl::string_view project, absl::string_view document) {
  std::string k = Project(project);
  AppendString(&k, document);
  return k;
}

std::string AnnotationPrefix(absl::string_view project,
                             absl::string_view document) {
  return Document(project, document);
}

std::string Annotation(absl::string_view project, absl::string_view document,
                       uint64_t id) {
  std::string k = Document(project, document);
  AppendUint64(&k, id);
  return k;
}

std::string ContentHash(absl::string_view project, absl::string_view hash) {
  std::string k;
  AppendByte(&k, 'h');
  AppendString(&k, project);
  AppendString(&k, hash);
  return k;
}

std::string LayerPrefix(absl::string_view project, absl::string_view document,
                        int kind, absl::string_view layer_author) {
  std::string k;
  AppendByte(&k, 'l');
  AppendString(&k, project);
  AppendString(&k, document);
  AppendByte(&k, static_cast<uint8_t>(kind));
  AppendString(&k, layer_author);
  return k;
}

std::string LayerEntry(absl::string_view project, absl::string_view document,
                       int kind, absl::string_view layer_author, uint64_t id) {
  std::string k = LayerPrefix(project, document, kind, layer_author);
  AppendUint64(&k, id);
  return k;
}

std::string AuditPrefix(absl::string_view project, absl::string_view document) {
  return Document(project, document);
}

std::string Audit(absl::string_view project, absl::string_view document,
                  uint64_t sequence) {
  std::string k = Document(project, document);
  AppendUint64(&k, sequence);
  return k;
}

std::string DocumentDecisionPrefix(absl::string_view project,
                                   absl::string_view document) {
  std::string k;
  AppendByte(&k, 'x');
  AppendString(&k, project);
  AppendString(&k, document);
  return k;
}

std::string DecisionPrefix(absl::string_view project,
                           absl::string_view document,
                           absl::string_view annotator) {
  std::string k = DocumentDecisionPrefix(project, document);
  AppendString(&k, annotator);
  return k;
}

std::string Decision(absl::string_view project, absl::string_view document,
                     absl::string_view annotator, uint64_t suggestion_id) {
  std::string k = DecisionPrefix(project, document, annotator);
  AppendUint64(&k, suggestion_id);
  return k;
}

std::string ResolutionPrefix(absl::string_view project,
                             absl::string_view document) {
  std::string k;
  AppendByte(&k, 'r');
  AppendString(&k, project);
  AppendString(&k, document);
  return k;
}

std::string Resolution(absl::string_view project, absl::string_view document,
                       absl::string_view item_id) {
  std::string k = ResolutionPrefix(project, document);
  AppendString(&k, item_id);
  return k;
}

std::string SequenceFloor() {
  std::string k;
  AppendByte(&k, 's');
  return k;
}

std::string AssignmentPrefix(absl::string_view project) {
  std::string k;
  AppendByte(&k, 'd');
  AppendString(&k, project);
  return k;
}

std::string Assignment(absl::string_view project, absl::string_view document) {
  std::string k = AssignmentPrefix(project);
  AppendString(&k, document);
  return k;
}

std::string CurrentAssignment(absl::string_view project,
                              absl::string_view annotator) {
  std::string k;
  AppendByte(&k, 'c');
  AppendString(&k, project);
  AppendString(&k, annotator);
  return k;
}

std::string AnnotatorPrefix() { return "a"; }

std::string Annotator(absl::string_view annotator) {
  std::string k = AnnotatorPrefix();
  AppendString(&k, annotator);
  return k;
}

std::string TokenPrefix() { return "t"; }

std::string Token(absl::string_view token_hash) {
  std::string k = TokenPrefix();
  AppendString(&k, token_hash);
  return k;
}

}  // namespace spanlab::keys
