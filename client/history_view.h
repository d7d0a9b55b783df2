// The audit log of a document as text, for `spanlab history`.
#ifndef SPANLAB_CLIENT_HISTORY_VIEW_H_
#define SPANLAB_CLIENT_HISTORY_VIEW_H_

#include <string>
#include <vector>

#include "spanlab/v1/resources.pb.h"

namespace spanlab::client {

// "[3,9) opinion {holder=author}", with " (suggestion)" for an AUTOMATIC
// annotation and " deleted" for a tombstone.
std::string SummarizeAnnotation(const v1::Annotation& annotation);

// What an entry changed, before → after: "[3,9) opinion → [3,9) disputed".
// A side that is absent reads "none" (a create has no before), a rejected
// suggestion ends in "rejected", and the entry's detail, if any, follows
// after "; ".
std::string SummarizeChange(const v1::AuditEntry& entry);

// A table of `entries`: time, actor, action, resource (its last segment:
// the annotation id) and the change summary.
std::string HistoryTable(const std::vector<v1::AuditEntry>& entries);

}  // namespace spanlab::client

#endif  // SPANLAB_CLIENT_HISTORY_VIEW_H_
