// Tests of the export sinks: a single file appears only when complete,
// directories get every file (empty ones too), tar archives hold them, and
// file names from the server cannot leave the output directory.
#include "client/export_sink.h"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <filesystem>
#include <fstream>
#include <iterator>
#include <sstream>
#include <string>

#include "gtest/gtest.h"
#include "tests/support/temp_dir.h"

namespace spanlab::client {
namespace {

namespace fs = std::filesystem;

std::string Read(const fs::path& path) {
  std::ifstream in(path, std::ios::binary);
  return std::string(std::istreambuf_iterator<char>(in), {});
}

TEST(ExportSinkTest, SingleFileAppearsOnlyWhenFinished) {
  testing_support::TempDir dir;
  const std::string path = dir.path() + "/out.jsonl";
  auto sink = OpenExportSink(false, path, nullptr);
  ASSERT_TRUE(sink.ok()) << sink.status();
  ASSERT_TRUE((*sink)->Append("export.jsonl", "{\"a\":1}\n").ok());
  ASSERT_TRUE((*sink)->Append("export.jsonl", "{\"b\":2}\n").ok());
  EXPECT_FALSE(fs::exists(path));
  EXPECT_TRUE(fs::exists(path + ".partial"));
  ASSERT_TRUE((*sink)->Finish().ok());
  EXPECT_EQ(Read(path), "{\"a\":1}\n{\"b\":2}\n");
  EXPECT_FALSE(fs::exists(path + ".partial"));
}

// Regression: `--out /dev/null` renamed its .partial file over the device,
// leaving a regular file at /dev/null. A named pipe stands in for the device
// here, which is safe to break.
TEST(ExportSinkTest, APathThatIsNotARegularFileIsWrittenInPlace) {
  testing_support::TempDir dir;
  const std::string path = dir.path() + "/pipe";
  ASSERT_EQ(mkfifo(path.c_str(), 0600), 0);
  // Held open for reading and writing, the pipe never blocks the sink's
  // open and keeps what it writes (well under the pipe's buffer) to be read
  // here afterwards; if the sink wrote somewhere else, there is nothing.
  const int held = open(path.c_str(), O_RDWR | O_NONBLOCK);
  ASSERT_GE(held, 0);
  auto sink = OpenExportSink(false, path, nullptr);
  ASSERT_TRUE(sink.ok()) << sink.status();
  ASSERT_TRUE((*sink)->Append("export.jsonl", "{\"a\":1}\n").ok());
  EXPECT_TRUE((*sink)->Finish().ok());
  char buffer[256];
  const ssize_t n = read(held, buffer, sizeof(buffer));
  close(held);
  EXPECT_EQ(std::string(buffer, n > 0 ? n : 0), "{\"a\":1}\n");
  EXPECT_TRUE(fs::is_fifo(path));
  EXPECT_FALSE(fs::exists(path + ".partial"));
}

TEST(ExportSinkTest, ASymbolicLinkKeepsPointingAtTheNewExport) {
  testing_support::TempDir dir;
  const std::string target = dir.path() + "/real.jsonl";
  const std::string link = dir.path() + "/latest.jsonl";
  std::ofstream(target) << "old\n";
  fs::create_symlink(target, link);
  auto sink = OpenExportSink(false, link, nullptr);
  ASSERT_TRUE(sink.ok()) << sink.status();
  ASSERT_TRUE((*sink)->Append("export.jsonl", "new\n").ok());
  ASSERT_TRUE((*sink)->Finish().ok());
  EXPECT_TRUE(fs::is_symlink(link));
  EXPECT_EQ(Read(target), "new\n");
}

TEST(ExportSinkTest, AbandonLeavesNothingBehind) {
  testing_support::TempDir dir;
  const std::string path = dir.path() + "/out.csv";
  auto sink = OpenExportSink(false, path, nullptr);
  ASSERT_TRUE(sink.ok());
  ASSERT_TRUE((*sink)->Append("export.csv", "partial").ok());
  (*sink)->Abandon();
  EXPECT_FALSE(fs::exists(path));
  EXPECT_FALSE(fs::exists(path + ".partial"));
}

TEST(ExportSinkTest, StandardOutput) {
  std::ostringstream out;
  auto sink = OpenExportSink(false, "-", &out);
  ASSERT_TRUE(sink.ok());
  ASSERT_TRUE((*sink)->Append("export.conll", "a\tO\n").ok());
  ASSERT_TRUE((*sink)->Finish().ok());
  EXPECT_EQ(out.str(), "a\tO\n");
}

TEST(ExportSinkTest, DirectoryGetsEveryFileEmptyOnesToo) {
  testing_support::TempDir dir;
  const std::string path = dir.path() + "/brat/out";
  auto sink = OpenExportSink(true, path, nullptr);
  ASSERT_TRUE(sink.ok()) << sink.status();
  ASSERT_TRUE((*sink)->Append("d.txt", "Zo\xC3\xAB").ok());
  ASSERT_TRUE((*sink)->Append("d.txt", " said").ok());
  ASSERT_TRUE((*sink)->Append("d.ann", "").ok());
  ASSERT_TRUE((*sink)->Finish().ok());
  EXPECT_EQ(Read(path + "/d.txt"), "Zo\xC3\xAB said");
  EXPECT_TRUE(fs::exists(path + "/d.ann"));
  EXPECT_EQ(Read(path + "/d.ann"), "");
}

TEST(ExportSinkTest, FileNamesMustStayInTheDirectory) {
  for (const char* bad : {"", ".", "..", "../x", "a/b", "a\\b"}) {
    EXPECT_EQ(CheckExportFileName(bad).code(),
              absl::StatusCode::kInvalidArgument)
        << bad;
  }
  EXPECT_TRUE(CheckExportFileName("harbour-bridge.ann").ok());
  testing_support::TempDir dir;
  auto sink = OpenExportSink(true, dir.path(), nullptr);
  ASSERT_TRUE(sink.ok());
  EXPECT_FALSE((*sink)->Append("../escape.txt", "x").ok());
  EXPECT_FALSE(fs::exists(fs::path(dir.path()).parent_path() / "escape.txt"));
}

TEST(ExportSinkTest, TarArchiveOnStandardOutputAndInAFile) {
  std::ostringstream out;
  auto sink = OpenExportSink(true, "-", &out);
  ASSERT_TRUE(sink.ok());
  ASSERT_TRUE((*sink)->Append("annotation.conf", "[entities]\n").ok());
  ASSERT_TRUE((*sink)->Append("d.txt", "text").ok());
  ASSERT_TRUE((*sink)->Append("d.ann", "").ok());
  ASSERT_TRUE((*sink)->Finish().ok());
  // Three headers, two data blocks, two end blocks.
  EXPECT_EQ(out.str().size(), 512u * 7);
  EXPECT_EQ(out.str().substr(0, 15), "annotation.conf");

  testing_support::TempDir dir;
  const std::string path = dir.path() + "/brat.tar";
  auto file = OpenExportSink(true, path, nullptr);
  ASSERT_TRUE(file.ok());
  ASSERT_TRUE((*file)->Append("d.txt", "text").ok());
  EXPECT_FALSE(fs::exists(path));
  ASSERT_TRUE((*file)->Finish().ok());
  EXPECT_EQ(fs::file_size(path), 512u * 4);
}

TEST(ExportSinkTest, UnwritablePathsAreReported) {
  testing_support::TempDir dir;
  const std::string file = dir.path() + "/plain";
  std::ofstream(file) << "x";
  EXPECT_FALSE(OpenExportSink(true, file, nullptr).ok());
  EXPECT_FALSE(
      OpenExportSink(false, dir.path() + "/missing/out.jsonl", nullptr).ok());
}

}  // namespace
}  // namespace spanlab::client
