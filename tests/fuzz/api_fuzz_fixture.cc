#include "tests/fuzz/api_fuzz_fixture.h"

#include <stdlib.h>

#include <filesystem>
#include <string>
#include <system_error>
#include <utility>
#include <vector>

#include "absl/strings/str_replace.h"
#include "google/protobuf/descriptor.h"
#include "service/names.h"
#include "tests/fuzz/fuzz_check.h"

namespace spanlab::fuzz {
namespace {

constexpr char kProject[] = "p";
constexpr char kDocument[] = "projects/p/documents/d";

// "Mårten Ødegård said “the bridge is safe for traffic again” — the mayor
// disagreed 😀. Zoë: “It is not safe,” she said."
constexpr char kText[] =
    "M\xC3\xA5rten \xC3\x98"
    "deg\xC3\xA5rd said \xE2\x80\x9Cthe bridge is "
    "safe for traffic again\xE2\x80\x9D \xE2\x80\x94 the mayor disagreed "
    "\xF0\x9F\x98\x80. Zo\xC3\xAB: \xE2\x80\x9CIt is not safe,\xE2\x80\x9D "
    "she said.";
constexpr char kPlainText[] = "Caf\xC3\xA9 owners said prices will rise.";

template <typename T>
T Must(absl::StatusOr<T> result, const char* what) {
  FUZZ_CHECK(result.ok(), "setting up the fixture: ", what, ": ",
             result.status().ToString());
  return *std::move(result);
}

std::string MakeTempDir() {
  std::string pattern =
      (std::filesystem::temp_directory_path() / "spanlab_fuzz_XXXXXX").string();
  FUZZ_CHECK(mkdtemp(pattern.data()) != nullptr, "mkdtemp ", pattern);
  return pattern;
}

}  // namespace

ApiFuzzFixture::ApiFuzzFixture() : dir_(MakeTempDir()) {
  RocksDbStoreOptions options;
  // Nothing here needs to survive a crash, and syncing would dominate the
  // time of every write.
  options.durability = Durability::kBuffered;
  store_ = Must(RocksDbStore::Open(dir_ + "/db", options), "opening the store");
  api_ = std::make_unique<Api>(store_.get(), Limits());
  reconcile_ = std::make_unique<ReconcileApi>(store_.get(), Limits());
  export_ = std::make_unique<ExportApi>(store_.get(), Limits());
  analysis_ = std::make_unique<AnalysisApi>(store_.get());
  tagger_ = std::make_unique<TaggerApi>(api_.get());
  Populate();
}

ApiFuzzFixture::~ApiFuzzFixture() {
  // The APIs before the store they point to, all before the directory.
  tagger_.reset();
  analysis_.reset();
  export_.reset();
  reconcile_.reset();
  api_.reset();
  store_.reset();
  std::error_code ignored;
  std::filesystem::remove_all(dir_, ignored);
}

std::string ApiFuzzFixture::Annotate(const Principal& who,
                                     v1::AnnotationKind kind,
                                     const std::string& label,
                                     const std::string& quote) {
  v1::CreateAnnotationRequest r;
  r.set_parent(kDocument);
  r.set_quote(quote);
  v1::Annotation& a = *r.mutable_annotation();
  a.set_kind(kind);
  a.set_label(label);
  if (kind == v1::AUTOMATIC) {
    a.set_model_version("v1");
    a.set_score(0.5);
  }
  return Must(api_->CreateAnnotation(who, r), "an annotation").name();
}

void ApiFuzzFixture::Populate() {
  // The first admin is made by hand, as BootstrapAdmin would store it.
  Principal root;
  root.set_annotator_id("admin");
  root.set_name(AnnotatorName("admin"));
  root.set_role(v1::ADMIN);
  const auto add = [&](const Principal& by, const char* id, v1::Role role) {
    v1::CreateAnnotatorRequest r;
    r.mutable_annotator()->set_annotator_id(id);
    r.mutable_annotator()->set_role(role);
    return Must(api_->CreateAnnotator(by, r), id).annotator();
  };
  admin_ = add(root, "admin", v1::ADMIN);
  annotator_ = add(admin_, "ann", v1::ANNOTATOR);
  const Principal bob = add(admin_, "bob", v1::ANNOTATOR);
  const Principal judge = add(admin_, "judge", v1::ADJUDICATOR);
  const Principal model = add(admin_, "model", v1::MODEL);

  v1::CreateProjectRequest project;
  project.mutable_project()->set_project_id(kProject);
  project.mutable_project()->set_display_name(
      "Fuzz \xE2\x80\x9Cnews\xE2\x80\x9D");
  Must(api_->CreateProject(admin_, project), "the project");
  const auto add_document = [&](const char* id, const char* text) {
    v1::CreateDocumentRequest doc;
    doc.set_parent(ProjectName(kProject));
    doc.mutable_document()->set_document_id(id);
    doc.mutable_document()->set_title("Caf\xC3\xA9 \xF0\x9F\x98\x80");
    doc.set_text(text);
    Must(api_->CreateDocument(admin_, doc), id);
  };
  add_document("d", kText);

  // Both annotators take "d", the only document so far, label it and
  // finish it, which makes reconciliation items.
  const std::string claim = "the bridge is safe for traffic again";
  for (const auto& [placeholder, who] :
       {std::pair{"{own}", &std::as_const(annotator_)}, {"{bob}", &bob}}) {
    v1::NextDocumentRequest next;
    next.set_parent(ProjectName(kProject));
    const v1::NextDocumentResponse got =
        Must(api_->NextDocument(*who, next), "an assignment");
    FUZZ_CHECK(got.document().name() == kDocument, "assigned ",
               got.document().name());
    placeholders_.emplace_back(
        placeholder,
        Annotate(*who, v1::HUMAN, who == &bob ? "opinion" : "attributed_claim",
                 claim));
    v1::FinishDocumentRequest finish;
    finish.set_name(kDocument);
    Must(api_->FinishDocument(*who, finish), "finishing");
  }
  // Added after the assignments, or NextDocument would hand it to bob.
  add_document("e", kPlainText);
  placeholders_.emplace_back(
      "{gold}", Annotate(judge, v1::GOLD, "disputed", "It is not safe"));
  placeholders_.emplace_back("{suggestion}",
                             Annotate(model, v1::AUTOMATIC, "opinion",
                                      "the mayor disagreed \xF0\x9F\x98\x80"));

  v1::ListItemsRequest list;
  list.set_parent(ProjectName(kProject));
  const v1::ListItemsResponse items =
      Must(reconcile_->ListItems(admin_, list), "listing items");
  FUZZ_CHECK(items.items_size() > 0, "no reconciliation items");
  placeholders_.emplace_back("{item}", items.items(0).name());
}

void ApiFuzzFixture::FillPlaceholders(google::protobuf::Message* m) const {
  using google::protobuf::FieldDescriptor;
  const google::protobuf::Reflection* r = m->GetReflection();
  const auto fill = [this](const std::string& value) {
    return value.find('{') == std::string::npos
               ? value
               : absl::StrReplaceAll(value, placeholders_);
  };
  std::vector<const FieldDescriptor*> fields;
  r->ListFields(*m, &fields);
  for (const FieldDescriptor* f : fields) {
    if (f->cpp_type() == FieldDescriptor::CPPTYPE_MESSAGE) {
      if (f->is_repeated()) {
        for (int i = 0; i < r->FieldSize(*m, f); ++i) {
          FillPlaceholders(r->MutableRepeatedMessage(m, f, i));
        }
      } else {
        FillPlaceholders(r->MutableMessage(m, f));
      }
    } else if (f->cpp_type() == FieldDescriptor::CPPTYPE_STRING) {
      if (f->is_repeated()) {
        for (int i = 0; i < r->FieldSize(*m, f); ++i) {
          r->SetRepeatedString(m, f, i, fill(r->GetRepeatedString(*m, f, i)));
        }
      } else {
        r->SetString(m, f, fill(r->GetString(*m, f)));
      }
    }
  }
}

}  // namespace spanlab::fuzz
