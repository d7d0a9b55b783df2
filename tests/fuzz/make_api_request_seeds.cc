// Writes the seed corpus of api_request_fuzzer: one file per request
// below, named after its rpc, holding the rpc's index in api_rpcs.h and
// the request in protobuf binary.
//
//   make_api_request_seeds tests/fuzz/corpus/api_request
//
// The requests aim at the fixture's project (api_fuzz_fixture.h), naming
// its annotations and reconciliation items by the placeholders the fuzzer
// fills in. Run it again after changing the fixture or adding rpcs, and
// commit the files.
#include <cstdio>
#include <fstream>
#include <map>
#include <string>
#include <utility>
#include <vector>

#include "absl/strings/str_cat.h"
#include "google/protobuf/text_format.h"
#include "tests/fuzz/api_rpcs.h"
#include "tests/fuzz/fuzz_check.h"

namespace spanlab::fuzz {
namespace {

struct Seed {
  const char* rpc;
  // Text format; {own}, {bob}, {gold}, {suggestion} and {item} stand for
  // names of records of the fixture.
  const char* request;
};

// Valid requests first for each rpc, then near misses: the fuzzer mutates
// both into the requests that probe each check.
const Seed kSeeds[] = {
    {"ProjectService.CreateProject",
     R"(project { project_id: "q" display_name: "Café “news” 😀" overlap: 3 })"},
    {"ProjectService.CreateProject",
     R"(project { project_id: "r" schema { labels { name: "claim"
        color: "#ff8800" hotkey: "c" allowed_attributes: "source" }
        link_types: "disputes" } })"},
    {"ProjectService.CreateProject",
     R"(project { project_id: "s" schema { preset: "news-attribution" } })"},
    {"ProjectService.CreateProject", R"(project { project_id: "Bad Id" })"},
    {"ProjectService.GetProject", R"(name: "projects/p")"},
    {"ProjectService.GetProject", R"(name: "projects/p/documents/d")"},
    {"ProjectService.ListProjects", R"(page_size: 1)"},
    {"ProjectService.ListProjects", R"(page_token: "bm90IGEgdG9rZW4")"},
    {"DocumentService.CreateDocument",
     R"(parent: "projects/p" document { document_id: "zoe" title: "Zoë’s"
        metadata { key: "lang" value: "fr" } }
        text: "Zoë said “à bientôt” 😀\n")"},
    {"DocumentService.CreateDocument",
     R"(parent: "projects/p" document { document_id: "bad" }
        text: "caf\303 \355\240\200")"},
    {"DocumentService.GetDocument", R"(name: "projects/p/documents/d")"},
    {"DocumentService.GetDocument", R"(name: "projects/p/documents/nope")"},
    {"DocumentService.ListDocuments",
     R"(parent: "projects/p" page_size: 1 include_text: true)"},
    {"DocumentService.ListDocuments",
     R"(parent: "projects/p" page_token: "e")"},
    {"DocumentService.ImportDocuments",
     R"(parent: "projects/p" document { document_id: "imported" }
        text: "Ünïcödé — “quoted” ✓")"},
    {"AnnotationService.CreateAnnotation",
     R"(parent: "projects/p/documents/d"
        annotation { start: 0 end: 14 label: "opinion" })"},
    {"AnnotationService.CreateAnnotation",
     R"(parent: "projects/p/documents/d"
        annotation { label: "attributed_claim"
                     attributes { key: "source" value: "Zoë" } }
        quote: "It is not safe")"},
    {"AnnotationService.CreateAnnotation",
     R"(parent: "projects/p/documents/d" annotation { label: "opinion" }
        quote: "said" occurrence: 2)"},
    {"AnnotationService.CreateAnnotation",
     R"(parent: "projects/p/documents/d"
        annotation { label: "opinion" kind: AUTOMATIC model_version: "v2"
                     score: 0.25 }
        quote: "😀")"},
    {"AnnotationService.CreateAnnotation",
     R"(parent: "projects/p/documents/d"
        annotation { start: 90 end: 80 label: "disputed" kind: GOLD })"},
    {"AnnotationService.GetAnnotation", R"(name: "{own}")"},
    {"AnnotationService.GetAnnotation", R"(name: "{gold}")"},
    {"AnnotationService.GetAnnotation",
     R"(name: "projects/p/documents/d/annotations/x")"},
    {"AnnotationService.UpdateAnnotation",
     R"(annotation { name: "{own}" note: "checked ✓" }
        update_mask { paths: "note" })"},
    {"AnnotationService.UpdateAnnotation",
     R"(annotation { name: "{own}" start: 26 end: 40 label: "opinion"
                     revision: 1 }
        update_mask { paths: "start" paths: "end" paths: "label" })"},
    {"AnnotationService.UpdateAnnotation",
     R"(annotation { name: "{suggestion}" score: 2 }
        update_mask { paths: "score" paths: "text" })"},
    {"AnnotationService.DeleteAnnotation", R"(name: "{bob}" revision: 1)"},
    {"AnnotationService.DeleteAnnotation", R"(name: "{gold}")"},
    {"AnnotationService.ListAnnotations",
     R"(parent: "projects/p/documents/d")"},
    {"AnnotationService.ListAnnotations",
     R"(parent: "projects/p/documents/d" kind: AUTOMATIC author: "model"
        show_deleted: true show_decided: true page_size: 1)"},
    {"AnnotationService.ListAnnotations",
     R"(parent: "projects/p/documents/d" kind: HUMAN author: "bob")"},
    {"AnnotationService.BulkWriteAnnotations",
     R"(parent: "projects/p/documents/d"
        annotations { start: 0 end: 6 label: "opinion" }
        annotations { start: 7 end: 15 label: "attributed_claim"
                      attributes { key: "cue" value: "said" } })"},
    {"AnnotationService.BulkWriteAnnotations",
     R"(parent: "projects/p/documents/d"
        annotations { start: 82 end: 84 label: "opinion" kind: AUTOMATIC
                      model_version: "v3" score: 0.5 })"},
    {"AnnotationService.AcceptSuggestion", R"(name: "{suggestion}")"},
    {"AnnotationService.RejectSuggestion", R"(name: "{suggestion}")"},
    {"AnnotationService.RejectSuggestion", R"(name: "{own}")"},
    {"AnnotationService.ListAuditLog",
     R"(parent: "projects/p/documents/d" page_size: 2)"},
    {"AnnotationService.ListAuditLog",
     R"(parent: "projects/p/documents/d" annotation: "{own}")"},
    {"AssignmentService.NextDocument", R"(parent: "projects/p")"},
    {"AssignmentService.FinishDocument", R"(name: "projects/p/documents/d")"},
    {"AssignmentService.SkipDocument", R"(name: "projects/p/documents/e")"},
    {"AssignmentService.GetProgress", R"(parent: "projects/p")"},
    {"AdminService.CreateAnnotator",
     R"(annotator { annotator_id: "carol" role: ANNOTATOR
                    display_name: "Carol Ødegård" }
        ttl_seconds: 3600)"},
    {"AdminService.CreateAnnotator",
     R"(annotator { annotator_id: "9lives" role: ADMIN }
        ttl_seconds: -1)"},
    {"AdminService.ListAnnotators", R"(page_size: 2)"},
    {"AdminService.RevokeAnnotator", R"(name: "annotators/bob")"},
    {"AdminService.RevokeAnnotator", R"(name: "annotators/admin")"},
    {"AdminService.RevokeAnnotator", R"(name: "annotators/nobody")"},
    {"AdminService.Backup", R"(path: "relative/backup")"},
    {"ReconcileService.ListItems", R"(parent: "projects/p" status: ALL_ITEMS)"},
    {"ReconcileService.ListItems",
     R"(parent: "projects/p/documents/d" include_automatic: true
        page_size: 1)"},
    {"ReconcileService.AutoMerge",
     R"(parent: "projects/p" policy: "unanimous")"},
    {"ReconcileService.AutoMerge",
     R"(parent: "projects/p/documents/d" policy: "majority=2")"},
    {"ReconcileService.AutoMerge",
     R"(parent: "projects/p" policy: "majority=65")"},
    {"ReconcileService.ResolveItem", R"(name: "{item}" drop {})"},
    {"ReconcileService.ResolveItem",
     R"(name: "{item}" take { annotations: "{own}" })"},
    {"ReconcileService.ResolveItem",
     R"(name: "{item}" revision: 0
        edit { start: 25 end: 61 label: "disputed"
               attributes { key: "disputed_by" value: "Zoë" } })"},
    {"ReconcileService.GetReconcileStatus",
     R"(parent: "projects/p" include_automatic: true)"},
    {"ExportService.Export", R"(parent: "projects/p" format: JSONL)"},
    {"ExportService.Export",
     R"(parent: "projects/p" format: LABELSTUDIO
        labelstudio_offset_unit: UTF16_CODE_UNITS document_ids: "d")"},
    {"ExportService.Export",
     R"(parent: "projects/p" format: BRAT kind: HUMAN author: "ann")"},
    {"ExportService.Export",
     R"(parent: "projects/p" format: CSV include_deleted: true
        include_rejected: true labels: "opinion")"},
    {"ExportService.Export",
     R"(parent: "projects/p" format: CONLL kind: GOLD)"},
    {"ExportService.ImportDataset",
     R"(parent: "projects/p" format: JSONL file_name: "new.jsonl"
        data: "{\"id\": \"jl\", \"text\": \"Zoë said “yes” 😀\", \"spans\": [{\"start\": 0, \"end\": 3, \"label\": \"opinion\", \"text\": \"Zoë\"}]}\n")"},
    {"ExportService.ImportDataset",
     R"(parent: "projects/p" format: LABELSTUDIO file_name: "ls.json"
        labelstudio_offset_unit: UTF16_CODE_UNITS
        data: "[{\"data\": {\"text\": \"😀 Zoë said so\", \"doc_id\": \"ls\"}, \"annotations\": [{\"result\": [{\"id\": \"a\", \"type\": \"labels\", \"value\": {\"start\": 3, \"end\": 6, \"labels\": [\"opinion\"]}}]}]}]")"},
    {"ExportService.ImportDataset",
     R"(parent: "projects/p" format: BRAT file_name: "br.txt"
        data: "Zoë said “no”.")"},
    {"AnalysisService.ComputeAgreement",
     R"(parent: "projects/p" layers: "human:ann" layers: "bob")"},
    {"AnalysisService.ComputeAgreement",
     R"(parent: "projects/p" only_finished: true labels: "opinion"
        documents: "d" worst_documents: 1)"},
    {"AnalysisService.Evaluate",
     R"(parent: "projects/p" reference: "gold" candidate: "human:ann")"},
    {"AnalysisService.Evaluate",
     R"(parent: "projects/p" reference: "automatic:model"
        candidate: "human:bob" labels: "opinion")"},
    {"TaggerService.AutoTag", R"(parent: "projects/p" documents: "d")"},
};

