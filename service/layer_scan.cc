#include "service/layer_scan.h"

#include <algorithm>
#include <set>

#include "absl/container/flat_hash_map.h"
#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/strip.h"
#include "service/names.h"

namespace spanlab {
namespace {

// Who is on each document: finished and active annotators.
struct Involvement {
  absl::flat_hash_set<std::string> finished;
  absl::flat_hash_set<std::string> active;
};

absl::StatusOr<absl::flat_hash_map<std::string, Involvement>> ReadInvolvement(
    Store* store, absl::string_view project) {
  absl::flat_hash_map<std::string, Involvement> out;
  auto txn = store->BeginAssignments(project);
  if (!txn.ok()) return txn.status();
  absl::Status s = (*txn)->ForEach(
      [&](absl::string_view id, const v1::DocumentAssignment& a) {
        Involvement& inv = out[id];
        inv.finished.insert(a.finished().begin(), a.finished().end());
        inv.active.insert(a.active().begin(), a.active().end());
        return true;
      });
  if (!s.ok()) return s;
  return out;
}

}  // namespace

absl::StatusOr<LayerSpec> ParseLayerSpec(absl::string_view spec,
                                         absl::string_view field) {
  LayerSpec out;
  absl::string_view name = spec;
  if (spec == "gold") {
    out.kind = v1::GOLD;
    out.key = "gold";
    return out;
  }
  if (absl::ConsumePrefix(&name, "automatic:")) {
    out.kind = v1::AUTOMATIC;
  } else {
    absl::ConsumePrefix(&name, "human:");
    out.kind = v1::HUMAN;
  }
  absl::Status s = ValidateAnnotatorId(name, field);
  if (!s.ok()) {
    return absl::InvalidArgumentError(absl::StrCat(
        field, "=", Quote(spec),
        ": expected \"human:NAME\", \"NAME\", \"automatic:NAME\" or \"gold\""));
  }
  out.author = std::string(name);
  out.key = absl::StrCat(out.kind == v1::HUMAN ? "human:" : "automatic:", name);
  return out;
}

std::string LayerKey(const v1::Annotation& a) {
  switch (a.kind()) {
    case v1::GOLD:
      return "gold";
    case v1::AUTOMATIC:
      return absl::StrCat("automatic:", a.author());
    default:
      return absl::StrCat("human:", a.author());
  }
}

absl::Status ScanLayers(Store* store, absl::string_view project,
                        const ScanOptions& options, const LayerVisitor& visit) {
  auto involvement = ReadInvolvement(store, project);
  if (!involvement.ok()) return involvement.status();
  absl::flat_hash_map<std::string, const LayerSpec*> wanted;
  for (const auto& l : options.layers) wanted[l.key] = &l;

  std::string token;
  do {
    auto page = store->ListDocuments(project, 100, token, true);
    if (!page.ok()) return page.status();
    for (const v1::Document& doc : page->items) {
      if (!options.documents.empty() &&
          !options.documents.contains(doc.document_id())) {
        continue;
      }
      std::map<std::string, std::vector<v1::Annotation>> layers;
      const Involvement* inv = nullptr;
      if (auto it = involvement->find(doc.document_id());
          it != involvement->end()) {
        inv = &it->second;
      }
      // Humans who finished (or, unless only_finished, are working on) the
      // document have a layer even with no spans in it.
      for (const auto& l : options.layers) {
        if (l.kind != v1::HUMAN || inv == nullptr) continue;
        if (inv->finished.contains(l.author) ||
            (!options.only_finished && inv->active.contains(l.author))) {
          layers[l.key];
        }
      }
      AnnotationFilter filter;
      std::string atoken;
      do {
        auto annotations = store->ListAnnotations(project, doc.document_id(),
                                                  filter, 1000, atoken);
        if (!annotations.ok()) return annotations.status();
        for (auto& a : annotations->items) {
          std::string key = LayerKey(a);
          auto w = wanted.find(key);
          if (w == wanted.end()) continue;
          if (a.kind() == v1::HUMAN && options.only_finished &&
              (inv == nullptr || !inv->finished.contains(a.author()))) {
            continue;
          }
          layers[key].push_back(std::move(a));
        }
        atoken = std::move(annotations->next_page_token);
      } while (!atoken.empty());
      absl::Status s = visit(doc, layers);
      if (!s.ok()) return s;
    }
    token = std::move(page->next_page_token);
  } while (!token.empty());
  return absl::OkStatus();
}

absl::StatusOr<std::vector<LayerSpec>> HumanLayers(Store* store,
                                                   absl::string_view project) {
  std::set<std::string> authors;
  auto involvement = ReadInvolvement(store, project);
  if (!involvement.ok()) return involvement.status();
  for (const auto& [doc, inv] : *involvement) {
    authors.insert(inv.finished.begin(), inv.finished.end());
    authors.insert(inv.active.begin(), inv.active.end());
  }
  std::string token;
  do {
    auto page = store->ListDocuments(project, 1000, token, false);
    if (!page.ok()) return page.status();
    for (const auto& doc : page->items) {
      AnnotationFilter filter;
      filter.kind = v1::HUMAN;
      std::string atoken;
      do {
        auto annotations = store->ListAnnotations(project, doc.document_id(),
                                                  filter, 1000, atoken);
        if (!annotations.ok()) return annotations.status();
        for (const auto& a : annotations->items) authors.insert(a.author());
        atoken = std::move(annotations->next_page_token);
      } while (!atoken.empty());
    }
    token = std::move(page->next_page_token);
  } while (!token.empty());
  std::vector<LayerSpec> out;
  for (const auto& author : authors) {
    out.push_back({v1::HUMAN, author, absl::StrCat("human:", author)});
  }
  return out;
}

std::vector<v1::Annotation> DisjointPerLabel(
    std::vector<v1::Annotation> layer) {
  std::stable_sort(layer.begin(), layer.end(),
                   [](const v1::Annotation& a, const v1::Annotation& b) {
                     if (a.score() != b.score()) return a.score() > b.score();
                     return a.start() < b.start();
                   });
  std::vector<v1::Annotation> kept;
  for (auto& a : layer) {
    const bool clash =
        std::any_of(kept.begin(), kept.end(), [&](const v1::Annotation& k) {
          return k.label() == a.label() && k.start() < a.end() &&
                 a.start() < k.end();
        });
    if (!clash) kept.push_back(std::move(a));
  }
  std::sort(kept.begin(), kept.end(),
            [](const v1::Annotation& a, const v1::Annotation& b) {
              return a.start() < b.start();
            });
  return kept;
}

}  // namespace spanlab
