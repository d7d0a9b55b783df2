#include "service/server_limits.h"

#include <filesystem>
#include <string>

#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "service/server.h"
#include "tests/support/temp_dir.h"

namespace spanlab {
namespace {

using ::testing::HasSubstr;

TEST(CheckServerLimitsTest, DefaultsAreAccepted) {
  const ServerOptions options;
  EXPECT_TRUE(CheckServerLimits(options.limits, options.max_message_bytes,
                                options.connection)
                  .ok());
}

TEST(CheckServerLimitsTest, EachLimitMustBePositive) {
  const auto message = [](auto change) {
    ServerOptions options;
    change(&options);
    const absl::Status s = CheckServerLimits(
        options.limits, options.max_message_bytes, options.connection);
    EXPECT_EQ(s.code(), absl::StatusCode::kInvalidArgument);
    return std::string(s.message());
  };
  EXPECT_EQ(message([](ServerOptions* o) { o->limits.max_page_size = 0; }),
            "--max_page_size=0: must be positive");
  EXPECT_THAT(
      message([](ServerOptions* o) { o->limits.max_document_bytes = -1; }),
      HasSubstr("--max_document_bytes=-1"));
  EXPECT_THAT(message([](ServerOptions* o) { o->max_message_bytes = 0; }),
              HasSubstr("--max_message_bytes=0"));
  EXPECT_THAT(message([](ServerOptions* o) { o->max_message_bytes = 1 << 20; }),
              HasSubstr("--max_message_bytes=1048576: must be at least "
                        "2097152"));
  EXPECT_THAT(
      message([](ServerOptions* o) { o->limits.max_concurrent_streams = 0; }),
      HasSubstr("--max_concurrent_streams=0"));
  EXPECT_THAT(
      message([](ServerOptions* o) { o->connection.keepalive_seconds = 0; }),
      HasSubstr("--keepalive_seconds=0"));
}

TEST(CheckServerLimitsTest, ThreadsMustOutnumberStreams) {
  ServerOptions options;
  options.limits.max_concurrent_streams = 8;
  options.connection.max_threads = 8;
  const absl::Status s = CheckServerLimits(
      options.limits, options.max_message_bytes, options.connection);
  EXPECT_EQ(s.code(), absl::StatusCode::kInvalidArgument);
  EXPECT_THAT(s.message(), HasSubstr("--max_threads=8: must be more than "
                                     "--max_concurrent_streams=8"));
  options.connection.max_threads = 9;
  EXPECT_TRUE(CheckServerLimits(options.limits, options.max_message_bytes,
                                options.connection)
                  .ok());
}

TEST(SpanlabServerTest, StartRefusesBadLimitsBeforeTouchingTheDataDir) {
  testing_support::TempDir dir;
  ServerOptions options;
  options.data_dir = dir.path() + "/data";
  options.listen = "127.0.0.1:0";
  options.connection.max_threads = 1;
  auto server = SpanlabServer::Start(options);
  EXPECT_EQ(server.status().code(), absl::StatusCode::kInvalidArgument);
  EXPECT_FALSE(std::filesystem::exists(options.data_dir));
}

}  // namespace
}  // namespace spanlab
