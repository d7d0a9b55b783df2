#include "service/tagger_api.h"

#include <chrono>
#include <map>
#include <set>

#include "absl/container/flat_hash_set.h"
#include "absl/strings/str_cat.h"
#include "google/protobuf/util/time_util.h"
#include "service/names.h"
#include "service/permissions.h"

namespace spanlab {
namespace {

using Clock = std::chrono::steady_clock;

double SecondsSince(Clock::time_point t) {
  return std::chrono::duration<double>(Clock::now() - t).count();
}

// Visits the selected documents of `project` with their text, one page at a
// time.
absl::Status ForEachDocument(
    Store* store, absl::string_view project,
    const absl::flat_hash_set<std::string>& only, const CallCheck& ended,
    const std::function<absl::Status(const v1::Document&)>& visit) {
  std::string token;
  do {
    auto page = store->ListDocuments(project, 100, token, true);
    if (!page.ok()) return page.status();
    for (const auto& d : page->items) {
      if (!only.empty() && !only.contains(d.document_id())) continue;
      absl::Status s = ended();
      if (!s.ok()) return s;
      s = visit(d);
      if (!s.ok()) return s;
    }
    token = std::move(page->next_page_token);
  } while (!token.empty());
  return absl::OkStatus();
}

// Tombstones every live suggestion of the tagger's current version on one
// document.
absl::Status RetireSuggestions(Store* store, absl::string_view project,
                               absl::string_view document,
                               const std::string& model, int64_t* removed) {
  auto txn = store->BeginDocument(project, document);
  if (!txn.ok()) return txn.status();
  auto layer = (*txn)->ReadLayer(v1::AUTOMATIC, model, false);
  if (!layer.ok()) return layer.status();
  const auto now = google::protobuf::util::TimeUtil::GetCurrentTime();
  for (const v1::Annotation& old : *layer) {
    if (old.model_version() != tagger::Tagger::kModelVersion) continue;
    auto ref = ParseAnnotationName(old.name(), "name");
    if (!ref.ok()) return ref.status();
    v1::Annotation tombstone = old;
    tombstone.set_deleted(true);
    tombstone.set_revision(old.revision() + 1);
    *tombstone.mutable_update_time() = now;
    (*txn)->Stage(ref->id, &old, tombstone, "delete", model);
    ++*removed;
  }
  return (*txn)->Commit();
}

}  // namespace

TaggerApi::TaggerApi(Api* api)
    : api_(api), tagger_(std::make_unique<tagger::Tagger>()) {}

absl::StatusOr<v1::AutoTagResponse> TaggerApi::AutoTag(
    const Principal& caller, const v1::AutoTagRequest& r,
    const CallCheck& ended) {
  absl::Status s = RequireAdmin(caller, "AutoTag");
  if (!s.ok()) return s;
  auto project_id = ParseProjectName(r.parent(), "parent");
  if (!project_id.ok()) return project_id.status();
  Store* store = api_->store();
  auto project = store->GetProject(*project_id);
  if (!project.ok()) return project.status();
  absl::flat_hash_set<std::string> only;
  for (int i = 0; i < r.documents_size(); ++i) {
    auto doc = store->GetDocument(*project_id, r.documents(i));
    if (!doc.ok()) {
      return absl::Status(
          doc.status().code(),
          absl::StrCat("documents[", i, "]: ", doc.status().message()));
    }
    only.insert(r.documents(i));
  }
  std::map<std::string, std::set<std::string>> allowed;
  for (const auto& l : (*project)->schema().labels()) {
    allowed[l.name()].insert(l.allowed_attributes().begin(),
                             l.allowed_attributes().end());
  }

  v1::AutoTagResponse out;
  out.set_model(std::string(tagger::Tagger::kModelName));
  out.set_model_version(std::string(tagger::Tagger::kModelVersion));
  // Pass one: the claims of every selected document, so that a claim
  // another document contradicts can be marked disputed in pass two.
  const auto start = Clock::now();
  tagger::CorpusContext context;
  s = ForEachDocument(store, *project_id, only, ended,
                      [&](const v1::Document& d) {
                        tagger_->CollectClaims(d.text(), &context);
                        return absl::OkStatus();
                      });
  if (!s.ok()) return s;
  double tagging = SecondsSince(start);

  // Pass two, one document at a time: tag, then hand the document's
  // suggestions to the bulk write as one message, under the tagger's own
  // model identity.
  Principal model;
  model.set_annotator_id(std::string(tagger::Tagger::kModelName));
  model.set_role(v1::MODEL);
  std::vector<v1::BulkWriteAnnotationsRequest> batch;
  const auto flush = [&]() -> absl::Status {
    if (batch.empty()) return absl::OkStatus();
    size_t i = 0;
    auto written = api_->BulkWriteAnnotations(
        model, [&](v1::BulkWriteAnnotationsRequest* req) {
          if (i == batch.size()) return false;
          *req = std::move(batch[i++]);
          return true;
        });
    batch.clear();
    if (!written.ok()) return written.status();
    out.set_created(out.created() + written->written());
    out.set_kept(out.kept() + written->kept());
    out.set_removed(out.removed() + written->removed());
    return absl::OkStatus();
  };
  s = ForEachDocument(
      store, *project_id, only, ended, [&](const v1::Document& d) {
        const auto t0 = Clock::now();
        std::vector<tagger::Suggestion> found =
            tagger_->Tag(d.text(), &context);
        tagging += SecondsSince(t0);
        out.set_documents(out.documents() + 1);
        v1::BulkWriteAnnotationsRequest req;
        req.set_parent(d.name());
        for (const auto& f : found) {
          auto labels = allowed.find(f.label);
          if (labels == allowed.end()) {
            out.set_skipped(out.skipped() + 1);
            continue;
          }
          v1::Annotation* a = req.add_annotations();
          a->set_start(f.start);
          a->set_end(f.end);
          a->set_label(f.label);
          a->set_kind(v1::AUTOMATIC);
          a->set_model_version(std::string(tagger::Tagger::kModelVersion));
          a->set_score(f.score);
          for (const auto& [key, value] : f.attributes) {
            if (labels->second.count(key) > 0 && !value.empty()) {
              (*a->mutable_attributes())[key] = value;
            }
          }
        }
        if (req.annotations_size() == 0) {
          // The bulk write takes no empty message, yet a document where this
          // version now finds nothing must lose what an earlier run found.
          int64_t removed = 0;
          absl::Status st =
              RetireSuggestions(store, *project_id, d.document_id(),
                                model.annotator_id(), &removed);
          out.set_removed(out.removed() + removed);
          return st;
        }
        batch.push_back(std::move(req));
        if (batch.size() >= 64) return flush();
        return absl::OkStatus();
      });
  if (!s.ok()) return s;
  s = flush();
  if (!s.ok()) return s;
  out.set_tagging_seconds(tagging);
  return out;
}

}  // namespace spanlab
