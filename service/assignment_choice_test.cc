// NextDocument and GetProgress answer from an index of the project's
// assignments kept in memory (storage/assignment_index.h). These tests hold
// them to what reading every assignment record gives, computed here from
// the rules themselves (NextDocument: fewest finished, then fewest active,
// then lowest id, among documents the caller is not involved in and that
// have room; GetProgress: every record counted), through random work on
// two projects of one store, documents added after the index was built,
// and restarts that rebuild it.
#include <map>
#include <memory>
#include <random>
#include <string>
#include <tuple>
#include <vector>

#include "absl/strings/str_cat.h"
#include "gtest/gtest.h"
#include "service/api.h"
#include "service/limits.h"
#include "service/names.h"
#include "storage/rocksdb_store.h"
#include "tests/support/callers.h"
#include "tests/support/proto_matchers.h"
#include "tests/support/status_matchers.h"
#include "tests/support/temp_dir.h"

namespace spanlab {
namespace {

using ::spanlab::testing_support::Caller;
using ::spanlab::testing_support::EqualsProto;
using ::spanlab::testing_support::IsOk;
using ::spanlab::testing_support::TempDir;

bool Has(const google::protobuf::RepeatedPtrField<std::string>& list,
         const std::string& annotator) {
  return std::find(list.begin(), list.end(), annotator) != list.end();
}

// What NextDocument should answer.
struct Expected {
  std::string document_id;  // "" for none
  bool resumed = false;
  v1::AnnotatorProgress progress;
};

class AssignmentChoiceTest : public testing::Test {
 protected:
  void SetUp() override { Reopen(); }

  void Reopen() {
    api_.reset();
    store_.reset();
    auto store = RocksDbStore::Open(dir_->path() + "/db", {});
    ASSERT_THAT(store, IsOk());
    store_ = *std::move(store);
    api_ = std::make_unique<Api>(store_.get(), Limits());
  }

  void CreateProject(const std::string& project, int overlap) {
    v1::CreateProjectRequest p;
    p.mutable_project()->set_project_id(project);
    p.mutable_project()->set_overlap(overlap);
    ASSERT_THAT(api_->CreateProject(admin_, p), IsOk());
    overlap_[project] = overlap;
  }

  void AddDocument(const std::string& project) {
    const int i = documents_[project]++;
    v1::CreateDocumentRequest d;
    d.set_parent(ProjectName(project));
    // Ids out of creation order, so that id order is not creation order.
    d.mutable_document()->set_document_id(
        absl::StrCat("d", (i * 7919) % 1000 + 1000));
    d.set_text(absl::StrCat("Document ", i, " of ", project, ": it was said."));
    ASSERT_THAT(api_->CreateDocument(admin_, d), IsOk());
  }

  absl::StatusOr<v1::NextDocumentResponse> Next(const Principal& who,
                                                const std::string& project) {
    v1::NextDocumentRequest r;
    r.set_parent(ProjectName(project));
    return api_->NextDocument(who, r);
  }

  // Reads every record of `project` and applies the rule.
  Expected Expect(const std::string& project, const std::string& me) {
    Expected out;
    const int overlap = overlap_[project];
    auto txn = store_->BeginAssignments(project);
    EXPECT_THAT(txn, IsOk());
    if (!txn.ok()) return out;
    auto current = (*txn)->Current(me);
    EXPECT_THAT(current, IsOk());
    std::optional<std::tuple<int, int, std::string>> best;
    int64_t total = 0, done = 0, assigned = 0, skipped = 0;
    EXPECT_THAT((*txn)->ForEach([&](absl::string_view id,
                                    const v1::DocumentAssignment& a) {
      ++total;
      done += Has(a.finished(), me);
      assigned += Has(a.active(), me);
      skipped += Has(a.skipped(), me);
      const bool involved =
          Has(a.finished(), me) || Has(a.active(), me) || Has(a.skipped(), me);
      const int f = a.finished_size(), n = a.active_size();
      if (!involved && f + n < overlap) {
        auto candidate = std::make_tuple(f, n, std::string(id));
        if (!best.has_value() || candidate < *best) best = candidate;
      }
      return true;
    }),
                IsOk());
    if (current.ok() && !current->empty()) {
      out.document_id = *current;
      out.resumed = true;
    } else if (best.has_value()) {
      out.document_id = std::get<2>(*best);
      ++assigned;  // the answer counts the document it hands out
    }
    out.progress.set_annotator(me);
    out.progress.set_done(done);
    out.progress.set_assigned(assigned);
    out.progress.set_skipped(skipped);
    out.progress.set_total(total);
    return out;
  }

