#include "service/call_limits.h"

#include "absl/strings/str_cat.h"

namespace spanlab {

StreamSlots::Slot::~Slot() {
  if (slots_ != nullptr) slots_->Release();
}

absl::StatusOr<StreamSlots::Slot> StreamSlots::Acquire() {
  absl::MutexLock lock(&mu_);
  if (in_use_ >= limit_) {
    return absl::ResourceExhaustedError(absl::StrCat(
        "the server is running ", in_use_,
        " streaming calls, the limit (--max_concurrent_streams); retry "
        "when one has finished"));
  }
  ++in_use_;
  return Slot(this);
}

int StreamSlots::in_use() const {
  absl::MutexLock lock(&mu_);
  return in_use_;
}

void StreamSlots::Release() {
  absl::MutexLock lock(&mu_);
  --in_use_;
}

}  // namespace spanlab
