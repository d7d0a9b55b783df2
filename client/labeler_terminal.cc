// Everything that touches ncurses lives in this file. Its macros are off
// (NCURSES_NOMACROS) so that names like `move` and `timeout` stay free.
#define NCURSES_NOMACROS 1
#include "client/labeler_terminal.h"

#include <curses.h>
#include <signal.h>
#include <unistd.h>

#include <algorithm>
#include <clocale>
#include <cstdlib>
#include <iterator>
#include <string>

#include "absl/strings/str_cat.h"
#include "client/labeler_colors.h"
#include "client/labeler_layout.h"

namespace spanlab::client {
namespace {

// Set by the signal handler; read by ReadKey.
volatile sig_atomic_t quit_signal = 0;

void OnQuitSignal(int) { quit_signal = 1; }

constexpr int kQuitSignals[] = {SIGTERM, SIGHUP, SIGINT};

// Waiting for a key wakes up this often to notice a quit signal that
// arrived on another thread (gRPC has its own).
constexpr int kKeyPollMillis = 200;

// How long a lone Esc waits for the rest of an escape sequence.
constexpr int kEscapeDelayMillis = 25;

// Key codes of our own for Ctrl-arrows in terminals whose description
// lacks them (xterm sends these sequences).
constexpr int kCtrlLeftCode = KEY_MAX + 1;
constexpr int kCtrlRightCode = KEY_MAX + 2;

}  // namespace

struct Terminal::State {
  SCREEN* screen = nullptr;
  struct sigaction previous[std::size(kQuitSignals)];
  bool colors = false;
  int labels = 0;
  short error_pair = 0;

