// TLS: option checks, and a real server spoken to with and without TLS and
// client certificates. Keys and certificates are made here, in memory, by a
// throwaway CA.
#include "service/tls.h"

#include <openssl/bio.h>
#include <openssl/evp.h>
#include <openssl/pem.h>
#include <openssl/x509.h>
#include <openssl/x509v3.h>

#include <chrono>
#include <filesystem>
#include <fstream>
#include <memory>
#include <sstream>
#include <string>

#include "absl/strings/str_cat.h"
#include "absl/strings/strip.h"
#include "gmock/gmock.h"
#include "grpcpp/grpcpp.h"
#include "gtest/gtest.h"
#include "service/server.h"
#include "spanlab/v1/admin_service.grpc.pb.h"
#include "tests/support/status_matchers.h"
#include "tests/support/temp_dir.h"

namespace spanlab {
namespace {

using ::spanlab::testing_support::IsOk;
using ::spanlab::testing_support::StatusIs;
using ::spanlab::testing_support::TempDir;
using ::testing::AllOf;
using ::testing::HasSubstr;
using ::testing::StartsWith;

constexpr auto kInvalid = absl::StatusCode::kInvalidArgument;

struct KeyFree {
  void operator()(EVP_PKEY* k) const { EVP_PKEY_free(k); }
};
struct X509Free {
  void operator()(X509* x) const { X509_free(x); }
};

// A key and its certificate, as objects and as PEM.
struct Identity {
  std::unique_ptr<EVP_PKEY, KeyFree> key;
  std::unique_ptr<X509, X509Free> cert;
  std::string key_pem;
  std::string cert_pem;
};

void AddExtension(X509* cert, X509* issuer, int nid, const char* value) {
  X509V3_CTX ctx;
  X509V3_set_ctx_nodb(&ctx);
  X509V3_set_ctx(&ctx, issuer, cert, nullptr, nullptr, 0);
  X509_EXTENSION* ext = X509V3_EXT_conf_nid(nullptr, &ctx, nid, value);
  ASSERT_NE(ext, nullptr) << value;
  X509_add_ext(cert, ext, -1);
  X509_EXTENSION_free(ext);
}

// A P-256 key with a certificate for `cn`, signed by `issuer` (self-signed
// when null). `san` is a subjectAltName value, or null.
Identity MakeIdentity(const std::string& cn, const Identity* issuer, bool is_ca,
                      const char* san) {
  Identity id;
  id.key.reset(EVP_EC_gen("P-256"));
  EXPECT_NE(id.key, nullptr);
  id.cert.reset(X509_new());
  X509* x = id.cert.get();
  X509_set_version(x, 2);
  static long serial = 1;
  ASN1_INTEGER_set(X509_get_serialNumber(x), serial++);
  X509_gmtime_adj(X509_getm_notBefore(x), -60);
  X509_gmtime_adj(X509_getm_notAfter(x), 3600);
  X509_set_pubkey(x, id.key.get());
  X509_NAME_add_entry_by_txt(X509_get_subject_name(x), "CN", MBSTRING_ASC,
                             reinterpret_cast<const unsigned char*>(cn.c_str()),
                             -1, -1, 0);
  X509* signer = issuer == nullptr ? x : issuer->cert.get();
  X509_set_issuer_name(x, X509_get_subject_name(signer));
  AddExtension(x, signer, NID_basic_constraints,
               is_ca ? "critical,CA:TRUE" : "CA:FALSE");
  if (is_ca) AddExtension(x, signer, NID_key_usage, "keyCertSign,cRLSign");
  if (san != nullptr) AddExtension(x, signer, NID_subject_alt_name, san);
  EVP_PKEY* signing_key = issuer == nullptr ? id.key.get() : issuer->key.get();
  EXPECT_GT(X509_sign(x, signing_key, EVP_sha256()), 0);

  auto pem = [](auto write) {
    BIO* bio = BIO_new(BIO_s_mem());
    write(bio);
    char* data = nullptr;
    const long size = BIO_get_mem_data(bio, &data);
    std::string out(data, static_cast<size_t>(size));
    BIO_free(bio);
    return out;
  };
  id.cert_pem = pem([&](BIO* b) { PEM_write_bio_X509(b, x); });
  id.key_pem = pem([&](BIO* b) {
    PEM_write_bio_PrivateKey(b, id.key.get(), nullptr, nullptr, 0, nullptr,
                             nullptr);
  });
  return id;
}

class TlsTest : public testing::Test {
 protected:
  void SetUp() override {
    ca_ = MakeIdentity("spanlab test CA", nullptr, true, nullptr);
    server_ =
        MakeIdentity("localhost", &ca_, false, "IP:127.0.0.1,DNS:localhost");
    client_ = MakeIdentity("alice", &ca_, false, nullptr);
    other_ca_ = MakeIdentity("another CA", nullptr, true, nullptr);
    stranger_ = MakeIdentity("mallory", &other_ca_, false, nullptr);
  }

