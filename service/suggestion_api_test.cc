// Service-level tests of suggestions (AcceptSuggestion, RejectSuggestion,
// the decisions' effect on listings) and of ListAuditLog.
#include <memory>
#include <string>
#include <utility>
#include <vector>

#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "absl/strings/str_cat.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "service/api.h"
#include "service/names.h"
#include "storage/rocksdb_store.h"
#include "tests/support/callers.h"
#include "tests/support/proto_matchers.h"
#include "tests/support/status_matchers.h"
#include "tests/support/store_fixture.h"

namespace spanlab {
namespace {

using ::spanlab::testing_support::Caller;
using ::spanlab::testing_support::EqualsProto;
using ::spanlab::testing_support::IsOk;
using ::spanlab::testing_support::StatusIs;
using ::spanlab::testing_support::StoreAndApi;
using ::testing::_;
using ::testing::AllOf;
using ::testing::ElementsAre;
using ::testing::ElementsAreArray;
using ::testing::HasSubstr;
using ::testing::IsEmpty;
using ::testing::Not;
using ::testing::Pair;
using ::testing::SizeIs;
using ::testing::StartsWith;
using ::testing::UnorderedElementsAre;

// "action/actor" of each entry, for compact expectations.
std::vector<std::string> Events(const std::vector<v1::AuditEntry>& entries) {
  std::vector<std::string> out;
  for (const auto& e : entries) {
    out.push_back(absl::StrCat(e.action(), "/", e.actor()));
  }
  return out;
}

std::vector<std::string> Names(const std::vector<v1::Annotation>& as) {
  std::vector<std::string> out;
  for (const auto& a : as) out.push_back(a.name());
  return out;
}

// The document text is ASCII, so byte offsets are code-point offsets.
constexpr char kText[] =
    "Lavrov said the talks went well. Tillerson said Trump pressed Putin. "
    "Putin denied it.";

std::pair<int64_t, int64_t> Where(const std::string& needle) {
  const size_t pos = std::string(kText).find(needle);
  EXPECT_NE(pos, std::string::npos) << needle;
  return {static_cast<int64_t>(pos), static_cast<int64_t>(pos + needle.size())};
}

v1::Annotation Span(const std::string& needle,
                    const std::string& label = "attributed_claim") {
  v1::Annotation a;
  const auto [start, end] = Where(needle);
  a.set_start(start);
  a.set_end(end);
  a.set_label(label);
  return a;
}

class SuggestionApiTest : public testing::Test {
 protected:
  void SetUp() override {
    ASSERT_TRUE(env_.ok());

    v1::CreateProjectRequest project;
    project.mutable_project()->set_project_id("g20");
    ASSERT_THAT(api_->CreateProject(admin_, project), IsOk());
    ASSERT_THAT(CreateDocument("doc", kText), IsOk());
    ASSERT_THAT(CreateDocument("other", "Another text entirely."), IsOk());

    // The model's suggestion on "the talks went well".
    v1::Annotation s = Span("the talks went well");
    s.set_kind(v1::AUTOMATIC);
    s.set_model_version("ner-1.2");
    s.set_score(0.875);
    s.set_note("high confidence");
    (*s.mutable_attributes())["source"] = "Lavrov";
    (*s.mutable_attributes())["cue"] = "said";
    auto created = Create(tagger_, s);
    ASSERT_THAT(created, IsOk());
    suggestion_ = *std::move(created);
  }

  absl::StatusOr<v1::Document> CreateDocument(const std::string& id,
                                              const std::string& text) {
    v1::CreateDocumentRequest r;
    r.set_parent("projects/g20");
    r.mutable_document()->set_document_id(id);
    r.set_text(text);
    return api_->CreateDocument(admin_, r);
  }

  absl::StatusOr<v1::Annotation> Create(const Principal& who,
                                        v1::Annotation a) {
    v1::CreateAnnotationRequest r;
    r.set_parent(parent_);
    *r.mutable_annotation() = std::move(a);
    return api_->CreateAnnotation(who, r);
  }

  // A second suggestion by the model, on `needle`.
  v1::Annotation Suggest(const std::string& needle,
                         const std::string& label = "attributed_claim") {
    v1::Annotation s = Span(needle, label);
    s.set_kind(v1::AUTOMATIC);
    s.set_model_version("ner-1.2");
    s.set_score(0.5);
    auto created = Create(tagger_, s);
    EXPECT_THAT(created, IsOk());
    return created.ok() ? *created : v1::Annotation();
  }

