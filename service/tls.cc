#include "service/tls.h"

#include <openssl/bio.h>
#include <openssl/err.h>
#include <openssl/evp.h>
#include <openssl/pem.h>
#include <openssl/x509.h>

#include <cerrno>
#include <cstring>
#include <fstream>
#include <sstream>

#include "absl/strings/str_cat.h"
#include "grpcpp/security/server_credentials.h"

namespace spanlab {
namespace {

struct BioFree {
  void operator()(BIO* b) const { BIO_free(b); }
};
struct X509Free {
  void operator()(X509* x) const { X509_free(x); }
};
struct KeyFree {
  void operator()(EVP_PKEY* k) const { EVP_PKEY_free(k); }
};
using Bio = std::unique_ptr<BIO, BioFree>;
using Cert = std::unique_ptr<X509, X509Free>;
using Key = std::unique_ptr<EVP_PKEY, KeyFree>;

absl::Status Bad(absl::string_view flag, absl::string_view path,
                 absl::string_view problem) {
  // OpenSSL queues its errors per thread; leave none behind for gRPC's own
  // use of the library to trip over.
  ERR_clear_error();
  return absl::InvalidArgumentError(
      absl::StrCat(flag, "=", path, ": ", problem));
}

absl::StatusOr<std::string> ReadPem(absl::string_view flag,
                                    const std::string& path) {
  errno = 0;
  std::ifstream in(path, std::ios::binary);
  if (!in) {
    return Bad(flag, path, errno != 0 ? std::strerror(errno) : "cannot open");
  }
  std::ostringstream content;
  content << in.rdbuf();
  if (in.bad()) return Bad(flag, path, "cannot read");
  return content.str();
}

Bio MemoryBio(const std::string& pem) {
  return Bio(BIO_new_mem_buf(pem.data(), static_cast<int>(pem.size())));
}

// The first certificate of `pem`, or null if it holds none.
Cert FirstCertificate(const std::string& pem) {
  Bio bio = MemoryBio(pem);
  if (bio == nullptr) return nullptr;
  return Cert(PEM_read_bio_X509(bio.get(), nullptr, nullptr, nullptr));
}

// Refuses a passphrase: the server runs unattended, and OpenSSL's default
// would prompt on the terminal.
int NoPassphrase(char*, int, int, void*) { return 0; }

}  // namespace

absl::StatusOr<std::shared_ptr<grpc::ServerCredentials>> MakeServerCredentials(
    const TlsFiles& files) {
  if (files.cert_file.empty() != files.key_file.empty()) {
    return absl::InvalidArgumentError(
        "tls_cert and tls_key: give both (the server's certificate and its "
        "private key) or neither");
  }
  if (!files.enabled()) {
    if (!files.client_ca_file.empty()) {
      return absl::InvalidArgumentError(absl::StrCat(
          "tls_client_ca=", files.client_ca_file,
          ": client certificates need TLS; give tls_cert and tls_key too"));
    }
    return grpc::InsecureServerCredentials();
  }

  auto cert_pem = ReadPem("tls_cert", files.cert_file);
  if (!cert_pem.ok()) return cert_pem.status();
  Cert cert = FirstCertificate(*cert_pem);
  if (cert == nullptr) {
    return Bad("tls_cert", files.cert_file, "holds no PEM certificate");
  }
  auto key_pem = ReadPem("tls_key", files.key_file);
  if (!key_pem.ok()) return key_pem.status();
  Bio key_bio = MemoryBio(*key_pem);
  Key key(key_bio == nullptr ? nullptr
                             : PEM_read_bio_PrivateKey(key_bio.get(), nullptr,
                                                       &NoPassphrase, nullptr));
  if (key == nullptr) {
    return Bad("tls_key", files.key_file,
               "holds no unencrypted PEM private key");
  }
  if (X509_check_private_key(cert.get(), key.get()) != 1) {
    return Bad("tls_key", files.key_file,
               absl::StrCat("is not the key of the certificate in tls_cert=",
                            files.cert_file));
  }

  grpc::SslServerCredentialsOptions options(
      GRPC_SSL_DONT_REQUEST_CLIENT_CERTIFICATE);
  options.pem_key_cert_pairs.push_back({*key_pem, *cert_pem});
  if (!files.client_ca_file.empty()) {
    auto ca_pem = ReadPem("tls_client_ca", files.client_ca_file);
    if (!ca_pem.ok()) return ca_pem.status();
    if (FirstCertificate(*ca_pem) == nullptr) {
      return Bad("tls_client_ca", files.client_ca_file,
                 "holds no PEM certificate");
    }
    options.pem_root_certs = *ca_pem;
    options.client_certificate_request =
        GRPC_SSL_REQUEST_AND_REQUIRE_CLIENT_CERTIFICATE_AND_VERIFY;
  }
  ERR_clear_error();
  return grpc::SslServerCredentials(options);
}

}  // namespace spanlab
