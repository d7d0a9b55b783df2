// The permission matrix: every rpc of every service the server registers
// (MakeServices), called over gRPC by every role and by every kind of
// caller that must be turned away, against the outcome written down here.
//
// The rpcs are enumerated from the registered services' descriptors, not
// from the table below, so a new rpc without a row fails this test until
// someone decides who may call it.
#include <algorithm>
#include <atomic>
#include <chrono>
#include <cstdio>
#include <map>
#include <memory>
#include <optional>
#include <set>
#include <string>
#include <vector>

#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "absl/strings/str_replace.h"
#include "absl/time/time.h"
#include "gmock/gmock.h"
#include "google/protobuf/descriptor.h"
#include "google/protobuf/text_format.h"
#include "grpcpp/generic/generic_stub.h"
#include "grpcpp/grpcpp.h"
#include "grpcpp/impl/server_builder_option.h"
#include "grpcpp/impl/server_builder_plugin.h"
#include "grpcpp/impl/server_initializer.h"
#include "gtest/gtest.h"
#include "service/api.h"
#include "service/auth.h"
#include "service/grpc_services.h"
#include "service/names.h"
#include "storage/rocksdb_store.h"
#include "tests/support/status_matchers.h"
#include "tests/support/store_fixture.h"
#include "tests/support/temp_dir.h"

namespace spanlab {
namespace {

using ::spanlab::testing_support::IsOk;
using ::spanlab::testing_support::StoreAndApi;
using ::spanlab::testing_support::TempDir;

// Who may call: a set of roles.
enum Roles : unsigned {
  kAnnotator = 1,
  kAdjudicator = 2,
  kAdmin = 4,
  kModel = 8,
  kEveryone = kAnnotator | kAdjudicator | kAdmin | kModel,
  // People: everyone but models.
  kPeople = kAnnotator | kAdjudicator | kAdmin,
  // Those who see every layer.
  kReviewers = kAdjudicator | kAdmin,
};

// One request to one rpc and the roles allowed to make it. Requests are
// text-format protos; {doc}, {own}, {other}, {other2}, {gold}, {gold2},
// {suggestion} and {suggestion2} stand for records made in SetUp.
struct Case {
  const char* rpc;  // "Service.Method", package omitted.
  const char* what;
  const char* request;
  unsigned allowed;
};

// Allowed means not refused for who the caller is: the call may still fail
// for its content (a second CreateProject with the same id, say).
const Case kCases[] = {
    // ProjectService: only admins create; everyone reads.
    {"ProjectService.CreateProject", "new project",
     R"(project { project_id: "made-by-matrix" })", kAdmin},
    {"ProjectService.GetProject", "", R"(name: "projects/p")", kEveryone},
    {"ProjectService.ListProjects", "", "", kEveryone},

    // DocumentService: only admins add documents; texts are for everyone
    // (models tag them, blind annotation hides layers, not texts).
    {"DocumentService.CreateDocument", "new document",
     R"(parent: "projects/p" document { document_id: "made-by-matrix" }
        text: "A text made by the matrix.")",
     kAdmin},
    {"DocumentService.GetDocument", "", R"(name: "{doc}")", kEveryone},
    {"DocumentService.ListDocuments", "", R"(parent: "projects/p")", kEveryone},
    {"DocumentService.ImportDocuments", "one document",
     R"(parent: "projects/p" document { document_id: "imported-by-matrix" }
        text: "A text imported by the matrix.")",
     kAdmin},

