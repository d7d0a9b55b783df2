#include "client/labeler_keys.h"

#include "client/labeler_line_edit.h"
#include "gtest/gtest.h"

namespace spanlab::client {
namespace {

KeyEvent Char(char32_t c) { return KeyEvent::Char(c); }
KeyEvent Special(SpecialKey key) { return KeyEvent::Special(key); }

// The default schema's hotkeys plus two that collide with the labeler's
// own keys ("x" deletes, "w" moves) and a label without one.
const KeyMap& Keys() {
  static const KeyMap* keys = new KeyMap({"c", "o", "d", "x", "w", ""});
  return *keys;
}

TEST(KeyMapTest, MotionKeys) {
  EXPECT_EQ(Keys().Map(Char('h'), KeyMode::kNormal).command, Command::kLeft);
  EXPECT_EQ(Keys().Map(Special(SpecialKey::kLeft), KeyMode::kNormal).command,
            Command::kLeft);
  EXPECT_EQ(Keys().Map(Char('l'), KeyMode::kNormal).command, Command::kRight);
  EXPECT_EQ(Keys().Map(Char('j'), KeyMode::kNormal).command,
            Command::kLineDown);
  EXPECT_EQ(Keys().Map(Special(SpecialKey::kUp), KeyMode::kNormal).command,
            Command::kLineUp);
  EXPECT_EQ(Keys().Map(Char('w'), KeyMode::kNormal).command,
            Command::kWordNext);
  EXPECT_EQ(
      Keys().Map(Special(SpecialKey::kCtrlLeft), KeyMode::kNormal).command,
      Command::kWordPrevious);
  EXPECT_EQ(Keys().Map(Char(')'), KeyMode::kNormal).command,
            Command::kSentenceNext);
  EXPECT_EQ(Keys().Map(Char('('), KeyMode::kNormal).command,
            Command::kSentencePrevious);
}

TEST(KeyMapTest, EditingKeys) {
  EXPECT_EQ(Keys().Map(Char('v'), KeyMode::kNormal).command,
            Command::kToggleSelection);
  EXPECT_EQ(Keys().Map(Char('s'), KeyMode::kNormal).command,
            Command::kSelectSentence);
  EXPECT_EQ(Keys().Map(Char('x'), KeyMode::kNormal).command, Command::kDelete);
  EXPECT_EQ(Keys().Map(Char('a'), KeyMode::kNormal).command, Command::kAccept);
  EXPECT_EQ(Keys().Map(Char('R'), KeyMode::kNormal).command, Command::kReject);
  EXPECT_EQ(Keys().Map(Char('u'), KeyMode::kNormal).command, Command::kUndo);
  EXPECT_EQ(Keys().Map(Char('F'), KeyMode::kNormal).command, Command::kFinish);
  EXPECT_EQ(Keys().Map(Char('S'), KeyMode::kNormal).command, Command::kSkip);
  EXPECT_EQ(Keys().Map(Char('q'), KeyMode::kNormal).command, Command::kQuit);
  EXPECT_EQ(Keys().Map(Char('z'), KeyMode::kNormal).command, Command::kNone);
  EXPECT_EQ(Keys().Map(Special(SpecialKey::kResize), KeyMode::kNormal).command,
            Command::kResize);
}

TEST(KeyMapTest, LabelHotkeys) {
  const KeyAction c = Keys().Map(Char('c'), KeyMode::kNormal);
  EXPECT_EQ(c.command, Command::kLabel);
  EXPECT_EQ(c.label, 0);
  EXPECT_EQ(Keys().Map(Char('d'), KeyMode::kNormal).label, 2);
  EXPECT_TRUE(Keys().DirectHotkey(0));
  // Colliding hotkeys keep the labeler's meaning and work after L or r.
  EXPECT_FALSE(Keys().DirectHotkey(3));
  EXPECT_FALSE(Keys().DirectHotkey(5));
  EXPECT_FALSE(Keys().DirectHotkey(99));
  const KeyAction after_l = Keys().Map(Char('x'), KeyMode::kLabelPending);
  EXPECT_EQ(after_l.command, Command::kLabel);
  EXPECT_EQ(after_l.label, 3);
  const KeyAction after_r = Keys().Map(Char('o'), KeyMode::kRelabelPending);
  EXPECT_EQ(after_r.command, Command::kRelabel);
  EXPECT_EQ(after_r.label, 1);
  EXPECT_EQ(Keys().Map(Char('z'), KeyMode::kRelabelPending).command,
            Command::kCancel);
  EXPECT_EQ(
      Keys().Map(Special(SpecialKey::kEscape), KeyMode::kLabelPending).command,
      Command::kCancel);
}

TEST(KeyMapTest, HelpListsEveryKeyOnce) {
  EXPECT_GE(KeyMap::Help().size(), 10u);
  for (const KeyHelp& entry : KeyMap::Help()) {
    EXPECT_FALSE(entry.keys.empty());
    EXPECT_FALSE(entry.description.empty());
  }
}

TEST(LineEditorTest, EditsAndAccepts) {
  LineEditor editor("Ana");
  EXPECT_EQ(editor.cursor(), 3);
  editor.Handle(Char(' '));
  editor.Handle(Char(U'N'));
  editor.Handle(Char(U'ú'));
  EXPECT_EQ(editor.text(), "Ana Nú");
  editor.Handle(Special(SpecialKey::kBackspace));
  EXPECT_EQ(editor.text(), "Ana N");
  editor.Handle(Special(SpecialKey::kHome));
  editor.Handle(Special(SpecialKey::kDelete));
  EXPECT_EQ(editor.text(), "na N");
  editor.Handle(Special(SpecialKey::kRight));
  editor.Handle(Char('!'));
  EXPECT_EQ(editor.text(), "n!a N");
  editor.Handle(Char(0x1B));  // a raw control character is not inserted
  EXPECT_EQ(editor.text(), "n!a N");
  editor.Handle(Char(0x15));  // Ctrl-U
  EXPECT_EQ(editor.text(), "");
  EXPECT_EQ(editor.Handle(Special(SpecialKey::kEnter)),
            LineEditor::Result::kAccepted);
  EXPECT_EQ(editor.Handle(Special(SpecialKey::kEscape)),
            LineEditor::Result::kCancelled);
  EXPECT_EQ(editor.Handle(Char('x')), LineEditor::Result::kEditing);
}

TEST(LineEditorTest, VisibleSliceFollowsTheCursor) {
  LineEditor editor("abcdefghij");
  LineEditor::View view = editor.Visible(5);
  EXPECT_EQ(view.text, "ghij");
  EXPECT_EQ(view.cursor_column, 4);
  editor.Handle(Special(SpecialKey::kHome));
  view = editor.Visible(5);
  EXPECT_EQ(view.text, "abcde");
  EXPECT_EQ(view.cursor_column, 0);
  LineEditor wide("日本語");
  view = wide.Visible(5);
  EXPECT_EQ(view.text, "本語");
  EXPECT_EQ(view.cursor_column, 4);
}

}  // namespace
}  // namespace spanlab::client
