#include "service/call_limits.h"

#include <utility>

#include "gmock/gmock.h"
#include "gtest/gtest.h"

namespace spanlab {
namespace {

using ::testing::HasSubstr;

TEST(StreamSlotsTest, RefusesOverTheLimitNamingTheFlag) {
  StreamSlots slots(2);
  auto a = slots.Acquire();
  auto b = slots.Acquire();
  ASSERT_TRUE(a.ok());
  ASSERT_TRUE(b.ok());
  auto c = slots.Acquire();
  EXPECT_EQ(c.status().code(), absl::StatusCode::kResourceExhausted);
  EXPECT_THAT(c.status().message(), HasSubstr("--max_concurrent_streams"));
  EXPECT_THAT(c.status().message(), HasSubstr("running 2 streaming calls"));
  EXPECT_EQ(slots.in_use(), 2);
}

TEST(StreamSlotsTest, ASlotIsReleasedOnceWhenItsLastOwnerEnds) {
  StreamSlots slots(1);
  {
    auto a = slots.Acquire();
    ASSERT_TRUE(a.ok());
    StreamSlots::Slot moved = *std::move(a);
    EXPECT_EQ(slots.in_use(), 1);
    EXPECT_FALSE(slots.Acquire().ok());
  }
  EXPECT_EQ(slots.in_use(), 0);
  EXPECT_TRUE(slots.Acquire().ok());
  EXPECT_EQ(slots.in_use(), 0);
}

TEST(CallCheckTest, NeverEndedIsOk) {
  const CallCheck check = NeverEnded;
  EXPECT_TRUE(check().ok());
}

}  // namespace
}  // namespace spanlab
