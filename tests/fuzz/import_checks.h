// The invariants the three dataset importers (JSON lines, Label Studio,
// brat) share, checked by their fuzz targets:
//
// 1. Chunking does not matter. A client streams a file in chunks of any
//    size, so reading it whole and reading it one byte at a time through
//    ImportStream must give the same documents and the same issues.
// 2. What an import would store is within the text. Each record without
//    issues goes through the checks DatasetImporter applies before storing
//    (ValidateNewDocument, ValidateAnnotatorId, ValidateAnnotation); every
//    span they accept must lie within the text in code points and carry
//    exactly the text at its offsets.
// 3. Export and import are inverse. The records that would be stored are
//    written in the same format and read back: every record must come back
//    without issues, with the same document and the same annotations (as
//    far as the format carries them, see CarriedContent in the .cc), and
//    writing what was read must give the same bytes again.
#ifndef SPANLAB_TESTS_FUZZ_IMPORT_CHECKS_H_
#define SPANLAB_TESTS_FUZZ_IMPORT_CHECKS_H_

#include <string>
#include <vector>

#include "service/export/dataset.h"

namespace spanlab::fuzz {

// One file of an import, as a client streams it.
struct ImportFile {
  std::string name;
  std::string data;
};

// Checks invariants 1 to 3 for `files` read as `format`, Label Studio
// offsets counting `unit`. Aborts (FUZZ_CHECK) on a violation.
void CheckImport(dataset::Format format, dataset::OffsetUnit unit,
                 const std::vector<ImportFile>& files);

}  // namespace spanlab::fuzz

#endif  // SPANLAB_TESTS_FUZZ_IMPORT_CHECKS_H_
