#include "client/reconcile_interactive.h"

#include <unistd.h>

#include <map>
#include <memory>
#include <optional>
#include <utility>

#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "absl/strings/strip.h"
#include "client/errors.h"
#include "client/format.h"
#include "client/labeler_boundaries.h"
#include "client/labeler_layout.h"
#include "client/reconcile_input.h"
#include "client/reconcile_view.h"
#include "client/table.h"

namespace spanlab::client {
namespace {

// A document's text as the item screens need it.
struct DocumentText {
  std::u32string text;
  std::optional<TextBoundaries> boundaries;
};

// Errors the server returns for a decision it will not store as given: the
// adjudicator may correct it and try again.
bool IsCorrectable(const absl::Status& status) {
  return status.code() == absl::StatusCode::kInvalidArgument ||
         status.code() == absl::StatusCode::kFailedPrecondition ||
         status.code() == absl::StatusCode::kAlreadyExists;
}

// One run through the open items.
class Adjudication final {
 public:
  Adjudication(Session& session, Connection& connection, v1::Project project)
      : session_(session),
        connection_(connection),
        project_(std::move(project)),
        input_(session.out()),
        clear_screen_(isatty(STDOUT_FILENO) != 0) {
    for (const v1::LabelDefinition& label : project_.schema().labels()) {
      colors_[label.name()] =
          ParseHexColor(label.color()).value_or(kFallbackColor);
    }
  }

  absl::Status Run(const std::vector<v1::ReconcileItem>& items) {
    std::ostream& out = session_.out();
    int resolved = 0;
    int skipped = 0;
    int changed = 0;
    bool quit = false;
    for (size_t i = 0; i < items.size() && !quit; ++i) {
      auto text = Text(items[i].document());
      if (!text.ok()) return text.status();
      std::string message;
      while (true) {
        if (clear_screen_) out << "\x1b[H\x1b[2J";
        const CodePointRange context =
            ItemContext(*(*text)->boundaries, items[i].start(), items[i].end());
        out << RenderItem(
            items[i], (*text)->text, context, static_cast<int>(i) + 1,
            static_cast<int>(items.size()), session_.color(), colors_);
        if (!message.empty()) out << message << '\n';
        std::optional<v1::ResolveItemRequest> request;
        const Step step = Decide(items[i], &request, &message);
        if (step == Step::kQuit) {
          quit = true;
          break;
        }
        if (step == Step::kSkip) {
          ++skipped;
          break;
        }
        if (step == Step::kAgain) continue;
        v1::ReconcileItem stored;
        const absl::Status status = connection_.Call(
            connection_.reconcile(), &v1::ReconcileService::Stub::ResolveItem,
            *request, &stored);
        if (status.ok()) {
          ++resolved;
          out << "resolved " << LastSegment(stored.name()) << " (revision "
              << stored.revision() << ")\n";
          break;
        }
        if (status.code() == absl::StatusCode::kAborted) {
          ++changed;
          out << "changed meanwhile, left for the next run: "
              << ErrorLine(status) << '\n';
          break;
        }
        if (!IsCorrectable(status)) return status;
        message = ErrorLine(status);
      }
    }
    const int left = static_cast<int>(items.size()) - resolved;
    out << "\nresolved " << resolved << ", skipped " << skipped
        << ", changed meanwhile " << changed << "; ";
    if (left == 0) {
      out << "no open items left\n";
    } else {
      out << left << (left == 1 ? " item" : " items")
          << " still open (run `spanlab reconcile` again to continue)\n";
    }
    return absl::OkStatus();
  }

 private:
  enum class Step { kSend, kSkip, kQuit, kAgain };

  absl::StatusOr<DocumentText*> Text(const std::string& name) {
    auto it = texts_.find(name);
    if (it != texts_.end()) return it->second.get();
    v1::GetDocumentRequest request;
    request.set_name(name);
    v1::Document document;
    absl::Status status = connection_.Call(
        connection_.documents(), &v1::DocumentService::Stub::GetDocument,
        request, &document);
    if (!status.ok()) return status;
    auto text = std::make_unique<DocumentText>();
    text->text = DecodeUtf8(document.text());
    auto boundaries = TextBoundaries::Build(document.text());
    if (!boundaries.ok()) return boundaries.status();
    text->boundaries = *std::move(boundaries);
    return texts_.emplace(name, std::move(text)).first->second.get();
  }

  // Reads the adjudicator's decision on `item` into `*request`. kAgain with
  // `*message` set when the input needs correcting.
  Step Decide(const v1::ReconcileItem& item,
              std::optional<v1::ResolveItemRequest>* request,
              std::string* message) {
    message->clear();
    std::optional<char> key = input_.ReadKey();
    if (!key.has_value()) return Step::kQuit;
    const Choice choice = ParseKey(*key, item.versions_size());
    v1::ResolveItemRequest r;
    r.set_name(item.name());
    r.set_revision(item.revision());
    r.set_include_automatic(item.include_automatic());
    switch (choice.kind) {
      case Choice::Kind::kQuit:
        return Step::kQuit;
      case Choice::Kind::kSkip:
        return Step::kSkip;
      case Choice::Kind::kUnknown:
        *message = absl::StrCat("key '", OneKey(*key), "' means nothing here");
        return Step::kAgain;
      case Choice::Kind::kDrop:
        r.mutable_drop();
        break;
      case Choice::Kind::kTake:
        r.mutable_take()->add_annotations(
            item.versions(choice.version).annotation());
        break;
      case Choice::Kind::kTakeSeveral: {
        std::optional<std::string> line =
            input_.Prompt("versions to take (e.g. 1,3): ");
        if (!line.has_value()) return Step::kQuit;
        auto versions = ParseVersionList(*line, item.versions_size());
        if (!versions.ok()) {
          *message = std::string(versions.status().message());
          return Step::kAgain;
        }
        v1::TakeVersions* take = r.mutable_take();
        for (int v : *versions) {
          take->add_annotations(item.versions(v).annotation());
        }
        break;
      }
      case Choice::Kind::kEdit:
        if (!Edit(item, r.mutable_edit(), message)) {
          return message->empty() ? Step::kQuit : Step::kAgain;
        }
        break;
    }
    *request = std::move(r);
    return Step::kSend;
  }

