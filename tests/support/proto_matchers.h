// gMock matcher for protocol buffer messages, shared by tests.
#ifndef SPANLAB_TESTS_SUPPORT_PROTO_MATCHERS_H_
#define SPANLAB_TESTS_SUPPORT_PROTO_MATCHERS_H_

#include <string>

#include "gmock/gmock.h"
#include "google/protobuf/util/message_differencer.h"

namespace spanlab::testing_support {

// Matches a message equal to `expected` field by field; on a mismatch,
// explains the differences.
MATCHER_P(EqualsProto, expected, "equals " + expected.ShortDebugString()) {
  std::string diff;
  google::protobuf::util::MessageDifferencer differencer;
  differencer.ReportDifferencesToString(&diff);
  if (differencer.Compare(expected, arg)) return true;
  *result_listener << diff;
  return false;
}

}  // namespace spanlab::testing_support

#endif  // SPANLAB_TESTS_SUPPORT_PROTO_MATCHERS_H_
