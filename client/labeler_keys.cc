#include "client/labeler_keys.h"

#include <utility>

#include "absl/container/flat_hash_map.h"

namespace spanlab::client {
namespace {

constexpr char32_t kCtrlL = 0x0C;

const absl::flat_hash_map<char32_t, Command>& CharacterCommands() {
  static const auto* commands = new absl::flat_hash_map<char32_t, Command>{
      {'h', Command::kLeft},
      {'l', Command::kRight},
      {'k', Command::kLineUp},
      {'j', Command::kLineDown},
      {'w', Command::kWordNext},
      {'e', Command::kWordEnd},
      {'b', Command::kWordPrevious},
      {')', Command::kSentenceNext},
      {'(', Command::kSentencePrevious},
      {'0', Command::kLineStart},
      {'$', Command::kLineEnd},
      {'g', Command::kDocumentStart},
      {'G', Command::kDocumentEnd},
      {'v', Command::kToggleSelection},
      {'s', Command::kSelectSentence},
      {'L', Command::kLabelPrefix},
      {'x', Command::kDelete},
      {'r', Command::kRelabelPrefix},
      {'n', Command::kNextSuggestion},
      {'N', Command::kPreviousSuggestion},
      {'a', Command::kAccept},
      {'R', Command::kReject},
      {'u', Command::kUndo},
      {'/', Command::kSearch},
      {'F', Command::kFinish},
      {'S', Command::kSkip},
      {'q', Command::kQuit},
      {'?', Command::kHelp},
      {kCtrlL, Command::kRedraw},
  };
  return *commands;
}

Command SpecialCommand(SpecialKey key) {
  switch (key) {
    case SpecialKey::kLeft:
      return Command::kLeft;
    case SpecialKey::kRight:
      return Command::kRight;
    case SpecialKey::kUp:
      return Command::kLineUp;
    case SpecialKey::kDown:
      return Command::kLineDown;
    case SpecialKey::kCtrlLeft:
      return Command::kWordPrevious;
    case SpecialKey::kCtrlRight:
      return Command::kWordNext;
    case SpecialKey::kHome:
      return Command::kLineStart;
    case SpecialKey::kEnd:
      return Command::kLineEnd;
    case SpecialKey::kPageUp:
      return Command::kPageUp;
    case SpecialKey::kPageDown:
      return Command::kPageDown;
    case SpecialKey::kEscape:
      return Command::kCancel;
    case SpecialKey::kResize:
      return Command::kResize;
    case SpecialKey::kNone:
    case SpecialKey::kEnter:
    case SpecialKey::kBackspace:
    case SpecialKey::kDelete:
      break;
  }
  return Command::kNone;
}

}  // namespace

KeyMap::KeyMap(std::vector<std::string> hotkeys)
    : hotkeys_(std::move(hotkeys)) {}

int KeyMap::LabelOf(char32_t c) const {
  for (size_t i = 0; i < hotkeys_.size(); ++i) {
    if (hotkeys_[i].size() == 1 &&
        static_cast<unsigned char>(hotkeys_[i][0]) == c) {
      return static_cast<int>(i);
    }
  }
  return -1;
}

bool KeyMap::DirectHotkey(int label) const {
  if (label < 0 || label >= static_cast<int>(hotkeys_.size()) ||
      hotkeys_[label].size() != 1) {
    return false;
  }
  return !CharacterCommands().contains(
      static_cast<unsigned char>(hotkeys_[label][0]));
}

KeyAction KeyMap::Map(const KeyEvent& key, KeyMode mode) const {
  if (key.special == SpecialKey::kResize) return {Command::kResize};
  if (mode != KeyMode::kNormal) {
    if (key.special != SpecialKey::kNone) {
      return {key.special == SpecialKey::kEscape ? Command::kCancel
                                                 : Command::kNone};
    }
    const int label = LabelOf(key.character);
    if (label < 0) return {Command::kCancel};
    return {
        mode == KeyMode::kLabelPending ? Command::kLabel : Command::kRelabel,
        label};
  }
  if (key.special != SpecialKey::kNone) return {SpecialCommand(key.special)};
  auto it = CharacterCommands().find(key.character);
  if (it != CharacterCommands().end()) return {it->second};
  const int label = LabelOf(key.character);
  if (label >= 0) return {Command::kLabel, label};
  return {Command::kNone};
}

const std::vector<KeyHelp>& KeyMap::Help() {
  static const auto* help = new std::vector<KeyHelp>{
      {"← → h l", "character left / right"},
      {"↑ ↓ k j", "screen line up / down"},
      {"w e b Ctrl-← →", "next word start / end, word back"},
      {") (", "next / previous sentence"},
      {"0 $ g G", "line start / end, text start / end"},
      {"PgUp PgDn", "page up / down"},
      {"v s Esc", "select from here / the sentence / none"},
      {"L key", "label the selection with that label"},
      {"r key", "relabel the span under the cursor"},
      {"x", "delete the span under the cursor"},
      {"n N", "next / previous suggestion"},
      {"a R", "accept / reject the suggestion there"},
      {"u", "undo your last change"},
      {"/", "find text; / Enter finds it again"},
      {"F S", "finish / skip the document, take the next"},
      {"Ctrl-L q", "redraw, quit"},
  };
  return *help;
}

}  // namespace spanlab::client
