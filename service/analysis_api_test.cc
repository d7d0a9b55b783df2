// AnalysisApi: results, and stopping between documents once its call has
// ended.
#include "service/analysis_api.h"

#include <random>
#include <string>
#include <thread>
#include <vector>

#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "service/agreement/agreement.h"
#include "service/agreement/report_json.h"
#include "service/export_test_fixture.h"
#include "service/layer_scan.h"

namespace spanlab::export_testing {
namespace {

using ::testing::HasSubstr;
using testing_support::StatusIs;

class AnalysisDeadlineTest : public ExportFixture {
 protected:
  // A CallCheck that ends the call when it is asked for the `n`th time.
  CallCheck EndsAt(int n) {
    return [this, n] {
      return ++asked_ >= n ? absl::DeadlineExceededError("deadline passed")
                           : absl::OkStatus();
    };
  }

  int asked_ = 0;
};

TEST_F(AnalysisDeadlineTest, AgreementStopsAtTheNextDocument) {
  AnalysisApi analysis(store_);
  v1::ComputeAgreementRequest r;
  r.set_parent("projects/news");
  auto whole = analysis.ComputeAgreement(admin_, r);
  ASSERT_THAT(whole, IsOk());
  EXPECT_GE(whole->documents(), 1);

  EXPECT_THAT(analysis.ComputeAgreement(admin_, r, EndsAt(2)),
              StatusIs(absl::StatusCode::kDeadlineExceeded,
                       HasSubstr("deadline passed")));
  EXPECT_EQ(asked_, 2);
}

TEST_F(AnalysisDeadlineTest, EvaluationStopsBeforeTheFirstDocument) {
  AnalysisApi analysis(store_);
  v1::EvaluateRequest r;
  r.set_parent("projects/news");
  r.set_reference("human:alice");
  r.set_candidate("human:bob");
  ASSERT_THAT(analysis.Evaluate(admin_, r), IsOk());
  EXPECT_THAT(analysis.Evaluate(admin_, r, EndsAt(1)),
              StatusIs(absl::StatusCode::kDeadlineExceeded, ::testing::_));
  EXPECT_EQ(asked_, 1);
}

// The fixture's project grown to many documents (more than the agreement
// keeps in flight at once) with human, automatic (scored), gold and deleted
// spans, and some finished documents.
class AnalysisTest : public ExportFixture {
 protected:
  void SetUp() override {
    ExportFixture::SetUp();
    std::mt19937 rng(5);
    const auto uniform = [&](int lo, int hi) {
      return std::uniform_int_distribution<int>(lo, hi)(rng);
    };
    const std::vector<std::string> labels = {"attributed_claim", "opinion",
                                             "disputed"};
    for (int d = 0; d < 90; ++d) {
      // Spans cover whole words: [word_start[i], word_end[j]).
      std::string text;
      std::vector<int64_t> word_start, word_end;
      for (int w = 0; w < 40; ++w) {
        if (w > 0) text += " ";
        word_start.push_back(CodePoints(text));
        absl::StrAppend(&text, w % 7 ? "w" : "caf\xC3\xA9", d * 100 + w);
        word_end.push_back(CodePoints(text));
      }
      const std::string id = absl::StrCat("x-", 100 + d);
      CreateDocument("news", id, text);
      for (const Principal* who : {&alice_, &bob_, &tagger_, &judy_}) {
        if (uniform(0, 5) == 0) continue;
        // One annotator's spans never overlap, whatever their labels.
        int word = uniform(0, 3);
        while (word < 40 && uniform(0, 5) != 0) {
          const int last = std::min(39, word + uniform(0, 4));
          v1::CreateAnnotationRequest r;
          r.set_parent(DocumentName("news", id));
          r.mutable_annotation()->set_start(word_start[word]);
          r.mutable_annotation()->set_end(word_end[last]);
          r.mutable_annotation()->set_label(labels[uniform(0, 2)]);
          if (who == &tagger_) {
            r.mutable_annotation()->set_model_version("1");
            r.mutable_annotation()->set_score(uniform(0, 4) / 4.0);
          }
          auto a = api_->CreateAnnotation(*who, r);
          ASSERT_THAT(a, IsOk());
          if (uniform(0, 9) == 0) {
            v1::DeleteAnnotationRequest del;
            del.set_name(a->name());
            ASSERT_THAT(api_->DeleteAnnotation(*who, del), IsOk());
          }
          word = last + 1 + uniform(0, 3);
        }
      }
    }
    for (int i = 0; i < 20; ++i) {
      v1::NextDocumentRequest next;
      next.set_parent("projects/news");
      auto got = api_->NextDocument(alice_, next);
      ASSERT_THAT(got, IsOk());
      if (!got->has_document()) break;
      if (i % 3 == 0) continue;  // left active
      v1::FinishDocumentRequest finish;
      finish.set_name(got->document().name());
      ASSERT_THAT(api_->FinishDocument(alice_, finish), IsOk());
    }
  }