  std::string Write(const std::string& name, const std::string& content) {
    const std::string path = dir_.path() + "/" + name;
    std::ofstream(path, std::ios::binary) << content;
    return path;
  }

  TlsFiles ServerFiles() {
    TlsFiles files;
    files.cert_file = Write("server.crt", server_.cert_pem);
    files.key_file = Write("server.key", server_.key_pem);
    return files;
  }

  // Starts a server with `tls` on `listen` and reads the admin token.
  std::unique_ptr<SpanlabServer> Start(
      const TlsFiles& tls, const std::string& listen = "127.0.0.1:0") {
    ServerOptions options;
    options.data_dir = dir_.path() + "/data";
    options.listen = listen;
    options.durability = Durability::kBuffered;
    options.tls = tls;
    auto server = SpanlabServer::Start(options);
    EXPECT_THAT(server, IsOk());
    if (!server.ok()) return nullptr;
    std::ifstream in((*server)->admin_token_path());
    std::stringstream content;
    content << in.rdbuf();
    token_ = std::string(absl::StripAsciiWhitespace(content.str()));
    return *std::move(server);
  }

  grpc::Status Ping(const SpanlabServer& server,
                    std::shared_ptr<grpc::ChannelCredentials> credentials) {
    auto stub = v1::AdminService::NewStub(grpc::CreateChannel(
        absl::StrCat("127.0.0.1:", server.port()), credentials));
    grpc::ClientContext ctx;
    ctx.set_deadline(std::chrono::system_clock::now() +
                     std::chrono::seconds(10));
    ctx.AddMetadata("authorization", "Bearer " + token_);
    v1::PingResponse pong;
    return stub->Ping(&ctx, v1::PingRequest(), &pong);
  }

  static std::shared_ptr<grpc::ChannelCredentials> Tls(
      const std::string& root, const Identity* client = nullptr) {
    grpc::SslCredentialsOptions options;
    options.pem_root_certs = root;
    if (client != nullptr) {
      options.pem_private_key = client->key_pem;
      options.pem_cert_chain = client->cert_pem;
    }
    return grpc::SslCredentials(options);
  }

