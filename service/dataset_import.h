// Stores the documents an ImportDataset call reads, one at a time, all or
// nothing per document, and records the outcome in the response.
//
// For each parsed document: the document fields and text are checked like
// CreateDocument's, every span like CreateAnnotation's (offsets in range,
// no white space at the ends, label in the schema, attributes allowed,
// UTF-8, score, model version), author ids for syntax, links for their
// type and target, and spans of one human or gold layer for overlaps, among
// themselves and with what the layer already holds. Only if all of that
// passes is anything written: the document (unless it exists with the same
// text) and then all its new annotations in one DocumentTransaction.
// Annotations stored identically already are left alone, so an import can
// be repeated. A span without kind is HUMAN, without author the caller's.
//
// Not thread-safe; one per call. `store` must outlive it.
#ifndef SPANLAB_SERVICE_DATASET_IMPORT_H_
#define SPANLAB_SERVICE_DATASET_IMPORT_H_

#include <string>
#include <vector>

#include "absl/status/status.h"
#include "service/auth.h"
#include "service/export/dataset.h"
#include "service/limits.h"
#include "service/text/utf8.h"
#include "spanlab/v1/export_service.pb.h"
#include "storage/store.h"

namespace spanlab {

// Errors listed in a response; more are only counted.
inline constexpr int kMaxImportErrors = 1000;

class DatasetImporter {
 public:
  DatasetImporter(Store* store, const Limits& limits, const Principal& caller,
                  std::string project_id, v1::LabelSchema schema,
                  v1::ImportDatasetResponse* response);

  // Imports `doc` (or records why not).
  void Import(dataset::ParsedDocument doc);

  // Records a problem that belongs to no document.
  void AddIssue(const dataset::ImportIssue& issue);

 private:
  // An error for the response, with `where` and the document id.
  void AddError(const dataset::RecordLocation& where,
                const std::string& document_id, const absl::Status& status);

  // Checks and completes every span; false (with errors added) if any is
  // invalid. Fills `*annotations` in the order of doc.spans.
  bool CheckSpans(const dataset::ParsedDocument& doc, const Utf8Index& text,
                  std::vector<v1::Annotation>* annotations);

  // Stores the document's annotations in one transaction. OK or the first
  // problem, with `*at` set to the span it concerns (null for none).
  absl::Status StoreAnnotations(const dataset::ParsedDocument& doc,
                                std::vector<v1::Annotation> annotations,
                                const dataset::ImportedSpan** at);

  Store* store_;
  Limits limits_;
  const Principal& caller_;
  std::string project_;
  v1::LabelSchema schema_;
  v1::ImportDatasetResponse* response_;
};

}  // namespace spanlab

#endif  // SPANLAB_SERVICE_DATASET_IMPORT_H_