  static int64_t CodePoints(const std::string& text) {
    int64_t n = 0;
    for (unsigned char c : text) n += (c & 0xC0) != 0x80;
    return n;
  }

  // The agreement report as computed one document at a time from
  // ScanLayers, the way ComputeAgreement did before it used threads.
  std::string SequentialReport(const std::vector<std::string>& layer_names,
                               bool only_finished, int worst_documents) {
    agreement::AgreementOptions options;
    options.max_worst_documents = worst_documents;
    ScanOptions scan;
    for (const std::string& name : layer_names) {
      auto spec = ParseLayerSpec(name, "layers");
      EXPECT_THAT(spec, IsOk());
      options.annotators.push_back(spec->key);
      scan.layers.push_back(*spec);
    }
    options.labels = {"attributed_claim", "opinion", "disputed"};
    scan.only_finished = only_finished;
    std::vector<agreement::Document> docs;
    EXPECT_THAT(
        ScanLayers(
            store_, "news", scan,
            [&](const v1::Document& doc,
                const std::map<std::string, std::vector<v1::Annotation>>&
                    found) {
              agreement::Document& d = docs.emplace_back();
              d.id = doc.document_id();
              d.text = doc.text();
              for (const auto& [key, annotations] : found) {
                d.MarkAnnotated(key);
                const bool automatic = absl::StartsWith(key, "automatic:");
                for (const auto& a :
                     automatic ? DisjointPerLabel(annotations) : annotations) {
                  d.AddSpan(key, a.start(), a.end(), a.label());
                }
              }
              return absl::OkStatus();
            }),
        IsOk());
    auto report = agreement::ComputeAgreement(docs, options);
    EXPECT_THAT(report, IsOk());
    return report.ok() ? agreement::ReportToJsonString(*report) : "";
  }
};

TEST_F(AnalysisTest, AgreementEqualsTheSequentialComputation) {
  AnalysisApi analysis(store_);
  const std::vector<std::vector<std::string>> layer_sets = {
      {"human:alice", "human:bob", "automatic:tagger", "gold"},
      {"human:alice", "human:bob"},
      {"automatic:tagger", "gold"}};
  for (const auto& layers : layer_sets) {
    for (bool only_finished : {false, true}) {
      v1::ComputeAgreementRequest r;
      r.set_parent("projects/news");
      for (const std::string& l : layers) r.add_layers(l);
      r.set_only_finished(only_finished);
      r.set_worst_documents(7);
      auto got = analysis.ComputeAgreement(admin_, r);
      ASSERT_THAT(got, IsOk());
      if (!only_finished) {
        EXPECT_GT(got->documents(), 30);
      }
      EXPECT_EQ(got->report_json(), SequentialReport(layers, only_finished, 7))
          << absl::StrJoin(layers, ",") << " only_finished=" << only_finished;
    }
  }
}

// Calls share a budget of helper threads; one that finds it spent works on
// its own thread, and concurrent calls with a budget of one (some get the
// helper, some do not) all give the sequential answer.
TEST_F(AnalysisTest, AgreementWithoutHelperThreadsIsTheSame) {
  const std::vector<std::string> layers = {"human:alice", "human:bob",
                                           "automatic:tagger", "gold"};
  v1::ComputeAgreementRequest r;
  r.set_parent("projects/news");
  for (const std::string& l : layers) r.add_layers(l);
  r.set_worst_documents(7);
  const std::string expected = SequentialReport(layers, false, 7);

  AnalysisApi alone(store_, /*helper_threads=*/0);
  auto got = alone.ComputeAgreement(admin_, r);
  ASSERT_THAT(got, IsOk());
  EXPECT_EQ(got->report_json(), expected);

  AnalysisApi shared(store_, /*helper_threads=*/1);
  std::vector<std::string> reports(4);
  std::vector<std::thread> calls;
  for (size_t i = 0; i < reports.size(); ++i) {
    calls.emplace_back([&, i] {
      auto one = shared.ComputeAgreement(admin_, r);
      reports[i] = one.ok() ? one->report_json() : one.status().ToString();
    });
  }
  for (auto& t : calls) t.join();
  for (const std::string& report : reports) EXPECT_EQ(report, expected);
}

// ReadSpans decodes the stored records itself; it must find what
// ReadLayers finds.
TEST_F(AnalysisTest, ReadSpansFindsWhatReadLayersFinds) {
  for (bool only_finished : {false, true}) {
    ScanOptions scan;
    for (const char* name : {"human:alice", "human:bob", "automatic:tagger",
                             "gold", "human:nobody"}) {
      auto spec = ParseLayerSpec(name, "layers");
      ASSERT_THAT(spec, IsOk());
      scan.layers.push_back(*spec);
    }
    scan.only_finished = only_finished;
    auto reader = LayerReader::Create(store_, "news", scan);
    ASSERT_THAT(reader, IsOk());
    int documents = 0;
    ASSERT_THAT((*reader)->ForEachDocument([&](v1::Document doc) {
      ++documents;
      auto full = (*reader)->ReadLayers(doc);
      auto spans = (*reader)->ReadSpans(doc);
      EXPECT_THAT(full, IsOk());
      EXPECT_THAT(spans, IsOk());
      if (!full.ok() || !spans.ok()) return absl::OkStatus();
      EXPECT_EQ(full->size(), spans->size()) << doc.document_id();
      for (const auto& [key, annotations] : *full) {
        auto it = spans->find(key);
        if (it == spans->end()) {
          ADD_FAILURE() << doc.document_id() << " has no " << key;
          continue;
        }
        if (annotations.size() != it->second.size()) {
          ADD_FAILURE() << key << ": " << annotations.size() << " vs "
                        << it->second.size();
          continue;
        }
        for (size_t i = 0; i < annotations.size(); ++i) {
          EXPECT_EQ(annotations[i].start(), it->second[i].start);
          EXPECT_EQ(annotations[i].end(), it->second[i].end);
          EXPECT_EQ(annotations[i].label(), it->second[i].label);
          EXPECT_EQ(annotations[i].score(), it->second[i].score);
        }
        // And the model's alternatives are thinned out alike.
        const std::vector<v1::Annotation> kept = DisjointPerLabel(annotations);
        const std::vector<LayerSpan> kept_spans = DisjointPerLabel(it->second);
        if (kept.size() != kept_spans.size()) {
          ADD_FAILURE() << key << " keeps " << kept.size() << " vs "
                        << kept_spans.size();
          continue;
        }
        for (size_t i = 0; i < kept.size(); ++i) {
          EXPECT_EQ(kept[i].start(), kept_spans[i].start);
          EXPECT_EQ(kept[i].end(), kept_spans[i].end);
          EXPECT_EQ(kept[i].label(), kept_spans[i].label);
        }
      }
      return absl::OkStatus();
    }),
                IsOk());
    EXPECT_EQ(documents, 93);
  }
}

TEST_F(AnalysisTest, ForEachDocumentDecodesWhatListDocumentsParses) {
  std::vector<v1::Document> listed;
  std::string token;
  do {
    auto page = store_->ListDocuments("news", 7, token, true);
    ASSERT_THAT(page, IsOk());
    listed.insert(listed.end(), page->items.begin(), page->items.end());
    token = page->next_page_token;
  } while (!token.empty());
  ScanOptions scan;
  scan.documents = {"a-emoji", "x-150", "x-189", "no-such-document"};
  for (bool filtered : {false, true}) {
    auto reader =
        LayerReader::Create(store_, "news", filtered ? scan : ScanOptions());
    ASSERT_THAT(reader, IsOk());
    std::vector<v1::Document> read;
    ASSERT_THAT((*reader)->ForEachDocument([&](v1::Document doc) {
      read.push_back(std::move(doc));
      return absl::OkStatus();
    }),
                IsOk());
    size_t next = 0;
    for (const v1::Document& doc : listed) {
      if (filtered && !scan.documents.contains(doc.document_id())) continue;
      ASSERT_LT(next, read.size());
      EXPECT_EQ(read[next].document_id(), doc.document_id());
      EXPECT_EQ(read[next].text(), doc.text());
      EXPECT_EQ(read[next].length(), doc.length());
      EXPECT_GT(doc.length(), 0);
      ++next;
    }
    EXPECT_EQ(next, read.size());
    EXPECT_EQ(read.size(), filtered ? 3u : 93u);
  }
}

TEST_F(AnalysisTest, HumanLayersAreTheHumansWithSpansOrAssignments) {
  auto layers = HumanLayers(store_, "news");
  ASSERT_THAT(layers, IsOk());
  std::vector<std::string> keys;
  for (const LayerSpec& l : *layers) {
    EXPECT_EQ(l.kind, v1::HUMAN);
    keys.push_back(l.key);
  }
  EXPECT_THAT(keys, ::testing::ElementsAre("human:alice", "human:bob"));

  // A human whose only span was deleted, and one only assigned a document.
  v1::CreateAnnotationRequest r;
  r.set_parent(DocumentName("news", "b-plain"));
  r.set_quote("mayor");
  r.mutable_annotation()->set_label("opinion");
  const Principal carol = Caller(v1::ANNOTATOR, "carol");
  auto a = api_->CreateAnnotation(carol, r);
  ASSERT_THAT(a, IsOk());
  v1::DeleteAnnotationRequest del;
  del.set_name(a->name());
  ASSERT_THAT(api_->DeleteAnnotation(carol, del), IsOk());
  v1::NextDocumentRequest next;
  next.set_parent("projects/news");
  ASSERT_THAT(api_->NextDocument(Caller(v1::ANNOTATOR, "dave"), next), IsOk());
  layers = HumanLayers(store_, "news");
  ASSERT_THAT(layers, IsOk());
  keys.clear();
  for (const LayerSpec& l : *layers) keys.push_back(l.key);
  EXPECT_THAT(keys,
              ::testing::ElementsAre("human:alice", "human:bob", "human:dave"));
}

TEST_F(AnalysisTest, AgreementStopsWhenAskedMidway) {
  AnalysisApi analysis(store_);
  v1::ComputeAgreementRequest r;
  r.set_parent("projects/news");
  int asked = 0;
  EXPECT_THAT(analysis.ComputeAgreement(
                  admin_, r,
                  [&] {
                    return ++asked >= 60 ? absl::CancelledError("gone")
                                         : absl::OkStatus();
                  }),
              StatusIs(absl::StatusCode::kCancelled, HasSubstr("gone")));
  EXPECT_EQ(asked, 60);
}

}  // namespace
}  // namespace spanlab::export_testing
