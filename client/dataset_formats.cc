#include "client/dataset_formats.h"

namespace spanlab::client {

std::vector<std::string> DatasetFormatNames() {
  return {"jsonl", "csv", "brat", "conll", "labelstudio"};
}

std::vector<std::string> ImportableFormatNames() {
  return {"jsonl", "labelstudio", "brat"};
}

v1::DatasetFormat DatasetFormatByName(absl::string_view name) {
  if (name == "jsonl") return v1::JSONL;
  if (name == "csv") return v1::CSV;
  if (name == "brat") return v1::BRAT;
  if (name == "conll") return v1::CONLL;
  if (name == "labelstudio") return v1::LABELSTUDIO;
  return v1::DATASET_FORMAT_UNSPECIFIED;
}

v1::OffsetUnit OffsetUnitByName(absl::string_view name) {
  return name == "utf16" ? v1::UTF16_CODE_UNITS : v1::CODE_POINTS;
}

}  // namespace spanlab::client
