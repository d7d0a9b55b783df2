#include "client/labeler_undo.h"

#include <string>

#include "gtest/gtest.h"

namespace spanlab::client {
namespace {

Change Made(ChangeKind kind, std::string name, std::string label = "opinion") {
  Change change;
  change.kind = kind;
  change.span.name = std::move(name);
  change.span.start = 3;
  change.span.end = 9;
  change.span.label = std::move(label);
  return change;
}

TEST(UndoStackTest, PopsNewestFirst) {
  UndoStack stack;
  EXPECT_TRUE(stack.empty());
  EXPECT_EQ(stack.Pop(), std::nullopt);
  stack.Push(Made(ChangeKind::kCreate, "a"));
  stack.Push(Made(ChangeKind::kDelete, "b"));
  EXPECT_EQ(stack.size(), 2u);
  std::optional<Change> top = stack.Pop();
  ASSERT_TRUE(top.has_value());
  EXPECT_EQ(top->kind, ChangeKind::kDelete);
  EXPECT_EQ(top->span.name, "b");
  EXPECT_EQ(stack.Pop()->span.name, "a");
  EXPECT_TRUE(stack.empty());
}

TEST(UndoStackTest, KeepsOnlyTheNewestUpToItsLimit) {
  UndoStack stack(2);
  stack.Push(Made(ChangeKind::kCreate, "a"));
  stack.Push(Made(ChangeKind::kCreate, "b"));
  stack.Push(Made(ChangeKind::kCreate, "c"));
  EXPECT_EQ(stack.size(), 2u);
  EXPECT_EQ(stack.Pop()->span.name, "c");
  EXPECT_EQ(stack.Pop()->span.name, "b");
  EXPECT_EQ(stack.Pop(), std::nullopt);
}

TEST(UndoStackTest, RenameFollowsARecreatedSpan) {
  // create a, relabel a, delete a; undoing the delete re-creates a as a2,
  // so the relabel and the create now refer to a2.
  UndoStack stack;
  stack.Push(Made(ChangeKind::kCreate, "a"));
  stack.Push(Made(ChangeKind::kRelabel, "a", "attributed_claim"));
  stack.Push(Made(ChangeKind::kDelete, "a"));
  std::optional<Change> deleted = stack.Pop();
  ASSERT_EQ(deleted->kind, ChangeKind::kDelete);
  stack.Rename("a", "a2");
  std::optional<Change> relabel = stack.Pop();
  EXPECT_EQ(relabel->span.name, "a2");
  EXPECT_EQ(relabel->span.label, "attributed_claim");
  EXPECT_EQ(stack.Pop()->span.name, "a2");
}

TEST(UndoStackTest, ClearEmpties) {
  UndoStack stack;
  stack.Push(Made(ChangeKind::kCreate, "a"));
  stack.Clear();
  EXPECT_TRUE(stack.empty());
}

TEST(DescribeUndoTest, SaysWhatUndoingDid) {
  EXPECT_EQ(DescribeUndo(Made(ChangeKind::kCreate, "a")),
            "undone: removed opinion [3,9)");
  EXPECT_EQ(DescribeUndo(Made(ChangeKind::kDelete, "a")),
            "undone: restored opinion [3,9)");
  EXPECT_EQ(DescribeUndo(Made(ChangeKind::kRelabel, "a", "disputed")),
            "undone: [3,9) is disputed again");
}

}  // namespace
}  // namespace spanlab::client
