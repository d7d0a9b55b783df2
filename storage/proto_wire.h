// Protocol-buffer wire format by hand, for the one case where it saves real
// work: a write stores an annotation as its record and again inside its
// audit entry, and appending the record's bytes as the entry's field costs
// less than copying the message into the entry and serializing it twice.
#ifndef SPANLAB_STORAGE_PROTO_WIRE_H_
#define SPANLAB_STORAGE_PROTO_WIRE_H_

#include <string>

#include "absl/strings/string_view.h"

namespace spanlab {

// Appends to `out` field `field_number` holding the message whose
// serialization is `serialized`: the field's tag (wire type 2), the length
// as a varint, then the bytes. Appended to the serialization of an
// enclosing message, it parses exactly as if the field had been set on the
// message before serializing (fields may come in any order on the wire).
void AppendMessageField(int field_number, absl::string_view serialized,
                        std::string* out);

}  // namespace spanlab

#endif  // SPANLAB_STORAGE_PROTO_WIRE_H_
