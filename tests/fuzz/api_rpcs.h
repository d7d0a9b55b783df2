// The rpcs the API fuzzer calls, as a table: the fuzzer picks one by the
// first byte of its input (index modulo the table size), and the seed
// generator writes that byte for the rpc it means. So only ever append to
// the table (MakeRpcs in api_rpcs.cc): reordering it changes what every
// committed seed of the api_request corpus calls.
//
// Every rpc of the Api classes (service/api.h and the *_api.h headers) is
// here; streaming rpcs get a stream of the one request message. Not here:
// WhoAmI and Ping, which only exist in the gRPC layer.
#ifndef SPANLAB_TESTS_FUZZ_API_RPCS_H_
#define SPANLAB_TESTS_FUZZ_API_RPCS_H_

#include <functional>
#include <memory>
#include <vector>

#include "absl/status/status.h"
#include "google/protobuf/message.h"
#include "service/auth.h"
#include "tests/fuzz/api_fuzz_fixture.h"

namespace spanlab::fuzz {

struct ApiRpc {
  // "Service.Method", as in the protos.
  const char* name;
  // Whether an ANNOTATOR must never succeed: the rpcs for ADMIN only, or
  // for ADJUDICATOR and ADMIN.
  bool refuses_annotators;
  // A new, empty request of the rpc's type.
  std::function<std::unique_ptr<google::protobuf::Message>()> new_request;
  // Calls the rpc as `caller` with `request` (of that type) and returns
  // the status of the call.
  std::function<absl::Status(ApiFuzzFixture& fixture, const Principal& caller,
                             const google::protobuf::Message& request)>
      call;
};

const std::vector<ApiRpc>& ApiRpcs();

}  // namespace spanlab::fuzz

#endif  // SPANLAB_TESTS_FUZZ_API_RPCS_H_
