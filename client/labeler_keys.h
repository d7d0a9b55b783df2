// The labeler's keys: key events independent of the terminal library, the
// commands they stand for, and the mapping between the two, which depends
// on the project's label hotkeys.
//
// The labeler's own keys come first: a label whose hotkey is one of them
// is assigned with `L` and then its hotkey (and relabeled with `r` and its
// hotkey), like every other label.
#ifndef SPANLAB_CLIENT_LABELER_KEYS_H_
#define SPANLAB_CLIENT_LABELER_KEYS_H_

#include <string>
#include <vector>

namespace spanlab::client {

enum class SpecialKey {
  kNone,
  kLeft,
  kRight,
  kUp,
  kDown,
  kCtrlLeft,
  kCtrlRight,
  kHome,
  kEnd,
  kPageUp,
  kPageDown,
  kEnter,
  kEscape,
  kBackspace,
  kDelete,
  kResize,
};

// One key press: a character, or a special key when `special` is set.
struct KeyEvent {
  char32_t character = 0;
  SpecialKey special = SpecialKey::kNone;

  static KeyEvent Char(char32_t c) { return {c, SpecialKey::kNone}; }
  static KeyEvent Special(SpecialKey key) { return {0, key}; }
};

enum class Command {
  kNone,
  kLeft,
  kRight,
  kWordNext,
  kWordEnd,
  kWordPrevious,
  kSentenceNext,
  kSentencePrevious,
  kLineDown,
  kLineUp,
  kLineStart,
  kLineEnd,
  kPageDown,
  kPageUp,
  kDocumentStart,
  kDocumentEnd,
  kToggleSelection,
  kSelectSentence,
  kCancel,
  kLabel,  // with `label`
  kLabelPrefix,
  kDelete,
  kRelabelPrefix,
  kRelabel,  // with `label`
  kNextSuggestion,
  kPreviousSuggestion,
  kAccept,
  kReject,
  kUndo,
  kSearch,
  kFinish,
  kSkip,
  kQuit,
  kHelp,
  kRedraw,
  kResize,
};

struct KeyAction {
  Command command = Command::kNone;
  // Index into the schema's labels, for kLabel and kRelabel.
  int label = -1;
};

// What the next key completes: a plain command, or the label of `L` or `r`.
enum class KeyMode { kNormal, kLabelPending, kRelabelPending };

// One line of the key help: the keys and what they do.
struct KeyHelp {
  std::string keys;
  std::string description;
};

class KeyMap {
 public:
  // `hotkeys[i]` is the hotkey of label i ("" for none).
  explicit KeyMap(std::vector<std::string> hotkeys);

  KeyAction Map(const KeyEvent& key, KeyMode mode) const;

  // Whether label i's hotkey works on its own (it has one, and it is not
  // one of the labeler's keys).
  bool DirectHotkey(int label) const;

  // The labeler's own keys, in the order the help shows them.
  static const std::vector<KeyHelp>& Help();

 private:
  int LabelOf(char32_t c) const;

  std::vector<std::string> hotkeys_;
};

}  // namespace spanlab::client

#endif  // SPANLAB_CLIENT_LABELER_KEYS_H_
