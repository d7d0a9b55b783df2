#include "service/agreement/report_json.h"

#include <string>
#include <vector>

#include "gtest/gtest.h"
#include "service/agreement/agreement.h"

namespace spanlab::agreement {
namespace {

AgreementReport SmallReport() {
  Document doc;
  doc.id = "d1";
  doc.text = "aaa bbb ccc";
  doc.AddSpan("alice", 0, 3, "claim");
  doc.AddSpan("bob", 0, 7, "claim");
  AgreementOptions options;
  options.annotators = {"alice", "bob"};
  options.labels = {"opinion", "claim"};
  absl::StatusOr<AgreementReport> report = ComputeAgreement({doc}, options);
  EXPECT_TRUE(report.ok()) << report.status();
  return *report;
}

TEST(ReportJsonTest, ShapeAndValues) {
  const nlohmann::ordered_json j = ReportToJson(SmallReport());
  EXPECT_EQ(j["annotators"], nlohmann::ordered_json({"alice", "bob"}));
  EXPECT_EQ(j["categories"],
            nlohmann::ordered_json({"none", "opinion", "claim"}));
  EXPECT_EQ(j["documents"]["seen"], 1);
  EXPECT_EQ(j["documents"]["compared"], 1);
  EXPECT_EQ(j["tokens_compared"], 3);
  ASSERT_EQ(j["pairs"].size(), 1u);
  const auto& pair = j["pairs"][0];
  EXPECT_EQ(pair["a"], "alice");
  EXPECT_EQ(pair["b"], "bob");
  EXPECT_EQ(pair["span_overlap"]["overall"]["matched"], 1);
  EXPECT_EQ(pair["span_overlap"]["overall"]["f1"], 1.0);
  EXPECT_EQ(pair["span_exact"]["per_label"]["claim"]["f1"], 0.0);
  // Rows are alice, columns bob; categories none, opinion, claim.
  EXPECT_EQ(pair["token_confusion"]["counts"],
            nlohmann::ordered_json({{1, 0, 1}, {0, 0, 0}, {0, 0, 1}}));
  EXPECT_EQ(j["annotator_summaries"][1]["spans"], 1);
  EXPECT_EQ(j["worst_documents"][0]["id"], "d1");
  EXPECT_EQ(j["group"]["token_krippendorff_alpha"]["metric"], "nominal");
}

TEST(ReportJsonTest, UndefinedValuesAreNullAndLabelOrderIsKept) {
  const nlohmann::ordered_json j = ReportToJson(SmallReport());
  // Nobody used "opinion": no spans, so no F1 and no alpha_U.
  const auto& opinion = j["pairs"][0]["span_exact"]["per_label"]["opinion"];
  EXPECT_TRUE(opinion["f1"].is_null());
  EXPECT_TRUE(opinion["precision"].is_null());
  EXPECT_TRUE(j["pairs"][0]["unitizing_alpha"]["per_label"]["opinion"]["alpha"]
                  .is_null());
  EXPECT_TRUE(
      j["group"]["token_fleiss_kappa"]["per_category"]["opinion"].is_null());
  std::vector<std::string> keys;
  for (const auto& [key, value] :
       j["pairs"][0]["span_exact"]["per_label"].items()) {
    keys.push_back(key);
  }
  EXPECT_EQ(keys, (std::vector<std::string>{"opinion", "claim"}));
  // The string form parses back and never contains NaN.
  const std::string text = ReportToJsonString(SmallReport(), -1);
  EXPECT_EQ(text.find("NaN"), std::string::npos);
  EXPECT_EQ(text.find('\n'), std::string::npos);
  EXPECT_EQ(nlohmann::ordered_json::parse(text), j);
}

}  // namespace
}  // namespace spanlab::agreement
