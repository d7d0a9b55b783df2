// The dataset formats and Label Studio offset units as the command line
// spells them ("jsonl", "utf16"), mapped to the API's enums.
#ifndef SPANLAB_CLIENT_DATASET_FORMATS_H_
#define SPANLAB_CLIENT_DATASET_FORMATS_H_

#include <string>
#include <vector>

#include "absl/strings/string_view.h"
#include "spanlab/v1/export_service.pb.h"

namespace spanlab::client {

// "jsonl", "csv", "brat", "conll", "labelstudio": what export writes.
std::vector<std::string> DatasetFormatNames();
// "jsonl", "labelstudio", "brat": what import reads.
std::vector<std::string> ImportableFormatNames();

// The format named `name`; DATASET_FORMAT_UNSPECIFIED for other names.
v1::DatasetFormat DatasetFormatByName(absl::string_view name);

// "utf16" -> UTF16_CODE_UNITS; anything else CODE_POINTS.
v1::OffsetUnit OffsetUnitByName(absl::string_view name);

}  // namespace spanlab::client

#endif  // SPANLAB_CLIENT_DATASET_FORMATS_H_
