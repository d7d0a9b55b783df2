// NewFormatWriter: the one place that maps a format to its writer.
#include <utility>

#include "service/export/brat.h"
#include "service/export/conll.h"
#include "service/export/csv.h"
#include "service/export/dataset.h"
#include "service/export/jsonl.h"
#include "service/export/labelstudio.h"

namespace spanlab::dataset {

std::unique_ptr<FormatWriter> NewFormatWriter(Format format,
                                              ExportOptions options) {
  switch (format) {
    case Format::kJsonl:
      return NewJsonlWriter(std::move(options));
    case Format::kCsv:
      return NewCsvWriter(std::move(options));
    case Format::kBrat:
      return NewBratWriter(std::move(options));
    case Format::kConll:
      return NewConllWriter(std::move(options));
    case Format::kLabelStudio:
      return NewLabelStudioWriter(std::move(options));
  }
  return nullptr;
}

}  // namespace spanlab::dataset
