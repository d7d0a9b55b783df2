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
//   audit:        str(project) str(document) u64(sequence)
//   credentials:  'a' str(annotator)                         -> Annotator
//                 't' str(token hash)                        -> annotator id
//   assignments:  reserved for the assignment workflow.
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
std::string AnnotatorPrefix();
std::string Annotator(absl::string_view annotator);
std::string Token(absl::string_view token_hash);

}  // namespace spanlab::keys

#endif  // SPANLAB_STORAGE_KEYS_H_
