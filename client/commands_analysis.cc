// agreement, evaluate, import-labels, autotag: comparing layers, loading a
// reference layer from a labels file, running the built-in tagger.
#include <algorithm>
#include <cmath>
#include <fstream>
#include <map>
#include <memory>
#include <string>
#include <vector>

#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_format.h"
#include "absl/strings/str_join.h"
#include "absl/strings/str_split.h"
#include "client/annotation_view.h"
#include "client/commands.h"
#include "client/errors.h"
#include "client/format.h"
#include "client/table.h"
#include "nlohmann/json.hpp"

namespace spanlab::client {
namespace {

struct AgreementOptions {
  std::string project;
  std::vector<std::string> layers;
  std::vector<std::string> labels;
  std::vector<std::string> documents;
  bool only_finished = false;
};

struct EvaluateOptions {
  std::string project;
  std::string reference;
  std::string candidate;
  std::vector<std::string> labels;
};

struct AutotagOptions {
  std::string project;
  std::vector<std::string> documents;
};

struct ImportLabelsOptions {
  std::string project;
  std::string path;
};

// Three decimals, or "n/a" for the NaN that marks an undefined measure (no
// data, or no variation).
std::string Score(double v) {
  return std::isnan(v) ? "n/a" : absl::StrFormat("%.3f", v);
}

double JsonNumber(const nlohmann::json& j) {
  return j.is_number() ? j.get<double>() : std::nan("");
}

// A square matrix of `value(pair)` between layers, blank on the diagonal.
std::string PairMatrix(const v1::AgreementResponse& r,
                       const std::vector<std::string>& layers,
                       double (*value)(const v1::PairAgreement&)) {
  std::vector<Table::Column> columns = {{""}};
  for (const auto& l : layers) columns.push_back({l, Table::Align::kRight});
  Table table(columns);
  for (const auto& row : layers) {
    std::vector<std::string> cells = {row};
    for (const auto& col : layers) {
      std::string cell = row == col ? "—" : "";
      for (const auto& p : r.pairs()) {
        if ((p.a() == row && p.b() == col) || (p.a() == col && p.b() == row)) {
          cell = Score(value(p));
        }
      }
      cells.push_back(cell);
    }
    table.AddRow(cells);
  }
  return table.Render();
}

std::string AgreementText(const v1::AgreementResponse& r) {
  const nlohmann::json report = nlohmann::json::parse(r.report_json());
  std::vector<std::string> layers = report["annotators"];
  std::vector<std::string> labels = report["labels"];
  std::string out = absl::StrCat(
      "documents compared  ", r.documents(), "\nword tokens         ",
      r.tokens(), "\nKrippendorff's α    ", Score(r.krippendorff_alpha()),
      "  (nominal, word tokens)\nFleiss' κ           ", Score(r.fleiss_kappa()),
      "  (documents every layer annotated)\nunitizing αu        ",
      Score(r.unitizing_alpha()), "  (code points)\n\n");
  absl::StrAppend(
      &out, "Overlap F1 (positive specific agreement)\n",
      PairMatrix(r, layers,
                 [](const v1::PairAgreement& p) { return p.overlap_f1(); }),
      "\nExact-boundary F1\n",
      PairMatrix(r, layers,
                 [](const v1::PairAgreement& p) { return p.exact_f1(); }),
      "\nCohen's κ (word tokens)\n",
      PairMatrix(r, layers,
                 [](const v1::PairAgreement& p) { return p.cohen_kappa(); }));

  Table per_label({{"PAIR"},
                   {"LABEL"},
                   {"EXACT F1", Table::Align::kRight},
                   {"OVERLAP F1", Table::Align::kRight},
                   {"αu", Table::Align::kRight}});
  for (const auto& pair : report["pairs"]) {
    const std::string name = absl::StrCat(pair["a"].get<std::string>(), " × ",
                                          pair["b"].get<std::string>());
    for (const auto& label : labels) {
      per_label.AddRow(
          {name, label,
           Score(JsonNumber(pair["span_exact"]["per_label"][label]["f1"])),
           Score(JsonNumber(pair["span_overlap"]["per_label"][label]["f1"])),
           Score(JsonNumber(
               pair["unitizing_alpha"]["per_label"][label]["alpha"]))});
    }
  }
  absl::StrAppend(&out, "\nPer label\n", per_label.Render());

  const auto& worst = report["worst_documents"];
  if (!worst.empty()) {
    Table table({{"DOCUMENT"},
                 {"TOKEN α", Table::Align::kRight},
                 {"OVERLAP F1", Table::Align::kRight},
                 {"αu", Table::Align::kRight}});
    for (const auto& d : worst) {
      table.AddRow({d["id"].get<std::string>(),
                    Score(JsonNumber(d["token_alpha"])),
                    Score(JsonNumber(d["overlap_f1"])),
                    Score(JsonNumber(d["unitizing_alpha"]))});
    }
    absl::StrAppend(&out, "\nWorst documents\n", table.Render());
  }
  return out;
}

absl::Status RunAgreement(Session& session, const AgreementOptions& options) {
  absl::StatusOr<Connection*> connection = session.Connect();
  if (!connection.ok()) return connection.status();
  v1::ComputeAgreementRequest request;
  request.set_parent("projects/" + options.project);
  for (const auto& l : options.layers) request.add_layers(l);
  for (const auto& l : options.labels) request.add_labels(l);
  for (const auto& d : options.documents) request.add_documents(d);
  request.set_only_finished(options.only_finished);
  v1::AgreementResponse response;
  if (absl::Status s = (*connection)
                           ->Call((*connection)->analysis(),
                                  &v1::AnalysisService::Stub::ComputeAgreement,
                                  request, &response);
      !s.ok()) {
    return s;
  }
  if (session.json()) {
    session.out() << DumpJson(
                         nlohmann::ordered_json::parse(response.report_json()))
                  << '\n';
  } else {
    session.out() << AgreementText(response);
  }
  return absl::OkStatus();
}

absl::Status RunEvaluate(Session& session, const EvaluateOptions& options) {
  absl::StatusOr<Connection*> connection = session.Connect();
  if (!connection.ok()) return connection.status();
  v1::EvaluateRequest request;
  request.set_parent("projects/" + options.project);
  request.set_reference(options.reference);
  request.set_candidate(options.candidate);
  for (const auto& l : options.labels) request.add_labels(l);
  v1::EvaluateResponse response;
  if (absl::Status s =
          (*connection)
              ->Call((*connection)->analysis(),
                     &v1::AnalysisService::Stub::Evaluate, request, &response);
      !s.ok()) {
    return s;
  }
  if (session.json()) {
    session.out() << DumpJson(MessageToJson(response)) << '\n';
    return absl::OkStatus();
  }
  Table table({{"LABEL"},
               {"REF", Table::Align::kRight},
               {"CAND", Table::Align::kRight},
               {"EXACT P", Table::Align::kRight},
               {"EXACT R", Table::Align::kRight},
               {"EXACT F1", Table::Align::kRight},
               {"OVERLAP P", Table::Align::kRight},
               {"OVERLAP R", Table::Align::kRight},
               {"OVERLAP F1", Table::Align::kRight}});
  for (const auto& s : response.scores()) {
    table.AddRow({s.label(), absl::StrCat(s.reference_spans()),
                  absl::StrCat(s.candidate_spans()), Score(s.exact_precision()),
                  Score(s.exact_recall()), Score(s.exact_f1()),
                  Score(s.overlap_precision()), Score(s.overlap_recall()),
                  Score(s.overlap_f1())});
  }
  session.out() << options.candidate << " against " << options.reference
                << " over " << response.documents() << " documents\n"
                << table.Render() << "source accuracy on matched claims: "
                << Score(response.source_accuracy()) << " ("
                << response.source_correct() << " of "
                << response.source_compared() << ")\n";
  return absl::OkStatus();
}

// A labels file has one line per document:
//   {"document": "NAME.txt", "spans": [{"start", "end", "label", "text",
//    "source", "cue", "disputed_by", "holder"}]}
// Each line becomes one BulkWriteAnnotations message in the caller's own
// layer: the server takes the author from the token, so a reference layer
// is imported by a credential created for it.
absl::Status RunImportLabels(Session& session,
                             const ImportLabelsOptions& options) {
  std::ifstream in(options.path);
  if (!in) return UsageError(absl::StrCat("cannot read ", options.path));
  std::vector<v1::BulkWriteAnnotationsRequest> requests;
  std::string line;
  for (int number = 1; std::getline(in, line); ++number) {
    if (line.find_first_not_of(" \t\r") == std::string::npos) continue;
    nlohmann::json record = nlohmann::json::parse(line, nullptr, false);
    if (record.is_discarded() || !record.contains("document") ||
        !record["document"].is_string() || !record.contains("spans") ||
        !record["spans"].is_array()) {
      return UsageError(absl::StrCat(options.path, ":", number,
                                     ": not a labels record with \"document\" "
                                     "and \"spans\""));
    }
    std::string document = record["document"];
    if (absl::EndsWith(document, ".txt")) document.resize(document.size() - 4);
    v1::BulkWriteAnnotationsRequest& r = requests.emplace_back();
    r.set_parent(DocumentName(options.project, document));
    for (const auto& span : record["spans"]) {
      if (!span.contains("start") || !span.contains("end") ||
          !span.contains("label") || !span["start"].is_number_integer() ||
          !span["end"].is_number_integer() || !span["label"].is_string()) {
        return UsageError(absl::StrCat(options.path, ":", number,
                                       ": a span lacks start, end or label"));
      }
      v1::Annotation* a = r.add_annotations();
      a->set_start(span["start"].get<int64_t>());
      a->set_end(span["end"].get<int64_t>());
      a->set_label(span["label"].get<std::string>());
      for (const char* key : {"source", "cue", "disputed_by", "holder"}) {
        if (span.contains(key) && span[key].is_string() &&
            !span[key].get<std::string>().empty()) {
          (*a->mutable_attributes())[key] = span[key].get<std::string>();
        }
      }
    }
    if (r.annotations_size() == 0) requests.pop_back();
  }
  absl::StatusOr<Connection*> connection = session.Connect();
  if (!connection.ok()) return connection.status();
  // The server checks each span against the schema: keep only the
  // attributes each label allows, as the guide defines them.
  v1::GetProjectRequest get;
  get.set_name("projects/" + options.project);
  v1::Project project;
  if (absl::Status s =
          (*connection)
              ->Call((*connection)->projects(),
                     &v1::ProjectService::Stub::GetProject, get, &project);
      !s.ok()) {
    return s;
  }
  std::map<std::string, std::vector<std::string>> allowed;
  for (const auto& l : project.schema().labels()) {
    allowed[l.name()].assign(l.allowed_attributes().begin(),
                             l.allowed_attributes().end());
  }
  for (auto& r : requests) {
    for (auto& a : *r.mutable_annotations()) {
      const auto& keep = allowed[a.label()];
      for (auto it = a.mutable_attributes()->begin();
           it != a.mutable_attributes()->end();) {
        if (std::find(keep.begin(), keep.end(), it->first) == keep.end()) {
          it = a.mutable_attributes()->erase(it);
        } else {
          ++it;
        }
      }
    }
  }
  auto context = (*connection)->NewContext();
  v1::BulkWriteAnnotationsResponse response;
  auto writer = (*connection)
                    ->annotations()
                    .BulkWriteAnnotations(context.get(), &response);
  for (const auto& r : requests) {
    if (!writer->Write(r)) break;
  }
  writer->WritesDone();
  if (absl::Status s = (*connection)->Check(writer->Finish()); !s.ok()) {
    return s;
  }
  if (session.json()) {
    session.out() << DumpJson(MessageToJson(response)) << '\n';
  } else {
    session.out() << "imported " << response.written() << " spans on "
                  << response.messages() << " documents\n";
  }
  return absl::OkStatus();
}

absl::Status RunAutotag(Session& session, const AutotagOptions& options) {
  absl::StatusOr<Connection*> connection = session.Connect();
  if (!connection.ok()) return connection.status();
  v1::AutoTagRequest request;
  request.set_parent("projects/" + options.project);
  for (const auto& d : options.documents) request.add_documents(d);
  v1::AutoTagResponse response;
  if (absl::Status s =
          (*connection)
              ->Call((*connection)->tagger(), &v1::TaggerService::Stub::AutoTag,
                     request, &response);
      !s.ok()) {
    return s;
  }
  if (session.json()) {
    session.out() << DumpJson(MessageToJson(response)) << '\n';
    return absl::OkStatus();
  }
  session.out() << response.model() << " " << response.model_version()
                << " tagged " << response.documents() << " documents in "
                << absl::StrFormat("%.3f", response.tagging_seconds())
                << " s: " << response.created() << " suggestions created, "
                << response.kept() << " kept, " << response.removed()
                << " removed\n";
  return absl::OkStatus();
}

}  // namespace

void AddAnalysisCommands(CLI::App& app, Action* action) {
  auto agreement_options = std::make_shared<AgreementOptions>();
  CLI::App* agreement = app.add_subcommand(
      "agreement",
      "How well annotators (and models) agree, per pair and label");
  agreement->add_option("PROJECT", agreement_options->project, "Project id")
      ->required();
  agreement->add_option(
      "--layer", agreement_options->layers,
      "A layer to compare: human:NAME (or NAME), automatic:NAME, gold; "
      "repeat; default every human annotator");
  agreement->add_option("--label", agreement_options->labels,
                        "Only this label; repeat");
  agreement->add_option("--doc", agreement_options->documents,
                        "Only this document; repeat");
  agreement->add_flag("--only-finished", agreement_options->only_finished,
                      "Only layers of documents their annotators finished");
  BindAction(agreement, action, agreement_options, &RunAgreement);

  auto evaluate_options = std::make_shared<EvaluateOptions>();
  CLI::App* evaluate = app.add_subcommand(
      "evaluate", "Precision, recall and F1 of one layer against another");
  evaluate->add_option("PROJECT", evaluate_options->project, "Project id")
      ->required();
  evaluate
      ->add_option("--reference", evaluate_options->reference,
                   "Reference layer (human:NAME, automatic:NAME, gold)")
      ->required();
  evaluate
      ->add_option("--candidate", evaluate_options->candidate,
                   "Candidate layer")
      ->required();
  evaluate->add_option("--label", evaluate_options->labels,
                       "Only this label; repeat");
  BindAction(evaluate, action, evaluate_options, &RunEvaluate);

  auto import_options = std::make_shared<ImportLabelsOptions>();
  CLI::App* import_labels = app.add_subcommand(
      "import-labels",
      "Load a labels file (one {document, spans} per line, code-point "
      "offsets) into your own layer");
  import_labels->add_option("PROJECT", import_options->project, "Project id")
      ->required();
  import_labels->add_option("FILE", import_options->path, "Labels file")
      ->required();
  BindAction(import_labels, action, import_options, &RunImportLabels);

  auto autotag_options = std::make_shared<AutotagOptions>();
  CLI::App* autotag = app.add_subcommand(
      "autotag",
      "Run the built-in tagger on the server: suggestions by spanlab-tagger");
  autotag->add_option("PROJECT", autotag_options->project, "Project id")
      ->required();
  autotag
      ->add_option("--docs", autotag_options->documents,
                   "Only these documents (comma-separated or repeated)")
      ->delimiter(',');
  BindAction(autotag, action, autotag_options, &RunAutotag);
}

}  // namespace spanlab::client