  // What GetProgress should answer an admin: every record counted.
  v1::ProjectProgress ExpectProgress(const std::string& project) {
    v1::ProjectProgress out;
    const int overlap = overlap_[project];
    out.set_overlap(overlap);
    std::map<std::string, v1::AnnotatorProgress> lines;
    auto txn = store_->BeginAssignments(project);
    EXPECT_THAT(txn, IsOk());
    if (!txn.ok()) return out;
    EXPECT_THAT((*txn)->ForEach([&](absl::string_view,
                                    const v1::DocumentAssignment& a) {
      out.set_total(out.total() + 1);
      out.set_complete(out.complete() + (a.finished_size() >= overlap));
      out.set_in_progress(out.in_progress() + (a.active_size() > 0));
      for (const auto& n : a.finished()) {
        lines[n].set_done(lines[n].done() + 1);
      }
      for (const auto& n : a.active()) {
        lines[n].set_assigned(lines[n].assigned() + 1);
      }
      for (const auto& n : a.skipped()) {
        lines[n].set_skipped(lines[n].skipped() + 1);
      }
      return true;
    }),
                IsOk());
    for (auto& [name, line] : lines) {
      line.set_annotator(name);
      line.set_total(out.total());
      *out.add_annotators() = line;
    }
    return out;
  }

  absl::StatusOr<v1::ProjectProgress> Progress(const Principal& who,
                                               const std::string& project) {
    v1::GetProgressRequest r;
    r.set_parent(ProjectName(project));
    return api_->GetProgress(who, r);
  }

