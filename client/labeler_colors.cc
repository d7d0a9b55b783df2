#include "client/labeler_colors.h"

#include <algorithm>
#include <cstdint>

namespace spanlab::client {
namespace {

// xterm's default first sixteen colours.
constexpr Rgb kBasic[16] = {
    {0, 0, 0},       {205, 0, 0},   {0, 205, 0},   {205, 205, 0},
    {0, 0, 238},     {205, 0, 205}, {0, 205, 205}, {229, 229, 229},
    {127, 127, 127}, {255, 0, 0},   {0, 255, 0},   {255, 255, 0},
    {92, 92, 255},   {255, 0, 255}, {0, 255, 255}, {255, 255, 255},
};

constexpr uint8_t kCubeLevels[6] = {0, 95, 135, 175, 215, 255};

int64_t Distance(Rgb a, Rgb b) {
  const int64_t mean_red = (a.r + b.r) / 2;
  const int64_t dr = a.r - b.r;
  const int64_t dg = a.g - b.g;
  const int64_t db = a.b - b.b;
  return ((512 + mean_red) * dr * dr >> 8) + 4 * dg * dg +
         ((767 - mean_red) * db * db >> 8);
}

}  // namespace

Rgb PaletteColor(int index) {
  index = std::clamp(index, 0, 255);
  if (index < 16) return kBasic[index];
  if (index < 232) {
    const int cube = index - 16;
    return {kCubeLevels[cube / 36], kCubeLevels[(cube / 6) % 6],
            kCubeLevels[cube % 6]};
  }
  const uint8_t grey = static_cast<uint8_t>(8 + 10 * (index - 232));
  return {grey, grey, grey};
}

int NearestPaletteColor(Rgb color, int count) {
  count = std::clamp(count, 8, 256);
  int best = 0;
  int64_t best_distance = Distance(color, PaletteColor(0));
  for (int i = 1; i < count; ++i) {
    const int64_t d = Distance(color, PaletteColor(i));
    if (d < best_distance) {
      best = i;
      best_distance = d;
    }
  }
  return best;
}

}  // namespace spanlab::client
