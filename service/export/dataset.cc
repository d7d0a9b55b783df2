#include "service/export/dataset.h"

#include <algorithm>
#include <tuple>

#include "absl/strings/ascii.h"

namespace spanlab::dataset {
namespace {

// Attributes as a sorted list: protobuf maps have no defined order.
std::vector<std::pair<std::string, std::string>> SortedAttributes(
    const v1::Annotation& a) {
  std::vector<std::pair<std::string, std::string>> out(a.attributes().begin(),
                                                       a.attributes().end());
  std::sort(out.begin(), out.end());
  return out;
}

bool SpanLess(const v1::Annotation& a, const v1::Annotation& b) {
  using Key =
      std::tuple<int64_t, int64_t, int, const std::string&, const std::string&,
                 const std::string&, double, bool, const std::string&>;
  const auto key = [](const v1::Annotation& x) {
    return Key(x.start(), x.end(), static_cast<int>(x.kind()), x.author(),
               x.label(), x.model_version(), x.score(), x.deleted(), x.note());
  };
  const auto ka = key(a);
  const auto kb = key(b);
  if (ka != kb) return ka < kb;
  return SortedAttributes(a) < SortedAttributes(b);
}

}  // namespace

absl::string_view KindName(v1::AnnotationKind kind) {
  switch (kind) {
    case v1::HUMAN:
      return "human";
    case v1::AUTOMATIC:
      return "automatic";
    case v1::GOLD:
      return "gold";
    default:
      return "unspecified";
  }
}

std::optional<v1::AnnotationKind> ParseKindName(absl::string_view name) {
  const std::string lower = absl::AsciiStrToLower(name);
  if (lower == "human") return v1::HUMAN;
  if (lower == "automatic") return v1::AUTOMATIC;
  if (lower == "gold") return v1::GOLD;
  return std::nullopt;
}

void SortSpans(std::vector<v1::Annotation>* spans) {
  std::stable_sort(spans->begin(), spans->end(), SpanLess);
}

std::vector<const v1::Annotation*> SortedSpans(
    const std::vector<v1::Annotation>& spans) {
  std::vector<const v1::Annotation*> out;
  out.reserve(spans.size());
  for (const v1::Annotation& a : spans) out.push_back(&a);
  std::stable_sort(out.begin(), out.end(),
                   [](const v1::Annotation* a, const v1::Annotation* b) {
                     return SpanLess(*a, *b);
                   });
  return out;
}

}  // namespace spanlab::dataset
