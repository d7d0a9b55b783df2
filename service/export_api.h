// The dataset export and import operations of the spanlab API
// (ExportService in proto/spanlab/v1/export_service.proto), free of gRPC
// like Api: each takes the authenticated caller and returns an
// absl::Status that goes to the client unchanged. The file formats are
// service/export/; storing an imported document is dataset_import.h.
//
// Export holds two documents and their annotations in memory at a time,
// plus at most one chunk of output: a thread of its own lists the documents
// one at a time with their text and reads each one's annotations page by
// page, one document ahead of the call's thread, which formats them and
// sends the output in chunks of up to 1 MiB that may hold several
// documents. Offsets in every format are code points (see the proto) unless
// a Label Studio export asks for UTF-16 code units.
//
// Thread-safe. `store` must outlive the object.
#ifndef SPANLAB_SERVICE_EXPORT_API_H_
#define SPANLAB_SERVICE_EXPORT_API_H_

#include <functional>

#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "service/auth.h"
#include "service/call_limits.h"
#include "service/limits.h"
#include "spanlab/v1/export_service.pb.h"
#include "storage/store.h"

namespace spanlab {

class ExportApi {
 public:
  ExportApi(Store* store, const Limits& limits)
      : store_(store), limits_(limits) {}

  // Checks the request, then passes the export to `send` chunk by chunk
  // (export_api.cc). `send` returns false when the client has gone away;
  // the export then stops with CANCELLED. Errors found before the first
  // chunk mean nothing was sent.
  absl::Status Export(const Principal& caller, const v1::ExportRequest& r,
                      const std::function<bool(const v1::ExportChunk&)>& send);

  // Imports the file whose chunks `next` yields one at a time (false at the
  // end), record by record (import_api.cc). Fails as a whole only for the
  // reasons the proto names; problems with records are in the response.
  // When `ended` reports that the call ended, the stream was cut short: the
  // record being read is dropped (not stored in part) and that status is
  // returned; records stored before stay.
  absl::StatusOr<v1::ImportDatasetResponse> ImportDataset(
      const Principal& caller,
      const std::function<bool(v1::ImportChunk*)>& next,
      const CallCheck& ended = NeverEnded);

 private:
  Store* store_;
  Limits limits_;
};

}  // namespace spanlab

#endif  // SPANLAB_SERVICE_EXPORT_API_H_
