// The layer reader decodes stored records itself, without the store's
// parse (layer_scan.cc), so it needs its own proof that a record that does
// not decode comes back as DATA_LOSS naming where it is, and that the
// records around it still read.
#include "service/layer_scan.h"

#include <memory>
#include <string>

#include "absl/status/status.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "storage/keys.h"
#include "storage/rocksdb_corruption_fixture.h"
#include "storage/rocksdb_store.h"
#include "storage/rocksdb_store_test_peer.h"
#include "tests/support/status_matchers.h"

namespace spanlab {
namespace {

using Peer = RocksDbStoreTestPeer;
using ::spanlab::testing_support::IsOk;
using ::spanlab::testing_support::StatusIs;
using ::testing::AllOf;
using ::testing::HasSubstr;
using ::testing::SizeIs;

class LayerScanCorruptionTest : public CorruptionTest {
 protected:
  void SetUp() override {
    CorruptionTest::SetUp();
    if (HasFatalFailure()) return;
    v1::Annotation a;
    a.set_start(0);
    a.set_end(4);
    a.set_label("attributed_claim");
    a.set_kind(v1::HUMAN);
    a.set_author("alice");
    ASSERT_THAT(Peer::PutAnnotationRecord(store_.get(), "p", "d2", 1, v1::HUMAN,
                                          "alice", a.SerializeAsString()),
                IsOk());
  }

  std::unique_ptr<LayerReader> Reader() {
    ScanOptions options;
    options.layers = {LayerSpec{v1::HUMAN, "alice", "human:alice"},
                      LayerSpec{v1::HUMAN, "bob", "human:bob"}};
    auto reader = LayerReader::Create(store_.get(), "p", options);
    EXPECT_THAT(reader, IsOk());
    return reader.ok() ? *std::move(reader) : nullptr;
  }

  static v1::Document Doc(const char* id) {
    v1::Document d;
    d.set_document_id(id);
    return d;
  }
};

TEST_F(LayerScanCorruptionTest, AnAnnotationThatDoesNotDecodeNamesItsDocument) {
  ASSERT_THAT(Peer::PutAnnotationRecord(store_.get(), "p", "d1", 7, v1::HUMAN,
                                        "bob", kGarbage),
              IsOk());
  const auto corrupt = StatusIs(
      absl::StatusCode::kDataLoss,
      AllOf(HasSubstr("annotation of document \"d1\""), HasSubstr("corrupt")));
  auto reader = Reader();
  ASSERT_NE(reader, nullptr);
  EXPECT_THAT(reader->ReadSpans(Doc("d1")), corrupt);
  EXPECT_THAT(HumanLayers(store_.get(), "p"), corrupt);
  // The other document's layers still read, decoded and parsed.
  auto spans = reader->ReadSpans(Doc("d2"));
  ASSERT_THAT(spans, IsOk());
  ASSERT_THAT(spans->at("human:alice"), SizeIs(1));
  EXPECT_EQ(spans->at("human:alice")[0].label, "attributed_claim");
  auto layers = reader->ReadLayers(Doc("d2"));
  ASSERT_THAT(layers, IsOk());
  EXPECT_THAT(layers->at("human:alice"), SizeIs(1));
}

TEST_F(LayerScanCorruptionTest, ADocumentThatDoesNotDecodeIsNamed) {
  // Sorts before d1, so every scan meets it first.
  ASSERT_THAT(Peer::PutRaw(store_.get(), "documents", keys::Document("p", "d0"),
                           kGarbage),
              IsOk());
  const auto corrupt =
      StatusIs(absl::StatusCode::kDataLoss,
               AllOf(HasSubstr("document \"d0\" of project \"p\""),
                     HasSubstr("corrupt")));
  auto reader = Reader();
  ASSERT_NE(reader, nullptr);
  EXPECT_THAT(
      reader->ForEachDocument([](v1::Document) { return absl::OkStatus(); }),
      corrupt);
  EXPECT_THAT(HumanLayers(store_.get(), "p"), corrupt);
  // A scan of other documents does not read it.
  ScanOptions only_d2;
  only_d2.documents = {"d2"};
  auto d2_reader = LayerReader::Create(store_.get(), "p", only_d2);
  ASSERT_THAT(d2_reader, IsOk());
  int visited = 0;
  EXPECT_THAT((*d2_reader)->ForEachDocument([&](v1::Document doc) {
    EXPECT_EQ(doc.document_id(), "d2");
    ++visited;
    return absl::OkStatus();
  }),
              IsOk());
  EXPECT_EQ(visited, 1);
  // A document read on its own is not affected.
  auto spans = reader->ReadSpans(Doc("d2"));
  ASSERT_THAT(spans, IsOk());
  EXPECT_THAT(spans->at("human:alice"), SizeIs(1));
  EXPECT_THAT(store_->GetDocument("p", "d2"), IsOk());
}

}  // namespace
}  // namespace spanlab
