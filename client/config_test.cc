#include "client/config.h"

#include <filesystem>
#include <fstream>
#include <map>
#include <string>
#include <utility>

#include "gtest/gtest.h"
#include "tests/support/temp_dir.h"

namespace spanlab::client {
namespace {

namespace fs = std::filesystem;

using ::spanlab::testing_support::TempDir;

ConfigFlags Flags(std::string server, std::string token,
                  std::string config_path = "") {
  ConfigFlags flags;
  flags.server = std::move(server);
  flags.token = std::move(token);
  flags.config_path = std::move(config_path);
  return flags;
}

// A scratch directory and a fake environment for one test.
class ConfigTest : public ::testing::Test {
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

  TempDir temp_dir_;
  fs::path dir_;
  std::map<std::string, std::string> env_;
};

TEST_F(ConfigTest, DefaultServerAndTokenFromFlag) {
  absl::StatusOr<Settings> settings =
      ResolveSettings(Flags("", "flag-token"), Env());
  ASSERT_TRUE(settings.ok()) << settings.status();
  EXPECT_EQ(settings->server, kDefaultServer);
  EXPECT_EQ(settings->token, "flag-token");
}

TEST_F(ConfigTest, NoTokenIsAClearError) {
  absl::StatusOr<Settings> settings = ResolveSettings({}, Env());
  ASSERT_FALSE(settings.ok());
  EXPECT_EQ(settings.status().message(),
            "no token: give --token, SPANLAB_TOKEN or a config file");
}

TEST_F(ConfigTest, ResolveServerNeedsNoToken) {
  absl::StatusOr<Settings> settings = ResolveServer({}, Env());
  ASSERT_TRUE(settings.ok()) << settings.status();
  EXPECT_EQ(settings->server, kDefaultServer);
  EXPECT_EQ(settings->token, "");

  // Same order as ResolveSettings; a token given anywhere is not used.
  Write("home/.config/spanlab/config.json",
        R"({"server": "file:1", "token_file": "missing"})");
  settings = ResolveServer({}, Env());
  ASSERT_TRUE(settings.ok()) << settings.status();
  EXPECT_EQ(settings->server, "file:1");
  EXPECT_EQ(settings->token, "");
  env_["SPANLAB_SERVER"] = "env:2";
  env_["SPANLAB_TOKEN"] = "env-token";
  settings = ResolveServer({}, Env());
  ASSERT_TRUE(settings.ok()) << settings.status();
  EXPECT_EQ(settings->server, "env:2");
  EXPECT_EQ(settings->token, "");
  settings = ResolveServer(Flags("flag:3", ""), Env());
  ASSERT_TRUE(settings.ok()) << settings.status();
  EXPECT_EQ(settings->server, "flag:3");

  // A malformed config file is still an error.
  Write("home/.config/spanlab/config.json", "{");
  EXPECT_FALSE(ResolveServer({}, Env()).ok());
}

TEST_F(ConfigTest, FlagBeatsEnvironmentBeatsFile) {
  Write("home/.config/spanlab/config.json",
        R"({"server": "file:1", "token": "file-token"})");
  absl::StatusOr<Settings> from_file = ResolveSettings({}, Env());
  ASSERT_TRUE(from_file.ok()) << from_file.status();
  EXPECT_EQ(from_file->server, "file:1");
  EXPECT_EQ(from_file->token, "file-token");

  env_["SPANLAB_SERVER"] = "env:2";
  env_["SPANLAB_TOKEN"] = "env-token";
  absl::StatusOr<Settings> from_env = ResolveSettings({}, Env());
  ASSERT_TRUE(from_env.ok()) << from_env.status();
  EXPECT_EQ(from_env->server, "env:2");
  EXPECT_EQ(from_env->token, "env-token");

  absl::StatusOr<Settings> from_flags =
      ResolveSettings(Flags("flag:3", "flag-token"), Env());
  ASSERT_TRUE(from_flags.ok()) << from_flags.status();
  EXPECT_EQ(from_flags->server, "flag:3");
  EXPECT_EQ(from_flags->token, "flag-token");
}

TEST_F(ConfigTest, LocationOrder) {
  EXPECT_EQ(LocateConfig({}, Env())->path,
            (dir_ / "home/.config/spanlab/config.json").string());
  env_["XDG_CONFIG_HOME"] = "/xdg";
  EXPECT_EQ(LocateConfig({}, Env())->path, "/xdg/spanlab/config.json");
  EXPECT_FALSE(LocateConfig({}, Env())->explicitly_named);
  env_["SPANLAB_CONFIG"] = "/env.json";
  EXPECT_EQ(LocateConfig({}, Env())->path, "/env.json");
  EXPECT_TRUE(LocateConfig({}, Env())->explicitly_named);
  EXPECT_EQ(LocateConfig(Flags("", "", "/flag.json"), Env())->path,
            "/flag.json");
  env_.clear();
  EXPECT_FALSE(LocateConfig({}, Env()).has_value());
}

TEST_F(ConfigTest, TokenFileIsRelativeToConfigAndTrimmed) {
  Write("cfg/token", "  secret-token\n");
  const std::string config =
      Write("cfg/config.json", R"({"token_file": "token"})");
  absl::StatusOr<Settings> settings =
      ResolveSettings(Flags("", "", config), Env());
  ASSERT_TRUE(settings.ok()) << settings.status();
  EXPECT_EQ(settings->token, "secret-token");
}

TEST_F(ConfigTest, MissingExplicitConfigIsAnError) {
  const std::string missing = (dir_ / "nope.json").string();
  absl::StatusOr<Settings> settings =
      ResolveSettings(Flags("", "t", missing), Env());
  ASSERT_FALSE(settings.ok());
  EXPECT_NE(settings.status().message().find(missing), std::string::npos);
}

TEST_F(ConfigTest, MissingDefaultConfigIsFine) {
  EXPECT_TRUE(ResolveSettings(Flags("", "t"), Env()).ok());
}

TEST_F(ConfigTest, MalformedConfigNamesTheFile) {
  for (const char* text : {"{not json", "[1, 2]", R"({"server": 5})",
                           R"({"token": "a", "token_file": "b"})"}) {
    const std::string path = Write("bad.json", text);
    absl::StatusOr<Settings> settings =
        ResolveSettings(Flags("", "t", path), Env());
    ASSERT_FALSE(settings.ok()) << text;
    EXPECT_NE(settings.status().message().find(path), std::string::npos)
        << settings.status();
  }
}

TEST_F(ConfigTest, EmptyTokenFileIsAnError) {
  Write("cfg/token", " \n");
  const std::string config =
      Write("cfg/config.json", R"({"token_file": "token"})");
  absl::StatusOr<Settings> settings =
      ResolveSettings(Flags("", "", config), Env());
  ASSERT_FALSE(settings.ok());
  EXPECT_NE(settings.status().message().find("token"), std::string::npos);
}

TEST_F(ConfigTest, TokenWithSpacesIsRejected) {
  EXPECT_FALSE(ResolveSettings(Flags("", "two words"), Env()).ok());
  absl::StatusOr<Settings> trimmed =
      ResolveSettings(Flags("", " padded\n"), Env());
  ASSERT_TRUE(trimmed.ok());
  EXPECT_EQ(trimmed->token, "padded");
}

TEST(ParseConfigTest, UnknownKeysAreIgnored) {
  absl::StatusOr<FileConfig> config =
      ParseConfig(R"({"server": "s:1", "editor": "vi"})", "/c.json");
  ASSERT_TRUE(config.ok()) << config.status();
  EXPECT_EQ(config->server, "s:1");
}

}  // namespace
}  // namespace spanlab::client
