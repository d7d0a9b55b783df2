// Fuzzes the JSON lines importer (service/export/jsonl.h) with whole
// files as a client would stream them.
//
// Beyond "does not crash" it checks (import_checks.h): reading the file
// whole and one byte at a time gives the same documents and issues; every
// span an import would store lies within its text in code points; and the
// records an import would store, exported as JSON lines and imported
// again, come back unchanged, with the second export byte for byte equal
// to the first.
#include <cstddef>
#include <cstdint>
#include <string>

#include "service/export/dataset.h"
#include "tests/fuzz/import_checks.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  spanlab::fuzz::CheckImport(
      spanlab::dataset::Format::kJsonl,
      spanlab::dataset::OffsetUnit::kCodePoints,
      {{"fuzz.jsonl", std::string(reinterpret_cast<const char*>(data), size)}});
  return 0;
}