  absl::StatusOr<v1::Annotation> Accept(const Principal& who,
                                        const std::string& name) {
    v1::AcceptSuggestionRequest r;
    r.set_name(name);
    return api_->AcceptSuggestion(who, r);
  }

  absl::StatusOr<v1::RejectSuggestionResponse> Reject(const Principal& who,
                                                      const std::string& name) {
    v1::RejectSuggestionRequest r;
    r.set_name(name);
    return api_->RejectSuggestion(who, r);
  }

  absl::StatusOr<v1::Annotation> Delete(const Principal& who,
                                        const std::string& name) {
    v1::DeleteAnnotationRequest r;
    r.set_name(name);
    return api_->DeleteAnnotation(who, r);
  }

  // Every annotation of the document `who` is shown.
  std::vector<v1::Annotation> List(
      const Principal& who,
      v1::AnnotationKind kind = v1::ANNOTATION_KIND_UNSPECIFIED,
      bool show_decided = false) {
    std::vector<v1::Annotation> out;
    v1::ListAnnotationsRequest r;
    r.set_parent(parent_);
    r.set_kind(kind);
    r.set_show_decided(show_decided);
    do {
      auto page = api_->ListAnnotations(who, r);
      EXPECT_THAT(page, IsOk());
      if (!page.ok()) break;
      for (const auto& a : page->annotations()) out.push_back(a);
      r.set_page_token(page->next_page_token());
    } while (!r.page_token().empty());
    return out;
  }

  // Every page of the audit log with `annotation` filter and `page_size`.
  absl::StatusOr<std::vector<v1::AuditEntry>> Audit(
      const Principal& who, const std::string& annotation = "",
      int page_size = 0, const std::string& parent = "") {
    std::vector<v1::AuditEntry> out;
    v1::ListAuditLogRequest r;
    r.set_parent(parent.empty() ? parent_ : parent);
    r.set_annotation(annotation);
    r.set_page_size(page_size);
    do {
      auto page = api_->ListAuditLog(who, r);
      if (!page.ok()) return page.status();
      if (page_size > 0 && page->entries_size() > page_size) {
        return absl::InternalError(
            absl::StrCat("page of ", page->entries_size(),
                         " entries for page_size ", page_size));
      }
      for (const auto& e : page->entries()) out.push_back(e);
      r.set_page_token(page->next_page_token());
    } while (!r.page_token().empty());
    return out;
  }

  std::vector<v1::AuditEntry> AuditOk(const Principal& who,
                                      const std::string& annotation = "") {
    auto entries = Audit(who, annotation);
    EXPECT_THAT(entries, IsOk());
    return entries.ok() ? *entries : std::vector<v1::AuditEntry>();
  }

