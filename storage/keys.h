// Key layouts of every column family of the RocksDB store.
//
// Column families and their keys (components encoded by key_encoding.h, so
// byte order is scan order):
//   projects:     str(project)
//   documents:    str(project) str(document)
//   annotations:  str(project) str(document) u64(annotation id)
//   indexes:      'h' str(project) str(content hash)        -> document id
//                 'l' str(project) str(document) u8(kind) str(layer author)
//                     u64(annotation id)                     -> empty
//                 'x' str(project) str(document) str(annotator)
//                     u64(suggestion id)                     -> decision
//                     (one byte, SuggestionDecision; one prefix scan
//                      without the annotator reads every annotator's
//                      decisions on a document)
//                 'r' str(project) str(document) str(item id)
//                     -> ItemResolution (a resolved reconciliation item;
//                        one prefix scan reads a document's resolutions)
//                 's'                                        -> u64 sequence
//                     floor (merged by max; see sequence_floor.h)
//   audit:        str(project) str(document) u64(sequence)
//                 (document "" holds project-level events)
//   credentials:  'a' str(annotator)                         -> Annotator
//                 't' str(token hash)                        -> annotator id
//   assignments:  'd' str(project) str(document)            ->
//   DocumentAssignment
//                 'c' str(project) str(annotator)           -> document id
//                     (the annotator's current assignment)
#ifndef SPANLAB_STORAGE_KEYS_H_
#define SPANLAB_STORAGE_KEYS_H_

#include <cstdint>
#include <string>

#include "absl/strings/string_view.h"

namespace spanlab::keys {

std::string Project(absl::string_view project);
std::string DocumentPrefix(absl::string_view project);
std::string Document(absl::string_view project, absl::string_view document);
std::string AnnotationPrefix(absl::string_view project,
                             absl::string_view document);
std::string Annotation(absl::string_view project, absl::string_view document,
                       uint64_t id);
std::string ContentHash(absl::string_view project, absl::string_view hash);
std::string LayerPrefix(absl::string_view project, absl::string_view document,
                        int kind, absl::string_view layer_author);
std::string LayerEntry(absl::string_view project, absl::string_view document,
                       int kind, absl::string_view layer_author, uint64_t id);
std::string AuditPrefix(absl::string_view project, absl::string_view document);
std::string Audit(absl::string_view project, absl::string_view document,
                  uint64_t sequence);
std::string DocumentDecisionPrefix(absl::string_view project,
                                   absl::string_view document);
std::string DecisionPrefix(absl::string_view project,
                           absl::string_view document,
                           absl::string_view annotator);
std::string Decision(absl::string_view project, absl::string_view document,
                     absl::string_view annotator, uint64_t suggestion_id);
std::string ResolutionPrefix(absl::string_view project,
                             absl::string_view document);
std::string Resolution(absl::string_view project, absl::string_view document,
                       absl::string_view item_id);
// The one key of the sequence floor (sequence_floor.h).
std::string SequenceFloor();
std::string AssignmentPrefix(absl::string_view project);
std::string Assignment(absl::string_view project, absl::string_view document);
std::string CurrentAssignment(absl::string_view project,
                              absl::string_view annotator);
std::string AnnotatorPrefix();
std::string Annotator(absl::string_view annotator);
std::string TokenPrefix();
std::string Token(absl::string_view token_hash);

}  // namespace spanlab::keys

#endif  // SPANLAB_STORAGE_KEYS_H_