  TempDir dir_;
  Identity ca_, server_, client_, other_ca_, stranger_;
  std::string token_;
};

TEST_F(TlsTest, NoFilesMeansPlaintext) {
  auto credentials = MakeServerCredentials(TlsFiles());
  ASSERT_THAT(credentials, IsOk());
  EXPECT_NE(*credentials, nullptr);
}

TEST_F(TlsTest, CertificateAndKeyGoTogether) {
  TlsFiles files = ServerFiles();
  files.key_file.clear();
  EXPECT_THAT(MakeServerCredentials(files),
              StatusIs(kInvalid, HasSubstr("give both")));
  files = ServerFiles();
  files.cert_file.clear();
  EXPECT_THAT(MakeServerCredentials(files),
              StatusIs(kInvalid, HasSubstr("give both")));
}

TEST_F(TlsTest, ClientCaNeedsTls) {
  TlsFiles files;
  files.client_ca_file = Write("ca.crt", ca_.cert_pem);
  EXPECT_THAT(MakeServerCredentials(files),
              StatusIs(kInvalid, StartsWith("tls_client_ca=")));
}

TEST_F(TlsTest, BadFilesAreNamedWithTheirFlag) {
  TlsFiles files = ServerFiles();
  files.cert_file = dir_.path() + "/missing.crt";
  EXPECT_THAT(MakeServerCredentials(files),
              StatusIs(kInvalid, AllOf(StartsWith("tls_cert="),
                                       HasSubstr("missing.crt"))));
  files = ServerFiles();
  files.cert_file = Write("junk.crt", "not a certificate\n");
  EXPECT_THAT(MakeServerCredentials(files),
              StatusIs(kInvalid, AllOf(StartsWith("tls_cert="),
                                       HasSubstr("no PEM certificate"))));
  files = ServerFiles();
  files.key_file = Write("junk.key", server_.cert_pem);
  EXPECT_THAT(MakeServerCredentials(files),
              StatusIs(kInvalid, AllOf(StartsWith("tls_key="),
                                       HasSubstr("no unencrypted PEM"))));
  files = ServerFiles();
  files.client_ca_file = Write("junk-ca.crt", "");
  EXPECT_THAT(MakeServerCredentials(files),
              StatusIs(kInvalid, StartsWith("tls_client_ca=")));
}

TEST_F(TlsTest, AKeyOfAnotherCertificateIsRefused) {
  TlsFiles files = ServerFiles();
  files.key_file = Write("client.key", client_.key_pem);
  EXPECT_THAT(MakeServerCredentials(files),
              StatusIs(kInvalid, AllOf(StartsWith("tls_key="),
                                       HasSubstr("not the key of"))));
}

TEST_F(TlsTest, EncryptedKeyIsRefusedWithoutPrompting) {
  BIO* bio = BIO_new(BIO_s_mem());
  const std::string passphrase = "secret";
  ASSERT_GT(PEM_write_bio_PrivateKey(
                bio, server_.key.get(), EVP_aes_128_cbc(),
                reinterpret_cast<const unsigned char*>(passphrase.data()),
                static_cast<int>(passphrase.size()), nullptr, nullptr),
            0);
  char* data = nullptr;
  const long size = BIO_get_mem_data(bio, &data);
  const std::string encrypted(data, static_cast<size_t>(size));
  BIO_free(bio);
  TlsFiles files = ServerFiles();
  files.key_file = Write("encrypted.key", encrypted);
  EXPECT_THAT(MakeServerCredentials(files),
              StatusIs(kInvalid, HasSubstr("no unencrypted PEM")));
}

TEST_F(TlsTest, ServerSpeaksTlsOnly) {
  auto server = Start(ServerFiles());
  ASSERT_NE(server, nullptr);
  EXPECT_TRUE(Ping(*server, Tls(ca_.cert_pem)).ok());
  // Plaintext to a TLS port, and TLS trusting another CA, never get as far
  // as the token.
  EXPECT_EQ(Ping(*server, grpc::InsecureChannelCredentials()).error_code(),
            grpc::StatusCode::UNAVAILABLE);
  EXPECT_EQ(Ping(*server, Tls(other_ca_.cert_pem)).error_code(),
            grpc::StatusCode::UNAVAILABLE);
}

TEST_F(TlsTest, WithAClientCaEveryClientNeedsACertificateItSigned) {
  TlsFiles files = ServerFiles();
  files.client_ca_file = Write("ca.crt", ca_.cert_pem);
  auto server = Start(files);
  ASSERT_NE(server, nullptr);
  EXPECT_TRUE(Ping(*server, Tls(ca_.cert_pem, &client_)).ok());
  EXPECT_EQ(Ping(*server, Tls(ca_.cert_pem)).error_code(),
            grpc::StatusCode::UNAVAILABLE);
  EXPECT_EQ(Ping(*server, Tls(ca_.cert_pem, &stranger_)).error_code(),
            grpc::StatusCode::UNAVAILABLE);
}

TEST_F(TlsTest, TlsLiftsTheLoopbackRule) {
  // The same address is refused in plaintext (api_test covers the message).
  ServerOptions plain;
  plain.data_dir = dir_.path() + "/plain";
  plain.listen = "0.0.0.0:0";
  EXPECT_THAT(SpanlabServer::Start(plain),
              StatusIs(kInvalid, HasSubstr("--tls_cert")));
  auto server = Start(ServerFiles(), "0.0.0.0:0");
  ASSERT_NE(server, nullptr);
  EXPECT_TRUE(Ping(*server, Tls(ca_.cert_pem)).ok());
}

TEST_F(TlsTest, BadTlsFilesStopTheServerBeforeItOpensTheStore) {
  TlsFiles files = ServerFiles();
  files.key_file = Write("client.key", client_.key_pem);
  ServerOptions options;
  options.data_dir = dir_.path() + "/data";
  options.listen = "127.0.0.1:0";
  options.tls = files;
  EXPECT_THAT(SpanlabServer::Start(options),
              StatusIs(kInvalid, StartsWith("tls_key=")));
  EXPECT_FALSE(std::filesystem::exists(options.data_dir));
}

}  // namespace
}  // namespace spanlab
