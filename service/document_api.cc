// Api: documents.
#include "absl/strings/str_cat.h"
#include "google/protobuf/util/time_util.h"
#include "service/api.h"
#include "service/names.h"
#include "service/permissions.h"
#include "service/validation.h"

namespace spanlab {

using google::protobuf::util::TimeUtil;

absl::StatusOr<v1::Document> Api::CreateDocument(
    const Principal& caller, const v1::CreateDocumentRequest& r) {
  absl::Status s = RequireAdmin(caller, "CreateDocument");
  if (!s.ok()) return s;
  auto project = ParseProjectName(r.parent(), "parent");
  if (!project.ok()) return project.status();
  v1::Document doc = r.document();
  s = ValidateNewDocument(r.text(), limits_, &doc);
  if (!s.ok()) return s;
  doc.set_name(DocumentName(*project, doc.document_id()));
  *doc.mutable_create_time() = TimeUtil::GetCurrentTime();
  s = store_->CreateDocument(*project, doc, caller.annotator_id());
  if (!s.ok()) return s;
  return doc;
}

absl::StatusOr<v1::Document> Api::GetDocument(const Principal&,
                                              const v1::GetDocumentRequest& r) {
  auto ref = ParseDocumentName(r.name(), "name");
  if (!ref.ok()) return ref.status();
  return store_->GetDocument(ref->project, ref->document);
}

absl::StatusOr<v1::ListDocumentsResponse> Api::ListDocuments(
    const Principal&, const v1::ListDocumentsRequest& r) {
  auto project = ParseProjectName(r.parent(), "parent");
  if (!project.ok()) return project.status();
  auto size = PageSize(r.page_size());
  if (!size.ok()) return size.status();
  // Distinguish "no such project" from "no documents".
  auto p = store_->GetProject(*project);
  if (!p.ok()) return p.status();
  auto page =
      store_->ListDocuments(*project, *size, r.page_token(), r.include_text());
  if (!page.ok()) return page.status();
  v1::ListDocumentsResponse out;
  for (auto& d : page->items) *out.add_documents() = std::move(d);
  out.set_next_page_token(page->next_page_token);
  return out;
}

absl::StatusOr<v1::ImportDocumentsResponse> Api::ImportDocuments(
    const Principal& caller,
    const std::function<bool(v1::CreateDocumentRequest*)>& next) {
  absl::Status s = RequireAdmin(caller, "ImportDocuments");
  if (!s.ok()) return s;
  v1::ImportDocumentsResponse out;
  v1::CreateDocumentRequest request;
  std::string parent;
  for (int64_t index = 0; next(&request); ++index) {
    if (index == 0) {
      auto project = ParseProjectName(request.parent(), "parent");
      if (!project.ok()) return project.status();
      auto p = store_->GetProject(*project);
      if (!p.ok()) return p.status();
      parent = request.parent();
    } else if (request.parent() != parent) {
      return absl::InvalidArgumentError(absl::StrCat(
          "requests[", index, "].parent=\"", request.parent(),
          "\": every message of an import names the same parent (\"", parent,
          "\"); ", out.created(), " documents were stored before it"));
    }
    auto doc = CreateDocument(caller, request);
    v1::ImportResult* result = out.add_results();
    result->set_index(index);
    result->set_document_id(request.document().document_id());
    if (doc.ok()) {
      out.set_created(out.created() + 1);
    } else {
      out.set_failed(out.failed() + 1);
      result->set_code(static_cast<int>(doc.status().code()));
      result->set_message(std::string(doc.status().message()));
    }
    request.Clear();
  }
  return out;
}

}  // namespace spanlab