    // AnnotationService: each role writes its own kind into its own layer
    // and reads what blind annotation lets it see.
    {"AnnotationService.CreateAnnotation", "kind of the role",
     R"(parent: "{doc}" annotation { label: "opinion" }
        quote: "Dave wrote a report")",
     kEveryone},
    {"AnnotationService.CreateAnnotation", "HUMAN",
     R"(parent: "{doc}" annotation { label: "opinion" kind: HUMAN }
        quote: "Dave wrote a report")",
     kPeople},
    {"AnnotationService.CreateAnnotation", "GOLD",
     R"(parent: "{doc}" annotation { label: "opinion" kind: GOLD }
        quote: "Dave wrote a report")",
     kReviewers},
    {"AnnotationService.CreateAnnotation", "AUTOMATIC",
     R"(parent: "{doc}"
        annotation { label: "opinion" kind: AUTOMATIC model_version: "v2"
                     score: 0.5 }
        quote: "Dave wrote a report")",
     kAdmin | kModel},
    {"AnnotationService.GetAnnotation", "the annotator's own",
     R"(name: "{own}")", kPeople},
    {"AnnotationService.GetAnnotation", "another annotator's",
     R"(name: "{other}")", kReviewers},
    {"AnnotationService.GetAnnotation", "gold", R"(name: "{gold}")",
     kReviewers},
    {"AnnotationService.GetAnnotation", "a suggestion",
     R"(name: "{suggestion}")", kEveryone},
    {"AnnotationService.UpdateAnnotation", "the annotator's own",
     R"(annotation { name: "{own}" note: "checked" }
        update_mask { paths: "note" })",
     kAnnotator | kAdmin},
    {"AnnotationService.UpdateAnnotation", "another annotator's",
     R"(annotation { name: "{other}" note: "checked" }
        update_mask { paths: "note" })",
     kAdmin},
    {"AnnotationService.UpdateAnnotation", "gold",
     R"(annotation { name: "{gold}" note: "checked" }
        update_mask { paths: "note" })",
     kReviewers},
    {"AnnotationService.UpdateAnnotation", "the model's suggestion",
     R"(annotation { name: "{suggestion}" score: 0.75 }
        update_mask { paths: "score" })",
     kAdmin | kModel},
    {"AnnotationService.DeleteAnnotation", "another annotator's",
     R"(name: "{other2}")", kAdmin},
    {"AnnotationService.DeleteAnnotation", "gold", R"(name: "{gold2}")",
     kReviewers},
    {"AnnotationService.ListAnnotations", "all the caller may see",
     R"(parent: "{doc}")", kEveryone},
    {"AnnotationService.ListAnnotations", "suggestions",
     R"(parent: "{doc}" kind: AUTOMATIC)", kEveryone},
    {"AnnotationService.ListAnnotations", "gold",
     R"(parent: "{doc}" kind: GOLD)", kReviewers},
    {"AnnotationService.ListAnnotations", "another annotator's layer",
     R"(parent: "{doc}" kind: HUMAN author: "other")", kReviewers},
    {"AnnotationService.BulkWriteAnnotations", "kind of the role",
     R"(parent: "{doc}" annotations { start: 0 end: 5 label: "opinion" })",
     kEveryone},
    {"AnnotationService.BulkWriteAnnotations", "GOLD",
     R"(parent: "{doc}"
        annotations { start: 0 end: 5 label: "opinion" kind: GOLD })",
     kReviewers},
    {"AnnotationService.BulkWriteAnnotations", "AUTOMATIC",
     R"(parent: "{doc}"
        annotations { start: 0 end: 5 label: "opinion" kind: AUTOMATIC
                      model_version: "v3" score: 0.5 })",
     kAdmin | kModel},
    {"AnnotationService.AcceptSuggestion", "", R"(name: "{suggestion}")",
     kPeople},
    {"AnnotationService.RejectSuggestion", "", R"(name: "{suggestion2}")",
     kPeople},
    {"AnnotationService.ListAuditLog", "filtered to what the caller may see",
     R"(parent: "{doc}")", kEveryone},

    // AssignmentService: documents are handed to people; progress is
    // filtered for those who do not see every layer.
    {"AssignmentService.NextDocument", "", R"(parent: "projects/p")", kPeople},
    {"AssignmentService.FinishDocument", "", R"(name: "{doc}")", kPeople},
    {"AssignmentService.SkipDocument", "", R"(name: "{doc}")", kPeople},
    {"AssignmentService.GetProgress", "filtered", R"(parent: "projects/p")",
     kEveryone},

    // AdminService: credentials and backups are for admins; identity and
    // the ping for everyone.
    {"AdminService.CreateAnnotator", "new annotator",
     R"(annotator { annotator_id: "made-by-matrix" role: ANNOTATOR })", kAdmin},
    {"AdminService.ListAnnotators", "", "", kAdmin},
    {"AdminService.RevokeAnnotator", "unknown annotator",
     R"(name: "annotators/nobody")", kAdmin},
    {"AdminService.WhoAmI", "", "", kEveryone},
    {"AdminService.Ping", "", "", kEveryone},
    {"AdminService.Backup", "relative path, refused after the role check",
     R"(path: "not-absolute")", kAdmin},

    // ReconcileService: adjudication.
    {"ReconcileService.ListItems", "", R"(parent: "projects/p")", kReviewers},
    {"ReconcileService.AutoMerge", "",
     R"(parent: "projects/p" policy: "unanimous")", kReviewers},
    {"ReconcileService.ResolveItem", "",
     R"(name: "{doc}/items/0123456789abcdef" drop {})", kReviewers},
    {"ReconcileService.GetReconcileStatus", "", R"(parent: "projects/p")",
     kReviewers},

    // ExportService: people export what they may read; models do not
    // export; only admins import.
    {"ExportService.Export", "every layer the caller may see",
     R"(parent: "projects/p" format: JSONL)", kPeople},
    {"ExportService.Export", "gold",
     R"(parent: "projects/p" format: JSONL kind: GOLD)", kReviewers},
    {"ExportService.Export", "another annotator's layer",
     R"(parent: "projects/p" format: JSONL kind: HUMAN author: "other")",
     kReviewers},
    {"ExportService.ImportDataset", "one jsonl record",
     R"(parent: "projects/p" format: JSONL file_name: "matrix.jsonl"
        data: "{\"id\": \"imported-dataset\", \"text\": \"Imported.\"}\n")",
     kAdmin},

    // AnalysisService: compares everyone's layers.
    {"AnalysisService.ComputeAgreement", "",
     R"(parent: "projects/p" layers: "human:ann" layers: "human:other")",
     kReviewers},
    {"AnalysisService.Evaluate", "",
     R"(parent: "projects/p" reference: "gold" candidate: "human:ann")",
     kReviewers},

    // TaggerService: runs the built-in model on the server.
    {"TaggerService.AutoTag", "", R"(parent: "projects/p" documents: "d")",
     kAdmin},
};

