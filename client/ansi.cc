#include "client/ansi.h"

#include "absl/strings/str_cat.h"

namespace spanlab::client {
namespace {

int HexDigit(char c) {
  if (c >= '0' && c <= '9') return c - '0';
  if (c >= 'a' && c <= 'f') return c - 'a' + 10;
  if (c >= 'A' && c <= 'F') return c - 'A' + 10;
  return -1;
}

// "ESC [ selector ; 2 ; r ; g ; b m" selects a 24-bit colour.
std::string TrueColor(int selector, Rgb color) {
  return absl::StrCat("\x1b[", selector, ";2;", static_cast<int>(color.r), ";",
                      static_cast<int>(color.g), ";", static_cast<int>(color.b),
                      "m");
}

}  // namespace

std::optional<Rgb> ParseHexColor(absl::string_view text) {
  if (text.size() != 7 || text[0] != '#') return std::nullopt;
  uint8_t channels[3];
  for (int i = 0; i < 3; ++i) {
    const int high = HexDigit(text[1 + 2 * i]);
    const int low = HexDigit(text[2 + 2 * i]);
    if (high < 0 || low < 0) return std::nullopt;
    channels[i] = static_cast<uint8_t>(high * 16 + low);
  }
  return Rgb{channels[0], channels[1], channels[2]};
}

std::string Background(Rgb color) { return TrueColor(48, color); }

std::string Foreground(Rgb color) { return TrueColor(38, color); }

Rgb TextColorOn(Rgb background) {
  // Relative luminance with the sRGB weights, without linearisation: good
  // enough to choose between black and white.
  const double luminance =
      0.2126 * background.r + 0.7152 * background.g + 0.0722 * background.b;
  return luminance > 140.0 ? Rgb{0, 0, 0} : Rgb{0xff, 0xff, 0xff};
}

std::string Swatch(Rgb color) {
  return absl::StrCat(Background(color), "  ", kReset);
}

std::string Highlight(absl::string_view text, Rgb color) {
  return absl::StrCat(Background(color), Foreground(TextColorOn(color)), text,
                      kReset);
}

std::optional<ColorMode> ParseColorMode(absl::string_view text) {
  if (text == "auto") return ColorMode::kAuto;
  if (text == "always") return ColorMode::kAlways;
  if (text == "never") return ColorMode::kNever;
  return std::nullopt;
}

bool ShouldColor(ColorMode mode, bool stdout_is_terminal, bool no_color_set) {
  switch (mode) {
    case ColorMode::kAlways:
      return true;
    case ColorMode::kNever:
      return false;
    case ColorMode::kAuto:
      return stdout_is_terminal && !no_color_set;
  }
  return false;
}

}  // namespace spanlab::client
