#include "service/permissions.h"

#include <string>
#include <vector>

#include "absl/status/status.h"
#include "absl/strings/str_cat.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "spanlab/v1/resources.pb.h"
#include "tests/support/status_matchers.h"

namespace spanlab {
namespace {

using ::spanlab::testing_support::IsOk;
using ::spanlab::testing_support::StatusIs;
using ::testing::AllOf;
using ::testing::HasSubstr;
using ::testing::StartsWith;

constexpr absl::StatusCode kDenied = absl::StatusCode::kPermissionDenied;

constexpr v1::Role kAllRoles[] = {v1::ROLE_UNSPECIFIED, v1::ANNOTATOR,
                                  v1::ADJUDICATOR, v1::ADMIN, v1::MODEL};
constexpr v1::AnnotationKind kAllKinds[] = {v1::ANNOTATION_KIND_UNSPECIFIED,
                                            v1::HUMAN, v1::AUTOMATIC, v1::GOLD};

Principal Caller(v1::Role role, const std::string& id = "me") {
  Principal p;
  p.set_annotator_id(id);
  p.set_role(role);
  return p;
}

v1::Annotation Annotation(v1::AnnotationKind kind, const std::string& author) {
  v1::Annotation a;
  a.set_name("projects/p/documents/d/annotations/00000000000000aa");
  a.set_kind(kind);
  a.set_author(author);
  return a;
}

std::string Trace(v1::Role role, v1::AnnotationKind kind) {
  return absl::StrCat(v1::Role_Name(role), " x ",
                      v1::AnnotationKind_Name(kind));
}

// --- RequireAdmin ------------------------------------------------------------

TEST(RequireAdminTest, OnlyAdminPasses) {
  for (v1::Role role : kAllRoles) {
    SCOPED_TRACE(v1::Role_Name(role));
    const absl::Status s = RequireAdmin(Caller(role, "alice"), "CreateProject");
    if (role == v1::ADMIN) {
      EXPECT_THAT(s, IsOk());
    } else {
      EXPECT_THAT(
          s, StatusIs(kDenied, AllOf(StartsWith("CreateProject needs the ADMIN "
                                                "role; "),
                                     HasSubstr(absl::StrCat(
                                         "alice is ", v1::Role_Name(role))))));
    }
  }
}

// --- KindForWrite ------------------------------------------------------------

struct KindCase {
  v1::Role role;
  v1::AnnotationKind requested;
  // ANNOTATION_KIND_UNSPECIFIED when the write is refused.
  v1::AnnotationKind expected;
};

TEST(KindForWriteTest, FullMatrix) {
  const auto U = v1::ANNOTATION_KIND_UNSPECIFIED;
  const std::vector<KindCase> cases = {
      // Defaults by role.
      {v1::ANNOTATOR, U, v1::HUMAN},
      {v1::ADJUDICATOR, U, v1::GOLD},
      {v1::ADMIN, U, v1::HUMAN},
      {v1::MODEL, U, v1::AUTOMATIC},
      {v1::ROLE_UNSPECIFIED, U, U},
      // Explicit kinds.
      {v1::ANNOTATOR, v1::HUMAN, v1::HUMAN},
      {v1::ANNOTATOR, v1::AUTOMATIC, U},
      {v1::ANNOTATOR, v1::GOLD, U},
      {v1::ADJUDICATOR, v1::HUMAN, v1::HUMAN},
      {v1::ADJUDICATOR, v1::AUTOMATIC, U},
      {v1::ADJUDICATOR, v1::GOLD, v1::GOLD},
      {v1::ADMIN, v1::HUMAN, v1::HUMAN},
      {v1::ADMIN, v1::AUTOMATIC, v1::AUTOMATIC},
      {v1::ADMIN, v1::GOLD, v1::GOLD},
      {v1::MODEL, v1::HUMAN, U},
      {v1::MODEL, v1::AUTOMATIC, v1::AUTOMATIC},
      {v1::MODEL, v1::GOLD, U},
      {v1::ROLE_UNSPECIFIED, v1::HUMAN, U},
      {v1::ROLE_UNSPECIFIED, v1::AUTOMATIC, U},
      {v1::ROLE_UNSPECIFIED, v1::GOLD, U},
  };
  ASSERT_EQ(cases.size(), std::size(kAllRoles) * std::size(kAllKinds));
  for (const KindCase& c : cases) {
    SCOPED_TRACE(Trace(c.role, c.requested));
    auto kind = KindForWrite(Caller(c.role, "alice"), c.requested);
    if (c.expected != U) {
      ASSERT_THAT(kind, IsOk());
      EXPECT_EQ(*kind, c.expected);
      continue;
    }
    // The refused kind is the one that would have been written (the
    // role's default when none was requested).
    const std::string refused =
        v1::AnnotationKind_Name(c.requested != U ? c.requested : v1::HUMAN);
    EXPECT_THAT(
        kind,
        StatusIs(
            kDenied,
            AllOf(
                StartsWith(absl::StrCat("annotation.kind=", refused, ": ")),
                HasSubstr(absl::StrCat("alice (", v1::Role_Name(c.role), ")")),
                HasSubstr(absl::StrCat("may not write ", refused)))));
  }
}

TEST(KindForWriteTest, KindOutsideTheEnumIsInvalidForEveryRole) {
  // proto3 enums are open: a client can send any number.
  for (v1::Role role : kAllRoles) {
    SCOPED_TRACE(v1::Role_Name(role));
    EXPECT_THAT(KindForWrite(Caller(role), static_cast<v1::AnnotationKind>(7)),
                StatusIs(absl::StatusCode::kInvalidArgument,
                         AllOf(StartsWith("annotation.kind=7: "),
                               HasSubstr("not an AnnotationKind"))));
  }
}

// --- CanRead -----------------------------------------------------------------

TEST(CanReadTest, FullMatrix) {
  for (v1::Role role : kAllRoles) {
    for (v1::AnnotationKind kind : kAllKinds) {
      SCOPED_TRACE(Trace(role, kind));
      const Principal me = Caller(role, "me");
      const bool sees_all = role == v1::ADMIN || role == v1::ADJUDICATOR;
      // Someone else's annotation: only AUTOMATIC suggestions are shared
      // with blind roles.
      EXPECT_EQ(CanRead(me, Annotation(kind, "other")),
                sees_all || kind == v1::AUTOMATIC);
      // One's own: everything but the gold layer.
      EXPECT_EQ(CanRead(me, Annotation(kind, "me")),
                sees_all || kind != v1::GOLD);
    }
  }
}

TEST(CanReadTest, BlindAnnotation) {
  const Principal alice = Caller(v1::ANNOTATOR, "alice");
  EXPECT_TRUE(CanRead(alice, Annotation(v1::HUMAN, "alice")));
  EXPECT_FALSE(CanRead(alice, Annotation(v1::HUMAN, "bob")));
  EXPECT_TRUE(CanRead(alice, Annotation(v1::AUTOMATIC, "tagger")));
  EXPECT_FALSE(CanRead(alice, Annotation(v1::GOLD, "judge")));
  const Principal judge = Caller(v1::ADJUDICATOR, "judge");
  EXPECT_TRUE(CanRead(judge, Annotation(v1::HUMAN, "bob")));
  EXPECT_TRUE(CanRead(judge, Annotation(v1::GOLD, "other-judge")));
}

// --- CheckCanModify ----------------------------------------------------------

TEST(CheckCanModifyTest, OwnAnnotationsForEveryRole) {
  for (v1::Role role : kAllRoles) {
    for (v1::AnnotationKind kind : kAllKinds) {
      SCOPED_TRACE(Trace(role, kind));
      EXPECT_THAT(CheckCanModify(Caller(role, "me"), Annotation(kind, "me")),
                  IsOk());
    }
  }
}

TEST(CheckCanModifyTest, OthersAnnotationsFullMatrix) {
  for (v1::Role role : kAllRoles) {
    for (v1::AnnotationKind kind : kAllKinds) {
      SCOPED_TRACE(Trace(role, kind));
      const v1::Annotation theirs = Annotation(kind, "bob");
      const absl::Status s = CheckCanModify(Caller(role, "me"), theirs);
      const bool allowed =
          role == v1::ADMIN || (role == v1::ADJUDICATOR && kind == v1::GOLD);
      if (allowed) {
        EXPECT_THAT(s, IsOk());
      } else {
        EXPECT_THAT(
            s, StatusIs(kDenied, AllOf(StartsWith(theirs.name()),
                                       HasSubstr("belongs to bob"),
                                       HasSubstr("me may not change it"))));
      }
    }
  }
}

// --- CheckCanListLayer -------------------------------------------------------

TEST(CheckCanListLayerTest, FullMatrix) {
  for (v1::Role role : kAllRoles) {
    for (v1::AnnotationKind kind : kAllKinds) {
      for (const std::string author : {"", "me", "bob"}) {
        SCOPED_TRACE(absl::StrCat(Trace(role, kind), " author=", author));
        const absl::Status s =
            CheckCanListLayer(Caller(role, "me"), kind, author);
        if (role == v1::ADMIN || role == v1::ADJUDICATOR) {
          EXPECT_THAT(s, IsOk());
        } else if (kind == v1::GOLD) {
          EXPECT_THAT(
              s, StatusIs(kDenied, AllOf(StartsWith("kind=GOLD: "),
                                         HasSubstr(absl::StrCat(
                                             "me (", v1::Role_Name(role), ")")),
                                         HasSubstr("gold layer"))));
        } else if (kind == v1::AUTOMATIC || author != "bob") {
          EXPECT_THAT(s, IsOk());
        } else {
          EXPECT_THAT(
              s, StatusIs(kDenied, AllOf(StartsWith("author=bob: "),
                                         HasSubstr(absl::StrCat(
                                             "me (", v1::Role_Name(role), ")")),
                                         HasSubstr("only their own layer"))));
        }
      }
    }
  }
}

}  // namespace
}  // namespace spanlab
