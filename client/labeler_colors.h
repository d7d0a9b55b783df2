// Schema colours on terminals that have only a palette: the nearest of the
// standard xterm colours (8, 16 or 256 of them).
#ifndef SPANLAB_CLIENT_LABELER_COLORS_H_
#define SPANLAB_CLIENT_LABELER_COLORS_H_

#include "client/ansi.h"

namespace spanlab::client {

// The colour of palette entry `index` (0..255) as xterm shows it by
// default.
Rgb PaletteColor(int index);

// The index of the palette entry nearest to `color` among the first
// `count` entries (clamped to 8..256), by the weighted "redmean" distance,
// which tracks perceived difference better than plain RGB distance.
int NearestPaletteColor(Rgb color, int count);

}  // namespace spanlab::client

#endif  // SPANLAB_CLIENT_LABELER_COLORS_H_
