// A square table of how often annotator A chose category i while annotator B
// chose category j for the same unit. Fixed size, exact integer counts.
#ifndef SPANLAB_SERVICE_AGREEMENT_CONFUSION_MATRIX_H_
#define SPANLAB_SERVICE_AGREEMENT_CONFUSION_MATRIX_H_

#include <cstddef>
#include <cstdint>
#include <vector>

namespace spanlab::agreement {

class ConfusionMatrix {
 public:
  // A matrix over categories 0 .. num_categories - 1, all counts zero.
  explicit ConfusionMatrix(int num_categories = 0)
      : size_(num_categories),
        counts_(static_cast<size_t>(num_categories) * num_categories) {}

  int size() const { return size_; }
  // Adds `count` units that A put in `row` and B in `col`; both must be in
  // [0, size()).
  void Add(int row, int col, int64_t count = 1) {
    counts_[static_cast<size_t>(row) * size_ + col] += count;
    total_ += count;
  }
  // Adds every count of `other`, which must have the same size.
  void Merge(const ConfusionMatrix& other);

  int64_t count(int row, int col) const {
    return counts_[static_cast<size_t>(row) * size_ + col];
  }
  int64_t total() const { return total_; }
  int64_t RowTotal(int row) const;
  int64_t ColumnTotal(int col) const;
  // Sum of the diagonal: units both put in the same category.
  int64_t Agreements() const;

 private:
  int size_;
  std::vector<int64_t> counts_;  // Row-major.
  int64_t total_ = 0;
};

}  // namespace spanlab::agreement

#endif  // SPANLAB_SERVICE_AGREEMENT_CONFUSION_MATRIX_H_
