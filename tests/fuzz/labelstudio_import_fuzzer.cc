// Fuzzes the Label Studio importer (service/export/labelstudio.h): the
// input is one JSON file (an array of tasks), read once with code-point
// offsets and once with UTF-16 offsets, the two units an import accepts.
//
// Beyond "does not crash" it checks, for each unit (import_checks.h):
// reading the file whole and one byte at a time gives the same tasks and
// issues; every span an import would store lies within its text in code
// points; and the records an import would store, exported as Label Studio
// JSON in the same unit and imported again, come back unchanged, with the
// second export byte for byte equal to the first.
#include <cstddef>
#include <cstdint>
#include <string>

#include "service/export/dataset.h"
#include "tests/fuzz/import_checks.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  using spanlab::dataset::OffsetUnit;
  const std::string file(reinterpret_cast<const char*>(data), size);
  for (OffsetUnit unit : {OffsetUnit::kCodePoints, OffsetUnit::kUtf16}) {
    spanlab::fuzz::CheckImport(spanlab::dataset::Format::kLabelStudio, unit,
                               {{"fuzz.json", file}});
  }
  return 0;
}
