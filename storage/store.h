// The storage contract of spanlab.
//
// A Store keeps projects, documents, annotations, their indexes, the audit
// log and credentials. Service code talks only to this interface, so the
// engine behind it (RocksDB today) can be replaced.
//
// Thread-safety: every method of Store may be called concurrently from any
// thread. A DocumentTransaction is used by one thread at a time.
//
// Failure: methods return absl::Status codes chosen for the caller:
// NOT_FOUND (absent record), ALREADY_EXISTS (unique key taken),
// INVALID_ARGUMENT (malformed page token), DATA_LOSS (stored data that does
// not read back: a record or key that does not decode, a failed checksum,
// an index naming a record that is not there; the message names it),
// INTERNAL/UNAVAILABLE (engine error; nothing was changed). A failed write
// changes nothing: every logical change, with its indexes and audit entry,
// is one atomic write.
#ifndef SPANLAB_STORAGE_STORE_H_
#define SPANLAB_STORAGE_STORE_H_

#include <cstdint>
#include <functional>
#include <memory>
#include <string>
#include <utility>
#include <vector>

#include "absl/container/flat_hash_map.h"
#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"
#include "spanlab/v1/resources.pb.h"
#include "storage/layer_entry.h"

namespace spanlab {

// One page of a listing. `next_page_token` is empty on the last page and
// otherwise opaque to the caller.
template <typename T>
struct Page {
  std::vector<T> items;
  std::string next_page_token;
};

// A stored document as its record, with the id its key gives it: a
// caller that decodes the record itself can name it even when the record
// does not decode.
struct DocumentRecord {
  std::string document_id;
  std::string bytes;  // A serialized v1::Document.
};

// Which annotations of a document a listing returns.
struct AnnotationFilter {
  // Restrict to one kind; ANNOTATION_KIND_UNSPECIFIED for all.
  v1::AnnotationKind kind = v1::ANNOTATION_KIND_UNSPECIFIED;
  // Restrict to one author (needs `kind`); empty for all.
  std::string author;
  bool include_deleted = false;
  // If set, only annotations for which it returns true (used for blind
  // layers); applied inside the scan so pages stay full.
  std::function<bool(const v1::Annotation&)> visible;
};

// An annotator's decision on one suggestion (AUTOMATIC annotation).
enum class SuggestionDecision : char {
  kAccepted = 'a',
  kRejected = 'r',
};

// Decisions of one annotator on one document, by suggestion id.
using DecisionMap = absl::flat_hash_map<uint64_t, SuggestionDecision>;

// Decisions of every annotator on one document, by annotator id.
using DocumentDecisions = absl::flat_hash_map<std::string, DecisionMap>;

// The layer an annotation belongs to, as indexed: HUMAN and AUTOMATIC layers
// are per author, the GOLD layer is one per document whoever wrote it.
std::string LayerAuthor(const v1::Annotation& a);

// A read-modify-write session on one document's annotations. It holds an
// exclusive lock on the document from creation to destruction, so reads
// through it and the commit see no interleaved change: no update is lost.
// Keep it short. Reads do not see the session's own staged writes.
class DocumentTransaction {
 public:
  virtual ~DocumentTransaction() = default;

  // The document, read when the session began (documents never change).
  virtual const v1::Document& document() const = 0;
  // The same document, shared: for caches of what is derived from it.
  virtual std::shared_ptr<const v1::Document> shared_document() const = 0;

  // One layer's annotations in id order.
  virtual absl::StatusOr<std::vector<v1::Annotation>> ReadLayer(
      v1::AnnotationKind kind, absl::string_view layer_author,
      bool include_deleted) = 0;

  // The live spans of one layer in id order, read from the layer's index
  // alone: what the overlap check and the span limit need, without
  // fetching and parsing each record.
  virtual absl::StatusOr<std::vector<IndexedSpan>> ReadLayerSpans(
      v1::AnnotationKind kind, absl::string_view layer_author) = 0;

  // One annotation; NOT_FOUND if the document has no such id.
  virtual absl::StatusOr<v1::Annotation> Read(uint64_t id) = 0;

  // A fresh id, increasing with time and unused in this document.
  virtual absl::StatusOr<uint64_t> NewId() = 0;

  // Stages `after` as annotation `id`, replacing `before` (null for a new
  // annotation), with an audit entry for `action` by `actor`. For a new
  // annotation derived from another record (an accepted suggestion),
  // `before` may be that record: it is then only recorded in the audit
  // entry. Staged writes become visible together at Commit.
  virtual void Stage(uint64_t id, const v1::Annotation* before,
                     const v1::Annotation& after, absl::string_view action,
                     absl::string_view actor) = 0;

  // The decisions `annotator` made on this document's suggestions.
  virtual absl::StatusOr<DecisionMap> ReadDecisions(
      absl::string_view annotator) = 0;

  // Stages `annotator`'s decision on suggestion `suggestion_id`.
  virtual void StageDecision(absl::string_view annotator,
                             uint64_t suggestion_id,
                             SuggestionDecision decision) = 0;

