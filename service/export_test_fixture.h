// A project with documents and every kind of layer, for the tests of
// ExportApi (export and import): two annotators, a model, an adjudicator, a
// deleted span and a rejected suggestion, on text with an emoji, curly
// quotes and accented letters.
#ifndef SPANLAB_SERVICE_EXPORT_TEST_FIXTURE_H_
#define SPANLAB_SERVICE_EXPORT_TEST_FIXTURE_H_

#include <map>
#include <memory>
#include <string>
#include <utility>
#include <vector>

#include "absl/strings/string_view.h"
#include "gtest/gtest.h"
#include "service/api.h"
#include "service/export_api.h"
#include "service/names.h"
#include "storage/rocksdb_store.h"
#include "tests/support/callers.h"
#include "tests/support/status_matchers.h"
#include "tests/support/store_fixture.h"

namespace spanlab::export_testing {

using testing_support::Caller;
using testing_support::IsOk;

// "😀 Mårten said “the bridge is safe” on Monday. Zoë: “It is not safe”,
// she said."
inline const std::string& EmojiText() {
  static const std::string* const kText = new std::string(
      "\xF0\x9F\x98\x80 M\xC3\xA5rten said \xE2\x80\x9Cthe bridge is "
      "safe\xE2\x80\x9D on Monday. Zo\xC3\xAB: \xE2\x80\x9CIt is not "
      "safe\xE2\x80\x9D, she said.");
  return *kText;
}

// An export's output: the chunks as sent and the files they make.
struct ExportResult {
  absl::Status status;
  std::vector<v1::ExportChunk> chunks;
  // File name -> bytes, and the names in the order they first appeared.
  std::map<std::string, std::string> files;
  std::vector<std::string> order;
};

class ExportFixture : public ::testing::Test {
 protected:
  const Principal admin_ = Caller(v1::ADMIN, "admin");
  const Principal alice_ = Caller(v1::ANNOTATOR, "alice");
  const Principal bob_ = Caller(v1::ANNOTATOR, "bob");
  const Principal judy_ = Caller(v1::ADJUDICATOR, "judy");
  const Principal tagger_ = Caller(v1::MODEL, "tagger");

  void SetUp() override {
    ASSERT_TRUE(env_.ok());
    export_ = std::make_unique<ExportApi>(store_, Limits());
    CreateProject("news");
    CreateDocument("news", "a-emoji", EmojiText());
    CreateDocument("news", "b-plain",
                   "The council approved the tram line, the mayor said.");
    CreateDocument("news", "c-empty", "Nothing labeled here.");
    const std::string a = DocumentName("news", "a-emoji");
    Label(alice_, a, "\xE2\x80\x9Cthe bridge is safe\xE2\x80\x9D",
          "attributed_claim", {{"source", "M\xC3\xA5rten"}, {"cue", "said"}});
    deleted_ = Label(alice_, a, "on Monday", "opinion").name();
    v1::DeleteAnnotationRequest del;
    del.set_name(deleted_);
    EXPECT_THAT(api_->DeleteAnnotation(alice_, del), IsOk());
    Label(bob_, a, "\xE2\x80\x9CIt is not safe\xE2\x80\x9D", "disputed",
          {{"disputed_by", "Zo\xC3\xAB"}});
    Label(bob_, a, "\xE2\x80\x9Cthe bridge is safe\xE2\x80\x9D",
          "attributed_claim", {{"source", "M\xC3\xA5rten"}});
    Label(tagger_, a, "Monday", "opinion", {}, "2.1", 0.8);
    rejected_ = Label(tagger_, a, "she said", "opinion", {}, "2.1", 0.4).name();
    v1::RejectSuggestionRequest reject;
    reject.set_name(rejected_);
    EXPECT_THAT(api_->RejectSuggestion(bob_, reject), IsOk());
    Label(judy_, a, "\xE2\x80\x9Cthe bridge is safe\xE2\x80\x9D",
          "attributed_claim", {{"source", "M\xC3\xA5rten"}});
    Label(alice_, DocumentName("news", "b-plain"),
          "The council approved the tram line", "attributed_claim",
          {{"source", "the mayor"}});
  }

  void CreateProject(const std::string& id) {
    v1::CreateProjectRequest r;
    r.mutable_project()->set_project_id(id);
    ASSERT_THAT(api_->CreateProject(admin_, r), IsOk());
  }

