// Label schemas that ship with spanlab.
#ifndef SPANLAB_STORAGE_SCHEMA_PRESETS_H_
#define SPANLAB_STORAGE_SCHEMA_PRESETS_H_

#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"
#include "spanlab/v1/resources.pb.h"

namespace spanlab {

// Name of the default preset: the labels of the annotation guide
// (attributed_claim, opinion, disputed) with their attributes.
inline constexpr absl::string_view kDefaultSchemaPreset = "news-attribution";

// The preset called `name`; NOT_FOUND (naming the known presets) otherwise.
absl::StatusOr<v1::LabelSchema> SchemaPreset(absl::string_view name);

}  // namespace spanlab

#endif  // SPANLAB_STORAGE_SCHEMA_PRESETS_H_