  StoreAndApi env_;
  RocksDbStore* const store_ = env_.store();
  Api* const api_ = env_.api();
  const std::string parent_ = "projects/g20/documents/doc";
  v1::Annotation suggestion_;
  const Principal admin_ = Caller(v1::ADMIN, "admin");
  const Principal alice_ = Caller(v1::ANNOTATOR, "alice");
  const Principal bob_ = Caller(v1::ANNOTATOR, "bob");
  const Principal judge_ = Caller(v1::ADJUDICATOR, "judge");
  const Principal tagger_ = Caller(v1::MODEL, "tagger");
};

// =============================================================================
// AcceptSuggestion
// =============================================================================

TEST_F(SuggestionApiTest, AcceptCopiesTheSuggestionIntoTheCallersLayer) {
  auto copy = Accept(alice_, suggestion_.name());
  ASSERT_THAT(copy, IsOk());
  EXPECT_THAT(copy->name(), AllOf(StartsWith(parent_ + "/annotations/"),
                                  Not(suggestion_.name())));
  EXPECT_EQ(copy->kind(), v1::HUMAN);
  EXPECT_EQ(copy->author(), "alice");
  EXPECT_EQ(copy->start(), suggestion_.start());
  EXPECT_EQ(copy->end(), suggestion_.end());
  EXPECT_EQ(copy->text(), "the talks went well");
  EXPECT_EQ(copy->label(), "attributed_claim");
  EXPECT_THAT(copy->attributes(), UnorderedElementsAre(Pair("source", "Lavrov"),
                                                       Pair("cue", "said")));
  EXPECT_EQ(copy->note(), "high confidence");
  // A HUMAN annotation carries no model fields of its own...
  EXPECT_EQ(copy->model_version(), "");
  EXPECT_EQ(copy->score(), 0.0);
  // ...but says where it came from.
  v1::SuggestionOrigin origin;
  origin.set_suggestion(suggestion_.name());
  origin.set_model("tagger");
  origin.set_model_version("ner-1.2");
  origin.set_score(0.875);
  EXPECT_THAT(copy->origin(), EqualsProto(origin));
  EXPECT_EQ(copy->revision(), 1);
  EXPECT_FALSE(copy->deleted());
  EXPECT_TRUE(copy->has_create_time());
  EXPECT_THAT(copy->update_time(), EqualsProto(copy->create_time()));

  // It is stored as returned, in alice's layer.
  v1::GetAnnotationRequest get;
  get.set_name(copy->name());
  auto stored = api_->GetAnnotation(alice_, get);
  ASSERT_THAT(stored, IsOk());
  EXPECT_THAT(*stored, EqualsProto(*copy));
  EXPECT_THAT(Names(List(alice_, v1::HUMAN)), ElementsAre(copy->name()));
  // The suggestion itself is unchanged.
  get.set_name(suggestion_.name());
  auto original = api_->GetAnnotation(admin_, get);
  ASSERT_THAT(original, IsOk());
  EXPECT_THAT(*original, EqualsProto(suggestion_));
}

TEST_F(SuggestionApiTest, EachAnnotatorAcceptsIntoTheirOwnLayer) {
  auto a = Accept(alice_, suggestion_.name());
  auto b = Accept(bob_, suggestion_.name());
  auto j = Accept(judge_, suggestion_.name());
  ASSERT_THAT(a, IsOk());
  ASSERT_THAT(b, IsOk());
  ASSERT_THAT(j, IsOk());
  EXPECT_EQ(a->author(), "alice");
  EXPECT_EQ(b->author(), "bob");
  EXPECT_EQ(j->author(), "judge");
  EXPECT_EQ(j->kind(), v1::HUMAN);
  EXPECT_THAT(Names(List(alice_, v1::HUMAN)), ElementsAre(a->name()));
  EXPECT_THAT(Names(List(bob_, v1::HUMAN)), ElementsAre(b->name()));
  EXPECT_THAT(Names(List(admin_, v1::HUMAN)),
              UnorderedElementsAre(a->name(), b->name(), j->name()));
}

TEST_F(SuggestionApiTest, DecidingTwiceIsAlreadyExists) {
  auto copy = Accept(alice_, suggestion_.name());
  ASSERT_THAT(copy, IsOk());
  const std::string name = absl::StrCat("name=\"", suggestion_.name(), "\"");
  EXPECT_THAT(
      Accept(alice_, suggestion_.name()),
      StatusIs(absl::StatusCode::kAlreadyExists,
               AllOf(HasSubstr(name), HasSubstr("alice already accepted it"))));
  EXPECT_THAT(
      Reject(alice_, suggestion_.name()),
      StatusIs(absl::StatusCode::kAlreadyExists,
               AllOf(HasSubstr(name), HasSubstr("alice already accepted it"))));

  ASSERT_THAT(Reject(bob_, suggestion_.name()), IsOk());
  EXPECT_THAT(
      Reject(bob_, suggestion_.name()),
      StatusIs(absl::StatusCode::kAlreadyExists,
               AllOf(HasSubstr(name), HasSubstr("bob already rejected it"))));
  EXPECT_THAT(Accept(bob_, suggestion_.name()),
              StatusIs(absl::StatusCode::kAlreadyExists,
                       HasSubstr("bob already rejected it")));

  // Nothing more was stored: one copy, and one accept and one reject.
  EXPECT_THAT(Names(List(admin_, v1::HUMAN)), ElementsAre(copy->name()));
  EXPECT_THAT(Events(AuditOk(admin_)),
              ElementsAre("create/admin", "create/tagger", "accept/alice",
                          "reject/bob"));
}

TEST_F(SuggestionApiTest, OnlyLiveSuggestionsCanBeDecided) {
  auto human = Create(bob_, Span("Trump pressed Putin"));
  ASSERT_THAT(human, IsOk());
  EXPECT_THAT(Accept(bob_, human->name()),
              StatusIs(absl::StatusCode::kFailedPrecondition,
                       AllOf(HasSubstr(absl::StrCat("name=\"", human->name())),
                             HasSubstr("not a live suggestion (HUMAN)"))));
  EXPECT_THAT(Reject(bob_, human->name()),
              StatusIs(absl::StatusCode::kFailedPrecondition,
                       HasSubstr("not a live suggestion (HUMAN)")));
  // Someone else's HUMAN annotation: the same answer.
  EXPECT_THAT(Accept(alice_, human->name()),
              StatusIs(absl::StatusCode::kFailedPrecondition,
                       HasSubstr("not a live suggestion (HUMAN)")));

  auto gold = Create(judge_, Span("Putin denied it"));
  ASSERT_THAT(gold, IsOk());
  ASSERT_EQ(gold->kind(), v1::GOLD);
  EXPECT_THAT(Accept(alice_, gold->name()),
              StatusIs(absl::StatusCode::kFailedPrecondition,
                       HasSubstr("not a live suggestion (GOLD)")));

  ASSERT_THAT(Delete(tagger_, suggestion_.name()), IsOk());
  EXPECT_THAT(Accept(alice_, suggestion_.name()),
              StatusIs(absl::StatusCode::kFailedPrecondition,
                       AllOf(HasSubstr(suggestion_.name()),
                             HasSubstr("not a live suggestion (deleted)"))));
  EXPECT_THAT(Reject(alice_, suggestion_.name()),
              StatusIs(absl::StatusCode::kFailedPrecondition,
                       HasSubstr("not a live suggestion (deleted)")));
  EXPECT_THAT(Names(List(alice_, v1::HUMAN)), IsEmpty());
  auto decisions = store_->ReadDecisions("g20", "doc", "alice");
  ASSERT_THAT(decisions, IsOk());
  EXPECT_THAT(*decisions, IsEmpty());
}

TEST_F(SuggestionApiTest, AcceptOverlappingTheCallersSpanStoresNothing) {
  auto mine = Create(alice_, Span("talks went"));
  ASSERT_THAT(mine, IsOk());
  auto before = Audit(admin_);
  ASSERT_THAT(before, IsOk());

  EXPECT_THAT(Accept(alice_, suggestion_.name()),
              StatusIs(absl::StatusCode::kFailedPrecondition,
                       AllOf(HasSubstr("overlaps"), HasSubstr(mine->name()))));
  EXPECT_THAT(Names(List(alice_, v1::HUMAN)), ElementsAre(mine->name()));
  auto after = Audit(admin_);
  ASSERT_THAT(after, IsOk());
  EXPECT_THAT(Events(*after),
              ElementsAre("create/admin", "create/tagger", "create/alice"));
  EXPECT_EQ(after->size(), before->size());
  // No decision was recorded: the suggestion is still offered, and alice
  // can still reject it.
  auto decisions = store_->ReadDecisions("g20", "doc", "alice");
  ASSERT_THAT(decisions, IsOk());
  EXPECT_THAT(*decisions, IsEmpty());
  EXPECT_THAT(Names(List(alice_, v1::AUTOMATIC)),
              ElementsAre(suggestion_.name()));
  EXPECT_THAT(Reject(alice_, suggestion_.name()), IsOk());
}

TEST_F(SuggestionApiTest, AcceptAfterRemovingTheOverlapSucceeds) {
  auto mine = Create(alice_, Span("talks went"));
  ASSERT_THAT(mine, IsOk());
  ASSERT_THAT(Accept(alice_, suggestion_.name()),
              StatusIs(absl::StatusCode::kFailedPrecondition, _));
  ASSERT_THAT(Delete(alice_, mine->name()), IsOk());
  auto copy = Accept(alice_, suggestion_.name());
  ASSERT_THAT(copy, IsOk());
  EXPECT_THAT(Names(List(alice_, v1::HUMAN)), ElementsAre(copy->name()));
}

TEST_F(SuggestionApiTest, OverlappingSuggestionsOnlyOneCanBeAccepted) {
  // Models may propose overlapping alternatives; a person keeps one.
  const v1::Annotation wider = Suggest("said the talks went well", "opinion");
  ASSERT_THAT(Accept(alice_, suggestion_.name()), IsOk());
  EXPECT_THAT(
      Accept(alice_, wider.name()),
      StatusIs(absl::StatusCode::kFailedPrecondition, HasSubstr("overlaps")));
  EXPECT_THAT(Reject(alice_, wider.name()), IsOk());
}

TEST_F(SuggestionApiTest, AcceptRespectsTheLayerSizeLimit) {
  Limits limits;
  limits.max_spans_per_layer = 1;
  Api small(store_, limits);
  ASSERT_THAT(Create(alice_, Span("Putin denied it")), IsOk());
  v1::AcceptSuggestionRequest r;
  r.set_name(suggestion_.name());
  EXPECT_THAT(small.AcceptSuggestion(alice_, r),
              StatusIs(absl::StatusCode::kResourceExhausted,
                       HasSubstr("max_spans_per_layer")));
  EXPECT_THAT(List(alice_, v1::HUMAN), SizeIs(1));
  // No decision was recorded.
  EXPECT_THAT(Reject(alice_, suggestion_.name()), IsOk());
}

TEST_F(SuggestionApiTest, ModelMayNotDecide) {
  EXPECT_THAT(Accept(tagger_, suggestion_.name()),
              StatusIs(absl::StatusCode::kPermissionDenied,
                       AllOf(HasSubstr("tagger"), HasSubstr("MODEL"),
                             HasSubstr("may not write HUMAN"))));
  EXPECT_THAT(Reject(tagger_, suggestion_.name()),
              StatusIs(absl::StatusCode::kPermissionDenied,
                       AllOf(HasSubstr("tagger"), HasSubstr("MODEL"))));
  EXPECT_THAT(Events(AuditOk(admin_)),
              ElementsAre("create/admin", "create/tagger"));
}

TEST_F(SuggestionApiTest, NameErrors) {
  EXPECT_THAT(Accept(alice_, "projects/g20/documents/doc"),
              StatusIs(absl::StatusCode::kInvalidArgument, HasSubstr("name")));
  EXPECT_THAT(Reject(alice_, "bogus"),
              StatusIs(absl::StatusCode::kInvalidArgument, HasSubstr("name")));
  const std::string missing = AnnotationName("g20", "doc", 42);
  EXPECT_THAT(Accept(alice_, missing),
              StatusIs(absl::StatusCode::kNotFound,
                       HasSubstr("annotation 000000000000002a")));
  EXPECT_THAT(Reject(alice_, missing),
              StatusIs(absl::StatusCode::kNotFound,
                       HasSubstr("annotation 000000000000002a")));
  EXPECT_THAT(Accept(alice_, AnnotationName("g20", "nodoc", 42)),
              StatusIs(absl::StatusCode::kNotFound, HasSubstr("nodoc")));
  EXPECT_THAT(Accept(alice_, AnnotationName("nope", "doc", 42)),
              StatusIs(absl::StatusCode::kNotFound, HasSubstr("nope")));
}

TEST_F(SuggestionApiTest, ClientsCannotForgeAnOrigin) {
  v1::Annotation a = Span("Putin denied it");
  a.mutable_origin()->set_suggestion(suggestion_.name());
  a.mutable_origin()->set_model("tagger");
  auto created = Create(alice_, a);
  ASSERT_THAT(created, IsOk());
  EXPECT_FALSE(created->has_origin());
}

// =============================================================================
// RejectSuggestion and listings
// =============================================================================

TEST_F(SuggestionApiTest, RejectReturnsTheSuggestionAndStoresNoAnnotation) {
  auto r = Reject(alice_, suggestion_.name());
  ASSERT_THAT(r, IsOk());
  EXPECT_THAT(r->suggestion(), EqualsProto(suggestion_));
  EXPECT_THAT(List(admin_, v1::HUMAN), IsEmpty());
  auto decisions = store_->ReadDecisions("g20", "doc", "alice");
  ASSERT_THAT(decisions, IsOk());
  EXPECT_THAT(*decisions, SizeIs(1));
}

TEST_F(SuggestionApiTest, RejectedSuggestionIsHiddenOnlyFromTheRejecter) {
  const v1::Annotation other = Suggest("Putin denied it", "disputed");
  ASSERT_THAT(Reject(alice_, suggestion_.name()), IsOk());

  EXPECT_THAT(Names(List(alice_)), ElementsAre(other.name()));
  EXPECT_THAT(Names(List(alice_, v1::AUTOMATIC)), ElementsAre(other.name()));
  EXPECT_THAT(Names(List(alice_, v1::ANNOTATION_KIND_UNSPECIFIED, true)),
              ElementsAre(suggestion_.name(), other.name()));
  EXPECT_THAT(Names(List(alice_, v1::AUTOMATIC, true)),
              ElementsAre(suggestion_.name(), other.name()));

  // Others still see it.
  EXPECT_THAT(Names(List(bob_)), ElementsAre(suggestion_.name(), other.name()));
  EXPECT_THAT(Names(List(admin_)),
              ElementsAre(suggestion_.name(), other.name()));
  EXPECT_THAT(Names(List(judge_, v1::AUTOMATIC)),
              ElementsAre(suggestion_.name(), other.name()));
  EXPECT_THAT(Names(List(tagger_)),
              ElementsAre(suggestion_.name(), other.name()));
  // And it still exists for a direct read.
  v1::GetAnnotationRequest get;
  get.set_name(suggestion_.name());
  EXPECT_THAT(api_->GetAnnotation(alice_, get), IsOk());
}

TEST_F(SuggestionApiTest, AcceptedSuggestionIsReplacedByTheCopy) {
  auto copy = Accept(alice_, suggestion_.name());
  ASSERT_THAT(copy, IsOk());
  EXPECT_THAT(Names(List(alice_)), ElementsAre(copy->name()));
  EXPECT_THAT(Names(List(alice_, v1::ANNOTATION_KIND_UNSPECIFIED, true)),
              UnorderedElementsAre(suggestion_.name(), copy->name()));
  EXPECT_THAT(Names(List(bob_)), ElementsAre(suggestion_.name()));
}

TEST_F(SuggestionApiTest, HiddenDecisionsKeepPagesConsistent) {
  std::vector<std::string> expected;
  for (int i = 0; i < 5; ++i) {
    // Overlapping alternatives from the model, all over the same span.
    expected.push_back(Suggest("Tillerson said Trump pressed Putin").name());
  }
  ASSERT_THAT(Reject(alice_, expected[1]), IsOk());
  ASSERT_THAT(Reject(alice_, expected[3]), IsOk());
  ASSERT_THAT(Reject(alice_, suggestion_.name()), IsOk());
  std::vector<std::string> seen;
  v1::ListAnnotationsRequest r;
  r.set_parent(parent_);
  r.set_page_size(1);
  do {
    auto page = api_->ListAnnotations(alice_, r);
    ASSERT_THAT(page, IsOk());
    ASSERT_LE(page->annotations_size(), 1);
    for (const auto& a : page->annotations()) seen.push_back(a.name());
    r.set_page_token(page->next_page_token());
  } while (!r.page_token().empty());
  EXPECT_THAT(seen, ElementsAre(expected[0], expected[2], expected[4]));
}

// =============================================================================
// Audit of decisions
// =============================================================================

TEST_F(SuggestionApiTest, AcceptAndRejectAreAudited) {
  auto copy = Accept(alice_, suggestion_.name());
  ASSERT_THAT(copy, IsOk());
  ASSERT_THAT(Reject(bob_, suggestion_.name()), IsOk());

  auto entries = AuditOk(admin_);
  ASSERT_THAT(Events(entries), ElementsAre("create/admin", "create/tagger",
                                           "accept/alice", "reject/bob"));
  const v1::AuditEntry& accept = entries[2];
  EXPECT_EQ(accept.resource(), copy->name());
  EXPECT_THAT(accept.after(), EqualsProto(*copy));
  // The suggestion the copy came from.
  EXPECT_THAT(accept.before(), EqualsProto(suggestion_));
  EXPECT_GT(accept.sequence(), entries[1].sequence());
  EXPECT_TRUE(accept.has_time());

  const v1::AuditEntry& reject = entries[3];
  EXPECT_EQ(reject.resource(), suggestion_.name());
  EXPECT_THAT(reject.before(), EqualsProto(suggestion_));
  EXPECT_FALSE(reject.has_after());
  EXPECT_GT(reject.sequence(), accept.sequence());
  EXPECT_TRUE(reject.has_time());
}

// =============================================================================
// ListAuditLog
// =============================================================================

class AuditLogTest : public SuggestionApiTest {
 protected:
  // The document's history:
  //   create/admin  (document)
  //   create/tagger (suggestion_)
  //   create/alice  (alice_span_)
  //   create/bob    (bob_span_)
  //   accept/bob    (bob's copy of suggestion_)
  //   reject/alice  (suggestion_)
  //   create/tagger (second_)
  //   update/alice  (alice_span_)
  //   accept/alice  (alice's copy of second_)
  //   reject/bob    (second_)
  //   delete/tagger (second_)
  void SetUp() override {
    SuggestionApiTest::SetUp();
    auto a = Create(alice_, Span("Lavrov"));
    ASSERT_THAT(a, IsOk());
    alice_span_ = *a;
    auto b = Create(bob_, Span("Tillerson"));
    ASSERT_THAT(b, IsOk());
    bob_span_ = *b;
    auto bob_copy = Accept(bob_, suggestion_.name());
    ASSERT_THAT(bob_copy, IsOk());
    bob_copy_ = *bob_copy;
    ASSERT_THAT(Reject(alice_, suggestion_.name()), IsOk());
    second_ = Suggest("Putin denied it", "disputed");
    v1::UpdateAnnotationRequest u;
    *u.mutable_annotation() = alice_span_;
    u.mutable_annotation()->set_note("the speaker");
    u.mutable_update_mask()->add_paths("note");
    ASSERT_THAT(api_->UpdateAnnotation(alice_, u), IsOk());
    auto alice_copy = Accept(alice_, second_.name());
    ASSERT_THAT(alice_copy, IsOk());
    alice_copy_ = *alice_copy;
    ASSERT_THAT(Reject(bob_, second_.name()), IsOk());
    ASSERT_THAT(Delete(tagger_, second_.name()), IsOk());
  }

