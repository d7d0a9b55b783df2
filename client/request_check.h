// A client-side check that a request can be sent at all.
//
// Protobuf string fields must hold valid UTF-8; a message that breaks this
// is refused by the receiving side as a whole, which for a stream would
// end the call. Text the user typed or a file name can break it, so such
// requests are checked before sending.
#ifndef SPANLAB_CLIENT_REQUEST_CHECK_H_
#define SPANLAB_CLIENT_REQUEST_CHECK_H_

#include "absl/status/status.h"
#include "google/protobuf/message.h"

namespace spanlab::client {

// OK if every string field of `message`, however deeply nested, repeated or
// in a map, is valid UTF-8. Otherwise INVALID_ARGUMENT naming the field
// path (e.g. "annotation.attributes[cue]") and the first bad byte. Bytes
// fields are not checked.
absl::Status CheckStringFields(const google::protobuf::Message& message);

}  // namespace spanlab::client

#endif  // SPANLAB_CLIENT_REQUEST_CHECK_H_