  // Stages an audit entry for an event that changes no annotation record
  // (e.g. a rejection). Sequence and time are filled in.
  virtual void StageAudit(v1::AuditEntry entry) = 0;

  // The stored resolutions of this document's reconciliation items, by
  // item id (service/reconcile_api.h), in id order.
  virtual absl::StatusOr<
      std::vector<std::pair<std::string, v1::ItemResolution>>>
  ReadResolutions() = 0;

  // Stages the resolution of item `item_id`, replacing any earlier one.
  virtual void StageResolution(absl::string_view item_id,
                               const v1::ItemResolution& resolution) = 0;

  // Stages the removal of item `item_id`'s resolution (absent is fine).
  virtual void StageResolutionRemoval(absl::string_view item_id) = 0;

  // Number of staged changes.
  virtual size_t staged() const = 0;

  // Writes everything staged as one atomic, durable (per the store's
  // durability) write. The session must not be used afterwards.
  virtual absl::Status Commit() = 0;
};

// One annotator's share of a project's assignments.
struct AssignmentCounts {
  int64_t done = 0;       // documents they finished
  int64_t assigned = 0;   // documents they hold
  int64_t skipped = 0;    // documents they skipped
  int64_t documents = 0;  // documents in the project
};

// A project's assignments counted: what GetProgress reports.
struct AssignmentSummary {
  int64_t documents = 0;    // documents in the project
  int64_t complete = 0;     // documents finished by `overlap` annotators
  int64_t in_progress = 0;  // documents someone holds
  // Everyone who holds, finished or skipped a document, in id order
  // (`documents` of each is the project's).
  std::vector<std::pair<std::string, AssignmentCounts>> annotators;
};

// A read-modify-write session on the assignments of one project. Holds the
// project's lock from creation to destruction, so decisions made on what it
// read cannot race: no document is pushed past its overlap. Keep it short.
class AssignmentTransaction {
 public:
  virtual ~AssignmentTransaction() = default;

  // Visits every document's assignment in document-id order until `visit`
  // returns false.
  virtual absl::Status ForEach(
      const std::function<bool(absl::string_view document_id,
                               const v1::DocumentAssignment&)>& visit) = 0;

  // Visits the assignments of the documents open to `annotator`: those
  // they do not hold, did not finish and did not skip, with fewer than
  // `overlap` annotators finished or holding them; in the order
  // NextDocument prefers (fewest finished, then fewest holding, then
  // document id) until `visit` returns false. Reads only the records it
  // visits, not the project's: the first call after the store opens reads
  // every assignment of the project once to build that order. ABORTED if
  // the order was found out of date with a record; it is then rebuilt from
  // the records, and a retry sees it.
  virtual absl::Status ForEachOpenTo(
      absl::string_view annotator, int overlap,
      const std::function<bool(absl::string_view document_id,
                               const v1::DocumentAssignment&)>& visit) = 0;

  // `annotator`'s documents done, held and skipped, and the project's
  // document count, without reading every assignment (see ForEachOpenTo).
  virtual absl::StatusOr<AssignmentCounts> CountsOf(
      absl::string_view annotator) = 0;

  // The project's assignments counted for an overlap of `overlap`, without
  // reading every assignment (see ForEachOpenTo).
  virtual absl::StatusOr<AssignmentSummary> Summarize(int overlap) = 0;

  // One document's assignment; NOT_FOUND if the document does not exist.
  virtual absl::StatusOr<v1::DocumentAssignment> Get(
      absl::string_view document_id) = 0;

  // The document currently assigned to `annotator`, or "" for none.
  virtual absl::StatusOr<std::string> Current(absl::string_view annotator) = 0;

  // Stages new state for a document, the annotator's current document ("" to
  // clear it), and an audit entry (sequence and time filled in).
  virtual void Put(absl::string_view document_id,
                   const v1::DocumentAssignment& assignment) = 0;
  virtual void SetCurrent(absl::string_view annotator,
                          absl::string_view document_id) = 0;
  virtual void StageAudit(absl::string_view document_id,
                          v1::AuditEntry entry) = 0;

  // Writes everything staged as one atomic write. The session may go on:
  // what it reads then includes what it wrote, and a later Commit writes
  // only what was staged after this one.
  virtual absl::Status Commit() = 0;
};

// What Store::Checkpoint wrote.
struct CheckpointInfo {
  // Total size of the files written, in bytes (hard-linked files count in
  // full).
  int64_t size_bytes = 0;
  // A sequence number of the engine's write log that the checkpoint holds:
  // every write acknowledged before the call is in it, at or below this.
  uint64_t sequence_number = 0;
};

class Store {
 public:
  virtual ~Store() = default;

  // Projects. CreateProject: ALREADY_EXISTS if the id is taken.
  virtual absl::Status CreateProject(const v1::Project& project,
                                     absl::string_view actor) = 0;
  // The project as stored when called; shared with the store's cache, so
  // a call costs no parse (every write validates against the schema).
  virtual absl::StatusOr<std::shared_ptr<const v1::Project>> GetProject(
      absl::string_view project_id) = 0;
  virtual absl::StatusOr<Page<v1::Project>> ListProjects(
      int page_size, absl::string_view page_token) = 0;

