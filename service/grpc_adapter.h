// What every gRPC adapter does: authenticate the call, run the operation,
// turn its absl::Status into a grpc::Status.
#ifndef SPANLAB_SERVICE_GRPC_ADAPTER_H_
#define SPANLAB_SERVICE_GRPC_ADAPTER_H_

#include <functional>
#include <memory>
#include <string>

#include "absl/base/thread_annotations.h"
#include "absl/status/statusor.h"
#include "absl/synchronization/mutex.h"
#include "absl/time/clock.h"
#include "absl/time/time.h"
#include "grpcpp/grpcpp.h"
#include "service/auth.h"
#include "service/call_limits.h"

namespace spanlab {

// absl::Status -> grpc::Status with the same code and message. The one
// place where errors change type.
grpc::Status ToGrpc(const absl::Status& s);

// The authenticated caller of `ctx`.
absl::StatusOr<Principal> CallerOf(const Authenticator* auth,
                                   grpc::ServerContext* ctx);

// Runs `op(caller)` for an authenticated caller and stores its result.
template <typename Response, typename Op>
grpc::Status Serve(const Authenticator* auth, grpc::ServerContext* ctx,
                   Response* response, Op op) {
  auto caller = CallerOf(auth, ctx);
  if (!caller.ok()) return ToGrpc(caller.status());
  auto result = op(*caller);
  if (!result.ok()) return ToGrpc(result.status());
  *response = *std::move(result);
  return grpc::Status::OK;
}

// Why the call of `ctx` ended before its handler returned:
// DEADLINE_EXCEEDED once its deadline has passed, CANCELLED when the client
// cancelled it or went away (a dropped connection, failed keepalive); OK
// while it is still wanted.
absl::Status CallEnded(grpc::ServerContext* ctx);

// The CallCheck of `ctx`'s call, for long operations. Asking gRPC costs
// tens of microseconds (it polls the call's completion queue), too much to
// ask for every document of a large project, so an answer is reused for a
// few milliseconds: the end of a call is noticed at most that much later.
inline CallCheck CheckOf(grpc::ServerContext* ctx) {
  struct Cached {
    absl::Mutex mu;
    absl::Time next_ask ABSL_GUARDED_BY(mu) = absl::InfinitePast();
    absl::Status ended ABSL_GUARDED_BY(mu);
  };
  auto cached = std::make_shared<Cached>();
  return [ctx, cached] {
    absl::MutexLock lock(&cached->mu);
    const absl::Time now = absl::Now();
    if (cached->ended.ok() && now >= cached->next_ask) {
      cached->ended = CallEnded(ctx);
      cached->next_ask = now + absl::Milliseconds(5);
    }
    return cached->ended;
  };
}

// Serve for a client-streaming call. It holds one of `slots` while it runs
// (RESOURCE_EXHAUSTED naming --max_concurrent_streams when none is free)
// and calls `op(caller, next)`, where `next` reads one message at a time,
// so a fast client cannot queue more than gRPC's flow-control window, and
// stops reading once the call has ended. A call that ended is answered with
// why it ended, whatever `op` returned: messages committed before stay
// committed, the rest of the stream is not read.
template <typename Request, typename Response, typename Op>
grpc::Status ServeStream(const Authenticator* auth, StreamSlots* slots,
                         grpc::ServerContext* ctx,
                         grpc::ServerReader<Request>* reader,
                         Response* response, Op op) {
  auto caller = CallerOf(auth, ctx);
  if (!caller.ok()) return ToGrpc(caller.status());
  auto slot = slots->Acquire();
  if (!slot.ok()) return ToGrpc(slot.status());
  const std::function<bool(Request*)> next = [ctx, reader](Request* r) {
    return CallEnded(ctx).ok() && reader->Read(r);
  };
  auto result = op(*caller, next);
  const absl::Status ended = CallEnded(ctx);
  if (!ended.ok()) return ToGrpc(ended);
  if (!result.ok()) return ToGrpc(result.status());
  *response = *std::move(result);
  return grpc::Status::OK;
}

}  // namespace spanlab

#endif  // SPANLAB_SERVICE_GRPC_ADAPTER_H_
