#include "service/agreement/confusion_matrix.h"

#include "gtest/gtest.h"

namespace spanlab::agreement {
namespace {

TEST(ConfusionMatrixTest, CountsAndTotals) {
  ConfusionMatrix m(3);
  m.Add(0, 0, 5);
  m.Add(0, 2);
  m.Add(2, 1, 3);
  m.Add(1, 1);
  EXPECT_EQ(m.size(), 3);
  EXPECT_EQ(m.count(0, 0), 5);
  EXPECT_EQ(m.count(2, 1), 3);
  EXPECT_EQ(m.count(1, 2), 0);
  EXPECT_EQ(m.total(), 10);
  EXPECT_EQ(m.RowTotal(0), 6);
  EXPECT_EQ(m.ColumnTotal(1), 4);
  EXPECT_EQ(m.Agreements(), 6);
}

TEST(ConfusionMatrixTest, MergeAddsCounts) {
  ConfusionMatrix a(2), b(2);
  a.Add(0, 1, 2);
  b.Add(0, 1);
  b.Add(1, 0, 4);
  a.Merge(b);
  EXPECT_EQ(a.count(0, 1), 3);
  EXPECT_EQ(a.count(1, 0), 4);
  EXPECT_EQ(a.total(), 7);
}

}  // namespace
}  // namespace spanlab::agreement
