#include "service/export_formats.h"

#include "absl/strings/str_cat.h"

namespace spanlab {

absl::StatusOr<dataset::Format> DatasetFormatOf(v1::DatasetFormat format,
                                                absl::string_view field) {
  switch (format) {
    case v1::JSONL:
      return dataset::Format::kJsonl;
    case v1::CSV:
      return dataset::Format::kCsv;
    case v1::BRAT:
      return dataset::Format::kBrat;
    case v1::CONLL:
      return dataset::Format::kConll;
    case v1::LABELSTUDIO:
      return dataset::Format::kLabelStudio;
    default:
      return absl::InvalidArgumentError(absl::StrCat(
          field, "=", static_cast<int>(format),
          ": required, one of JSONL, CSV, BRAT, CONLL, LABELSTUDIO"));
  }
}

absl::StatusOr<dataset::Format> ImportFormatOf(v1::DatasetFormat format,
                                               absl::string_view field) {
  if (format == v1::JSONL || format == v1::LABELSTUDIO || format == v1::BRAT) {
    return DatasetFormatOf(format, field);
  }
  const std::string name = v1::DatasetFormat_IsValid(format)
                               ? v1::DatasetFormat_Name(format)
                               : absl::StrCat(static_cast<int>(format));
  return absl::InvalidArgumentError(
      absl::StrCat(field, "=", name,
                   ": import reads JSONL, LABELSTUDIO or BRAT (CSV and CONLL "
                   "leave out what an import needs)"));
}

absl::StatusOr<dataset::OffsetUnit> OffsetUnitOf(v1::OffsetUnit unit,
                                                 absl::string_view field) {
  switch (unit) {
    case v1::OFFSET_UNIT_UNSPECIFIED:
    case v1::CODE_POINTS:
      return dataset::OffsetUnit::kCodePoints;
    case v1::UTF16_CODE_UNITS:
      return dataset::OffsetUnit::kUtf16;
    default:
      return absl::InvalidArgumentError(absl::StrCat(
          field, "=", static_cast<int>(unit), ": not an OffsetUnit"));
  }
}

}  // namespace spanlab
