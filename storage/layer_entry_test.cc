#include "storage/layer_entry.h"

#include "gtest/gtest.h"

namespace spanlab {
namespace {

TEST(LayerEntryTest, RoundTrips) {
  v1::Annotation a;
  a.set_start(12);
  a.set_end(4096);
  a.set_label("attributed_claim");
  IndexedSpan span;
  ASSERT_TRUE(DecodeLayerEntry(EncodeLayerEntry(a), &span));
  EXPECT_EQ(span.start, 12);
  EXPECT_EQ(span.end, 4096);
  EXPECT_EQ(span.label, "attributed_claim");
  EXPECT_FALSE(span.deleted);

  a.set_deleted(true);
  a.set_label("");
  ASSERT_TRUE(DecodeLayerEntry(EncodeLayerEntry(a), &span));
  EXPECT_TRUE(span.deleted);
  EXPECT_EQ(span.label, "");
}

TEST(LayerEntryTest, RejectsWhatItDidNotWrite) {
  v1::Annotation a;
  a.set_start(1);
  a.set_end(2);
  a.set_label("opinion");
  const std::string good = EncodeLayerEntry(a);
  IndexedSpan span;
  // Empty: an entry from before entries held spans.
  EXPECT_FALSE(DecodeLayerEntry("", &span));
  // Truncated inside the fixed part.
  for (size_t n = 1; n < 18; ++n) {
    EXPECT_FALSE(DecodeLayerEntry(good.substr(0, n), &span)) << n;
  }
  std::string bad_version = good;
  bad_version[0] = 2;
  EXPECT_FALSE(DecodeLayerEntry(bad_version, &span));
  std::string bad_flag = good;
  bad_flag[17] = 7;
  EXPECT_FALSE(DecodeLayerEntry(bad_flag, &span));
}

}  // namespace
}  // namespace spanlab
