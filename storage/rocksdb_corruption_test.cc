// A stored record that does not parse (a disk or a bug wrote it; the store
// never does) must come back as DATA_LOSS naming what is corrupt, on every
// path that reads it, and must not stop the store from serving the records
// around it.
#include <string>

#include "absl/status/status.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "storage/keys.h"
#include "storage/rocksdb_corruption_fixture.h"
#include "storage/rocksdb_status.h"
#include "storage/rocksdb_store.h"
#include "storage/rocksdb_store_test_peer.h"
#include "tests/support/status_matchers.h"

namespace spanlab {
namespace {

using ::spanlab::testing_support::IsOk;
using ::spanlab::testing_support::StatusIs;
using ::testing::HasSubstr;
using ::testing::IsEmpty;
using ::testing::Not;

using RocksDbCorruptionTest = CorruptionTest;

TEST_F(RocksDbCorruptionTest, AnAnnotationRecordIsDataLossOnEveryRead) {
  ASSERT_THAT(RocksDbStoreTestPeer::PutAnnotationRecord(
                  store_.get(), "p", "d1", 7, v1::HUMAN, "alice", kGarbage),
              IsOk());
  const auto corrupt = StatusIs(
      absl::StatusCode::kDataLoss,
      ::testing::AllOf(HasSubstr("document \"d1\""), HasSubstr("corrupt")));
  // Every annotation of the document, in key order.
  EXPECT_THAT(store_->ListAnnotations("p", "d1", AnnotationFilter(), 10, ""),
              corrupt);
  // One layer, through its index.
  AnnotationFilter layer;
  layer.kind = v1::HUMAN;
  layer.author = "alice";
  EXPECT_THAT(store_->ListAnnotations("p", "d1", layer, 10, ""), corrupt);
  // One annotation by id.
  EXPECT_THAT(store_->GetAnnotation("p", "d1", 7),
              StatusIs(absl::StatusCode::kDataLoss,
                       HasSubstr("annotation 0000000000000007")));
  // The next document is served as before.
  auto d2 = store_->ListAnnotations("p", "d2", AnnotationFilter(), 10, "");
  ASSERT_THAT(d2, IsOk());
  EXPECT_THAT(d2->items, IsEmpty());
}

TEST_F(RocksDbCorruptionTest, AnAssignmentRecordIsDataLossForTheProject) {
  ASSERT_THAT(RocksDbStoreTestPeer::PutAssignmentRecord(store_.get(), "p", "d1",
                                                        kGarbage),
              IsOk());
  auto txn = store_->BeginAssignments("p");
  ASSERT_THAT(txn, IsOk());
  // Building the order reads every record.
  EXPECT_THAT((*txn)->Summarize(1),
              StatusIs(absl::StatusCode::kDataLoss,
                       HasSubstr("assignment record of document \"d1\"")));
  EXPECT_THAT((*txn)->Get("d1"),
              StatusIs(absl::StatusCode::kDataLoss, HasSubstr("\"d1\"")));
  // The other document's record, and the document itself, still read.
  EXPECT_THAT((*txn)->Get("d2"), IsOk());
  txn->reset();
  EXPECT_THAT(store_->GetDocument("p", "d1"), IsOk());
}

TEST_F(RocksDbCorruptionTest, AProjectRecordIsDataLossNamingIt) {
  ASSERT_THAT(RocksDbStoreTestPeer::PutRaw(store_.get(), "projects",
                                           keys::Project("q"), kGarbage),
              IsOk());
  EXPECT_THAT(store_->GetProject("q"),
              StatusIs(absl::StatusCode::kDataLoss, HasSubstr("\"q\"")));
  EXPECT_THAT(
      store_->ListProjects(10, ""),
      StatusIs(absl::StatusCode::kDataLoss, HasSubstr("project \"q\"")));
  EXPECT_THAT(store_->GetProject("p"), IsOk());
}

TEST_F(RocksDbCorruptionTest, ADocumentRecordIsDataLossNamingIt) {
  // Sorts before d1, so a listing meets it first.
  ASSERT_THAT(RocksDbStoreTestPeer::PutRaw(store_.get(), "documents",
                                           keys::Document("p", "d0"), kGarbage),
              IsOk());
  const auto corrupt = StatusIs(absl::StatusCode::kDataLoss,
                                HasSubstr("document \"d0\" of project \"p\""));
  EXPECT_THAT(store_->GetDocument("p", "d0"), corrupt);
  EXPECT_THAT(store_->ListDocuments("p", 10, "", /*include_text=*/false),
              corrupt);
  EXPECT_THAT(store_->GetDocument("p", "d1"), IsOk());
}

TEST_F(RocksDbCorruptionTest, AnAuditEntryIsDataLossNamingItsDocument) {
  ASSERT_THAT(RocksDbStoreTestPeer::PutRaw(store_.get(), "audit",
                                           keys::Audit("p", "d1", 1), kGarbage),
              IsOk());
  ASSERT_THAT(RocksDbStoreTestPeer::PutRaw(store_.get(), "audit",
                                           keys::Audit("p", "", 1), kGarbage),
              IsOk());
  EXPECT_THAT(store_->ReadAudit("p", "d1"),
              StatusIs(absl::StatusCode::kDataLoss,
                       HasSubstr("audit entry of document \"d1\"")));
  // Document "" holds the project's own events.
  EXPECT_THAT(store_->ReadAudit("p", ""),
              StatusIs(absl::StatusCode::kDataLoss,
                       HasSubstr("audit entry of project \"p\"")));
  auto d2 = store_->ReadAudit("p", "d2");
  ASSERT_THAT(d2, IsOk());
  EXPECT_THAT(*d2, Not(IsEmpty()));
}

TEST_F(RocksDbCorruptionTest, AnAnnotatorRecordIsDataLossNamingIt) {
  ASSERT_THAT(RocksDbStoreTestPeer::PutRaw(store_.get(), "credentials",
                                           keys::Annotator("eve"), kGarbage),
              IsOk());
  EXPECT_THAT(
      store_->ListAnnotators(10, ""),
      StatusIs(absl::StatusCode::kDataLoss, HasSubstr("annotator \"eve\"")));
}

TEST_F(RocksDbCorruptionTest, AResolutionIsDataLossNamingItsItem) {
  ASSERT_THAT(RocksDbStoreTestPeer::PutRaw(
                  store_.get(), "indexes",
                  keys::Resolution("p", "d1", "item-1"), kGarbage),
              IsOk());
  auto txn = store_->BeginDocument("p", "d1");
  ASSERT_THAT(txn, IsOk());
  EXPECT_THAT((*txn)->ReadResolutions(),
              StatusIs(absl::StatusCode::kDataLoss,
                       HasSubstr("resolution of item \"item-1\"")));
  txn = store_->BeginDocument("p", "d2");
  ASSERT_THAT(txn, IsOk());
  EXPECT_THAT((*txn)->ReadResolutions(), IsOk());
}

TEST_F(RocksDbCorruptionTest, ADecisionIsDataLossNamingItsDocument) {
  // One byte, but not one a decision is stored as.
  ASSERT_THAT(
      RocksDbStoreTestPeer::PutRaw(store_.get(), "indexes",
                                   keys::Decision("p", "d1", "bob", 9), "z"),
      IsOk());
  const auto corrupt =
      StatusIs(absl::StatusCode::kDataLoss,
               HasSubstr("suggestion decision on document \"d1\""));
  EXPECT_THAT(store_->ReadDecisions("p", "d1", "bob"), corrupt);
  EXPECT_THAT(store_->ReadAllDecisions("p", "d1"), corrupt);
  EXPECT_THAT(store_->ReadAllDecisions("p", "d2"), IsOk());
}

// Both reads of alice's layer on d1: the listing (index, then records) and
// the write path's (index alone).
template <typename Matcher>
void ExpectAliceLayerOfD1(RocksDbStore* store, const Matcher& matcher) {
  AnnotationFilter layer;
  layer.kind = v1::HUMAN;
  layer.author = "alice";
  EXPECT_THAT(store->ListAnnotations("p", "d1", layer, 10, ""), matcher);
  auto txn = store->BeginDocument("p", "d1");
  ASSERT_THAT(txn, ::spanlab::testing_support::IsOk());
  EXPECT_THAT((*txn)->ReadLayerSpans(v1::HUMAN, "alice"), matcher);
}

// Keys are the store's own too: one that does not decode is DATA_LOSS,
// not a caller's INVALID_ARGUMENT.
TEST_F(RocksDbCorruptionTest, AnIndexKeyThatDoesNotDecodeIsDataLoss) {
  // A layer entry whose id is three bytes instead of eight.
  std::string key = keys::LayerPrefix("p", "d1", v1::HUMAN, "alice");
  key.append("\x01\x02\x03");
  ASSERT_THAT(RocksDbStoreTestPeer::PutRaw(store_.get(), "indexes", key, ""),
              IsOk());
  const auto corrupt =
      StatusIs(absl::StatusCode::kDataLoss,
               HasSubstr("layer index entry of document \"d1\""));
  ExpectAliceLayerOfD1(store_.get(), corrupt);
}

TEST_F(RocksDbCorruptionTest, AnIndexEntryWithoutItsRecordIsDataLoss) {
  // An empty value is the oldest layout, which the write path reads the
  // record for; the record is not there.
  ASSERT_THAT(RocksDbStoreTestPeer::PutRaw(
                  store_.get(), "indexes",
                  keys::LayerEntry("p", "d1", v1::HUMAN, "alice", 5), ""),
              IsOk());
  const auto corrupt = StatusIs(
      absl::StatusCode::kDataLoss,
      HasSubstr("annotation 0000000000000005 of document \"d1\", which is "
                "not stored"));
  ExpectAliceLayerOfD1(store_.get(), corrupt);
}

// Keys the store decodes after a scan prefix, each cut short, and a layer
// entry whose value is not one.
TEST_F(RocksDbCorruptionTest, EveryScannedKeyThatDoesNotDecodeIsDataLoss) {
  const auto put = [&](absl::string_view family, const std::string& key,
                       absl::string_view value) {
    ASSERT_THAT(RocksDbStoreTestPeer::PutRaw(store_.get(), family, key, value),
                IsOk());
  };
  put("indexes", keys::ResolutionPrefix("p", "d1") + "x", "");
  put("indexes", keys::DecisionPrefix("p", "d1", "bob") + "\x01", "a");
  put("indexes", keys::LayerEntry("p", "d2", v1::HUMAN, "alice", 5), kGarbage);
  put("assignments", keys::AssignmentPrefix("p") + "x", "");

  auto txn = store_->BeginDocument("p", "d1");
  ASSERT_THAT(txn, IsOk());
  EXPECT_THAT((*txn)->ReadResolutions(),
              StatusIs(absl::StatusCode::kDataLoss,
                       HasSubstr("resolution key of document \"d1\"")));
  const auto decision =
      StatusIs(absl::StatusCode::kDataLoss,
               HasSubstr("suggestion decision key of document \"d1\""));
  EXPECT_THAT(store_->ReadDecisions("p", "d1", "bob"), decision);
  EXPECT_THAT(store_->ReadAllDecisions("p", "d1"), decision);
  txn = store_->BeginDocument("p", "d2");
  ASSERT_THAT(txn, IsOk());
  EXPECT_THAT(
      (*txn)->ReadLayerSpans(v1::HUMAN, "alice"),
      StatusIs(absl::StatusCode::kDataLoss,
               HasSubstr("layer index entry of annotation 0000000000000005 of "
                         "document \"d2\"")));
  txn->reset();
  auto assignments = store_->BeginAssignments("p");
  ASSERT_THAT(assignments, IsOk());
  EXPECT_THAT((*assignments)->Summarize(1),
              StatusIs(absl::StatusCode::kDataLoss,
                       HasSubstr("assignment key of project \"p\"")));
}

TEST_F(RocksDbCorruptionTest, ATokenWithoutItsAnnotatorIsDataLoss) {
  // Not UNAUTHENTICATED, which is what an unknown token gets: the store
  // holds the token, and lost what it names.
  ASSERT_THAT(RocksDbStoreTestPeer::PutRaw(store_.get(), "credentials",
                                           keys::Token("hash-1"), "ghost"),
              IsOk());
  EXPECT_THAT(store_->LookupToken("hash-1"),
              StatusIs(absl::StatusCode::kDataLoss,
                       HasSubstr("annotator \"ghost\", which is not stored")));
  EXPECT_THAT(
      store_->LookupToken("hash-2"),
      StatusIs(absl::StatusCode::kNotFound, HasSubstr("unknown token")));
}

TEST_F(RocksDbCorruptionTest, AContentHashNamingNoDocumentIsDataLoss) {
  ASSERT_THAT(
      RocksDbStoreTestPeer::PutRaw(store_.get(), "indexes",
                                   keys::ContentHash("p", "hash-x"), "ghost"),
      IsOk());
  v1::Document d;
  d.set_name("projects/p/documents/d3");
  d.set_document_id("d3");
  d.set_text("Another text.");
  d.set_length(13);
  d.set_content_hash("hash-x");
  EXPECT_THAT(store_->CreateDocument("p", d, "admin"),
              StatusIs(absl::StatusCode::kDataLoss,
                       HasSubstr("names document \"ghost\", which is not "
                                 "stored")));
  // A text that is stored is still refused as a duplicate.
  d.set_content_hash("hash-d1");
  EXPECT_THAT(store_->CreateDocument("p", d, "admin"),
              StatusIs(absl::StatusCode::kAlreadyExists,
                       HasSubstr("already stored as document \"d1\"")));
}

// RocksDB's own corruption (a block's checksum, a merge operand that does
// not decode) reaches callers as DATA_LOSS too, not as INTERNAL.
TEST(FromRocksTest, CorruptionIsDataLoss) {
  EXPECT_THAT(
      FromRocks(rocksdb::Status::Corruption("block checksum mismatch"), "scan"),
      StatusIs(absl::StatusCode::kDataLoss, HasSubstr("checksum")));
  EXPECT_THAT(FromRocks(rocksdb::Status::IOError("disk"), "scan"),
              StatusIs(absl::StatusCode::kUnavailable, HasSubstr("disk")));
  EXPECT_THAT(FromRocks(rocksdb::Status::NotSupported("x"), "scan"),
              StatusIs(absl::StatusCode::kInternal, HasSubstr("scan")));
}

}  // namespace
}  // namespace spanlab
