#include "service/text_index_cache.h"

#include <memory>
#include <string>

#include "gtest/gtest.h"

namespace spanlab {
namespace {

std::shared_ptr<const v1::Document> Doc(const std::string& id,
                                        const std::string& text) {
  auto d = std::make_shared<v1::Document>();
  d->set_document_id(id);
  d->set_text(text);
  return d;
}

TEST(TextIndexCacheTest, IndexesTheTextAndKeepsIt) {
  TextIndexCache cache(1 << 20);
  auto first = cache.Get("p", Doc("d", "Zoë said “no” 🙂."));
  EXPECT_EQ(first->index().size(), 16);
  EXPECT_EQ(first->index().Slice(9, 13), "“no”");
  // The same document again: the kept index, not a new one.
  EXPECT_EQ(cache.Get("p", Doc("d", "Zoë said “no” 🙂.")), first);
}

TEST(TextIndexCacheTest, KeyedByProjectAndDocument) {
  TextIndexCache cache(1 << 20);
  auto a = cache.Get("p", Doc("d", "alpha"));
  auto b = cache.Get("q", Doc("d", "beta beta"));
  auto c = cache.Get("p", Doc("e", "gamma gamma gamma"));
  EXPECT_EQ(a->index().size(), 5);
  EXPECT_EQ(b->index().size(), 9);
  EXPECT_EQ(c->index().size(), 17);
  // A project id ending where another begins cannot collide.
  auto d = cache.Get("p\x01", Doc("d", "delta"));
  EXPECT_NE(d, a);
}

TEST(TextIndexCacheTest, IndexOutlivesTheCallersDocument) {
  TextIndexCache cache(1 << 20);
  std::shared_ptr<const IndexedText> kept;
  {
    auto doc = Doc("d", "naïve café");
    kept = cache.Get("p", doc);
  }  // The caller's reference is gone; the index still reads the text.
  EXPECT_EQ(kept->index().Slice(6, 10), "café");
}

TEST(TextIndexCacheTest, BudgetEvictsAndZeroKeepsNothing) {
  const std::string text(1000, 'x');
  // Text plus four bytes per code point: 5 KB each; room for two.
  TextIndexCache small(11000);
  auto a = small.Get("p", Doc("a", text));
  small.Get("p", Doc("b", text));
  small.Get("p", Doc("c", text));
  EXPECT_NE(small.Get("p", Doc("a", text)), a) << "a was evicted";

  TextIndexCache none(0);
  auto first = none.Get("p", Doc("a", text));
  EXPECT_NE(none.Get("p", Doc("a", text)), first);
  EXPECT_EQ(first->index().size(), 1000);
}

}  // namespace
}  // namespace spanlab