constexpr char kText[] =
    "Alice said the bridge is safe. Bob thinks the bridge is not safe. "
    "Carol disputes every claim about it. Dave wrote a report.";

// Records the names of the services a server registers, the same list
// gRPC's reflection serves.
class ServiceListPlugin : public grpc::ServerBuilderPlugin {
 public:
  explicit ServiceListPlugin(std::vector<std::string>* out) : out_(out) {}
  std::string name() override { return "spanlab_service_list"; }
  void InitServer(grpc::ServerInitializer* si) override {
    *out_ = *si->GetServiceList();
  }
  void Finish(grpc::ServerInitializer*) override {}
  void ChangeArguments(const std::string&, void*) override {}

 private:
  std::vector<std::string>* out_;
};

class ServiceListOption : public grpc::ServerBuilderOption {
 public:
  explicit ServiceListOption(std::vector<std::string>* out) : out_(out) {}
  void UpdateArguments(grpc::ChannelArguments*) override {}
  void UpdatePlugins(std::vector<std::unique_ptr<grpc::ServerBuilderPlugin>>*
                         plugins) override {
    plugins->push_back(std::make_unique<ServiceListPlugin>(out_));
  }

 private:
  std::vector<std::string>* out_;
};

// A caller: a role's token, or one of the ways of not having a valid one.
struct Caller {
  std::string label;
  // The authorization header; nullopt sends none.
  std::optional<std::string> header;
  // The role bit, or 0 for callers that must be UNAUTHENTICATED.
  unsigned role;
  // What must not appear in an answer (the secret part of the header).
  std::string secret;
};

// `s` and spaces to `width`, and at least one space.
std::string Pad(const std::string& s, size_t width) {
  return s + std::string(s.size() + 1 < width ? width - s.size() : 1, ' ');
}

std::string ShortCode(grpc::StatusCode code) {
  switch (code) {
    case grpc::StatusCode::OK:
      return "ok";
    case grpc::StatusCode::INVALID_ARGUMENT:
      return "invalid";
    case grpc::StatusCode::NOT_FOUND:
      return "notfound";
    case grpc::StatusCode::ALREADY_EXISTS:
      return "exists";
    case grpc::StatusCode::FAILED_PRECONDITION:
      return "precond";
    case grpc::StatusCode::ABORTED:
      return "aborted";
    case grpc::StatusCode::PERMISSION_DENIED:
      return "DENIED";
    case grpc::StatusCode::UNAUTHENTICATED:
      return "UNAUTH";
    default:
      return absl::StrCat("code", static_cast<int>(code), "!");
  }
}

