// A fresh temporary directory, removed with everything in it when the
// object goes away. For tests.
#ifndef SPANLAB_TESTS_SUPPORT_TEMP_DIR_H_
#define SPANLAB_TESTS_SUPPORT_TEMP_DIR_H_

#include <stdlib.h>

#include <filesystem>
#include <string>

#include "gtest/gtest.h"

namespace spanlab::testing_support {

class TempDir {
 public:
  TempDir() {
    std::string pattern = testing::TempDir() + "spanlab_test_XXXXXX";
    path_ = mkdtemp(pattern.data()) != nullptr ? pattern : std::string();
    EXPECT_FALSE(path_.empty()) << "mkdtemp failed";
  }
  ~TempDir() {
    std::error_code ignored;
    std::filesystem::remove_all(path_, ignored);
  }
  TempDir(const TempDir&) = delete;
  TempDir& operator=(const TempDir&) = delete;

  const std::string& path() const { return path_; }

 private:
  std::string path_;
};

}  // namespace spanlab::testing_support

#endif  // SPANLAB_TESTS_SUPPORT_TEMP_DIR_H_
