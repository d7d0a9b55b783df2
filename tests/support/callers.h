// Principals as the auth layer makes them from a token, for service tests
// that call Api directly. For tests.
#ifndef SPANLAB_TESTS_SUPPORT_CALLERS_H_
#define SPANLAB_TESTS_SUPPORT_CALLERS_H_

#include <string>

#include "service/auth.h"
#include "service/names.h"

namespace spanlab::testing_support {

// The caller with annotator id `id` and `role`.
inline Principal Caller(v1::Role role, const std::string& id) {
  Principal p;
  p.set_annotator_id(id);
  p.set_name(AnnotatorName(id));
  p.set_role(role);
  return p;
}

}  // namespace spanlab::testing_support

#endif  // SPANLAB_TESTS_SUPPORT_CALLERS_H_
