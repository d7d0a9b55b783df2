// Size limits the server enforces on requests. Read from flags in main and
// passed down; defaults are safe for a public-facing server.
#ifndef SPANLAB_SERVICE_LIMITS_H_
#define SPANLAB_SERVICE_LIMITS_H_

#include <cstdint>

namespace spanlab {

struct Limits {
  // Largest document text, in bytes.
  int64_t max_document_bytes = 16 << 20;
  // Most annotations in one BulkWriteAnnotations message.
  int max_annotations_per_message = 10000;
  // Largest page a List call returns; larger page_size values are clamped.
  int max_page_size = 1000;
  // Page size when the request gives 0.
  int default_page_size = 100;
  // Most live annotations in one layer of one document.
  int max_spans_per_layer = 100000;
  // Most streaming calls (imports, bulk writes, exports) running at once in
  // the server, and most calls open at once on one connection.
  int max_concurrent_streams = 100;
};

}  // namespace spanlab

#endif  // SPANLAB_SERVICE_LIMITS_H_
