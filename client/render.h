// Text rendering of a document with its labeled spans, for terminals.
//
// With colour, each span's text gets its label's colour as background (and
// black or white text, whichever reads better). Where spans overlap, the
// innermost one (latest start, then earliest end) gives the colour and the
// text is underlined, so overlaps stay visible.
//
// Without colour, spans are bracketed: "[" before the span and "]{label}"
// after it, so nested spans read naturally:
//   [[Obama]{speaker} said the deal was fair]{claim}
// Spans that cross (each covers part, not all, of the other) cannot nest,
// so their markers carry the span's number (RenderSpan::number, the row in
// the span table): "[N>" opens and "<N]{label}" closes span N:
//   [1>quick [2>brown<1]{color} fox<2]{animal}
//
// Control characters of the text other than line breaks and tabs are shown
// as U+FFFD, so a document cannot drive the terminal.
#ifndef SPANLAB_CLIENT_RENDER_H_
#define SPANLAB_CLIENT_RENDER_H_

#include <cstdint>
#include <functional>
#include <map>
#include <string>
#include <vector>

#include "absl/strings/string_view.h"
#include "client/ansi.h"

namespace spanlab::client {

// One span to show, in code points of the document text.
struct RenderSpan {
  int64_t start = 0;
  int64_t end = 0;
  std::string label;
  // Identifies the span in crossing markers; conventionally its 1-based row
  // in the span table printed below the text.
  int number = 0;
};

// Colours by label name. Labels without an entry use kFallbackColor.
using LabelColors = std::map<std::string, Rgb, std::less<>>;

// `text` (UTF-8, offsets in code points) with `spans` marked as described
// above. Spans are clipped to the text; empty ones are not shown. Ends with
// a reset when `color` is on.
std::string RenderText(absl::string_view text,
                       const std::vector<RenderSpan>& spans, bool color,
                       const LabelColors& colors);

// One line "labels: ▮ name  ▮ name" with a colour swatch per label, in the
// given order, without a trailing newline.
std::string RenderLegend(const std::vector<std::string>& labels,
                         const LabelColors& colors);

// The colour of `label` in `colors`, or kFallbackColor.
Rgb ColorOf(const LabelColors& colors, absl::string_view label);

}  // namespace spanlab::client

#endif  // SPANLAB_CLIENT_RENDER_H_
