// ANSI terminal colours: 24-bit colour sequences, readable text colours and
// the decision whether to colour at all.
#ifndef SPANLAB_CLIENT_ANSI_H_
#define SPANLAB_CLIENT_ANSI_H_

#include <cstdint>
#include <optional>
#include <string>

#include "absl/strings/string_view.h"

namespace spanlab::client {

struct Rgb {
  uint8_t r = 0;
  uint8_t g = 0;
  uint8_t b = 0;
};

// Colour of labels whose schema colour is missing or malformed.
inline constexpr Rgb kFallbackColor{0x80, 0x80, 0x80};

// Resets every attribute.
inline constexpr char kReset[] = "\x1b[0m";
inline constexpr char kBold[] = "\x1b[1m";
inline constexpr char kUnderline[] = "\x1b[4m";

// Parses "#rrggbb" (hex digits in either case); nullopt for anything else.
std::optional<Rgb> ParseHexColor(absl::string_view text);

// The sequences selecting `color` as background or text colour.
std::string Background(Rgb color);
std::string Foreground(Rgb color);

// Black or white, whichever reads better on `background`.
Rgb TextColorOn(Rgb background);

// Two terminal cells filled with `color`, followed by a reset.
std::string Swatch(Rgb color);

// `text` in colour `color` as background with a readable text colour, then
// a reset.
std::string Highlight(absl::string_view text, Rgb color);

enum class ColorMode { kAuto, kAlways, kNever };

// Parses "auto", "always" or "never".
std::optional<ColorMode> ParseColorMode(absl::string_view text);

// Whether to colour output. kAuto colours only a terminal, and only when
// NO_COLOR is not set.
bool ShouldColor(ColorMode mode, bool stdout_is_terminal, bool no_color_set);

}  // namespace spanlab::client

#endif  // SPANLAB_CLIENT_ANSI_H_
