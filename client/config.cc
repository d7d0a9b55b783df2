#include "client/config.h"

#include <cstdlib>
#include <filesystem>
#include <system_error>

#include "absl/status/status.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/strip.h"
#include "client/files.h"
#include "nlohmann/json.hpp"

namespace spanlab::client {
namespace {

// Reads the string member `key` of config object `object` into `out`;
// absent leaves `out` unchanged.
absl::Status ReadStringKey(const nlohmann::json& object, const char* key,
                           absl::string_view path, std::string* out) {
  auto it = object.find(key);
  if (it == object.end()) return absl::OkStatus();
  if (!it->is_string()) {
    return absl::InvalidArgumentError(
        absl::StrCat("config file ", path, ": \"", key, "\" must be a string"));
  }
  *out = it->get<std::string>();
  return absl::OkStatus();
}

}  // namespace

std::optional<std::string> ProcessEnv(const char* name) {
  const char* value = std::getenv(name);
  if (value == nullptr || *value == '\0') return std::nullopt;
  return std::string(value);
}

std::optional<ConfigLocation> LocateConfig(const ConfigFlags& flags,
                                           const EnvLookup& env) {
  if (!flags.config_path.empty()) {
    return ConfigLocation{flags.config_path, true};
  }
  if (std::optional<std::string> path = env("SPANLAB_CONFIG")) {
    return ConfigLocation{*path, true};
  }
  if (std::optional<std::string> xdg = env("XDG_CONFIG_HOME")) {
    return ConfigLocation{absl::StrCat(*xdg, "/spanlab/config.json"), false};
  }
  if (std::optional<std::string> home = env("HOME")) {
    return ConfigLocation{absl::StrCat(*home, "/.config/spanlab/config.json"),
                          false};
  }
  return std::nullopt;
}

absl::StatusOr<FileConfig> ParseConfig(absl::string_view json_text,
                                       absl::string_view path) {
  nlohmann::json object =
      nlohmann::json::parse(json_text.begin(), json_text.end(), nullptr,
                            /*allow_exceptions=*/false);
  if (object.is_discarded()) {
    return absl::InvalidArgumentError(
        absl::StrCat("config file ", path, " is not valid JSON"));
  }
  if (!object.is_object()) {
    return absl::InvalidArgumentError(
        absl::StrCat("config file ", path, " must hold a JSON object"));
  }
  FileConfig config;
  for (auto [key, out] :
       {std::pair{"server", &config.server}, std::pair{"token", &config.token},
        std::pair{"token_file", &config.token_file},
        std::pair{"tls_ca", &config.tls_ca},
        std::pair{"tls_cert", &config.tls_cert},
        std::pair{"tls_key", &config.tls_key}}) {
    if (absl::Status status = ReadStringKey(object, key, path, out);
        !status.ok()) {
      return status;
    }
  }
  if (!config.token.empty() && !config.token_file.empty()) {
    return absl::InvalidArgumentError(absl::StrCat(
        "config file ", path, ": give \"token\" or \"token_file\", not both"));
  }
  for (std::string* file : {&config.token_file, &config.tls_ca,
                            &config.tls_cert, &config.tls_key}) {
    if (file->empty()) continue;
    std::filesystem::path absolute(*file);
    if (absolute.is_relative()) {
      absolute =
          std::filesystem::path(std::string(path)).parent_path() / absolute;
    }
    *file = absolute.string();
  }
  return config;
}

absl::StatusOr<std::string> ReadTokenFile(const std::string& path) {
  absl::StatusOr<std::string> bytes = ReadFileBytes(path);
  if (!bytes.ok()) {
    return absl::Status(bytes.status().code(),
                        absl::StrCat("token file: ", bytes.status().message()));
  }
  std::string token(absl::StripAsciiWhitespace(*bytes));
  if (token.empty()) {
    return absl::InvalidArgumentError(
        absl::StrCat("token file ", path, " is empty"));
  }
  return token;
}

namespace {

// ResolveSettings, and without `with_token` the same minus the token.
absl::StatusOr<Settings> Resolve(const ConfigFlags& flags, const EnvLookup& env,
                                 bool with_token) {
  FileConfig file;
  if (std::optional<ConfigLocation> location = LocateConfig(flags, env)) {
    std::error_code error;
    const bool exists = std::filesystem::exists(location->path, error);
    if (exists || location->explicitly_named) {
      absl::StatusOr<std::string> text = ReadFileBytes(location->path);
      if (!text.ok()) {
        return absl::Status(
            text.status().code(),
            absl::StrCat("config file: ", text.status().message()));
      }
      absl::StatusOr<FileConfig> parsed = ParseConfig(*text, location->path);
      if (!parsed.ok()) return parsed.status();
      file = *std::move(parsed);
    }
  }

  Settings settings;
  if (!flags.server.empty()) {
    settings.server = flags.server;
  } else if (std::optional<std::string> server = env("SPANLAB_SERVER")) {
    settings.server = *server;
  } else if (!file.server.empty()) {
    settings.server = file.server;
  } else {
    settings.server = kDefaultServer;
  }
  absl::StatusOr<TlsSettings> tls = ResolveTls(flags, env, file);
  if (!tls.ok()) return tls.status();
  settings.tls = *std::move(tls);
  if (!with_token) return settings;

  if (!flags.token.empty()) {
    settings.token = flags.token;
  } else if (std::optional<std::string> token = env("SPANLAB_TOKEN")) {
    settings.token = *token;
  } else if (!file.token.empty()) {
    settings.token = file.token;
  } else if (!file.token_file.empty()) {
    absl::StatusOr<std::string> token = ReadTokenFile(file.token_file);
    if (!token.ok()) return token.status();
    settings.token = *std::move(token);
  } else {
    return absl::FailedPreconditionError(
        "no token: give --token, SPANLAB_TOKEN or a config file");
  }
  settings.token = std::string(absl::StripAsciiWhitespace(settings.token));
  // The token travels in a header, where anything but visible ASCII would
  // fail every call with an obscure transport error.
  for (char c : settings.token) {
    if (c <= ' ' || c > '~') {
      return absl::InvalidArgumentError(
          "the token holds a space or a character that is not printable "
          "ASCII");
    }
  }
  if (settings.token.empty()) {
    return absl::FailedPreconditionError(
        "no token: give --token, SPANLAB_TOKEN or a config file");
  }
  return settings;
}

}  // namespace

absl::StatusOr<Settings> ResolveSettings(const ConfigFlags& flags,
                                         const EnvLookup& env) {
  return Resolve(flags, env, /*with_token=*/true);
}

absl::StatusOr<Settings> ResolveServer(const ConfigFlags& flags,
                                       const EnvLookup& env) {
  return Resolve(flags, env, /*with_token=*/false);
}

}  // namespace spanlab::client
