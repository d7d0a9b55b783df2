#include "client/health.h"

#include <string>

#include "gtest/gtest.h"

namespace spanlab::client {
namespace {

TEST(HealthTest, RequestForTheWholeServerIsEmpty) {
  EXPECT_EQ(EncodeHealthCheckRequest(""), "");
}

TEST(HealthTest, RequestNamesTheServiceAsField1) {
  // Tag 0x0a (field 1, length-delimited), length 10, the name.
  EXPECT_EQ(EncodeHealthCheckRequest("spanlab.v1"),
            std::string("\x0a\x0aspanlab.v1"));
}

TEST(HealthTest, DecodesEveryStatus) {
  EXPECT_EQ(*DecodeServingStatus(std::string("\x08\x01", 2)), 1);
  EXPECT_EQ(*DecodeServingStatus(std::string("\x08\x02", 2)), 2);
  EXPECT_EQ(*DecodeServingStatus(std::string("\x08\x03", 2)), 3);
  // proto3 omits the default: an empty response is UNKNOWN.
  EXPECT_EQ(*DecodeServingStatus(""), 0);
  // The last value wins; unknown fields are skipped.
  EXPECT_EQ(*DecodeServingStatus(std::string("\x08\x02\x10\x07\x08\x01", 6)),
            1);
}

TEST(HealthTest, GarbageIsAnError) {
  EXPECT_FALSE(DecodeServingStatus(std::string("\x0a\x05"
                                               "ab",
                                               4))
                   .ok());
  EXPECT_FALSE(DecodeServingStatus(std::string("\xff", 1)).ok());
}

TEST(HealthTest, StatusNames) {
  EXPECT_EQ(ServingStatusName(0), "UNKNOWN");
  EXPECT_EQ(ServingStatusName(1), "SERVING");
  EXPECT_EQ(ServingStatusName(2), "NOT_SERVING");
  EXPECT_EQ(ServingStatusName(3), "SERVICE_UNKNOWN");
  EXPECT_EQ(ServingStatusName(9), "9");
}

}  // namespace
}  // namespace spanlab::client
