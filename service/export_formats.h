// The API's dataset enums (export_service.proto) mapped to the format
// library's (service/export/dataset.h), with INVALID_ARGUMENT naming the
// request field for values a request may not use.
#ifndef SPANLAB_SERVICE_EXPORT_FORMATS_H_
#define SPANLAB_SERVICE_EXPORT_FORMATS_H_

#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"
#include "service/export/dataset.h"
#include "spanlab/v1/export_service.pb.h"

namespace spanlab {

// Any format; INVALID_ARGUMENT for UNSPECIFIED or an unknown number.
absl::StatusOr<dataset::Format> DatasetFormatOf(v1::DatasetFormat format,
                                                absl::string_view field);

// The formats ImportDataset reads: JSONL, LABELSTUDIO and BRAT.
absl::StatusOr<dataset::Format> ImportFormatOf(v1::DatasetFormat format,
                                               absl::string_view field);

// UNSPECIFIED means code points; INVALID_ARGUMENT for an unknown number.
absl::StatusOr<dataset::OffsetUnit> OffsetUnitOf(v1::OffsetUnit unit,
                                                 absl::string_view field);

}  // namespace spanlab

#endif  // SPANLAB_SERVICE_EXPORT_FORMATS_H_