  // Documents. CreateDocument: NOT_FOUND without the project;
  // ALREADY_EXISTS if the id is taken or another document of the project has
  // the same content_hash (the message names it).
  virtual absl::Status CreateDocument(absl::string_view project_id,
                                      const v1::Document& document,
                                      absl::string_view actor) = 0;
  virtual absl::StatusOr<v1::Document> GetDocument(
      absl::string_view project_id, absl::string_view document_id) = 0;
  virtual absl::StatusOr<Page<v1::Document>> ListDocuments(
      absl::string_view project_id, int page_size, absl::string_view page_token,
      bool include_text) = 0;
  // ListDocuments with each document as its record, a serialized
  // v1::Document: for scans over a whole project that need few fields of
  // each, where parsing every record (and checking the UTF-8 of every text
  // again) would cost more than the rest of the work.
  virtual absl::StatusOr<Page<DocumentRecord>> ListDocumentRecords(
      absl::string_view project_id, int page_size,
      absl::string_view page_token) = 0;

  // Annotations. Every change goes through a DocumentTransaction;
  // BeginDocument is NOT_FOUND if the document does not exist.
  virtual absl::StatusOr<std::unique_ptr<DocumentTransaction>> BeginDocument(
      absl::string_view project_id, absl::string_view document_id) = 0;
  virtual absl::StatusOr<v1::Annotation> GetAnnotation(
      absl::string_view project_id, absl::string_view document_id,
      uint64_t id) = 0;
  virtual absl::StatusOr<Page<v1::Annotation>> ListAnnotations(
      absl::string_view project_id, absl::string_view document_id,
      const AnnotationFilter& filter, int page_size,
      absl::string_view page_token) = 0;
  // Every stored annotation of a document, deleted ones included, in id
  // order, as its record: a serialized v1::Annotation. For scans over a
  // whole project that need a few fields of each annotation, where parsing
  // full messages would cost more than the rest of the work. Stops at the
  // first error of `visit`.
  virtual absl::Status ForEachAnnotationRecord(
      absl::string_view project_id, absl::string_view document_id,
      const std::function<absl::Status(absl::string_view record)>& visit) = 0;

  // `annotator`'s decisions on one document's suggestions.
  virtual absl::StatusOr<DecisionMap> ReadDecisions(
      absl::string_view project_id, absl::string_view document_id,
      absl::string_view annotator) = 0;
  // Every annotator's decisions on one document's suggestions; annotators
  // without any are absent.
  virtual absl::StatusOr<DocumentDecisions> ReadAllDecisions(
      absl::string_view project_id, absl::string_view document_id) = 0;

  // The audit log of one document, oldest first.
  virtual absl::StatusOr<std::vector<v1::AuditEntry>> ReadAudit(
      absl::string_view project_id, absl::string_view document_id) = 0;
  // The same, one page at a time, keeping entries for which `keep` returns
  // true (all if unset).
  virtual absl::StatusOr<Page<v1::AuditEntry>> ListAudit(
      absl::string_view project_id, absl::string_view document_id,
      const std::function<bool(const v1::AuditEntry&)>& keep, int page_size,
      absl::string_view page_token) = 0;

  // Assignments. Every document gets an empty assignment record when it is
  // created. NOT_FOUND if the project does not exist.
  virtual absl::StatusOr<std::unique_ptr<AssignmentTransaction>>
  BeginAssignments(absl::string_view project_id) = 0;

  // Credentials. Only a hash of each token is stored. CreateAnnotator:
  // ALREADY_EXISTS if the id is taken. LookupToken: NOT_FOUND if no
  // annotator has that token hash.
  virtual absl::Status CreateAnnotator(const v1::Annotator& annotator,
                                       absl::string_view token_hash) = 0;
  virtual absl::StatusOr<v1::Annotator> LookupToken(
      absl::string_view token_hash) = 0;
  virtual absl::StatusOr<Page<v1::Annotator>> ListAnnotators(
      int page_size, absl::string_view page_token) = 0;
  // Deletes every token hash of `annotator_id` and stores the annotator
  // with `revoke_time` set (already revoked: unchanged), in one atomic
  // write; returns the stored record. NOT_FOUND if there is no such
  // annotator. FAILED_PRECONDITION if it would leave no ADMIN whose token
  // works at `revoke_time` (not revoked, not expired): checked under the
  // same lock as the write, so two admins revoking each other at once
  // cannot lock everybody out.
  virtual absl::StatusOr<v1::Annotator> RevokeAnnotator(
      absl::string_view annotator_id,
      const google::protobuf::Timestamp& revoke_time) = 0;

  // Backups. Writes a consistent point-in-time copy of every record kind
  // into the new directory `path` (absolute), while other calls go on; the
  // copy opens as a store of its own. INVALID_ARGUMENT if `path` is
  // relative or inside the live database; ALREADY_EXISTS if it exists;
  // FAILED_PRECONDITION if its parent directory does not exist.
  virtual absl::StatusOr<CheckpointInfo> Checkpoint(
      const std::string& path) = 0;
};

}  // namespace spanlab

#endif  // SPANLAB_STORAGE_STORE_H_
