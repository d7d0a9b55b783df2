#include "client/transport_hint.h"

#include "gmock/gmock.h"
#include "gtest/gtest.h"

namespace spanlab::client {
namespace {

using ::testing::HasSubstr;
using ::testing::IsEmpty;

TEST(TransportHintTest, NothingListeningNeedsNoHint) {
  const char* refused =
      "failed to connect to all addresses; last error: UNKNOWN: "
      "ipv4:127.0.0.1:1: Failed to connect to remote host: Connection refused";
  EXPECT_THAT(TransportHint(false, refused), IsEmpty());
  EXPECT_THAT(TransportHint(true, refused), IsEmpty());
}

TEST(TransportHintTest, PlaintextClientIsToldAboutTlsCa) {
  EXPECT_THAT(TransportHint(false, "ipv4:127.0.0.1:5: Socket closed"),
              HasSubstr("give --tls_ca"));
}

TEST(TransportHintTest, UntrustedServerCertificateNamesTheCa) {
  EXPECT_THAT(TransportHint(true,
                            "Ssl handshake failed: SSL_ERROR_SSL: "
                            "error:0A000086:SSL routines::certificate verify "
                            "failed"),
              HasSubstr("--tls_ca must be the CA"));
}

TEST(TransportHintTest, ClosedTlsConnectionNamesServerAndClientCertificate) {
  const std::string hint = TransportHint(true, "Socket closed");
  EXPECT_THAT(hint, HasSubstr("serves TLS"));
  EXPECT_THAT(hint, HasSubstr("--tls_cert"));
}

}  // namespace
}  // namespace spanlab::client
