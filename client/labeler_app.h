// `spanlab annotate`: the terminal labeler. It takes the caller's next
// document from the server, shows it with their spans and the pending
// suggestions, and turns keys into changes that go to the server at once;
// after each change the view is re-read from the server.
//
// The pure parts (layout, boundaries, guesses, undo, keys, screen
// composition) live in the labeler_* files this class drives; this class
// holds the session's state and the control flow.
#ifndef SPANLAB_CLIENT_LABELER_APP_H_
#define SPANLAB_CLIENT_LABELER_APP_H_

#include <map>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "client/labeler_backend.h"
#include "client/labeler_boundaries.h"
#include "client/labeler_document.h"
#include "client/labeler_frame.h"
#include "client/labeler_keys.h"
#include "client/labeler_layout.h"
#include "client/labeler_terminal.h"
#include "client/labeler_undo.h"

namespace spanlab::client {

class Labeler {
 public:
  // Reads the project's schema and the caller's first document, before
  // the terminal is taken over, so that a wrong project or an unreachable
  // server is reported as a plain error.
  static absl::StatusOr<std::unique_ptr<Labeler>> Start(
      LabelerBackend& backend);

  // Runs until the annotator quits, a quit signal arrives, or nothing is
  // left and a key is pressed. Server errors along the way are shown in
  // the status line, not returned.
  void Run(Terminal& terminal);

  // The schema's label colours, in label order, for Terminal::Open.
  std::vector<Rgb> LabelColors() const;

 private:
  struct Label {
    LabelInfo info;
    std::vector<std::string> allowed_attributes;
    Rgb color;
  };

  Labeler(LabelerBackend& backend, std::vector<Label> labels);

  // labeler_app.cc: documents, drawing, input and motions.
  absl::Status LoadNext();
  absl::Status Reload();
  void Draw();
  void EnsureLayout();
  std::optional<std::string> Ask(const std::string& question,
                                 const std::string& initial);
  void Dispatch(const KeyAction& action);
  void Move(Command command);
  void ToggleSelection();
  void SelectSentence();
  void GoToSuggestion(bool next);
  void Search();
  void Say(std::string message);
  // Shows a failed call: a revision conflict reloads the spans, anything
  // else becomes the status line.
  void Fail(const absl::Status& status);

  // labeler_edits.cc: changes sent to the server.
  void LabelSelection(int label);
  std::map<std::string, std::string> AskAttributes(const Label& label,
                                                   CodePointRange span);
  void DeleteUnderCursor();
  void Relabel(int label);
  void AcceptSuggestion();
  void RejectSuggestion();
  void Undo();
  void EndDocument(bool skip);
  // "opinion [3,9) “text”".
  std::string Describe(const std::string& label, int64_t start,
                       int64_t end) const;

  LabelerBackend& backend_;
  Terminal* terminal_ = nullptr;
  std::vector<Label> labels_;
  KeyMap keys_;

  // The document on screen; unset once nothing is left.
  std::optional<LabelerDocument> document_;
  std::optional<TextBoundaries> boundaries_;
  std::unique_ptr<TextLayout> layout_;
  bool resumed_ = false;
  int64_t done_ = 0;
  int64_t total_ = 0;
  std::string farewell_;

  int64_t cursor_ = 0;
  // The cell vertical motions aim for; -1 to take the cursor's.
  int goal_column_ = -1;
  int top_ = 0;
  Selection selection_;
  KeyMode mode_ = KeyMode::kNormal;
  UndoStack undo_;
  std::string last_search_;

  std::string message_;
  bool message_is_error_ = false;
  std::optional<Prompt> prompt_;
  bool help_ = false;
  bool quit_ = false;
};

}  // namespace spanlab::client

#endif  // SPANLAB_CLIENT_LABELER_APP_H_