  static std::string OneKey(char key) {
    if (key >= 0x20 && key < 0x7f) return std::string(1, key);
    return absl::StrCat("\\x", absl::Hex(static_cast<unsigned char>(key)));
  }

  // Asks for the edited span, label and attributes, defaulting to the
  // first version's. False at the end of the input (message empty) or for
  // a malformed number (message set).
  bool Edit(const v1::ReconcileItem& item, v1::EditedSpan* edit,
            std::string* message) {
    const v1::ItemVersion& base = item.versions(0);
    std::optional<int64_t> start = AskNumber("start", base.start(), message);
    if (!start.has_value()) return false;
    std::optional<int64_t> end = AskNumber("end", base.end(), message);
    if (!end.has_value()) return false;
    std::vector<std::string> names;
    for (const v1::LabelDefinition& l : project_.schema().labels()) {
      names.push_back(l.name());
    }
    std::optional<std::string> label = input_.Prompt(absl::StrCat(
        "label (", absl::StrJoin(names, ", "), ") [", base.label(), "]: "));
    if (!label.has_value()) return false;
    edit->set_start(*start);
    edit->set_end(*end);
    edit->set_label(absl::StripAsciiWhitespace(*label).empty()
                        ? base.label()
                        : std::string(absl::StripAsciiWhitespace(*label)));
    for (const v1::LabelDefinition& l : project_.schema().labels()) {
      if (l.name() != edit->label()) continue;
      for (const std::string& key : l.allowed_attributes()) {
        auto it = base.attributes().find(key);
        const std::string current =
            it == base.attributes().end() ? "" : it->second;
        std::optional<std::string> value =
            input_.Prompt(absl::StrCat(key, " [", current, "] (- for none): "));
        if (!value.has_value()) return false;
        const std::string v = *value == "" ? current : *value;
        if (!v.empty() && v != "-") (*edit->mutable_attributes())[key] = v;
      }
    }
    return true;
  }

  std::optional<int64_t> AskNumber(absl::string_view what, int64_t current,
                                   std::string* message) {
    std::optional<std::string> line =
        input_.Prompt(absl::StrCat(what, " [", current, "]: "));
    if (!line.has_value()) return std::nullopt;
    const absl::string_view text = absl::StripAsciiWhitespace(*line);
    if (text.empty()) return current;
    int64_t n = 0;
    if (!absl::SimpleAtoi(text, &n) || n < 0) {
      *message = absl::StrCat(what, " \"", OneLine(text),
                              "\": not a code-point offset");
      return std::nullopt;
    }
    return n;
  }

  Session& session_;
  Connection& connection_;
  v1::Project project_;
  LabelColors colors_;
  ReconcileInput input_;
  bool clear_screen_;
  std::map<std::string, std::unique_ptr<DocumentText>> texts_;
};

}  // namespace

std::string ReconcileParent(const ReconcileTarget& target) {
  std::string parent = absl::StrCat("projects/", target.project);
  if (!target.document.empty()) {
    absl::StrAppend(&parent, "/documents/", target.document);
  }
  return parent;
}

absl::StatusOr<std::vector<v1::ReconcileItem>> ListAllItems(
    Connection& connection, const ReconcileTarget& target,
    v1::ItemStatusFilter status) {
  v1::ListItemsRequest request;
  request.set_parent(ReconcileParent(target));
  request.set_status(status);
  request.set_include_automatic(target.include_automatic);
  request.set_page_size(kListPageSize);
  std::vector<v1::ReconcileItem> items;
  do {
    v1::ListItemsResponse page;
    absl::Status s =
        connection.Call(connection.reconcile(),
                        &v1::ReconcileService::Stub::ListItems, request, &page);
    if (!s.ok()) return s;
    for (v1::ReconcileItem& item : *page.mutable_items()) {
      items.push_back(std::move(item));
    }
    request.set_page_token(page.next_page_token());
  } while (!request.page_token().empty());
  return items;
}

absl::Status RunInteractiveReconcile(Session& session, Connection& connection,
                                     const ReconcileTarget& target) {
  v1::GetProjectRequest get;
  get.set_name(absl::StrCat("projects/", target.project));
  v1::Project project;
  absl::Status s =
      connection.Call(connection.projects(),
                      &v1::ProjectService::Stub::GetProject, get, &project);
  if (!s.ok()) return s;
  auto items = ListAllItems(connection, target, v1::OPEN_ITEMS);
  if (!items.ok()) return items.status();
  if (items->empty()) {
    session.out() << "nothing to reconcile: no open items\n";
    return absl::OkStatus();
  }
  Adjudication run(session, connection, std::move(project));
  return run.Run(*items);
}

}  // namespace spanlab::client