class PermissionMatrixTest : public testing::Test {
 protected:
  void SetUp() override {
    ASSERT_TRUE(env_.ok());
    auth_ = std::make_unique<Authenticator>(store_, [this] {
      return absl::Now() + (expired_.load() ? absl::Hours(2) : absl::Hours(0));
    });
    services_ = MakeServices(api_, auth_.get());
    grpc::ServerBuilder builder;
    int port = 0;
    builder.AddListeningPort("127.0.0.1:0", grpc::InsecureServerCredentials(),
                             &port);
    builder.SetOption(std::make_unique<ServiceListOption>(&service_names_));
    for (auto& service : services_) builder.RegisterService(service.get());
    server_ = builder.BuildAndStart();
    ASSERT_NE(server_, nullptr);
    stub_ = std::make_unique<grpc::GenericStub>(grpc::CreateChannel(
        absl::StrCat("127.0.0.1:", port), grpc::InsecureChannelCredentials()));

    ASSERT_THAT(BootstrapAdmin(store_, dir_.path() + "/admin.token"), IsOk());
    auto admins = store_->ListAnnotators(1, "");
    ASSERT_THAT(admins, IsOk());
    admin_ = admins->items.at(0);
    MakeRecords();
  }

  void TearDown() override {
    if (server_ != nullptr) server_->Shutdown();
  }

  // Creates an annotator through the Api; returns its token.
  std::string AddAnnotator(const std::string& id, v1::Role role,
                           int64_t ttl = 0, Principal* principal = nullptr) {
    v1::CreateAnnotatorRequest r;
    r.mutable_annotator()->set_annotator_id(id);
    r.mutable_annotator()->set_role(role);
    r.set_ttl_seconds(ttl);
    auto created = api_->CreateAnnotator(admin_, r);
    EXPECT_THAT(created, IsOk());
    if (!created.ok()) return "";
    if (principal != nullptr) *principal = created->annotator();
    return created->token();
  }

  std::string Annotate(const Principal& who, v1::AnnotationKind kind,
                       const std::string& quote) {
    v1::CreateAnnotationRequest r;
    r.set_parent("projects/p/documents/d");
    r.mutable_annotation()->set_label("opinion");
    r.mutable_annotation()->set_kind(kind);
    if (kind == v1::AUTOMATIC) {
      r.mutable_annotation()->set_model_version("v1");
      r.mutable_annotation()->set_score(0.5);
    }
    r.set_quote(quote);
    auto created = api_->CreateAnnotation(who, r);
    EXPECT_THAT(created, IsOk()) << quote;
    return created.ok() ? created->name() : "";
  }

  // The project, its document, the callers and the annotations the cases
  // name.
  void MakeRecords() {
    v1::CreateProjectRequest project;
    project.mutable_project()->set_project_id("p");
    ASSERT_THAT(api_->CreateProject(admin_, project), IsOk());
    v1::CreateDocumentRequest doc;
    doc.set_parent("projects/p");
    doc.mutable_document()->set_document_id("d");
    doc.set_text(kText);
    ASSERT_THAT(api_->CreateDocument(admin_, doc), IsOk());

    Principal ann, judge, model, other;
    const std::string ann_token = AddAnnotator("ann", v1::ANNOTATOR, 0, &ann);
    const std::string judge_token =
        AddAnnotator("judge", v1::ADJUDICATOR, 0, &judge);
    const std::string model_token = AddAnnotator("model", v1::MODEL, 0, &model);
    AddAnnotator("other", v1::ANNOTATOR, 0, &other);
    // Admins, so that the refusals below cannot be put down to a role.
    const std::string gone_token = AddAnnotator("gone", v1::ADMIN);
    const std::string old_token = AddAnnotator("old", v1::ADMIN, 3600);
    std::string admin_token;
    {
      auto token = ReadAdminToken();
      ASSERT_THAT(token, IsOk());
      admin_token = *token;
    }

    placeholders_ = {
        {"{doc}", "projects/p/documents/d"},
        {"{own}", Annotate(ann, v1::HUMAN, "the bridge is safe")},
        {"{other}", Annotate(other, v1::HUMAN, "the bridge is safe")},
        {"{other2}", Annotate(other, v1::HUMAN, "Carol disputes every claim")},
        {"{gold}", Annotate(judge, v1::GOLD, "the bridge is safe")},
        {"{gold2}", Annotate(judge, v1::GOLD, "Carol disputes every claim")},
        {"{suggestion}", Annotate(model, v1::AUTOMATIC, "Bob thinks")},
        {"{suggestion2}", Annotate(model, v1::AUTOMATIC, "Alice said")},
    };

    const std::string unknown = "spl_" + std::string(43, 'Q');
    callers_ = {
        {"ANNOTATOR", "Bearer " + ann_token, kAnnotator, ""},
        {"ADJUDICATOR", "Bearer " + judge_token, kAdjudicator, ""},
        {"ADMIN", "Bearer " + admin_token, kAdmin, ""},
        {"MODEL", "Bearer " + model_token, kModel, ""},
        {"no token", std::nullopt, 0, ""},
        {"malformed", "Basic " + ann_token, 0, ann_token},
        {"unknown", "Bearer " + unknown, 0, unknown},
        {"revoked", "Bearer " + gone_token, 0, gone_token},
        {"expired", "Bearer " + old_token, 0, old_token},
    };

    // Every token worked before two of them were revoked and expired.
    for (const Caller& c : callers_) {
      if (c.role == 0 && c.label != "revoked" && c.label != "expired") {
        continue;
      }
      ASSERT_EQ(Call("/spanlab.v1.AdminService/Ping", v1::PingRequest(), c)
                    .error_code(),
                grpc::StatusCode::OK)
          << c.label;
    }
    v1::RevokeAnnotatorRequest revoke;
    revoke.set_name("annotators/gone");
    ASSERT_THAT(api_->RevokeAnnotator(admin_, revoke), IsOk());
    expired_ = true;
  }

