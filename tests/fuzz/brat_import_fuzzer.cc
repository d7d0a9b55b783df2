// Fuzzes the brat importer (service/export/brat.h) with one document: the
// input is the bytes of doc.txt, then a NUL byte, then the bytes of
// doc.ann (no NUL: a .txt without .ann). Both are streamed as an import
// would receive them, so the file handling of ImportStream is covered too.
//
// Beyond "does not crash" it checks (import_checks.h): reading the files
// whole and one byte at a time gives the same document and issues; every
// span an import would store lies within the text in code points (brat's
// fragments included); and the document an import would store, exported
// as brat and imported again, comes back with the same spans, with the
// second export byte for byte equal to the first.
#include <cstddef>
#include <cstdint>
#include <string>
#include <vector>

#include "service/export/dataset.h"
#include "tests/fuzz/fuzz_input.h"
#include "tests/fuzz/import_checks.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  spanlab::fuzz::FuzzInput input(data, size);
  std::vector<spanlab::fuzz::ImportFile> files;
  files.push_back({"doc.txt", std::string(input.Until('\0'))});
  if (size > files[0].data.size()) {
    files.push_back({"doc.ann", std::string(input.Rest())});
  }
  spanlab::fuzz::CheckImport(spanlab::dataset::Format::kBrat,
                             spanlab::dataset::OffsetUnit::kCodePoints, files);
  return 0;
}
