#include "client/connection.h"

#include <cstdlib>

#include "absl/strings/str_cat.h"
#include "absl/time/clock.h"
#include "client/errors.h"
#include "client/transport_hint.h"
#include "grpc/support/log.h"

namespace spanlab::client {
namespace {

// Documents reach 16 MiB, more than gRPC's default 4 MiB receive limit.
constexpr int kMaxReceiveBytes = 64 << 20;

// Streams get this much time per MiB and per message on top of the unary
// timeout: rates a loaded server storing every message durably still beats.
constexpr absl::Duration kStreamTimePerMiB = absl::Seconds(5);
constexpr absl::Duration kStreamTimePerMessage = absl::Milliseconds(10);

void DiscardLog(gpr_log_func_args*) {}

// The runtime logs transport trouble on stderr, where the client promises
// one line per error; the same trouble reaches the caller as a status.
// GRPC_VERBOSITY, when set, asks for the log and keeps it.
void QuietRuntimeLog() {
  if (std::getenv("GRPC_VERBOSITY") == nullptr) {
    gpr_set_log_function(DiscardLog);
  }
}

std::shared_ptr<grpc::ChannelCredentials> ChannelCredentials(
    const TlsSettings& tls) {
  if (!tls.enabled()) return grpc::InsecureChannelCredentials();
  grpc::SslCredentialsOptions options;
  options.pem_root_certs = tls.root_certs;
  options.pem_cert_chain = tls.cert_chain;
  options.pem_private_key = tls.private_key;
  return grpc::SslCredentials(options);
}

}  // namespace

Connection::Connection(const Settings& settings, absl::Duration timeout)
    : server_(settings.server),
      authorization_(settings.token.empty()
                         ? std::string()
                         : absl::StrCat("Bearer ", settings.token)),
      timeout_(timeout),
      tls_(settings.tls.enabled()) {
  QuietRuntimeLog();
  grpc::ChannelArguments arguments;
  arguments.SetMaxReceiveMessageSize(kMaxReceiveBytes);
  channel_ = grpc::CreateCustomChannel(
      server_, ChannelCredentials(settings.tls), arguments);
  projects_ = v1::ProjectService::NewStub(channel_);
  documents_ = v1::DocumentService::NewStub(channel_);
  annotations_ = v1::AnnotationService::NewStub(channel_);
  admin_ = v1::AdminService::NewStub(channel_);
  assignments_ = v1::AssignmentService::NewStub(channel_);
  reconcile_ = v1::ReconcileService::NewStub(channel_);
  analysis_ = v1::AnalysisService::NewStub(channel_);
  tagger_ = v1::TaggerService::NewStub(channel_);
}

std::unique_ptr<grpc::ClientContext> Connection::ContextWithTimeout(
    absl::Duration timeout) const {
  auto context = std::make_unique<grpc::ClientContext>();
  if (!authorization_.empty()) {
    context->AddMetadata("authorization", authorization_);
  }
  if (timeout > absl::ZeroDuration()) {
    context->set_deadline(absl::ToChronoTime(absl::Now() + timeout));
  }
  return context;
}

std::unique_ptr<grpc::ClientContext> Connection::NewContext() const {
  return ContextWithTimeout(timeout_);
}

std::unique_ptr<grpc::ClientContext> Connection::NewStreamContext(
    uint64_t bytes, int64_t messages) const {
  if (timeout_ <= absl::ZeroDuration()) return ContextWithTimeout(timeout_);
  const double mib = static_cast<double>(bytes) / (1 << 20);
  return ContextWithTimeout(timeout_ + kStreamTimePerMiB * mib +
                            kStreamTimePerMessage * messages);
}

absl::Status Connection::Check(const grpc::Status& status) const {
  if (status.ok()) return absl::OkStatus();
  std::string message = status.error_message();
  if (status.error_code() == grpc::StatusCode::UNAVAILABLE) {
    absl::StrAppend(&message, TransportHint(tls_, message));
  }
  return ServerError(static_cast<absl::StatusCode>(status.error_code()),
                     message, server_);
}

}  // namespace spanlab::client
