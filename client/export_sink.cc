#include "client/export_sink.h"

#include <cerrno>
#include <cstdio>
#include <cstring>
#include <ctime>
#include <filesystem>
#include <fstream>
#include <system_error>
#include <utility>

#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "client/tar_writer.h"

namespace spanlab::client {
namespace {

absl::Status CannotWrite(const std::string& path) {
  const int error = errno;
  return absl::Status(
      error != 0 ? absl::ErrnoToStatusCode(error) : absl::StatusCode::kDataLoss,
      absl::StrCat("cannot write ", path, ": ",
                   error != 0 ? std::strerror(error) : "write failed"));
}

// A file written under PATH.partial and renamed into place by Commit, so a
// failed export never leaves a truncated file under PATH. A PATH that is
// not a regular file (/dev/null, a named pipe, a terminal) is written
// directly: renaming over it would replace the device or pipe with a file.
// A symbolic link is followed, so the file it points to is replaced, not
// the link.
class PartialFile {
 public:
  explicit PartialFile(std::string path) : path_(std::move(path)) {
    std::error_code error;
    if (std::filesystem::is_symlink(path_, error)) {
      const auto target = std::filesystem::weakly_canonical(path_, error);
      if (!error) path_ = target.string();
    }
    const auto status = std::filesystem::status(path_, error);
    direct_ = !error && std::filesystem::exists(status) &&
              !std::filesystem::is_regular_file(status);
    partial_ = direct_ ? path_ : path_ + ".partial";
  }

  absl::Status Open() {
    out_.open(partial_,
              direct_ ? std::ios::binary : std::ios::binary | std::ios::trunc);
    if (!out_) return CannotWrite(partial_);
    return absl::OkStatus();
  }
  std::ostream* stream() { return &out_; }
  absl::Status Commit() {
    out_.close();
    if (!out_) return CannotWrite(partial_);
    if (!direct_ && std::rename(partial_.c_str(), path_.c_str()) != 0) {
      return CannotWrite(path_);
    }
    return absl::OkStatus();
  }
  void Remove() {
    out_.close();
    if (!direct_) std::remove(partial_.c_str());
  }

 private:
  std::string path_;
  std::string partial_;
  bool direct_ = false;
  std::ofstream out_;
};

class StreamSink final : public ExportSink {
 public:
  // `file` is null when writing to a stream the caller owns.
  StreamSink(std::ostream* out, std::unique_ptr<PartialFile> file)
      : out_(out), file_(std::move(file)) {}

  absl::Status Append(absl::string_view, absl::string_view data) override {
    out_->write(data.data(), static_cast<std::streamsize>(data.size()));
    if (!*out_) return absl::DataLossError("cannot write the export");
    return absl::OkStatus();
  }
  absl::Status Finish() override {
    out_->flush();
    if (file_ != nullptr) return file_->Commit();
    if (!*out_) return absl::DataLossError("cannot write the export");
    return absl::OkStatus();
  }
  void Abandon() override {
    if (file_ != nullptr) file_->Remove();
  }

 private:
  std::ostream* out_;
  std::unique_ptr<PartialFile> file_;
};

class DirectorySink final : public ExportSink {
 public:
  explicit DirectorySink(std::string dir) : dir_(std::move(dir)) {}

  absl::Status Append(absl::string_view file_name,
                      absl::string_view data) override {
    if (file_name != current_) {
      absl::Status s = CheckExportFileName(file_name);
      if (!s.ok()) return s;
      out_.close();
      current_ = std::string(file_name);
      path_ = (std::filesystem::path(dir_) / current_).string();
      out_.open(path_, std::ios::binary | std::ios::trunc);
      if (!out_) return CannotWrite(path_);
    }
    out_.write(data.data(), static_cast<std::streamsize>(data.size()));
    if (!out_) return CannotWrite(path_);
    return absl::OkStatus();
  }
  absl::Status Finish() override {
    out_.close();
    if (!out_) return CannotWrite(path_);
    return absl::OkStatus();
  }
  void Abandon() override { out_.close(); }

 private:
  std::string dir_;
  std::string current_;
  std::string path_;
  std::ofstream out_;
};

// Holds one file at a time (brat: one document's text or annotations) and
// adds it to the archive when the next begins.
class TarSink final : public ExportSink {
 public:
  TarSink(std::ostream* out, std::unique_ptr<PartialFile> file)
      : file_(std::move(file)), tar_(out, std::time(nullptr)) {}

  absl::Status Append(absl::string_view file_name,
                      absl::string_view data) override {
    if (!started_ || file_name != current_) {
      absl::Status s = CheckExportFileName(file_name);
      if (s.ok()) s = Flush();
      if (!s.ok()) return s;
      current_ = std::string(file_name);
      started_ = true;
    }
    content_.append(data.data(), data.size());
    return absl::OkStatus();
  }
  absl::Status Finish() override {
    absl::Status s = Flush();
    if (s.ok()) s = tar_.Finish();
    if (s.ok() && file_ != nullptr) s = file_->Commit();
    return s;
  }
  void Abandon() override {
    if (file_ != nullptr) file_->Remove();
  }

 private:
  absl::Status Flush() {
    if (!started_) return absl::OkStatus();
    absl::Status s = tar_.Add(current_, content_);
    content_.clear();
    started_ = false;
    return s;
  }

  std::unique_ptr<PartialFile> file_;
  TarWriter tar_;
  bool started_ = false;
  std::string current_;
  std::string content_;
};

}  // namespace

absl::Status CheckExportFileName(absl::string_view name) {
  if (name.empty() || name == "." || name == ".." ||
      name.find_first_of(std::string("/\\\0", 3)) != absl::string_view::npos) {
    return absl::InvalidArgumentError(
        absl::StrCat("the server sent an unusable file name \"", name, "\""));
  }
  return absl::OkStatus();
}

absl::StatusOr<std::unique_ptr<ExportSink>> OpenExportSink(
    bool multi_file, const std::string& path, std::ostream* stdout_stream) {
  const bool tar = multi_file && (path == "-" || absl::EndsWith(path, ".tar"));
  if (multi_file && !tar) {
    std::error_code ec;
    std::filesystem::create_directories(path, ec);
    if (ec || !std::filesystem::is_directory(path)) {
      return absl::FailedPreconditionError(
          absl::StrCat("cannot create directory ", path, ": ",
                       ec ? ec.message() : "a file of that name exists"));
    }
    return std::make_unique<DirectorySink>(path);
  }
  std::unique_ptr<PartialFile> file;
  std::ostream* out = stdout_stream;
  if (path != "-") {
    file = std::make_unique<PartialFile>(path);
    absl::Status s = file->Open();
    if (!s.ok()) return s;
    out = file->stream();
  }
  if (tar) return std::make_unique<TarSink>(out, std::move(file));
  return std::make_unique<StreamSink>(out, std::move(file));
}

}  // namespace spanlab::client
