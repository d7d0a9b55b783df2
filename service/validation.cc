#include "service/validation.h"

#include <openssl/sha.h>

#include <cmath>

#include "absl/container/flat_hash_set.h"
#include "absl/strings/ascii.h"
#include "absl/strings/escaping.h"
#include "absl/strings/str_cat.h"
#include "service/names.h"
#include "storage/schema_presets.h"

namespace spanlab {
namespace {

constexpr size_t kMaxAttributeBytes = 1024;
constexpr int kMaxAttributes = 16;
constexpr int kMaxLinks = 32;
constexpr size_t kMaxNoteBytes = 4096;
constexpr size_t kMaxModelVersionBytes = 128;
constexpr size_t kMaxTitleBytes = 1024;
constexpr size_t kMaxSourceBytes = 2048;
constexpr int kMaxMetadata = 64;
constexpr size_t kMaxMetadataKeyBytes = 128;
constexpr size_t kMaxMetadataValueBytes = 4096;

absl::Status Invalid(absl::string_view field, absl::string_view detail) {
  return absl::InvalidArgumentError(absl::StrCat(field, ": ", detail));
}

bool IsMachineName(absl::string_view s) {
  if (s.empty() || s.size() > 64) return false;
  for (char c : s) {
    if (!absl::ascii_islower(c) && !absl::ascii_isdigit(c) && c != '_') {
      return false;
    }
  }
  return true;
}

bool IsColor(absl::string_view s) {
  if (s.size() != 7 || s[0] != '#') return false;
  for (size_t i = 1; i < 7; ++i) {
    if (!absl::ascii_isxdigit(s[i])) return false;
  }
  return true;
}

// A bounded, valid UTF-8 free-text field.
absl::Status CheckText(absl::string_view value, size_t max_bytes,
                       absl::string_view field) {
  if (value.size() > max_bytes) {
    return Invalid(field,
                   absl::StrCat(value.size(), " bytes, limit is ", max_bytes));
  }
  return ValidateUtf8(value, field);
}

const v1::LabelDefinition* FindLabel(const v1::LabelSchema& schema,
                                     absl::string_view name) {
  for (const auto& l : schema.labels()) {
    if (l.name() == name) return &l;
  }
  return nullptr;
}

std::string LabelNames(const v1::LabelSchema& schema) {
  std::string out;
  for (const auto& l : schema.labels()) {
    absl::StrAppend(&out, out.empty() ? "" : ", ", l.name());
  }
  return out;
}

}  // namespace

absl::Status ValidateSchema(const v1::LabelSchema& schema,
                            absl::string_view field) {
  if (schema.labels_size() == 0 || schema.labels_size() > 64) {
    return Invalid(absl::StrCat(field, ".labels"),
                   absl::StrCat("has ", schema.labels_size(),
                                " labels; a schema needs 1 to 64"));
  }
  absl::flat_hash_set<std::string> names, hotkeys;
  for (int i = 0; i < schema.labels_size(); ++i) {
    const v1::LabelDefinition& l = schema.labels(i);
    const std::string at = absl::StrCat(field, ".labels[", i, "]");
    if (!IsMachineName(l.name())) {
      return Invalid(absl::StrCat(at, ".name=", Quote(l.name())),
                     "must be 1 to 64 characters of a-z, 0-9 and '_'");
    }
    if (!names.insert(l.name()).second) {
      return Invalid(absl::StrCat(at, ".name=", Quote(l.name())),
                     "duplicate label name");
    }
    if (!l.color().empty() && !IsColor(l.color())) {
      return Invalid(absl::StrCat(at, ".color=", Quote(l.color())),
                     "must be \"#rrggbb\"");
    }
    if (!l.hotkey().empty()) {
      if (l.hotkey().size() != 1 || !absl::ascii_isgraph(l.hotkey()[0])) {
        return Invalid(absl::StrCat(at, ".hotkey=", Quote(l.hotkey())),
                       "must be one printable ASCII character");
      }
      if (!hotkeys.insert(l.hotkey()).second) {
        return Invalid(absl::StrCat(at, ".hotkey=", Quote(l.hotkey())),
                       "hotkey already used by another label");
      }
    }
    absl::Status s =
        CheckText(l.description(), 4096, absl::StrCat(at, ".description"));
    if (!s.ok()) return s;
    absl::flat_hash_set<std::string> attributes;
    for (int j = 0; j < l.allowed_attributes_size(); ++j) {
      const std::string at_attr = absl::StrCat(
          at, ".allowed_attributes[", j, "]=", Quote(l.allowed_attributes(j)));
      if (!IsMachineName(l.allowed_attributes(j))) {
        return Invalid(at_attr,
                       "must be 1 to 64 characters of a-z, 0-9 and '_'");
      }
      if (!attributes.insert(l.allowed_attributes(j)).second) {
        return Invalid(at_attr, "duplicate attribute");
      }
    }
  }
  absl::flat_hash_set<std::string> link_types;
  for (int i = 0; i < schema.link_types_size(); ++i) {
    const std::string at = absl::StrCat(field, ".link_types[", i,
                                        "]=", Quote(schema.link_types(i)));
    if (!IsMachineName(schema.link_types(i))) {
      return Invalid(at, "must be 1 to 64 characters of a-z, 0-9 and '_'");
    }
    if (!link_types.insert(schema.link_types(i)).second) {
      return Invalid(at, "duplicate link type");
    }
  }
  return absl::OkStatus();
}

absl::Status ValidateNewProject(v1::Project* project) {
  absl::Status s =
      ValidateProjectId(project->project_id(), "project.project_id");
  if (!s.ok()) return s;
  s = CheckText(project->display_name(), 256, "project.display_name");
  if (!s.ok()) return s;
  s = CheckText(project->guidelines(), 1 << 20, "project.guidelines");
  if (!s.ok()) return s;
  if (project->overlap() == 0) project->set_overlap(2);
  if (project->overlap() < 1 || project->overlap() > 64) {
    return Invalid(absl::StrCat("project.overlap=", project->overlap()),
                   "must be 1 to 64");
  }
  if (!project->schema().preset().empty()) {
    // A named preset must exist, even with custom labels, so the name never
    // claims a schema the project does not have.
    auto known = SchemaPreset(project->schema().preset());
    if (!known.ok()) {
      return absl::InvalidArgumentError(
          absl::StrCat("project.", known.status().message()));
    }
  }
  if (project->schema().labels_size() == 0) {
    const std::string preset = project->schema().preset().empty()
                                   ? std::string(kDefaultSchemaPreset)
                                   : project->schema().preset();
    auto schema = SchemaPreset(preset);
    if (!schema.ok()) {
      return absl::InvalidArgumentError(
          absl::StrCat("project.", schema.status().message()));
    }
    *project->mutable_schema() = *std::move(schema);
  }
  return ValidateSchema(project->schema(), "project.schema");
}

std::string Sha256Hex(absl::string_view bytes) {
  unsigned char digest[SHA256_DIGEST_LENGTH];
  SHA256(reinterpret_cast<const unsigned char*>(bytes.data()), bytes.size(),
         digest);
  return absl::BytesToHexString(
      absl::string_view(reinterpret_cast<const char*>(digest), sizeof(digest)));
}

absl::Status ValidateNewDocument(absl::string_view text, const Limits& limits,
                                 v1::Document* document) {
  absl::Status s =
      ValidateDocumentId(document->document_id(), "document.document_id");
  if (!s.ok()) return s;
  if (!document->text().empty()) {
    return Invalid("document.text",
                   "is output only; send the text in the request's `text` "
                   "bytes field");
  }
  if (text.empty()) return Invalid("text", "is empty");
  if (static_cast<int64_t>(text.size()) > limits.max_document_bytes) {
    return Invalid("text", absl::StrCat(text.size(), " bytes, limit is ",
                                        limits.max_document_bytes,
                                        " (--max_document_bytes)"));
  }
  s = ValidateUtf8(text, "text");
  if (s.ok())
    s = CheckText(document->title(), kMaxTitleBytes, "document.title");
  if (s.ok()) {
    s = CheckText(document->source(), kMaxSourceBytes, "document.source");
  }
  if (!s.ok()) return s;
  if (document->metadata_size() > kMaxMetadata) {
    return Invalid("document.metadata",
                   absl::StrCat(document->metadata_size(),
                                " entries, limit is ", kMaxMetadata));
  }
  for (const auto& [key, value] : document->metadata()) {
    const std::string at = absl::StrCat("document.metadata[", Quote(key), "]");
    if (key.empty()) return Invalid(at, "empty key");
    s = CheckText(key, kMaxMetadataKeyBytes, at);
    if (s.ok()) s = CheckText(value, kMaxMetadataValueBytes, at);
    if (!s.ok()) return s;
  }
  document->set_text(std::string(text));
  document->set_length(CodePointCount(text));
  document->set_content_hash(Sha256Hex(text));
  return absl::OkStatus();
}

absl::Status ValidateAnnotation(const v1::LabelSchema& schema,
                                const Utf8Index& text, absl::string_view field,
                                v1::Annotation* a) {
  const int64_t length = text.size();
  if (a->start() < 0) {
    return Invalid(absl::StrCat(field, ".start=", a->start()), "must be >= 0");
  }
  if (a->end() > length) {
    return Invalid(absl::StrCat(field, ".end=", a->end()),
                   absl::StrCat("past the end of the document (length ", length,
                                " code points)"));
  }
  if (a->start() >= a->end()) {
    return Invalid(absl::StrCat(field, ".start=", a->start()),
                   absl::StrCat("must be less than end=", a->end()));
  }
  if (IsUnicodeWhitespace(text.CodePoint(a->start()))) {
    return Invalid(absl::StrCat(field, ".start=", a->start()),
                   "span starts with white space");
  }
  if (IsUnicodeWhitespace(text.CodePoint(a->end() - 1))) {
    return Invalid(absl::StrCat(field, ".end=", a->end()),
                   "span ends with white space");
  }
  const v1::LabelDefinition* label = FindLabel(schema, a->label());
  if (label == nullptr) {
    return Invalid(
        absl::StrCat(field, ".label=", Quote(a->label())),
        absl::StrCat("not in the project's schema (", LabelNames(schema), ")"));
  }
  if (a->attributes_size() > kMaxAttributes) {
    return Invalid(absl::StrCat(field, ".attributes"),
                   absl::StrCat(a->attributes_size(), " entries, limit is ",
                                kMaxAttributes));
  }
  for (const auto& [key, value] : a->attributes()) {
    const std::string at = absl::StrCat(field, ".attributes[", Quote(key), "]");
    bool allowed = false;
    for (const auto& k : label->allowed_attributes()) allowed |= k == key;
    if (!allowed) {
      std::string keys;
      for (const auto& k : label->allowed_attributes()) {
        absl::StrAppend(&keys, keys.empty() ? "" : ", ", k);
      }
      return Invalid(
          at, absl::StrCat("not allowed for label ", a->label(),
                           " (allowed: ", keys.empty() ? "none" : keys, ")"));
    }
    if (value.empty()) return Invalid(at, "empty value");
    absl::Status s = CheckText(value, kMaxAttributeBytes, at);
    if (!s.ok()) return s;
  }
  if (a->links_size() > kMaxLinks) {
    return Invalid(
        absl::StrCat(field, ".links"),
        absl::StrCat(a->links_size(), " links, limit is ", kMaxLinks));
  }
  for (int i = 0; i < a->links_size(); ++i) {
    const auto& link = a->links(i);
    const std::string at = absl::StrCat(field, ".links[", i, "]");
    bool known = false;
    for (const auto& t : schema.link_types()) known |= t == link.type();
    if (!known) {
      return Invalid(absl::StrCat(at, ".type=", Quote(link.type())),
                     "not a link type of the project's schema");
    }
    auto target = ParseAnnotationName(link.target(), at + ".target");
    if (!target.ok()) return target.status();
  }
  absl::Status s =
      CheckText(a->note(), kMaxNoteBytes,
                field.empty() ? "note" : absl::StrCat(field, ".note"));
  if (!s.ok()) return s;
  if (!(a->score() >= 0.0 && a->score() <= 1.0)) {  // Also rejects NaN.
    return Invalid(absl::StrCat(field, ".score=", a->score()),
                   "must be in [0, 1]");
  }
  if (a->kind() == v1::AUTOMATIC) {
    if (a->model_version().empty()) {
      return Invalid(absl::StrCat(field, ".model_version"),
                     "required for AUTOMATIC annotations");
    }
    s = CheckText(a->model_version(), kMaxModelVersionBytes,
                  absl::StrCat(field, ".model_version"));
    if (!s.ok()) return s;
  } else {
    if (!a->model_version().empty()) {
      return Invalid(absl::StrCat(field, ".model_version"),
                     "only AUTOMATIC annotations carry a model version");
    }
    if (a->score() != 0.0) {
      return Invalid(absl::StrCat(field, ".score=", a->score()),
                     "only AUTOMATIC annotations carry a score");
    }
  }
  a->set_text(std::string(text.Slice(a->start(), a->end())));
  return absl::OkStatus();
}

absl::StatusOr<std::pair<int64_t, int64_t>> ResolveQuote(
    const Utf8Index& text, absl::string_view quote, int occurrence) {
  if (quote.empty()) return Invalid("quote", "is empty");
  absl::Status s = ValidateUtf8(quote, "quote");
  if (!s.ok()) return s;
  if (occurrence < 0) {
    return Invalid(absl::StrCat("occurrence=", occurrence), "must be >= 0");
  }
  std::vector<size_t> hits;
  const absl::string_view haystack = text.text();
  // Both sides are valid UTF-8, so a byte match always starts and ends on
  // code-point boundaries.
  for (size_t pos = haystack.find(quote); pos != absl::string_view::npos;
       pos = haystack.find(quote, pos + 1)) {
    hits.push_back(pos);
    if (occurrence == 0 && hits.size() > 1) break;
  }
  if (hits.empty()) {
    return absl::NotFoundError(absl::StrCat(
        "quote=", Quote(quote), ": does not occur in the document"));
  }
  size_t pick = 0;
  if (occurrence == 0) {
    if (hits.size() > 1) {
      return Invalid(absl::StrCat("quote=", Quote(quote)),
                     "occurs more than once; give occurrence (1-based)");
    }
  } else {
    if (static_cast<size_t>(occurrence) > hits.size()) {
      return Invalid(
          absl::StrCat("occurrence=", occurrence),
          absl::StrCat("the quote occurs only ", hits.size(), " time(s)"));
    }
    pick = occurrence - 1;
  }
  const int64_t start = text.CodePointAt(hits[pick]);
  const int64_t end = text.CodePointAt(hits[pick] + quote.size() - 1) + 1;
  return std::make_pair(start, end);
}

LayerSpans::LayerSpans(const std::vector<v1::Annotation>& layer) {
  for (const auto& a : layer) {
    if (a.deleted()) continue;
    by_start_.emplace(a.start(), Span{a.end(), a.label(), 0, a.name()});
  }
}

LayerSpans::LayerSpans(const std::vector<IndexedSpan>& layer,
                       absl::string_view project, absl::string_view document)
    : project_(project), document_(document) {
  for (const auto& span : layer) {
    by_start_.emplace(span.start, Span{span.end, span.label, span.id, ""});
  }
}

std::string LayerSpans::NameOf(const Span& s) const {
  if (s.id == 0) return s.name;
  return AnnotationName(project_, document_, s.id);
}

absl::Status LayerSpans::Add(const v1::Annotation& c, absl::string_view field) {
  // Any span overlapping [start, end) starts before `end`; with the layer
  // free of overlaps only the last such span can reach past `start`, but
  // scan back over every span starting at or after start to be exact.
  auto it = by_start_.lower_bound(c.end());
  while (it != by_start_.begin()) {
    --it;
    const Span& s = it->second;
    if (s.end <= c.start()) {
      if (it->first < c.start()) break;
      continue;
    }
    const std::string name = NameOf(s);
    if (name == c.name() && !c.name().empty()) continue;
    if (it->first == c.start() && s.end == c.end() && s.label == c.label()) {
      return absl::AlreadyExistsError(absl::StrCat(
          field, ": the layer already has [", c.start(), ",", c.end(), ") ",
          c.label(), " as ",
          name.empty() ? "an earlier span of this request" : name));
    }
    return absl::FailedPreconditionError(absl::StrCat(
        field, ": [", c.start(), ",", c.end(), ") overlaps [", it->first, ",",
        s.end, ") ", s.label, " (",
        name.empty() ? "earlier in this request" : name,
        ") of the same layer; spans of one annotator do not overlap"));
  }
  by_start_.emplace(c.start(), Span{c.end(), c.label(), 0, c.name()});
  return absl::OkStatus();
}

}  // namespace spanlab