  short HumanPair(int label) const {
    return colors && label >= 0 && label < labels
               ? static_cast<short>(1 + 2 * label)
               : 0;
  }
  short SuggestionPair(int label) const {
    return colors && label >= 0 && label < labels
               ? static_cast<short>(2 + 2 * label)
               : 0;
  }
};

absl::StatusOr<std::unique_ptr<Terminal>> Terminal::Open(
    const std::vector<Rgb>& label_colors) {
  auto state = std::make_unique<State>();
  quit_signal = 0;
  // Installed before ncurses starts, which then leaves them alone.
  for (size_t i = 0; i < std::size(kQuitSignals); ++i) {
    struct sigaction action = {};
    action.sa_handler = OnQuitSignal;
    sigemptyset(&action.sa_mask);
    sigaction(kQuitSignals[i], &action, &state->previous[i]);
  }
  std::setlocale(LC_ALL, "");
  state->screen = newterm(nullptr, stdout, stdin);
  if (state->screen == nullptr) {
    for (size_t i = 0; i < std::size(kQuitSignals); ++i) {
      sigaction(kQuitSignals[i], &state->previous[i], nullptr);
    }
    const char* term = std::getenv("TERM");
    return absl::FailedPreconditionError(absl::StrCat(
        "cannot drive the terminal (TERM=", term == nullptr ? "" : term, ")"));
  }
  set_term(state->screen);
  cbreak();
  noecho();
  nonl();
  keypad(stdscr, TRUE);
  set_escdelay(kEscapeDelayMillis);
  wtimeout(stdscr, kKeyPollMillis);
  if (key_defined("\x1b[1;5D") == 0) define_key("\x1b[1;5D", kCtrlLeftCode);
  if (key_defined("\x1b[1;5C") == 0) define_key("\x1b[1;5C", kCtrlRightCode);

  if (has_colors() && start_color() == OK) {
    const bool default_background = use_default_colors() == OK;
    const short background = default_background ? -1 : COLOR_BLACK;
    const int palette = COLORS >= 256 ? 256 : (COLORS >= 16 ? 16 : 8);
    const int labels = static_cast<int>(label_colors.size());
    // Two pairs per label and one for errors, as far as the terminal has
    // pairs; labels beyond that are shown in bold or underlined alone.
    state->labels = std::max(0, std::min(labels, (COLOR_PAIRS - 2) / 2));
    for (int i = 0; i < state->labels; ++i) {
      const int index = NearestPaletteColor(label_colors[i], palette);
      const Rgb text = TextColorOn(PaletteColor(index));
      const short ink = text.r == 0 ? COLOR_BLACK : COLOR_WHITE;
      init_pair(static_cast<short>(1 + 2 * i), ink, static_cast<short>(index));
      init_pair(static_cast<short>(2 + 2 * i), static_cast<short>(index),
                background);
    }
    state->error_pair = static_cast<short>(1 + 2 * state->labels);
    init_pair(state->error_pair, COLOR_RED, background);
    state->colors = true;
  }
  return std::unique_ptr<Terminal>(new Terminal(std::move(state)));
}

Terminal::Terminal(std::unique_ptr<State> state) : state_(std::move(state)) {}

Terminal::~Terminal() {
  curs_set(1);
  endwin();
  delscreen(state_->screen);
  for (size_t i = 0; i < std::size(kQuitSignals); ++i) {
    sigaction(kQuitSignals[i], &state_->previous[i], nullptr);
  }
}

int Terminal::width() const { return getmaxx(stdscr); }

int Terminal::height() const { return getmaxy(stdscr); }

std::optional<KeyEvent> Terminal::ReadKey() {
  while (quit_signal == 0) {
    wint_t key = 0;
    const int kind = wget_wch(stdscr, &key);
    if (kind == ERR) continue;  // no key yet, or a signal
    if (kind == KEY_CODE_YES) {
      switch (static_cast<int>(key)) {
        case KEY_LEFT:
          return KeyEvent::Special(SpecialKey::kLeft);
        case KEY_RIGHT:
          return KeyEvent::Special(SpecialKey::kRight);
        case KEY_UP:
          return KeyEvent::Special(SpecialKey::kUp);
        case KEY_DOWN:
          return KeyEvent::Special(SpecialKey::kDown);
        case KEY_HOME:
          return KeyEvent::Special(SpecialKey::kHome);
        case KEY_END:
          return KeyEvent::Special(SpecialKey::kEnd);
        case KEY_PPAGE:
          return KeyEvent::Special(SpecialKey::kPageUp);
        case KEY_NPAGE:
          return KeyEvent::Special(SpecialKey::kPageDown);
        case KEY_ENTER:
          return KeyEvent::Special(SpecialKey::kEnter);
        case KEY_BACKSPACE:
          return KeyEvent::Special(SpecialKey::kBackspace);
        case KEY_DC:
          return KeyEvent::Special(SpecialKey::kDelete);
        case KEY_RESIZE:
          return KeyEvent::Special(SpecialKey::kResize);
        case kCtrlLeftCode:
          return KeyEvent::Special(SpecialKey::kCtrlLeft);
        case kCtrlRightCode:
          return KeyEvent::Special(SpecialKey::kCtrlRight);
        default: {
          // Terminals that describe Ctrl-arrows name them kLFT5 / kRIT5.
          const char* name = keyname(static_cast<int>(key));
          const std::string key_name = name == nullptr ? "" : name;
          if (key_name == "kLFT5") {
            return KeyEvent::Special(SpecialKey::kCtrlLeft);
          }
          if (key_name == "kRIT5") {
            return KeyEvent::Special(SpecialKey::kCtrlRight);
          }
          continue;
        }
      }
    }
    switch (key) {
      case 0x1B:
        return KeyEvent::Special(SpecialKey::kEscape);
      case '\r':
      case '\n':
        return KeyEvent::Special(SpecialKey::kEnter);
      case 0x7F:
      case '\b':
        return KeyEvent::Special(SpecialKey::kBackspace);
      default:
        return KeyEvent::Char(static_cast<char32_t>(key));
    }
  }
  return std::nullopt;
}

void Terminal::Invalidate() { clearok(stdscr, TRUE); }

void Terminal::Paint(const Frame& frame) {
  werase(stdscr);
  for (int row = 0; row < frame.height && row < height(); ++row) {
    for (const FrameCell& cell : frame.rows[row]) {
      if (cell.column + cell.width > width()) continue;
      const CellStyle& style = cell.style;
      attr_t attributes = A_NORMAL;
      short pair = 0;
      if (style.human >= 0) {
        pair = state_->HumanPair(style.human);
        attributes |= A_BOLD;
        if (style.suggestion >= 0) attributes |= A_UNDERLINE;
      } else if (style.suggestion >= 0) {
        pair = state_->SuggestionPair(style.suggestion);
        attributes |= A_UNDERLINE;
      }
      if (style.bold) attributes |= A_BOLD;
      if (style.dim) attributes |= A_DIM;
      if (style.error && state_->colors) pair = state_->error_pair;
      if (style.selected) attributes ^= A_REVERSE;
      if (style.cursor) attributes ^= A_REVERSE;
      // One character and its combining marks, as far as a cell holds.
      wchar_t text[CCHARW_MAX + 1] = {};
      int length = 0;
      for (char32_t cp : DecodeUtf8(cell.glyph)) {
        if (length == CCHARW_MAX) break;
        text[length++] = static_cast<wchar_t>(cp);
      }
      cchar_t character;
      setcchar(&character, text, attributes, pair, nullptr);
      mvwadd_wch(stdscr, row, cell.column, &character);
    }
  }
  if (frame.cursor_row >= 0 && frame.cursor_column >= 0) {
    curs_set(1);
    wmove(stdscr, frame.cursor_row, frame.cursor_column);
  } else {
    curs_set(0);
  }
  wrefresh(stdscr);
}

}  // namespace spanlab::client