  v1::Annotation alice_span_;
  v1::Annotation bob_span_;
  v1::Annotation bob_copy_;
  v1::Annotation second_;
  v1::Annotation alice_copy_;
};

TEST_F(AuditLogTest, AdminAndAdjudicatorSeeEverythingInOrder) {
  const std::vector<std::string> all = {
      "create/admin", "create/tagger", "create/alice",  "create/bob",
      "accept/bob",   "reject/alice",  "create/tagger", "update/alice",
      "accept/alice", "reject/bob",    "delete/tagger"};
  for (const Principal& who : {admin_, judge_}) {
    auto entries = AuditOk(who);
    EXPECT_THAT(Events(entries), ElementsAreArray(all)) << who.annotator_id();
    for (size_t i = 1; i < entries.size(); ++i) {
      EXPECT_GT(entries[i].sequence(), entries[i - 1].sequence());
    }
  }
}

TEST_F(AuditLogTest, AnnotatorSeesOwnEntriesAndModelSuggestionsOnly) {
  auto alice = AuditOk(alice_);
  EXPECT_THAT(Events(alice),
              ElementsAre("create/admin", "create/tagger", "create/alice",
                          "reject/alice", "create/tagger", "update/alice",
                          "accept/alice", "delete/tagger"));
  for (const auto& e : alice) {
    EXPECT_NE(e.actor(), "bob") << e.DebugString();
    // Nothing of bob's layer leaks through before/after either.
    EXPECT_NE(e.before().author(), "bob") << e.DebugString();
    EXPECT_NE(e.after().author(), "bob") << e.DebugString();
  }

  EXPECT_THAT(
      Events(AuditOk(bob_)),
      ElementsAre("create/admin", "create/tagger", "create/bob", "accept/bob",
                  "create/tagger", "reject/bob", "delete/tagger"));
}

TEST_F(AuditLogTest, ModelSeesOwnEntriesAndSuggestions) {
  EXPECT_THAT(Events(AuditOk(tagger_)),
              ElementsAre("create/admin", "create/tagger", "create/tagger",
                          "delete/tagger"));
}

TEST_F(AuditLogTest, AnnotationFilter) {
  // A suggestion's entries include the accepts it led to.
  EXPECT_THAT(Events(AuditOk(admin_, suggestion_.name())),
              ElementsAre("create/tagger", "accept/bob", "reject/alice"));
  EXPECT_THAT(Events(AuditOk(admin_, second_.name())),
              ElementsAre("create/tagger", "accept/alice", "reject/bob",
                          "delete/tagger"));
  EXPECT_THAT(Events(AuditOk(admin_, alice_span_.name())),
              ElementsAre("create/alice", "update/alice"));
  auto copy = AuditOk(admin_, alice_copy_.name());
  ASSERT_THAT(Events(copy), ElementsAre("accept/alice"));
  EXPECT_EQ(copy[0].resource(), alice_copy_.name());
  EXPECT_THAT(Events(AuditOk(admin_, AnnotationName("g20", "doc", 7))),
              IsEmpty());
}

TEST_F(AuditLogTest, AnnotationFilterKeepsAnnotatorVisibility) {
  EXPECT_THAT(Events(AuditOk(alice_, suggestion_.name())),
              ElementsAre("create/tagger", "reject/alice"));
  EXPECT_THAT(Events(AuditOk(bob_, suggestion_.name())),
              ElementsAre("create/tagger", "accept/bob"));
  EXPECT_THAT(Events(AuditOk(alice_, bob_span_.name())), IsEmpty());
  EXPECT_THAT(Events(AuditOk(alice_, bob_copy_.name())), IsEmpty());
}

TEST_F(AuditLogTest, PagesAddUpToTheWholeLog) {
  for (const Principal& who : {admin_, alice_, bob_}) {
    const auto whole = AuditOk(who);
    for (int page_size : {1, 2, 3, 7}) {
      auto paged = Audit(who, "", page_size);
      ASSERT_THAT(paged, IsOk()) << who.annotator_id() << " " << page_size;
      ASSERT_EQ(paged->size(), whole.size())
          << who.annotator_id() << " " << page_size;
      for (size_t i = 0; i < whole.size(); ++i) {
        EXPECT_THAT((*paged)[i], EqualsProto(whole[i]))
            << who.annotator_id() << " " << page_size << " " << i;
      }
    }
    // With a filter too.
    auto filtered = Audit(who, second_.name(), 1);
    ASSERT_THAT(filtered, IsOk());
    EXPECT_THAT(Events(*filtered), Events(AuditOk(who, second_.name())));
  }
}

TEST_F(AuditLogTest, FirstPageHoldsPageSizeEntries) {
  v1::ListAuditLogRequest r;
  r.set_parent(parent_);
  r.set_page_size(3);
  auto page = api_->ListAuditLog(alice_, r);
  ASSERT_THAT(page, IsOk());
  EXPECT_THAT(Events(std::vector<v1::AuditEntry>(page->entries().begin(),
                                                 page->entries().end())),
              ElementsAre("create/admin", "create/tagger", "create/alice"));
  EXPECT_NE(page->next_page_token(), "");
  r.set_page_token(page->next_page_token());
  page = api_->ListAuditLog(alice_, r);
  ASSERT_THAT(page, IsOk());
  // Bob's entries in between are skipped, not counted.
  EXPECT_THAT(Events(std::vector<v1::AuditEntry>(page->entries().begin(),
                                                 page->entries().end())),
              ElementsAre("reject/alice", "create/tagger", "update/alice"));
}

TEST_F(AuditLogTest, RequestErrors) {
  const std::string other = AnnotationName("g20", "other", 1);
  EXPECT_THAT(Audit(admin_, other),
              StatusIs(absl::StatusCode::kInvalidArgument,
                       AllOf(HasSubstr(absl::StrCat("annotation=\"", other)),
                             HasSubstr("not an annotation of " + parent_))));
  EXPECT_THAT(Audit(alice_, AnnotationName("elsewhere", "doc", 1)),
              StatusIs(absl::StatusCode::kInvalidArgument,
                       HasSubstr("not an annotation of")));
  EXPECT_THAT(
      Audit(admin_, "projects/g20/documents/doc"),
      StatusIs(absl::StatusCode::kInvalidArgument, HasSubstr("annotation")));
  EXPECT_THAT(
      Audit(admin_, "", -1),
      StatusIs(absl::StatusCode::kInvalidArgument, HasSubstr("page_size=-1")));
  EXPECT_THAT(
      Audit(admin_, "", 0, "projects/g20"),
      StatusIs(absl::StatusCode::kInvalidArgument, HasSubstr("parent")));
  EXPECT_THAT(Audit(admin_, "", 0, "projects/g20/documents/nodoc"),
              StatusIs(absl::StatusCode::kNotFound, HasSubstr("nodoc")));
  v1::ListAuditLogRequest r;
  r.set_parent(parent_);
  r.set_page_token("garbage");
  EXPECT_THAT(api_->ListAuditLog(admin_, r),
              StatusIs(absl::StatusCode::kInvalidArgument, _));
}

TEST_F(AuditLogTest, OtherDocumentsHaveTheirOwnLog) {
  EXPECT_THAT(Events(*Audit(admin_, "", 0, "projects/g20/documents/other")),
              ElementsAre("create/admin"));
}

}  // namespace
}  // namespace spanlab

namespace spanlab {
namespace {

// Regression: an admin's change to an annotator's own annotation was hidden
// from that annotator's history.
TEST_F(AuditLogTest, AnnotatorSeesAdminChangesToTheirOwnAnnotations) {
  v1::UpdateAnnotationRequest u;
  *u.mutable_annotation() = alice_span_;
  u.mutable_annotation()->set_revision(0);
  u.mutable_annotation()->set_note("fixed by the admin");
  u.mutable_update_mask()->add_paths("note");
  ASSERT_THAT(api_->UpdateAnnotation(admin_, u), IsOk());
  const auto alice = AuditOk(alice_);
  ASSERT_FALSE(alice.empty());
  EXPECT_EQ(Events({alice.back()}).at(0), "update/admin");
  // Bob still sees nothing of alice's layer.
  for (const auto& e : AuditOk(bob_)) {
    EXPECT_NE(e.after().author(), "alice") << e.DebugString();
  }
}

}  // namespace
}  // namespace spanlab
