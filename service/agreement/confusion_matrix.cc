#include "service/agreement/confusion_matrix.h"

namespace spanlab::agreement {

void ConfusionMatrix::Merge(const ConfusionMatrix& other) {
  for (size_t i = 0; i < counts_.size(); ++i) counts_[i] += other.counts_[i];
  total_ += other.total_;
}

int64_t ConfusionMatrix::RowTotal(int row) const {
  int64_t sum = 0;
  for (int col = 0; col < size_; ++col) sum += count(row, col);
  return sum;
}

int64_t ConfusionMatrix::ColumnTotal(int col) const {
  int64_t sum = 0;
  for (int row = 0; row < size_; ++row) sum += count(row, col);
  return sum;
}

int64_t ConfusionMatrix::Agreements() const {
  int64_t sum = 0;
  for (int i = 0; i < size_; ++i) sum += count(i, i);
  return sum;
}

}  // namespace spanlab::agreement
