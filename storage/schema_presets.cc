#include "storage/schema_presets.h"

#include <initializer_list>

#include "absl/strings/str_cat.h"

namespace spanlab {
namespace {

void AddLabel(v1::LabelSchema* schema, absl::string_view name,
              absl::string_view color, absl::string_view hotkey,
              std::initializer_list<absl::string_view> attributes,
              absl::string_view description) {
  v1::LabelDefinition* label = schema->add_labels();
  label->set_name(std::string(name));
  label->set_color(std::string(color));
  label->set_hotkey(std::string(hotkey));
  for (absl::string_view a : attributes) {
    label->add_allowed_attributes(std::string(a));
  }
  label->set_description(std::string(description));
}

v1::LabelSchema NewsAttribution() {
  v1::LabelSchema schema;
  schema.set_preset(std::string(kDefaultSchemaPreset));
  AddLabel(&schema, "attributed_claim", "#1f77b4", "c", {"source", "cue"},
           "Content the text explicitly attributes to a source other than "
           "the author, through a cue (said, told, according to, a colon "
           "after a named speaker). The span covers the content only.");
  AddLabel(&schema, "opinion", "#ff7f0e", "o", {"holder"},
           "An evaluative or speculative statement by the article's author, "
           "not attributed to anyone: judgements, predictions, sarcasm, "
           "loaded framing.");
  AddLabel(&schema, "disputed", "#d62728", "d",
           {"source", "cue", "disputed_by"},
           "A claim whose truth another party contests within the document "
           "or the collection: denied, contradicted, or flagged as unproven. "
           "Wins over attributed_claim.");
  schema.add_link_types("disputes");
  schema.add_link_types("same_claim");
  return schema;
}

}  // namespace

absl::StatusOr<v1::LabelSchema> SchemaPreset(absl::string_view name) {
  if (name == kDefaultSchemaPreset) return NewsAttribution();
  return absl::NotFoundError(
      absl::StrCat("schema.preset: unknown preset \"", name,
                   "\" (known: ", kDefaultSchemaPreset, ")"));
}

}  // namespace spanlab
