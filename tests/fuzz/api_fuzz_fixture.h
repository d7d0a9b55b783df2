// The world the API fuzzer calls into: a RocksDB store in a fresh
// temporary directory, every API class of the server over it, and a small
// project to aim requests at. Building it takes a RocksDB open and a few
// dozen writes, so the fuzzer builds it once and keeps it across inputs
// (what the inputs write accumulates, which is fine: it only adds states).
//
// The project ("projects/p", schema news-attribution, overlap 2) holds:
//   documents/d  non-ASCII text (curly quotes, accented letters, an em dash
//                and an emoji outside the BMP), finished by "ann" and "bob"
//                so that it has reconciliation items, with
//     an attributed_claim of ann and an opinion of bob on the same span,
//     a GOLD disputed span by "judge",
//     an AUTOMATIC suggestion of "model" (version v1);
//   documents/e  a plain document without spans.
// Callers: "admin" (ADMIN) and the annotators above, all created through
// the Api.
//
// Annotation ids come from the clock, so inputs cannot spell the names of
// these records; they write placeholders instead, which FillPlaceholders
// replaces in every string field of a request:
//   {own}         ann's attributed_claim      {bob}   bob's opinion
//   {gold}        judge's GOLD span           {item}  the first
//   {suggestion}  model's suggestion                  reconciliation item
// (reconciliation item names are derived from the layers, not the clock,
// but are long to type).
#ifndef SPANLAB_TESTS_FUZZ_API_FUZZ_FIXTURE_H_
#define SPANLAB_TESTS_FUZZ_API_FUZZ_FIXTURE_H_

#include <memory>
#include <string>
#include <utility>
#include <vector>

#include "google/protobuf/message.h"
#include "service/analysis_api.h"
#include "service/api.h"
#include "service/auth.h"
#include "service/export_api.h"
#include "service/reconcile_api.h"
#include "service/tagger_api.h"
#include "storage/rocksdb_store.h"

namespace spanlab::fuzz {

class ApiFuzzFixture {
 public:
  // Aborts with a message if the store cannot be opened or populated: a
  // fuzzer without its fixture would only report noise.
  ApiFuzzFixture();
  ~ApiFuzzFixture();
  ApiFuzzFixture(const ApiFuzzFixture&) = delete;
  ApiFuzzFixture& operator=(const ApiFuzzFixture&) = delete;

  Api& api() { return *api_; }
  ReconcileApi& reconcile() { return *reconcile_; }
  ExportApi& exports() { return *export_; }
  AnalysisApi& analysis() { return *analysis_; }
  TaggerApi& tagger() { return *tagger_; }

  const Principal& admin() const { return admin_; }
  const Principal& annotator() const { return annotator_; }

  // Replaces the placeholders above in every string field of `request`,
  // nested messages and map entries included.
  void FillPlaceholders(google::protobuf::Message* request) const;

 private:
  void Populate();
  // Creates an annotation as `who` through the Api; returns its name.
  std::string Annotate(const Principal& who, v1::AnnotationKind kind,
                       const std::string& label, const std::string& quote);

  std::string dir_;
  std::unique_ptr<RocksDbStore> store_;
  std::unique_ptr<Api> api_;
  std::unique_ptr<ReconcileApi> reconcile_;
  std::unique_ptr<ExportApi> export_;
  std::unique_ptr<AnalysisApi> analysis_;
  std::unique_ptr<TaggerApi> tagger_;
  Principal admin_;
  Principal annotator_;
  // (placeholder, name) pairs.
  std::vector<std::pair<std::string, std::string>> placeholders_;
};

}  // namespace spanlab::fuzz

#endif  // SPANLAB_TESTS_FUZZ_API_FUZZ_FIXTURE_H_
