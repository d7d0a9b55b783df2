// CSV: one row per span, for spreadsheets and data frames.
//
//   document_id,start,end,label,text,attributes,author,kind,score,model_version
//
// Offsets: `start`/`end` count Unicode code points of the document text,
// half-open. `attributes` is the span's attributes as a JSON object (keys
// sorted, {} for none); `score` and `model_version` are empty except for
// automatic spans. When the export includes deleted annotations a last
// column `deleted` holds "true" or "false". Rows follow the document order
// of the export and, within a document, SortSpans order.
//
// Quoting follows RFC 4180: every line, the header included, ends with
// CRLF; a field containing a comma, a double quote, CR or LF is enclosed in
// double quotes and its double quotes are doubled. The bytes are UTF-8
// without a byte order mark. Export only.
#ifndef SPANLAB_SERVICE_EXPORT_CSV_H_
#define SPANLAB_SERVICE_EXPORT_CSV_H_

#include <memory>
#include <string>

#include "absl/strings/string_view.h"
#include "service/export/dataset.h"

namespace spanlab::dataset {

inline constexpr absl::string_view kCsvFileName = "export.csv";

std::unique_ptr<FormatWriter> NewCsvWriter(ExportOptions options);

// `field` as one RFC 4180 field: quoted when it needs to be.
std::string CsvField(absl::string_view field);

}  // namespace spanlab::dataset

#endif  // SPANLAB_SERVICE_EXPORT_CSV_H_
