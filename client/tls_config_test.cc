// ResolveTls and the TLS part of ResolveSettings.
#include <filesystem>
#include <fstream>
#include <map>
#include <string>

#include "client/config.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "tests/support/temp_dir.h"

namespace spanlab::client {
namespace {

namespace fs = std::filesystem;
using ::spanlab::testing_support::TempDir;
using ::testing::AllOf;
using ::testing::HasSubstr;

constexpr char kCert[] =
    "-----BEGIN CERTIFICATE-----\nMIIB\n-----END CERTIFICATE-----\n";
constexpr char kKey[] =
    "-----BEGIN EC PRIVATE KEY-----\nMHcC\n-----END EC PRIVATE KEY-----\n";

class TlsConfigTest : public ::testing::Test {
 protected:
  void SetUp() override {
    dir_ = temp_dir_.path();
    env_["HOME"] = (dir_ / "home").string();
  }

  std::string Write(const std::string& relative, const std::string& content) {
    const fs::path path = dir_ / relative;
    fs::create_directories(path.parent_path());
    std::ofstream(path, std::ios::binary) << content;
    return path.string();
  }

  EnvLookup Env() const {
    return [this](const char* name) -> std::optional<std::string> {
      auto it = env_.find(name);
      if (it == env_.end()) return std::nullopt;
      return it->second;
    };
  }

  absl::StatusOr<TlsSettings> Resolve(const ConfigFlags& flags,
                                      const FileConfig& file = {}) {
    return ResolveTls(flags, Env(), file);
  }

  TempDir temp_dir_;
  fs::path dir_;
  std::map<std::string, std::string> env_;
};

TEST_F(TlsConfigTest, NothingGivenMeansPlaintext) {
  absl::StatusOr<TlsSettings> tls = Resolve({});
  ASSERT_TRUE(tls.ok()) << tls.status();
  EXPECT_FALSE(tls->enabled());
}

TEST_F(TlsConfigTest, CaFromTheFlagIsRead) {
  ConfigFlags flags;
  flags.tls_ca = Write("ca.pem", kCert);
  absl::StatusOr<TlsSettings> tls = Resolve(flags);
  ASSERT_TRUE(tls.ok()) << tls.status();
  EXPECT_TRUE(tls->enabled());
  EXPECT_EQ(tls->root_certs, kCert);
  EXPECT_TRUE(tls->cert_chain.empty());
  EXPECT_TRUE(tls->private_key.empty());
}

TEST_F(TlsConfigTest, FlagBeatsEnvironmentBeatsConfigFile) {
  const std::string from_flag = Write("flag.pem", std::string(kCert) + "#f");
  const std::string from_env = Write("env.pem", std::string(kCert) + "#e");
  FileConfig file;
  file.tls_ca = Write("file.pem", std::string(kCert) + "#c");
  EXPECT_EQ(Resolve({}, file)->root_certs, std::string(kCert) + "#c");
  env_["SPANLAB_TLS_CA"] = from_env;
  EXPECT_EQ(Resolve({}, file)->root_certs, std::string(kCert) + "#e");
  ConfigFlags flags;
  flags.tls_ca = from_flag;
  EXPECT_EQ(Resolve(flags, file)->root_certs, std::string(kCert) + "#f");
}

TEST_F(TlsConfigTest, ClientCertificateAndKey) {
  ConfigFlags flags;
  flags.tls_ca = Write("ca.pem", kCert);
  flags.tls_cert = Write("client.pem", kCert);
  flags.tls_key = Write("client.key", kKey);
  absl::StatusOr<TlsSettings> tls = Resolve(flags);
  ASSERT_TRUE(tls.ok()) << tls.status();
  EXPECT_EQ(tls->cert_chain, kCert);
  EXPECT_EQ(tls->private_key, kKey);
  // The same from the environment.
  env_["SPANLAB_TLS_CA"] = flags.tls_ca;
  env_["SPANLAB_TLS_CERT"] = flags.tls_cert;
  env_["SPANLAB_TLS_KEY"] = flags.tls_key;
  tls = Resolve({});
  ASSERT_TRUE(tls.ok()) << tls.status();
  EXPECT_EQ(tls->private_key, kKey);
}

TEST_F(TlsConfigTest, CertificateKeyAndCaGoTogether) {
  ConfigFlags flags;
  flags.tls_ca = Write("ca.pem", kCert);
  flags.tls_cert = Write("client.pem", kCert);
  EXPECT_THAT(std::string(Resolve(flags).status().message()),
              HasSubstr("needs its key"));
  flags.tls_cert.clear();
  flags.tls_key = Write("client.key", kKey);
  EXPECT_THAT(std::string(Resolve(flags).status().message()),
              HasSubstr("needs its key"));
  flags.tls_ca.clear();
  flags.tls_cert = Write("client.pem", kCert);
  EXPECT_THAT(std::string(Resolve(flags).status().message()),
              HasSubstr("need --tls_ca"));
}

TEST_F(TlsConfigTest, BadFilesAreNamed) {
  ConfigFlags flags;
  flags.tls_ca = (dir_ / "missing.pem").string();
  absl::Status status = Resolve(flags).status();
  EXPECT_EQ(status.code(), absl::StatusCode::kNotFound);
  EXPECT_THAT(std::string(status.message()),
              AllOf(HasSubstr("tls_ca"), HasSubstr("missing.pem")));

  flags.tls_ca = Write("junk.pem", "hello\n");
  status = Resolve(flags).status();
  EXPECT_EQ(status.code(), absl::StatusCode::kInvalidArgument);
  EXPECT_THAT(std::string(status.message()),
              AllOf(HasSubstr("tls_ca"), HasSubstr("junk.pem"),
                    HasSubstr("not a PEM file holding a CERTIFICATE")));

  // A certificate where the key belongs, and the other way round.
  flags.tls_ca = Write("ca.pem", kCert);
  flags.tls_cert = Write("client.key", kKey);
  flags.tls_key = Write("client.pem", kCert);
  EXPECT_THAT(std::string(Resolve(flags).status().message()),
              AllOf(HasSubstr("tls_cert"), HasSubstr("client.key")));
  flags.tls_cert = (dir_ / "client.pem").string();
  EXPECT_THAT(std::string(Resolve(flags).status().message()),
              AllOf(HasSubstr("tls_key"), HasSubstr("PRIVATE KEY")));
}

TEST_F(TlsConfigTest, ConfigFileKeysAreRelativeToTheFile) {
  Write("conf/pki/ca.pem", kCert);
  const std::string config =
      Write("conf/config.json", R"({"token": "t", "tls_ca": "pki/ca.pem"})");
  ConfigFlags flags;
  flags.config_path = config;
  absl::StatusOr<Settings> settings = ResolveSettings(flags, Env());
  ASSERT_TRUE(settings.ok()) << settings.status();
  EXPECT_EQ(settings->tls.root_certs, kCert);
  // Calls that need no token resolve TLS just the same.
  settings = ResolveServer(flags, Env());
  ASSERT_TRUE(settings.ok()) << settings.status();
  EXPECT_TRUE(settings->tls.enabled());
}

TEST_F(TlsConfigTest, ConfigFileTlsKeysMustBeStrings) {
  absl::StatusOr<FileConfig> config =
      ParseConfig(R"({"tls_ca": 3})", "/etc/spanlab.json");
  ASSERT_FALSE(config.ok());
  EXPECT_THAT(std::string(config.status().message()),
              HasSubstr("\"tls_ca\" must be a string"));
}

}  // namespace
}  // namespace spanlab::client