  void CreateDocument(const std::string& project, const std::string& id,
                      const std::string& text) {
    v1::CreateDocumentRequest r;
    r.set_parent(ProjectName(project));
    r.mutable_document()->set_document_id(id);
    r.mutable_document()->set_title("Title of " + id);
    (*r.mutable_document()->mutable_metadata())["lang"] = "en";
    r.set_text(text);
    ASSERT_THAT(api_->CreateDocument(admin_, r), IsOk());
  }

  v1::Annotation Label(const Principal& who, const std::string& doc,
                       const std::string& quote, const std::string& label,
                       std::map<std::string, std::string> attributes = {},
                       const std::string& model_version = "",
                       double score = 0) {
    v1::CreateAnnotationRequest r;
    r.set_parent(doc);
    r.set_quote(quote);
    r.mutable_annotation()->set_label(label);
    r.mutable_annotation()->set_model_version(model_version);
    r.mutable_annotation()->set_score(score);
    for (auto& [k, v] : attributes) {
      (*r.mutable_annotation()->mutable_attributes())[k] = v;
    }
    auto a = api_->CreateAnnotation(who, r);
    EXPECT_THAT(a, IsOk()) << quote;
    return a.ok() ? *a : v1::Annotation();
  }

  ExportResult Export(const Principal& who, v1::ExportRequest r,
                      int stop_after = -1) {
    if (r.parent().empty()) r.set_parent("projects/news");
    ExportResult out;
    int sent = 0;
    out.status = export_->Export(who, r, [&](const v1::ExportChunk& c) {
      if (stop_after >= 0 && sent++ >= stop_after) return false;
      out.chunks.push_back(c);
      if (!c.file_name().empty() && !out.files.count(c.file_name())) {
        out.order.push_back(c.file_name());
      }
      if (!c.file_name().empty()) out.files[c.file_name()] += c.data();
      return true;
    });
    return out;
  }

  ExportResult Export(const Principal& who, v1::DatasetFormat format,
                      v1::AnnotationKind kind = v1::ANNOTATION_KIND_UNSPECIFIED,
                      const std::string& author = "") {
    v1::ExportRequest r;
    r.set_format(format);
    r.set_kind(kind);
    r.set_author(author);
    return Export(who, r);
  }

  // Imports `files` (name, bytes) into `project` in chunks of `chunk` bytes.
  absl::StatusOr<v1::ImportDatasetResponse> Import(
      const Principal& who, const std::string& project,
      v1::DatasetFormat format,
      const std::vector<std::pair<std::string, std::string>>& files,
      v1::OffsetUnit unit = v1::OFFSET_UNIT_UNSPECIFIED, size_t chunk = 100) {
    std::vector<v1::ImportChunk> chunks;
    for (const auto& [name, data] : files) {
      for (size_t at = 0; at < data.size() || at == 0; at += chunk) {
        v1::ImportChunk& c = chunks.emplace_back();
        c.set_file_name(name);
        c.set_data(data.substr(std::min(at, data.size()), chunk));
        if (data.empty()) break;
      }
    }
    if (!chunks.empty()) {
      chunks[0].set_parent(ProjectName(project));
      chunks[0].set_format(format);
      chunks[0].set_labelstudio_offset_unit(unit);
    }
    size_t next = 0;
    return export_->ImportDataset(who, [&](v1::ImportChunk* c) {
      if (next == chunks.size()) return false;
      *c = chunks[next++];
      return true;
    });
  }

  // Every annotation of a document, tombstones included, in creation order.
  std::vector<v1::Annotation> Stored(const std::string& project,
                                     const std::string& doc) {
    v1::ListAnnotationsRequest r;
    r.set_parent(DocumentName(project, doc));
    r.set_show_deleted(true);
    r.set_show_decided(true);
    r.set_page_size(1000);
    auto page = api_->ListAnnotations(admin_, r);
    EXPECT_THAT(page, IsOk());
    return page.ok() ? std::vector<v1::Annotation>(page->annotations().begin(),
                                                   page->annotations().end())
                     : std::vector<v1::Annotation>();
  }

  testing_support::StoreAndApi env_;
  RocksDbStore* const store_ = env_.store();
  Api* const api_ = env_.api();
  std::unique_ptr<ExportApi> export_;
  std::string deleted_;
  std::string rejected_;
};

}  // namespace spanlab::export_testing

#endif  // SPANLAB_SERVICE_EXPORT_TEST_FIXTURE_H_
