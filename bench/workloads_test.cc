// The benchmark's unary writer against a real server. Its rounds resume
// where the previous round stopped, so they must neither repeat a span (the
// server would refuse it and the run fail) nor skip one, and a writer that
// runs out of documents must fail the round rather than report a rate over
// less time than it claims.
#include "bench/workloads.h"

#include <memory>
#include <string>
#include <vector>

#include "absl/status/status.h"
#include "absl/strings/str_cat.h"
#include "bench/server_process.h"
#include "bench/synthetic.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "spanlab/v1/annotation_service.grpc.pb.h"
#include "tests/support/status_matchers.h"
#include "tests/support/temp_dir.h"

namespace spanlab::bench {
namespace {

using ::spanlab::testing_support::IsOk;
using ::spanlab::testing_support::StatusIs;
using ::spanlab::testing_support::TempDir;
using ::testing::HasSubstr;

constexpr int kWriters = 2;
// About 40 slots each, 1,200 a writer: more than short rounds can take.
constexpr int kDocuments = 30;

// Annotations stored in `author`'s layer of the document.
int64_t LayerSize(Bench& b, const std::string& document,
                  const std::string& author) {
  auto stub = v1::AnnotationService::NewStub(b.channel());
  int64_t n = 0;
  std::string token;
  do {
    v1::ListAnnotationsRequest r;
    r.set_parent(absl::StrCat("projects/p/documents/", document));
    r.set_kind(v1::HUMAN);
    r.set_author(author);
    r.set_page_size(1000);
    r.set_page_token(token);
    v1::ListAnnotationsResponse out;
    grpc::Status s =
        stub->ListAnnotations(CallContext(b.admin_token()).get(), r, &out);
    EXPECT_TRUE(s.ok()) << s.error_message();
    if (!s.ok()) return -1;
    n += out.annotations_size();
    token = out.next_page_token();
  } while (!token.empty());
  return n;
}

TEST(UnaryWritesTest, RoundsResumeAndRunningOutFailsTheRound) {
  TempDir dir;
  auto server = ServerProcess::Start(SPANLAB_TEST_SPANLABD, dir.path(),
                                     {"--durability=buffered"});
  ASSERT_THAT(server, IsOk());
  SyntheticCorpus corpus(7);
  Bench b(server->address(), server->admin_token(), &corpus);
  ASSERT_THAT(b.CreateProject("p", kWriters), IsOk());
  ASSERT_THAT(b.ImportDocuments("p", 0, kDocuments), IsOk());
  auto tokens = b.CreateAnnotators("writer", kWriters);
  ASSERT_THAT(tokens, IsOk());

  UnaryCursors cursors;
  // Short rounds until some have written (on a loaded machine a round can
  // end before a call does), then one long enough for every writer to
  // write each of its slots once and run out.
  int64_t written = 0;
  for (int round = 0; round < 20 && written < 2; ++round) {
    auto some =
        b.UnaryWrites("p", *tokens, kWriters, 0, kDocuments, 0.05, &cursors);
    ASSERT_THAT(some, IsOk());
    written += some->operations;
  }
  ASSERT_GE(written, 2);
  auto rest =
      b.UnaryWrites("p", *tokens, kWriters, 0, kDocuments, 120, &cursors);
  EXPECT_THAT(rest, StatusIs(absl::StatusCode::kFailedPrecondition,
                             HasSubstr("2 of 2 writers ran out of the 30 "
                                       "documents")));

  // Every slot was written exactly once: each writer's layer of each
  // document holds the spans the corpus gives it there.
  int64_t expected_total = 0;
  for (int d = 0; d < kDocuments; ++d) {
    const SyntheticDocument doc = corpus.Document(d);
    for (int t = 0; t < kWriters; ++t) {
      const auto expected =
          static_cast<int64_t>(corpus.Spans(doc, t, 1000).size());
      expected_total += expected;
      EXPECT_EQ(LayerSize(b, doc.id, absl::StrCat("writer-", t)), expected)
          << "document " << doc.id << ", writer " << t;
    }
  }
  EXPECT_GT(expected_total, written);

  // The cursors belong to that shape of round; another is refused.
  EXPECT_THAT(
      b.UnaryWrites("p", *tokens, 1, 0, kDocuments, 0.05, &cursors),
      StatusIs(absl::StatusCode::kInvalidArgument, HasSubstr("cursors")));
}

}  // namespace
}  // namespace spanlab::bench
