// Fuzzes the request handling of every rpc of the Api classes with
// arbitrary request messages: the first input byte picks the rpc
// (api_rpcs.h), the rest is parsed as its request message (inputs that do
// not parse are skipped, as gRPC would refuse them) whose placeholders
// ({own}, {gold}, ...) are replaced with the names of records of the
// fixture (api_fuzz_fixture.h). Each request is sent
// once as an ADMIN and once as an ANNOTATOR against one store kept across
// inputs (api_fuzz_fixture.h).
//
// Beyond "does not crash" it checks that every answer is one of the codes
// the protos document for bad requests (OK, INVALID_ARGUMENT, NOT_FOUND,
// ALREADY_EXISTS, FAILED_PRECONDITION, ABORTED, PERMISSION_DENIED,
// RESOURCE_EXHAUSTED): never INTERNAL, UNKNOWN or DATA_LOSS, which would
// mean a bad request reached a place that assumed a good one. It also
// checks the roles: an ANNOTATOR never succeeds at an rpc for admins or
// adjudicators, and an ADMIN is never refused for who they are.
#include <cstddef>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <memory>

#include "absl/status/status.h"
#include "absl/strings/string_view.h"
#include "google/protobuf/message.h"
#include "google/protobuf/stubs/logging.h"
#include "tests/fuzz/api_fuzz_fixture.h"
#include "tests/fuzz/api_rpcs.h"
#include "tests/fuzz/fuzz_check.h"

namespace spanlab::fuzz {
namespace {

// Built on first use and destroyed at exit, which removes its directory.
ApiFuzzFixture& Fixture() {
  // Parsing logs an error for every string field that is not UTF-8, which
  // arbitrary bytes often are; the fuzzer only needs the verdict.
  static const bool quiet = [] {
    google::protobuf::SetLogHandler(nullptr);
    return true;
  }();
  static ApiFuzzFixture fixture;
  (void)quiet;
  return fixture;
}

bool IsDocumented(absl::StatusCode code) {
  switch (code) {
    case absl::StatusCode::kOk:
    case absl::StatusCode::kInvalidArgument:
    case absl::StatusCode::kNotFound:
    case absl::StatusCode::kAlreadyExists:
    case absl::StatusCode::kFailedPrecondition:
    case absl::StatusCode::kAborted:
    case absl::StatusCode::kPermissionDenied:
    case absl::StatusCode::kResourceExhausted:
      return true;
    default:
      return false;
  }
}

// With SPANLAB_FUZZ_VERBOSE set, every call and its answer is printed:
// for checking that new seeds get past validation.
bool Verbose() {
  static const bool verbose = std::getenv("SPANLAB_FUZZ_VERBOSE") != nullptr;
  return verbose;
}

void CheckAnswer(const ApiRpc& rpc, const Principal& caller,
                 const google::protobuf::Message& request,
                 const absl::Status& s) {
  if (Verbose()) {
    std::fprintf(stderr, "%s as %s: %s\n", rpc.name,
                 caller.annotator_id().c_str(), s.ToString().c_str());
  }
  FUZZ_CHECK(IsDocumented(s.code()), rpc.name, " as ", caller.annotator_id(),
             " answered ", s.ToString(), " to {", request.ShortDebugString(),
             "}");
  if (caller.role() == v1::ANNOTATOR && rpc.refuses_annotators) {
    FUZZ_CHECK(!s.ok(), rpc.name, " succeeded for an ANNOTATOR with {",
               request.ShortDebugString(), "}");
  }
  if (caller.role() == v1::ADMIN) {
    FUZZ_CHECK(s.code() != absl::StatusCode::kPermissionDenied, rpc.name,
               " refused an ADMIN: ", s.ToString(), " for {",
               request.ShortDebugString(), "}");
  }
}

void FuzzOne(absl::string_view data) {
  if (data.empty()) return;
  ApiFuzzFixture& fixture = Fixture();
  const std::vector<ApiRpc>& rpcs = ApiRpcs();
  const ApiRpc& rpc = rpcs[static_cast<uint8_t>(data[0]) % rpcs.size()];
  data.remove_prefix(1);
  const std::unique_ptr<google::protobuf::Message> request = rpc.new_request();
  if (!request->ParseFromArray(data.data(), static_cast<int>(data.size()))) {
    return;
  }
  fixture.FillPlaceholders(request.get());
  for (const Principal* caller : {&fixture.admin(), &fixture.annotator()}) {
    CheckAnswer(rpc, *caller, *request, rpc.call(fixture, *caller, *request));
  }
}

}  // namespace
}  // namespace spanlab::fuzz

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  spanlab::fuzz::FuzzOne(
      absl::string_view(reinterpret_cast<const char*>(data), size));
  return 0;
}
