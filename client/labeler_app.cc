#include "client/labeler_app.h"

#include <algorithm>
#include <utility>

#include "absl/strings/str_cat.h"
#include "client/ansi.h"
#include "client/errors.h"

namespace spanlab::client {
namespace {

constexpr int kPreviewWidth = 24;

// `text` cut to `width` code points with "…", for messages.
std::string Preview(const std::u32string& text, int64_t start, int64_t end,
                    int width = kPreviewWidth) {
  std::u32string slice = text.substr(start, end - start);
  for (char32_t& c : slice) {
    if (c < 0x20) c = ' ';
  }
  if (static_cast<int64_t>(slice.size()) > width) {
    slice.resize(width - 1);
    slice += U'…';
  }
  return absl::StrCat("“", EncodeUtf8(slice, 0, slice.size()), "”");
}

}  // namespace

absl::StatusOr<std::unique_ptr<Labeler>> Labeler::Start(
    LabelerBackend& backend) {
  absl::StatusOr<v1::Project> project = backend.GetProject();
  if (!project.ok()) return project.status();
  if (absl::StatusOr<std::string> me = backend.WhoAmI(); !me.ok()) {
    return me.status();
  }
  std::vector<Label> labels;
  for (const v1::LabelDefinition& definition : project->schema().labels()) {
    Label label;
    label.info.name = definition.name();
    label.info.hotkey = definition.hotkey();
    label.allowed_attributes.assign(definition.allowed_attributes().begin(),
                                    definition.allowed_attributes().end());
    label.color = ParseHexColor(definition.color()).value_or(kFallbackColor);
    labels.push_back(std::move(label));
  }
  std::unique_ptr<Labeler> labeler(new Labeler(backend, std::move(labels)));
  if (absl::Status status = labeler->LoadNext(); !status.ok()) return status;
  return labeler;
}

Labeler::Labeler(LabelerBackend& backend, std::vector<Label> labels)
    : backend_(backend), labels_(std::move(labels)), keys_([&] {
        std::vector<std::string> hotkeys;
        for (const Label& label : labels_) hotkeys.push_back(label.info.hotkey);
        return hotkeys;
      }()) {
  for (size_t i = 0; i < labels_.size(); ++i) {
    labels_[i].info.direct = keys_.DirectHotkey(static_cast<int>(i));
  }
}

std::vector<Rgb> Labeler::LabelColors() const {
  std::vector<Rgb> colors;
  for (const Label& label : labels_) colors.push_back(label.color);
  return colors;
}

absl::Status Labeler::LoadNext() {
  absl::StatusOr<v1::NextDocumentResponse> next = backend_.NextDocument();
  if (!next.ok()) return next.status();
  done_ = next->progress().done();
  total_ = next->progress().total();
  undo_.Clear();
  selection_ = Selection();
  mode_ = KeyMode::kNormal;
  layout_.reset();
  cursor_ = top_ = 0;
  goal_column_ = -1;
  if (!next->has_document()) {
    document_.reset();
    boundaries_.reset();
    farewell_ = absl::StrCat("Nothing left to label in ", backend_.project(),
                             ": you have done ", done_, " of ", total_,
                             total_ == 1 ? " document." : " documents.");
    return absl::OkStatus();
  }
  const v1::Document& document = next->document();
  absl::StatusOr<TextBoundaries> boundaries =
      TextBoundaries::Build(document.text());
  if (!boundaries.ok()) return boundaries.status();
  boundaries_ = *std::move(boundaries);
  document_.emplace(document.document_id(), document.title(), document.text());
  resumed_ = next->resumed();
  return Reload();
}

absl::Status Labeler::Reload() {
  if (!document_.has_value()) return absl::OkStatus();
  absl::StatusOr<Layers> layers = backend_.ListLayers(document_->id());
  if (!layers.ok()) return layers.status();
  document_->SetSpans(std::move(layers->mine), std::move(layers->suggestions));
  return absl::OkStatus();
}

void Labeler::Run(Terminal& terminal) {
  terminal_ = &terminal;
  if (document_.has_value()) {
    Say(resumed_ ? "resumed your unfinished document; ? shows the keys"
                 : "? shows the keys");
  }
  while (!quit_) {
    Draw();
    const std::optional<KeyEvent> key = terminal.ReadKey();
    if (!key.has_value()) break;
    if (key->special == SpecialKey::kResize) continue;  // Draw re-lays out
    if (!document_.has_value()) break;  // the farewell was shown
    if (help_) {
      help_ = false;
      continue;
    }
    Dispatch(keys_.Map(*key, mode_));
  }
  terminal_ = nullptr;
}

void Labeler::EnsureLayout() {
  if (!document_.has_value()) return;
  const int width = terminal_->width();
  if (layout_ == nullptr || layout_->width() != std::max(width, 2)) {
    layout_ = std::make_unique<TextLayout>(document_->text(), width);
  }
  top_ = ScrollTop(top_, layout_->LineOf(cursor_),
                   TextRows(terminal_->height()), layout_->line_count());
}

void Labeler::Draw() {
  EnsureLayout();
  ScreenState state;
  state.project = backend_.project();
  if (document_.has_value()) {
    state.document = &*document_;
    state.layout = layout_.get();
  }
  for (const Label& label : labels_) state.labels.push_back(label.info);
  state.resumed = resumed_;
  state.done = done_;
  state.total = total_;
  state.top = top_;
  state.cursor = cursor_;
  if (selection_.active) state.selection = selection_.Range(cursor_);
  state.mode = mode_;
  state.message = message_;
  state.message_is_error = message_is_error_;
  state.prompt = prompt_;
  state.help = help_;
  state.farewell = farewell_;
  terminal_->Paint(
      ComposeFrame(state, terminal_->width(), terminal_->height()));
}

std::optional<std::string> Labeler::Ask(const std::string& question,
                                        const std::string& initial) {
  prompt_ = Prompt{question, LineEditor(initial)};
  std::optional<std::string> answer;
  while (true) {
    Draw();
    const std::optional<KeyEvent> key = terminal_->ReadKey();
    if (!key.has_value()) {
      quit_ = true;
      break;
    }
    if (key->special == SpecialKey::kResize) continue;
    const LineEditor::Result result = prompt_->editor.Handle(*key);
    if (result == LineEditor::Result::kAccepted) {
      answer = prompt_->editor.text();
      break;
    }
    if (result == LineEditor::Result::kCancelled) break;
  }
  prompt_.reset();
  return answer;
}

void Labeler::Say(std::string message) {
  message_ = std::move(message);
  message_is_error_ = false;
}

void Labeler::Fail(const absl::Status& status) {
  if (status.code() == absl::StatusCode::kAborted) {
    const absl::Status reloaded = Reload();
    if (reloaded.ok()) {
      Say("changed elsewhere: reloaded");
      return;
    }
    Fail(reloaded);
    return;
  }
  message_ = absl::StrCat(absl::StatusCodeToString(status.code()), ": ",
                          FoldToOneLine(status.message()));
  message_is_error_ = true;
}

void Labeler::Dispatch(const KeyAction& action) {
  mode_ = KeyMode::kNormal;
  switch (action.command) {
    case Command::kNone:
      return;
    case Command::kQuit:
      quit_ = true;
      return;
    case Command::kHelp:
      help_ = true;
      return;
    case Command::kRedraw:
      terminal_->Invalidate();
      return;
    case Command::kResize:
      return;
    case Command::kCancel:
      selection_ = Selection();
      Say("");
      return;
    case Command::kToggleSelection:
      ToggleSelection();
      return;
    case Command::kSelectSentence:
      SelectSentence();
      return;
    case Command::kLabelPrefix:
      mode_ = KeyMode::kLabelPending;
      return;
    case Command::kRelabelPrefix:
      mode_ = KeyMode::kRelabelPending;
      return;
    case Command::kLabel:
      LabelSelection(action.label);
      return;
    case Command::kRelabel:
      Relabel(action.label);
      return;
    case Command::kDelete:
      DeleteUnderCursor();
      return;
    case Command::kAccept:
      AcceptSuggestion();
      return;
    case Command::kReject:
      RejectSuggestion();
      return;
    case Command::kUndo:
      Undo();
      return;
    case Command::kNextSuggestion:
      GoToSuggestion(/*next=*/true);
      return;
    case Command::kPreviousSuggestion:
      GoToSuggestion(/*next=*/false);
      return;
    case Command::kSearch:
      Search();
      return;
    case Command::kFinish:
      EndDocument(/*skip=*/false);
      return;
    case Command::kSkip:
      EndDocument(/*skip=*/true);
      return;
    default:
      Move(action.command);
  }
}

void Labeler::Move(Command command) {
  const int64_t length = document_->length();
  const int line = layout_->LineOf(cursor_);
  const bool vertical =
      command == Command::kLineDown || command == Command::kLineUp ||
      command == Command::kPageDown || command == Command::kPageUp;
  if (vertical && goal_column_ < 0) goal_column_ = layout_->ColumnOf(cursor_);
  const int page = TextRows(terminal_->height());
  switch (command) {
    case Command::kLeft:
      cursor_ = std::max<int64_t>(0, cursor_ - 1);
      break;
    case Command::kRight:
      cursor_ = std::min(length, cursor_ + 1);
      break;
    case Command::kWordNext:
      cursor_ = boundaries_->NextWordStart(cursor_);
      break;
    case Command::kWordEnd:
      cursor_ = boundaries_->NextWordEnd(cursor_);
      break;
    case Command::kWordPrevious:
      cursor_ = boundaries_->PreviousWordStart(cursor_);
      break;
    case Command::kSentenceNext:
      cursor_ = boundaries_->NextSentenceStart(cursor_);
      break;
    case Command::kSentencePrevious:
      cursor_ = boundaries_->PreviousSentenceStart(cursor_);
      break;
    case Command::kLineDown:
      cursor_ = layout_->PositionAt(line + 1, goal_column_);
      break;
    case Command::kLineUp:
      cursor_ = layout_->PositionAt(line - 1, goal_column_);
      break;
    case Command::kPageDown:
      cursor_ = layout_->PositionAt(line + page, goal_column_);
      break;
    case Command::kPageUp:
      cursor_ = layout_->PositionAt(line - page, goal_column_);
      break;
    case Command::kLineStart:
      cursor_ = layout_->PositionAt(line, 0);
      break;
    case Command::kLineEnd:
      cursor_ = layout_->PositionAt(line, layout_->width());
      break;
    case Command::kDocumentStart:
      cursor_ = 0;
      break;
    case Command::kDocumentEnd:
      cursor_ = length;
      break;
    default:
      return;
  }
  if (!vertical) goal_column_ = -1;
}

void Labeler::ToggleSelection() {
  if (selection_.active && !selection_.fixed) {
    selection_.fixed = true;
    selection_.end = cursor_;
    const CodePointRange range = selection_.Range(cursor_);
    Say(absl::StrCat("selected [", range.start, ",", range.end, ") ",
                     Preview(document_->text(), range.start, range.end),
                     ": press a label key"));
    return;
  }
  selection_ = Selection();
  selection_.active = true;
  selection_.anchor = cursor_;
  Say("selecting: move to the other end, then v or a label key");
}

void Labeler::SelectSentence() {
  const CodePointRange sentence = boundaries_->SentenceAt(cursor_);
  if (sentence.start == sentence.end) return;
  selection_ = Selection();
  selection_.active = selection_.fixed = true;
  selection_.anchor = sentence.start;
  selection_.end = sentence.end;
  Say(absl::StrCat("sentence [", sentence.start, ",", sentence.end,
                   ") selected: press a label key"));
}

void Labeler::GoToSuggestion(bool next) {
  const LabelerSpan* found = next ? document_->NextSuggestion(cursor_)
                                  : document_->PreviousSuggestion(cursor_);
  if (found == nullptr) {
    Say("no pending suggestions in this document");
    return;
  }
  const std::vector<LabelerSpan>& all = document_->suggestions();
  const int64_t number = found - all.data() + 1;
  cursor_ = found->start;
  goal_column_ = -1;
  Say(absl::StrCat("suggestion ", number, "/", all.size(), ": ",
                   Describe(found->label, found->start, found->end), " from ",
                   found->author, " ", found->model_version, " (",
                   absl::SixDigits(found->score), "); a: accept, R: reject"));
}

void Labeler::Search() {
  const std::optional<std::string> typed =
      Ask(last_search_.empty()
              ? "find:"
              : absl::StrCat("find (Enter: “", last_search_, "” again):"),
          "");
  if (!typed.has_value()) return;
  const std::string needle = typed->empty() ? last_search_ : *typed;
  if (needle.empty()) return;
  last_search_ = needle;
  const std::optional<int64_t> found = document_->Find(needle, cursor_);
  if (!found.has_value()) {
    Say(absl::StrCat("not found: “", needle, "”"));
    return;
  }
  const bool wrapped = *found <= cursor_;
  cursor_ = *found;
  goal_column_ = -1;
  Say(absl::StrCat("found “", needle, "” at ", *found,
                   wrapped ? " (from the top)" : ""));
}

std::string Labeler::Describe(const std::string& label, int64_t start,
                              int64_t end) const {
  return absl::StrCat(label, " [", start, ",", end, ") ",
                      Preview(document_->text(), start, end));
}

}  // namespace spanlab::client