  absl::StatusOr<std::string> ReadAdminToken() {
    // BootstrapAdmin wrote it with a newline.
    std::FILE* f = std::fopen((dir_.path() + "/admin.token").c_str(), "r");
    if (f == nullptr) return absl::NotFoundError("admin.token");
    char buffer[128] = {};
    const size_t n = std::fread(buffer, 1, sizeof(buffer) - 1, f);
    std::fclose(f);
    std::string token(buffer, n);
    while (!token.empty() && (token.back() == '\n' || token.back() == ' ')) {
      token.pop_back();
    }
    return token;
  }

  // Calls `method` ("/package.Service/Method") with `request` as `caller`,
  // for any kind of rpc: one message out, every answer read and dropped.
  grpc::Status Call(const std::string& method,
                    const google::protobuf::Message& request,
                    const Caller& caller) {
    grpc::ClientContext ctx;
    ctx.set_deadline(std::chrono::system_clock::now() +
                     std::chrono::seconds(30));
    if (caller.header.has_value()) {
      ctx.AddMetadata("authorization", *caller.header);
    }
    grpc::CompletionQueue cq;
    void* tag = nullptr;
    bool ok = false;
    auto call = stub_->PrepareCall(&ctx, method, &cq);
    call->StartCall(reinterpret_cast<void*>(1));
    cq.Next(&tag, &ok);
    const std::string bytes = request.SerializeAsString();
    grpc::Slice slice(bytes);
    grpc::ByteBuffer message(&slice, 1);
    call->WriteLast(message, grpc::WriteOptions(), reinterpret_cast<void*>(2));
    cq.Next(&tag, &ok);
    grpc::ByteBuffer response;
    do {
      call->Read(&response, reinterpret_cast<void*>(3));
      cq.Next(&tag, &ok);
    } while (ok);
    grpc::Status status;
    call->Finish(&status, reinterpret_cast<void*>(4));
    cq.Next(&tag, &ok);
    cq.Shutdown();
    while (cq.Next(&tag, &ok)) {
    }
    return status;
  }

  StoreAndApi env_;
  RocksDbStore* const store_ = env_.store();
  Api* const api_ = env_.api();
  const TempDir& dir_ = env_.temp_dir();
  std::atomic<bool> expired_{false};
  std::unique_ptr<Authenticator> auth_;
  std::vector<std::unique_ptr<grpc::Service>> services_;
  std::vector<std::string> service_names_;
  std::unique_ptr<grpc::Server> server_;
  std::unique_ptr<grpc::GenericStub> stub_;
  Principal admin_;
  std::map<std::string, std::string> placeholders_;
  std::vector<Caller> callers_;
};

