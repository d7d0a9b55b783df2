// Quotation marks: which open, which close, which are apostrophes, and
// where sentences break around them.
#include <string>
#include <vector>

#include "gtest/gtest.h"
#include "service/tagger/analyzer.h"
#include "service/tagger/document.h"
#include "service/tagger/lexicon.h"
#include "service/tagger/patterns.h"

namespace spanlab::tagger {
namespace {

class QuotesTest : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    lexicon_ = new Lexicon();
    patterns_ = new Patterns();
    analyzer_ = new Analyzer(lexicon_, patterns_);
  }

  // The quoted stretches of `text` ("<" and ">" around each pair), and
  // which marks stayed unpaired ("?").
  std::string Marks(const std::string& text) {
    analyzer_->Analyze(text, &doc_);
    std::string out;
    for (size_t i = 0; i < doc_.tokens.size(); ++i) {
      const Token& t = doc_.tokens[i];
      if (t.kind != TokenKind::kQuote) continue;
      if (t.quote == QuoteRole::kApostrophe) {
        out += "'";
      } else if (t.partner < 0) {
        out += "?";
      } else {
        out += t.quote == QuoteRole::kOpen ? "<" : ">";
      }
    }
    return out;
  }

  std::vector<std::string> Sentences(const std::string& text) {
    analyzer_->Analyze(text, &doc_);
    std::vector<std::string> out;
    for (const Sentence& s : doc_.sentences) {
      out.emplace_back(doc_.Slice(s.begin, s.end));
    }
    return out;
  }

  static Lexicon* lexicon_;
  static Patterns* patterns_;
  static Analyzer* analyzer_;
  Document doc_;
};

Lexicon* QuotesTest::lexicon_ = nullptr;
Patterns* QuotesTest::patterns_ = nullptr;
Analyzer* QuotesTest::analyzer_ = nullptr;

TEST_F(QuotesTest, TypographicAndStraightPairs) {
  EXPECT_EQ(Marks("\u201CYes,\u201D he said. \"No,\" she said."), "<><>");
  EXPECT_EQ(Marks("He said \u2018never\u2019 twice."), "<>");
}

TEST_F(QuotesTest, NestedSingleInsideDouble) {
  EXPECT_EQ(Marks("\u201CHe told me \u2018go home,\u2019 so I left,\u201D "
                  "she said."),
            "<<>>");
}

TEST_F(QuotesTest, ApostrophesAreNotQuotes) {
  EXPECT_EQ(Marks("The leaders\u2019 plan is the city\u2019s."), "'");
  EXPECT_EQ(Marks("\u201CIt\u2019s the workers\u2019 money,\u201D she said."),
            "<'>");
}

TEST_F(QuotesTest, GluedMarksTakeTheirRoleFromWhatIsOpen) {
  // A closing glyph glued between two sentences opens the next quotation
  // when none is open...
  EXPECT_EQ(Marks("They left.\u201DWe stay here,\u201D he said."), "<>");
  // ...and two glued marks close one quotation and open the next.
  EXPECT_EQ(Marks("He said \u201Cno.\u201D\u201DWe wait,\u201D she said."),
            "<><>");
}

TEST_F(QuotesTest, UnclosedQuotationStaysUnpaired) {
  EXPECT_EQ(Marks("He eagerly \u201Ctold reporters the news."), "?");
  // A quotation never spans paragraphs.
  EXPECT_EQ(Marks("\u201CFirst part.\nSecond part.\u201D"), "??");
}

TEST_F(QuotesTest, SentenceBreaksAroundMarks) {
  // A lost space after a full stop still ends the sentence; an opening
  // mark goes with the sentence it opens.
  EXPECT_EQ(Sentences("It was late.\u201DWe stay,\u201D he said."),
            (std::vector<std::string>{"It was late.",
                                      "\u201DWe stay,\u201D he said."}));
  EXPECT_EQ(Sentences("They met in Oslo.Then they left."),
            (std::vector<std::string>{"They met in Oslo.", "Then they left."}));
  // Abbreviations do not end sentences.
  EXPECT_EQ(Sentences("Mr. Holm met the U.S. envoy."),
            (std::vector<std::string>{"Mr. Holm met the U.S. envoy."}));
}

}  // namespace
}  // namespace spanlab::tagger
