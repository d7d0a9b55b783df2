// Documents and annotations the format tests share. The text has what
// breaks offset arithmetic: curly quotes, accented letters, an emoji outside
// the Basic Multilingual Plane (two UTF-16 code units, four UTF-8 bytes),
// a line break inside a span and a tab.
#ifndef SPANLAB_SERVICE_EXPORT_TEST_FIXTURES_H_
#define SPANLAB_SERVICE_EXPORT_TEST_FIXTURES_H_

#include <map>
#include <string>
#include <utility>

#include "absl/strings/string_view.h"
#include "gtest/gtest.h"
#include "service/text/utf8.h"
#include "spanlab/v1/resources.pb.h"

namespace spanlab::dataset::testing {

// U+1F600, written out as bytes so the tests do not depend on an encoder.
inline constexpr char kGrin[] = "\xF0\x9F\x98\x80";

// "😀 Mårten said “the bridge is safe” on Monday.\nZoë: “It is not\nsafe”, she
// said.\tEnd"
inline std::string SampleText() {
  return std::string(kGrin) +
         " M\xC3\xA5rten said \xE2\x80\x9Cthe bridge is safe\xE2\x80\x9D on "
         "Monday.\nZo\xC3\xAB: \xE2\x80\x9CIt is not\nsafe\xE2\x80\x9D, she "
         "said.\tEnd";
}

// The news-attribution labels, as the storage presets define them.
inline v1::LabelSchema Schema() {
  v1::LabelSchema schema;
  const std::pair<const char*, std::vector<const char*>> labels[] = {
      {"attributed_claim", {"source", "cue"}},
      {"opinion", {"holder"}},
      {"disputed", {"source", "cue", "disputed_by"}}};
  for (const auto& [name, attributes] : labels) {
    v1::LabelDefinition* label = schema.add_labels();
    label->set_name(name);
    for (const char* a : attributes) label->add_allowed_attributes(a);
  }
  schema.add_link_types("disputes");
  schema.add_link_types("same_claim");
  return schema;
}

inline v1::Document Doc(const std::string& id, const std::string& text,
                        const std::string& title = "") {
  v1::Document d;
  d.set_name("projects/p/documents/" + id);
  d.set_document_id(id);
  d.set_title(title);
  d.set_text(text);
  d.set_length(CodePointCount(text));
  return d;
}

// Code-point offsets of the `nth` (1-based) occurrence of `quote`.
inline std::pair<int64_t, int64_t> Find(const std::string& text,
                                        absl::string_view quote, int nth = 1) {
  const absl::string_view haystack(text);
  size_t pos = haystack.find(quote);
  for (int i = 1; i < nth && pos != absl::string_view::npos; ++i) {
    pos = haystack.find(quote, pos + 1);
  }
  EXPECT_NE(pos, absl::string_view::npos) << quote;
  const Utf8Index index(text);
  const int64_t start = index.CodePointAt(pos);
  return {start, start + CodePointCount(quote)};
}

// An annotation of `doc` over `quote`, text filled in as the server does.
inline v1::Annotation Span(const v1::Document& doc, absl::string_view quote,
                           const std::string& label,
                           v1::AnnotationKind kind = v1::HUMAN,
                           const std::string& author = "alice",
                           std::map<std::string, std::string> attributes = {},
                           int64_t id = 1) {
  v1::Annotation a;
  const auto [start, end] = Find(doc.text(), quote);
  a.set_name(doc.name() + "/annotations/" + std::to_string(id));
  a.set_start(start);
  a.set_end(end);
  a.set_text(std::string(quote));
  a.set_label(label);
  a.set_kind(kind);
  a.set_author(author);
  for (auto& [k, v] : attributes) (*a.mutable_attributes())[k] = v;
  if (kind == v1::AUTOMATIC) {
    a.set_model_version("2.1");
    a.set_score(0.75);
  }
  a.set_revision(3);
  return a;
}

}  // namespace spanlab::dataset::testing

#endif  // SPANLAB_SERVICE_EXPORT_TEST_FIXTURES_H_
