#include "client/table.h"

#include <string>

#include "gtest/gtest.h"

namespace spanlab::client {
namespace {

TEST(DisplayWidthTest, CountsTerminalColumns) {
  EXPECT_EQ(DisplayWidth("abc"), 3);
  EXPECT_EQ(DisplayWidth("Zoë"), 3);
  EXPECT_EQ(DisplayWidth("日本"), 4);
  EXPECT_EQ(DisplayWidth("e\xcc\x81"), 1);  // e + combining acute
  EXPECT_EQ(DisplayWidth("\x1b[48;2;1;2;3mab\x1b[0m"), 2);
  EXPECT_EQ(DisplayWidth("a\xff"), 2);  // a bad byte still takes a column
}

TEST(TruncateTest, CutsOnCharacterBoundaries) {
  EXPECT_EQ(Truncate("short", 10), "short");
  EXPECT_EQ(Truncate("abcdefgh", 5), "abcd…");
  EXPECT_EQ(Truncate("ëëëëëëëë", 4), "ëëë…");
  EXPECT_EQ(Truncate("日本語です", 5), "日本…");
}

TEST(OneLineTest, ReplacesControls) {
  EXPECT_EQ(OneLine("a\nb\tc\r"), "a b c ");
}

TEST(TableTest, AlignsColumns) {
  Table table({{"ID"}, {"N", Table::Align::kRight}, {"NAME"}});
  table.AddRow({"a", "1", "Zoë"});
  table.AddRow({"longer", "100", ""});
  EXPECT_EQ(table.Render(),
            "ID        N  NAME\n"
            "a         1  Zoë\n"
            "longer  100\n");
}

TEST(TableTest, PadsMissingCells) {
  Table table({{"A"}, {"B"}});
  table.AddRow({"x"});
  EXPECT_EQ(table.Render(), "A  B\nx\n");
}

TEST(RenderFieldsTest, AlignsValuesAndSkipsEmpty) {
  EXPECT_EQ(RenderFields({{"project", "news"}, {"title", ""}, {"id", "7"}}),
            "project  news\n"
            "id       7\n");
}

}  // namespace
}  // namespace spanlab::client