  std::unique_ptr<TempDir> dir_ = std::make_unique<TempDir>();
  std::unique_ptr<RocksDbStore> store_;
  std::unique_ptr<Api> api_;
  const Principal admin_ = Caller(v1::ADMIN, "admin");
  std::map<std::string, int> overlap_;
  std::map<std::string, int> documents_;
};

TEST_F(AssignmentChoiceTest, ChoosesWhatTheRuleChoosesOverEveryRecord) {
  // Two projects per store, so that one project's index cannot stand in
  // for the other's.
  for (const auto& [p_overlap, q_overlap] :
       std::vector<std::pair<int, int>>{{1, 2}, {2, 3}, {3, 1}}) {
    SCOPED_TRACE(absl::StrCat("overlaps ", p_overlap, ", ", q_overlap));
    api_.reset();
    store_.reset();
    dir_ = std::make_unique<TempDir>();
    overlap_.clear();
    documents_.clear();
    Reopen();
    CreateProject("p", p_overlap);
    CreateProject("q", q_overlap);
    for (int i = 0; i < 12; ++i) {
      AddDocument("p");
      AddDocument("q");
    }
    std::vector<Principal> people;
    for (int i = 0; i < 5; ++i) {
      people.push_back(Caller(v1::ANNOTATOR, absl::StrCat("a", i)));
    }

    std::mt19937 rng(1234 + p_overlap);
    int chosen = 0, resumed = 0, none = 0, progress_checks = 0;
    for (int step = 0; step < 800; ++step) {
      SCOPED_TRACE(absl::StrCat("step ", step));
      const std::string project = rng() % 2 ? "p" : "q";
      const int roll = static_cast<int>(rng() % 100);
      if (roll < 2) {
        Reopen();  // the indexes are rebuilt from the records on next use
        continue;
      }
      if (roll < 10) {
        AddDocument(project);
        continue;
      }
      const Principal& who = people[rng() % people.size()];
      if (roll < 16) {
        const v1::ProjectProgress want = ExpectProgress(project);
        auto all = Progress(admin_, project);
        ASSERT_THAT(all, IsOk());
        EXPECT_THAT(*all, EqualsProto(want));
        // An annotator sees the totals and their own line only.
        auto own = Progress(who, project);
        ASSERT_THAT(own, IsOk());
        v1::ProjectProgress mine = want;
        mine.clear_annotators();
        v1::AnnotatorProgress* line = mine.add_annotators();
        line->set_annotator(who.annotator_id());
        line->set_total(want.total());
        for (const auto& l : want.annotators()) {
          if (l.annotator() == who.annotator_id()) *line = l;
        }
        EXPECT_THAT(*own, EqualsProto(mine));
        ++progress_checks;
        continue;
      }
      const Expected want = Expect(project, who.annotator_id());
      auto got = Next(who, project);
      ASSERT_THAT(got, IsOk());
      ASSERT_EQ(got->has_document() ? got->document().document_id() : "",
                want.document_id);
      EXPECT_EQ(got->resumed(), want.resumed);
      EXPECT_THAT(got->progress(), EqualsProto(want.progress));
      if (!got->has_document()) {
        ++none;
        continue;
      }
      ++(got->resumed() ? resumed : chosen);
      const int what = static_cast<int>(rng() % 100);
      if (what < 60) {
        v1::FinishDocumentRequest f;
        f.set_name(got->document().name());
        ASSERT_THAT(api_->FinishDocument(who, f), IsOk());
      } else if (what < 85) {
        v1::SkipDocumentRequest s;
        s.set_name(got->document().name());
        ASSERT_THAT(api_->SkipDocument(who, s), IsOk());
      }  // else they keep it and are handed it again
    }
    // The walk must have handed out, handed back and run out of documents.
    EXPECT_GT(chosen, 60);
    EXPECT_GT(resumed, 15);
    EXPECT_GT(none, 15);
    EXPECT_GT(progress_checks, 25);
  }
}

// The first NextDocument after a restart builds the index from records
// written before it; the answer is the one from before the restart.
TEST_F(AssignmentChoiceTest, RestartKeepsTheOrderAndTheCounts) {
  CreateProject("p", 2);
  for (int i = 0; i < 4; ++i) AddDocument("p");
  const Principal alice = Caller(v1::ANNOTATOR, "alice");
  const Principal bob = Caller(v1::ANNOTATOR, "bob");
  auto first = Next(alice, "p");
  ASSERT_THAT(first, IsOk());
  v1::FinishDocumentRequest f;
  f.set_name(first->document().name());
  ASSERT_THAT(api_->FinishDocument(alice, f), IsOk());
  const Expected before = Expect("p", "bob");

  Reopen();
  auto got = Next(bob, "p");
  ASSERT_THAT(got, IsOk());
  EXPECT_EQ(got->document().document_id(), before.document_id);
  EXPECT_THAT(got->progress(), EqualsProto(before.progress));
  EXPECT_EQ(got->progress().total(), 4);
  auto again = Next(alice, "p");
  ASSERT_THAT(again, IsOk());
  EXPECT_EQ(again->progress().done(), 1);
}

// A transaction that stages one document twice leaves it in the order once,
// where the last state puts it.
TEST_F(AssignmentChoiceTest, TwoPutsOfOneDocumentInOneTransaction) {
  CreateProject("p", 2);
  for (int i = 0; i < 3; ++i) AddDocument("p");
  const Expected fresh = Expect("p", "carol");
  {
    auto txn = store_->BeginAssignments("p");
    ASSERT_THAT(txn, IsOk());
    // Build the index before the puts, so that the commit updates it.
    ASSERT_THAT((*txn)->CountsOf("carol"), IsOk());
    auto a = (*txn)->Get(fresh.document_id);
    ASSERT_THAT(a, IsOk());
    a->add_active("dave");
    (*txn)->Put(fresh.document_id, *a);
    *a->mutable_finished() = a->active();
    a->clear_active();
    (*txn)->Put(fresh.document_id, *a);
    ASSERT_THAT((*txn)->Commit(), IsOk());
  }
  std::vector<std::string> open;
  {
    auto txn = store_->BeginAssignments("p");
    ASSERT_THAT(txn, IsOk());
    ASSERT_THAT((*txn)->ForEachOpenTo(
                    "carol", 2,
                    [&](absl::string_view id, const v1::DocumentAssignment&) {
                      open.emplace_back(id);
                      return true;
                    }),
                IsOk());
    auto dave = (*txn)->CountsOf("dave");
    ASSERT_THAT(dave, IsOk());
    EXPECT_EQ(dave->done, 1);
    EXPECT_EQ(dave->assigned, 0);
  }
  // Three documents, each once; the one dave finished comes last.
  ASSERT_EQ(open.size(), 3u);
  EXPECT_EQ(open.back(), fresh.document_id);
  EXPECT_EQ(Expect("p", "carol").document_id, open.front());
}

}  // namespace
}  // namespace spanlab