TEST_F(PermissionMatrixTest, EveryRpcAgainstEveryCaller) {
  const google::protobuf::DescriptorPool* pool =
      google::protobuf::DescriptorPool::generated_pool();
  // Every rpc the server serves, by "Service.Method", with its descriptor.
  std::map<std::string, const google::protobuf::MethodDescriptor*> rpcs;
  int services = 0;
  for (const std::string& name : service_names_) {
    // gRPC's own health and reflection services are public by design (no
    // project data; probes and tools call them without a token). Whether
    // reflection is in the list depends on the order the builder plugins
    // run in, which differs between builds.
    if (absl::StartsWith(name, "grpc.")) continue;
    const google::protobuf::ServiceDescriptor* service =
        pool->FindServiceByName(name);
    ASSERT_NE(service, nullptr) << "no descriptor for service " << name;
    ++services;
    for (int i = 0; i < service->method_count(); ++i) {
      const google::protobuf::MethodDescriptor* m = service->method(i);
      rpcs[absl::StrCat(service->name(), ".", m->name())] = m;
    }
  }
  ASSERT_GE(services, 9) << absl::StrJoin(service_names_, ", ");

  std::set<std::string> covered;
  for (const Case& c : kCases) {
    if (rpcs.count(c.rpc) == 0) {
      ADD_FAILURE() << "the matrix has a row for " << c.rpc
                    << ", which the server does not serve";
    }
    covered.insert(c.rpc);
  }
  std::vector<std::string> missing;
  for (const auto& [name, method] : rpcs) {
    if (covered.count(name) == 0) missing.push_back(name);
  }
  EXPECT_THAT(missing, testing::IsEmpty())
      << "rpcs without a row in kCases; decide who may call them: "
      << absl::StrJoin(missing, ", ");

  std::string table = Pad("rpc (case)", 68);
  for (const Caller& caller : callers_) {
    absl::StrAppend(&table, Pad(caller.label, 12));
  }
  absl::StrAppend(&table, "\n");
  int calls = 0;
  for (const Case& c : kCases) {
    auto it = rpcs.find(c.rpc);
    if (it == rpcs.end()) continue;
    const google::protobuf::MethodDescriptor* method = it->second;
    std::unique_ptr<google::protobuf::Message> request(
        google::protobuf::MessageFactory::generated_factory()
            ->GetPrototype(method->input_type())
            ->New());
    const std::string text = absl::StrReplaceAll(c.request, placeholders_);
    ASSERT_TRUE(
        google::protobuf::TextFormat::ParseFromString(text, request.get()))
        << c.rpc << ": bad request text: " << text;
    const std::string path =
        absl::StrCat("/", method->service()->full_name(), "/", method->name());
    const std::string row =
        *c.what == '\0' ? c.rpc : absl::StrCat(c.rpc, " (", c.what, ")");
    absl::StrAppend(&table, Pad(row, 68));
    for (const Caller& caller : callers_) {
      SCOPED_TRACE(absl::StrCat(row, " as ", caller.label));
      const grpc::Status status = Call(path, *request, caller);
      ++calls;
      const grpc::StatusCode code = status.error_code();
      absl::StrAppend(&table, Pad(ShortCode(code), 12));
      if (caller.role == 0) {
        EXPECT_EQ(code, grpc::StatusCode::UNAUTHENTICATED)
            << status.error_message();
        if (!caller.secret.empty()) {
          EXPECT_EQ(status.error_message().find(caller.secret.substr(4, 16)),
                    std::string::npos)
              << "the answer echoes the token: " << status.error_message();
        }
      } else if ((c.allowed & caller.role) == 0) {
        EXPECT_EQ(code, grpc::StatusCode::PERMISSION_DENIED)
            << status.error_message();
      } else {
        // Allowed: refused neither for who the caller is nor for want of a
        // handler, and no server fault.
        EXPECT_NE(code, grpc::StatusCode::PERMISSION_DENIED)
            << status.error_message();
        EXPECT_NE(code, grpc::StatusCode::UNAUTHENTICATED)
            << status.error_message();
        EXPECT_NE(code, grpc::StatusCode::UNIMPLEMENTED)
            << status.error_message();
        EXPECT_NE(code, grpc::StatusCode::INTERNAL) << status.error_message();
        EXPECT_NE(code, grpc::StatusCode::UNKNOWN) << status.error_message();
      }
    }
    absl::StrAppend(&table, "\n");
  }
  std::printf(
      "permission matrix: %zu rpcs of %d services x %zu callers (%d request "
      "cases, %d calls)\n%s",
      rpcs.size(), services, callers_.size(),
      static_cast<int>(sizeof(kCases) / sizeof(kCases[0])), calls,
      table.c_str());
}

}  // namespace
}  // namespace spanlab
