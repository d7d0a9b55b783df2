// show, annotations, label, unlabel, relabel.
#include <algorithm>
#include <map>
#include <memory>
#include <string>
#include <utility>
#include <vector>

#include "absl/strings/str_cat.h"
#include "client/annotation_view.h"
#include "client/ansi.h"
#include "client/commands.h"
#include "client/errors.h"
#include "client/format.h"
#include "client/render.h"
#include "client/specs.h"
#include "client/table.h"

namespace spanlab::client {
namespace {

constexpr char kLayerHelp[] =
    "Layer: all (default), gold, automatic, automatic:NAME, human, "
    "human:NAME or mine";

struct ShowOptions {
  std::string project;
  std::string document;
  std::string layer = "all";
};

struct AnnotationsOptions {
  std::string project;
  std::string document;
  std::string layer = "all";
  bool show_deleted = false;
};

struct LabelOptions {
  std::string project;
  std::string document;
  std::string label;
  std::string span;
  std::string quote;
  int nth = 0;
  std::vector<std::string> attributes;
  std::string note;
  std::string kind;
  std::string model_version;
  double score = 0;
};

struct UnlabelOptions {
  std::string project;
  std::string document;
  std::string annotation;
  int64_t revision = 0;
};

struct RelabelOptions {
  std::string project;
  std::string document;
  std::string annotation;
  std::string label;
  int64_t revision = 0;
};

const std::map<std::string, v1::AnnotationKind>& KindsByName() {
  static const auto* kinds = new std::map<std::string, v1::AnnotationKind>{
      {"human", v1::HUMAN},
      {"automatic", v1::AUTOMATIC},
      {"gold", v1::GOLD},
  };
  return *kinds;
}

// Prints one annotation a command changed: JSON, or `verb` and the
// description.
void PrintChanged(Session& session, absl::string_view verb,
                  const v1::Annotation& annotation) {
  if (session.json()) {
    session.out() << DumpJson(MessageToJson(annotation)) << '\n';
  } else {
    session.out() << verb << ' ' << DescribeAnnotation(annotation) << '\n';
  }
}

absl::Status RunShow(Session& session, const ShowOptions& options) {
  absl::StatusOr<LayerSpec> layer = ParseLayerSpec(options.layer);
  if (!layer.ok()) return layer.status();
  absl::StatusOr<Connection*> connection = session.Connect();
  if (!connection.ok()) return connection.status();
  v1::GetDocumentRequest request;
  request.set_name(DocumentName(options.project, options.document));
  v1::Document document;
  if (absl::Status status = (*connection)
                                ->Call((*connection)->documents(),
                                       &v1::DocumentService::Stub::GetDocument,
                                       request, &document);
      !status.ok()) {
    return status;
  }
  absl::StatusOr<std::vector<v1::Annotation>> annotations =
      ListAllAnnotations(**connection, request.name(), *layer,
                         /*show_deleted=*/false);
  if (!annotations.ok()) return annotations.status();

  if (session.json()) {
    nlohmann::ordered_json result = {
        {"document", MessageToJson(document)},
        {"annotations", nlohmann::ordered_json::array()}};
    for (const v1::Annotation& annotation : *annotations) {
      result["annotations"].push_back(MessageToJson(annotation));
    }
    session.out() << DumpJson(result) << '\n';
    return absl::OkStatus();
  }

  LabelColors colors;
  if (session.color()) {
    absl::StatusOr<LabelColors> fetched =
        FetchLabelColors(**connection, options.project);
    if (!fetched.ok()) return fetched.status();
    colors = *std::move(fetched);
  }
  std::ostream& out = session.out();
  const std::string title = document.title().empty()
                                ? document.document_id()
                                : OneLine(document.title());
  if (session.color()) {
    out << kBold << title << kReset << '\n';
  } else {
    out << title << '\n';
  }
  out << document.name() << "  (" << document.length() << " code points, "
      << annotations->size() << (annotations->size() == 1 ? " span" : " spans")
      << ")\n\n";
  out << RenderText(document.text(), ToRenderSpans(*annotations),
                    session.color(), colors);
  if (!document.text().empty() && document.text().back() != '\n') out << '\n';
  if (annotations->empty()) return absl::OkStatus();
  out << '\n';
  if (session.color()) {
    std::vector<std::string> labels;
    for (const v1::Annotation& annotation : *annotations) {
      if (std::find(labels.begin(), labels.end(), annotation.label()) ==
          labels.end()) {
        labels.push_back(annotation.label());
      }
    }
    out << RenderLegend(labels, colors) << "\n\n";
  }
  out << SpanTable(*annotations, /*show_deleted=*/false, session.color(),
                   colors);
  return absl::OkStatus();
}

absl::Status RunAnnotations(Session& session,
                            const AnnotationsOptions& options) {
  absl::StatusOr<LayerSpec> layer = ParseLayerSpec(options.layer);
  if (!layer.ok()) return layer.status();
  absl::StatusOr<Connection*> connection = session.Connect();
  if (!connection.ok()) return connection.status();
  absl::StatusOr<std::vector<v1::Annotation>> annotations = ListAllAnnotations(
      **connection, DocumentName(options.project, options.document), *layer,
      options.show_deleted);
  if (!annotations.ok()) return annotations.status();

  if (session.json()) {
    nlohmann::ordered_json array = nlohmann::ordered_json::array();
    for (const v1::Annotation& annotation : *annotations) {
      array.push_back(MessageToJson(annotation));
    }
    session.out() << DumpJson(array) << '\n';
    return absl::OkStatus();
  }
  LabelColors colors;
  if (session.color()) {
    absl::StatusOr<LabelColors> fetched =
        FetchLabelColors(**connection, options.project);
    if (!fetched.ok()) return fetched.status();
    colors = *std::move(fetched);
  }
  session.out() << SpanTable(*annotations, options.show_deleted,
                             session.color(), colors);
  return absl::OkStatus();
}

absl::Status RunLabel(Session& session, const LabelOptions& options) {
  v1::CreateAnnotationRequest request;
  request.set_parent(DocumentName(options.project, options.document));
  v1::Annotation& annotation = *request.mutable_annotation();
  annotation.set_label(options.label);
  if (!options.span.empty()) {
    absl::StatusOr<SpanSpec> span = ParseSpanSpec(options.span);
    if (!span.ok()) return span.status();
    annotation.set_start(span->start);
    annotation.set_end(span->end);
  } else if (!options.quote.empty()) {
    request.set_quote(options.quote);
    request.set_occurrence(options.nth);
  } else {
    return UsageError("give the span as --span START:END or --quote TEXT");
  }
  for (const std::string& attribute : options.attributes) {
    absl::StatusOr<AttributeSpec> parsed = ParseAttributeSpec(attribute);
    if (!parsed.ok()) return parsed.status();
    (*annotation.mutable_attributes())[parsed->key] = parsed->value;
  }
  annotation.set_note(options.note);
  if (!options.kind.empty())
    annotation.set_kind(KindsByName().at(options.kind));
  annotation.set_model_version(options.model_version);
  annotation.set_score(options.score);

  absl::StatusOr<Connection*> connection = session.Connect();
  if (!connection.ok()) return connection.status();
  v1::Annotation created;
  if (absl::Status status =
          (*connection)
              ->Call((*connection)->annotations(),
                     &v1::AnnotationService::Stub::CreateAnnotation, request,
                     &created);
      !status.ok()) {
    return status;
  }
  PrintChanged(session, "created", created);
  return absl::OkStatus();
}

absl::Status RunUnlabel(Session& session, const UnlabelOptions& options) {
  v1::DeleteAnnotationRequest request;
  request.set_name(
      AnnotationName(options.project, options.document, options.annotation));
  request.set_revision(options.revision);
  absl::StatusOr<Connection*> connection = session.Connect();
  if (!connection.ok()) return connection.status();
  v1::Annotation deleted;
  if (absl::Status status =
          (*connection)
              ->Call((*connection)->annotations(),
                     &v1::AnnotationService::Stub::DeleteAnnotation, request,
                     &deleted);
      !status.ok()) {
    return status;
  }
  PrintChanged(session, "deleted", deleted);
  return absl::OkStatus();
}

absl::Status RunRelabel(Session& session, const RelabelOptions& options) {
  v1::UpdateAnnotationRequest request;
  v1::Annotation& annotation = *request.mutable_annotation();
  annotation.set_name(
      AnnotationName(options.project, options.document, options.annotation));
  annotation.set_label(options.label);
  annotation.set_revision(options.revision);
  request.mutable_update_mask()->add_paths("label");
  absl::StatusOr<Connection*> connection = session.Connect();
  if (!connection.ok()) return connection.status();
  v1::Annotation updated;
  if (absl::Status status =
          (*connection)
              ->Call((*connection)->annotations(),
                     &v1::AnnotationService::Stub::UpdateAnnotation, request,
                     &updated);
      !status.ok()) {
    return status;
  }
  PrintChanged(session, "relabeled", updated);
  return absl::OkStatus();
}

// Adds the PROJECT and DOC positionals every annotation command starts with.
void AddDocumentArguments(CLI::App* command, std::string* project,
                          std::string* document) {
  command->add_option("PROJECT", *project, "Project id")->required();
  command->add_option("DOC", *document, "Document id")->required();
}

}  // namespace

void AddAnnotationCommands(CLI::App& app, Action* action) {
  auto show_options = std::make_shared<ShowOptions>();
  CLI::App* show = app.add_subcommand(
      "show", "Show a document with its labeled spans highlighted");
  AddDocumentArguments(show, &show_options->project, &show_options->document);
  show->add_option("--layer", show_options->layer, kLayerHelp);
  BindAction(show, action, show_options, &RunShow);

  auto list_options = std::make_shared<AnnotationsOptions>();
  CLI::App* list =
      app.add_subcommand("annotations", "List the spans of a document");
  AddDocumentArguments(list, &list_options->project, &list_options->document);
  list->add_option("--layer", list_options->layer, kLayerHelp);
  list->add_flag("--show-deleted", list_options->show_deleted,
                 "Include deleted spans");
  BindAction(list, action, list_options, &RunAnnotations);

  auto label_options = std::make_shared<LabelOptions>();
  CLI::App* label = app.add_subcommand("label", "Label a span");
  AddDocumentArguments(label, &label_options->project,
                       &label_options->document);
  label->add_option("LABEL", label_options->label, "Label name")->required();
  CLI::Option* span = label->add_option(
      "--span", label_options->span, "START:END in code points, end exclusive");
  CLI::Option* quote = label->add_option("--quote", label_options->quote,
                                         "The exact text of the span");
  span->excludes(quote);
  label
      ->add_option("--nth", label_options->nth,
                   "Which occurrence of the quote, from 1 (needed when it "
                   "occurs more than once)")
      ->needs(quote)
      ->check(CLI::PositiveNumber);
  label->add_option("--attr", label_options->attributes,
                    "Attribute KEY=VALUE; repeatable");
  label->add_option("--note", label_options->note, "Free note");
  std::vector<std::string> kinds;
  for (const auto& [name, kind] : KindsByName()) kinds.push_back(name);
  label
      ->add_option("--kind", label_options->kind,
                   "Kind of annotation (default: from your role)")
      ->check(CLI::IsMember(kinds));
  label->add_option("--model-version", label_options->model_version,
                    "Model version, for automatic annotations");
  label
      ->add_option("--score", label_options->score,
                   "Confidence in [0, 1], for automatic annotations")
      ->check(CLI::Range(0.0, 1.0));
  BindAction(label, action, label_options, &RunLabel);

  auto unlabel_options = std::make_shared<UnlabelOptions>();
  CLI::App* unlabel = app.add_subcommand("unlabel", "Delete a span");
  AddDocumentArguments(unlabel, &unlabel_options->project,
                       &unlabel_options->document);
  unlabel
      ->add_option("ANNOTATION_ID", unlabel_options->annotation,
                   "Annotation id")
      ->required();
  unlabel
      ->add_option("--revision", unlabel_options->revision,
                   "Delete only if this is the current revision")
      ->check(CLI::NonNegativeNumber);
  BindAction(unlabel, action, unlabel_options, &RunUnlabel);

  auto relabel_options = std::make_shared<RelabelOptions>();
  CLI::App* relabel =
      app.add_subcommand("relabel", "Change the label of a span");
  AddDocumentArguments(relabel, &relabel_options->project,
                       &relabel_options->document);
  relabel
      ->add_option("ANNOTATION_ID", relabel_options->annotation,
                   "Annotation id")
      ->required();
  relabel->add_option("NEW_LABEL", relabel_options->label, "New label name")
      ->required();
  relabel
      ->add_option("--revision", relabel_options->revision,
                   "Change only if this is the current revision (0: any)")
      ->check(CLI::NonNegativeNumber);
  BindAction(relabel, action, relabel_options, &RunRelabel);
}

}  // namespace spanlab::client