int Run(const std::string& out_dir) {
  const std::vector<ApiRpc>& rpcs = ApiRpcs();
  std::map<std::string, int> written;
  for (const Seed& seed : kSeeds) {
    size_t index = 0;
    while (index < rpcs.size() &&
           seed.rpc != absl::string_view(rpcs[index].name)) {
      ++index;
    }
    FUZZ_CHECK(index < rpcs.size(), "no rpc ", seed.rpc);
    auto request = rpcs[index].new_request();
    FUZZ_CHECK(google::protobuf::TextFormat::ParseFromString(seed.request,
                                                             request.get()),
               "a seed of ", seed.rpc, " does not parse: ", seed.request);
    const std::string path =
        absl::StrCat(out_dir, "/", seed.rpc, "-", ++written[seed.rpc]);
    std::ofstream out(path, std::ios::binary);
    out << static_cast<char>(index) << request->SerializeAsString();
    FUZZ_CHECK(out.good(), "writing ", path);
  }
  std::printf("wrote %zu seeds to %s\n", sizeof(kSeeds) / sizeof(kSeeds[0]),
              out_dir.c_str());
  return 0;
}

}  // namespace
}  // namespace spanlab::fuzz

int main(int argc, char** argv) {
  if (argc != 2) {
    std::fprintf(stderr, "usage: %s OUTPUT_DIRECTORY\n", argv[0]);
    return 2;
  }
  return spanlab::fuzz::Run(argv[1]);
}
