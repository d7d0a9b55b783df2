#include "client/render.h"

#include <algorithm>
#include <set>
#include <tuple>

#include "absl/strings/str_cat.h"
#include "service/text/utf8.h"

namespace spanlab::client {
namespace {

constexpr char kReplacement[] = "\xef\xbf\xbd";  // U+FFFD

// A span clipped to the text, with its place in opening order.
struct Placed {
  int64_t start;
  int64_t end;
  const RenderSpan* source;
  bool crossing = false;
};

// Clips spans to [0, length), drops empty ones and sorts them in opening
// order: by start, outer (longer) spans first, then by number. With that
// order, nested spans open outer-first and close inner-first.
std::vector<Placed> Place(const std::vector<RenderSpan>& spans,
                          int64_t length) {
  std::vector<Placed> placed;
  placed.reserve(spans.size());
  for (const RenderSpan& span : spans) {
    const int64_t start = std::max<int64_t>(0, span.start);
    const int64_t end = std::min(length, span.end);
    if (start < end) placed.push_back({start, end, &span});
  }
  std::stable_sort(placed.begin(), placed.end(),
                   [](const Placed& a, const Placed& b) {
                     return std::make_tuple(a.start, -a.end, a.source->number) <
                            std::make_tuple(b.start, -b.end, b.source->number);
                   });
  // Span j crosses span i when it starts inside i and ends after it.
  for (size_t i = 0; i < placed.size(); ++i) {
    for (size_t j = i + 1; j < placed.size() && placed[j].start < placed[i].end;
         ++j) {
      if (placed[j].start > placed[i].start && placed[j].end > placed[i].end) {
        placed[i].crossing = placed[j].crossing = true;
      }
    }
  }
  return placed;
}

// A span opening or closing at a code point. At one position, closes come
// before opens; closes run in reverse opening order, opens in opening order.
struct Event {
  int64_t position;
  bool open;
  size_t span;  // index into the placed spans

  bool operator<(const Event& other) const {
    if (position != other.position) return position < other.position;
    if (open != other.open) return !open;
    return open ? span < other.span : span > other.span;
  }
};

// Appends `piece` of document text, making control characters harmless.
// `style`, when not empty, is ended before each line break and resumed
// after it, so that a background colour does not fill the rest of a line.
void AppendText(absl::string_view piece, absl::string_view style,
                std::string* out) {
  for (size_t i = 0; i < piece.size(); ++i) {
    const unsigned char c = static_cast<unsigned char>(piece[i]);
    if (c == '\n') {
      if (style.empty()) {
        out->push_back('\n');
      } else {
        absl::StrAppend(out, kReset, "\n", style);
      }
    } else if (c == '\t') {
      out->push_back('\t');
    } else if (c == '\r' && i + 1 < piece.size() && piece[i + 1] == '\n') {
      // A CRLF line break shows as a plain line break.
    } else if (c < 0x20 || c == 0x7f) {
      out->append(kReplacement);
    } else if (c == 0xc2 && i + 1 < piece.size() &&
               static_cast<unsigned char>(piece[i + 1]) >= 0x80 &&
               static_cast<unsigned char>(piece[i + 1]) <= 0x9f) {
      // C1 controls: some terminals act on them even in UTF-8.
      out->append(kReplacement);
      ++i;
    } else {
      out->push_back(static_cast<char>(c));
    }
  }
}

std::string StyleFor(const std::vector<Placed>& placed,
                     const std::set<size_t>& active,
                     const LabelColors& colors) {
  if (active.empty()) return "";
  // The innermost active span is the last one opened.
  const Rgb color = ColorOf(colors, placed[*active.rbegin()].source->label);
  std::string style =
      absl::StrCat(Background(color), Foreground(TextColorOn(color)));
  if (active.size() > 1) style.append(kUnderline);
  return style;
}

}  // namespace

Rgb ColorOf(const LabelColors& colors, absl::string_view label) {
  auto it = colors.find(label);
  return it == colors.end() ? kFallbackColor : it->second;
}

std::string RenderText(absl::string_view text,
                       const std::vector<RenderSpan>& spans, bool color,
                       const LabelColors& colors) {
  const Utf8Index index(text);
  const std::vector<Placed> placed = Place(spans, index.size());
  std::vector<Event> events;
  events.reserve(2 * placed.size());
  for (size_t i = 0; i < placed.size(); ++i) {
    events.push_back({placed[i].start, true, i});
    events.push_back({placed[i].end, false, i});
  }
  std::sort(events.begin(), events.end());

  std::string out;
  out.reserve(text.size() + 16 * placed.size());
  std::set<size_t> active;
  int64_t position = 0;
  auto flush_to = [&](int64_t end) {
    if (end <= position) return;
    const std::string style = color ? StyleFor(placed, active, colors) : "";
    if (color) absl::StrAppend(&out, kReset, style);
    AppendText(index.Slice(position, end), style, &out);
    position = end;
  };
  for (const Event& event : events) {
    flush_to(event.position);
    const Placed& span = placed[event.span];
    if (color) {
      if (event.open) {
        active.insert(event.span);
      } else {
        active.erase(event.span);
      }
    } else if (event.open) {
      out.append(span.crossing ? absl::StrCat("[", span.source->number, ">")
                               : "[");
    } else {
      out.append(span.crossing ? absl::StrCat("<", span.source->number, "]")
                               : "]");
      absl::StrAppend(&out, "{", span.source->label, "}");
    }
  }
  flush_to(index.size());
  if (color) out.append(kReset);
  return out;
}

std::string RenderLegend(const std::vector<std::string>& labels,
                         const LabelColors& colors) {
  std::string out = "labels:";
  for (const std::string& label : labels) {
    absl::StrAppend(&out, " ", Swatch(ColorOf(colors, label)), " ", label);
  }
  return out;
}

}  // namespace spanlab::client
