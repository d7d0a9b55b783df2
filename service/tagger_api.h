// AutoTag: the built-in tagger run over a project on the server, its output
// written through Api::BulkWriteAnnotations as the model "spanlab-tagger".
// Thread-safe; `api` must outlive the object.
#ifndef SPANLAB_SERVICE_TAGGER_API_H_
#define SPANLAB_SERVICE_TAGGER_API_H_

#include <memory>

#include "absl/status/statusor.h"
#include "service/api.h"
#include "service/call_limits.h"
#include "service/tagger/tagger.h"
#include "spanlab/v1/tagger_service.pb.h"

namespace spanlab {

class TaggerApi {
 public:
  explicit TaggerApi(Api* api);

  // Stops between documents once `ended` says the call has ended (its
  // deadline passed or the client went away) and returns that status;
  // documents tagged before stay written.
  absl::StatusOr<v1::AutoTagResponse> AutoTag(
      const Principal& caller, const v1::AutoTagRequest& r,
      const CallCheck& ended = NeverEnded);

 private:
  Api* api_;
  // Built once: constructing a Tagger compiles every pattern.
  std::unique_ptr<const tagger::Tagger> tagger_;
};

}  // namespace spanlab

#endif  // SPANLAB_SERVICE_TAGGER_API_H_
