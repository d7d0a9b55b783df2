// Tests of the import plan: which files are sent, in which order, and what
// is reported before anything is sent.
#include "client/dataset_files.h"

#include <filesystem>
#include <fstream>
#include <string>

#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "tests/support/temp_dir.h"

namespace spanlab::client {
namespace {

using ::testing::ElementsAre;
using ::testing::HasSubstr;

void Write(const std::string& path, const std::string& data) {
  std::ofstream(path, std::ios::binary) << data;
}

TEST(DatasetFilesTest, BratSendsEachTxtThenItsAnnInNameOrder) {
  testing_support::TempDir dir;
  const std::string d = dir.path();
  Write(d + "/b.txt", "bee");
  Write(d + "/a.txt", "ay");
  Write(d + "/a.ann", "T1\topinion 0 2\tay\n");
  Write(d + "/orphan.ann", "");
  Write(d + "/annotation.conf", "[entities]\n");
  std::filesystem::create_directory(d + "/sub.txt");
  auto plan = PlanDatasetImport("brat", d);
  ASSERT_TRUE(plan.ok()) << plan.status();
  EXPECT_THAT(plan->files,
              ElementsAre(d + "/a.txt", d + "/a.ann", d + "/b.txt"));
  EXPECT_EQ(plan->documents, 2);
  EXPECT_EQ(plan->bytes, 2u + 18u + 3u);
  EXPECT_THAT(plan->skipped, ElementsAre(HasSubstr("orphan.ann: no "
                                                   "orphan.txt beside it")));
}

TEST(DatasetFilesTest, JsonlAndLabelStudioTakeOneFile) {
  testing_support::TempDir dir;
  const std::string file = dir.path() + "/in.jsonl";
  Write(file, "{}\n");
  auto plan = PlanDatasetImport("jsonl", file);
  ASSERT_TRUE(plan.ok());
  EXPECT_THAT(plan->files, ElementsAre(file));
  EXPECT_EQ(plan->bytes, 3u);
  EXPECT_EQ(PlanDatasetImport("labelstudio", dir.path()).status().code(),
            absl::StatusCode::kFailedPrecondition);
  EXPECT_EQ(PlanDatasetImport("brat", file).status().code(),
            absl::StatusCode::kFailedPrecondition);
  EXPECT_EQ(PlanDatasetImport("jsonl", dir.path() + "/missing").status().code(),
            absl::StatusCode::kNotFound);
}

}  // namespace
}  // namespace spanlab::client
