// Fuzzes the decoding of RocksDB keys (storage/key_encoding.h) and the key
// layouts built on it (storage/keys.h). Every input is used twice:
//
// 1. As a stored key: KeyReader decodes it as each layout of keys.h. It
//    must never read out of bounds (ASan), and whatever decodes completely
//    must re-encode, through the keys.h function for that layout, to the
//    same bytes: two different keys may never decode to the same record.
//    The layout's prefix function must give a prefix of the key that
//    PrefixSuccessor bounds from above.
// 2. As raw material: two strings (each after a length byte) and two
//    8-byte integers read from it must encode so that bytewise order
//    equals component order, for single components and for tuples
//    (including strings that are prefixes of one another), must decode
//    back to themselves, and PrefixSuccessor must bound every key that
//    starts with an encoded prefix.
#include <cstddef>
#include <cstdint>
#include <string>

#include "absl/strings/escaping.h"
#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/string_view.h"
#include "storage/key_encoding.h"
#include "storage/keys.h"
#include "tests/fuzz/fuzz_check.h"
#include "tests/fuzz/fuzz_input.h"

namespace spanlab::fuzz {
namespace {

std::string Hex(absl::string_view bytes) { return absl::CHexEscape(bytes); }

// Reads components in order and remembers whether all of them decoded.
// After the first failure nothing more is read: the reader's position is
// then unspecified.
class Decoder {
 public:
  explicit Decoder(absl::string_view key) : reader_(key) {}

  std::string Str() {
    std::string s;
    ok_ = ok_ && reader_.ReadString(&s).ok();
    return s;
  }
  uint64_t U64() {
    uint64_t v = 0;
    ok_ = ok_ && reader_.ReadUint64(&v).ok();
    return v;
  }
  uint8_t Byte() {
    uint8_t v = 0;
    ok_ = ok_ && reader_.ReadByte(&v).ok();
    return v;
  }
  // A record-kind tag: must be `tag`.
  void Tag(char tag) { ok_ = ok_ && Byte() == static_cast<uint8_t>(tag); }

  // Every component decoded and nothing is left over.
  bool complete() const { return ok_ && reader_.done(); }

 private:
  KeyReader reader_;
  bool ok_ = true;
};

// A key re-encoded from what a Decoder read, and the prefix that layout's
// scans use (empty when it has none).
struct Encoded {
  std::string key;
  std::string prefix;
};

// Components are read in separate statements: the order in which function
// arguments are evaluated is unspecified.
struct Layout {
  const char* name;
  Encoded (*decode_and_encode)(Decoder* d);
};

const Layout kLayouts[] = {
    {"project",
     [](Decoder* d) {
       const std::string p = d->Str();
       return Encoded{keys::Project(p), ""};
     }},
    {"document",
     [](Decoder* d) {
       const std::string p = d->Str();
       const std::string doc = d->Str();
       return Encoded{keys::Document(p, doc), keys::DocumentPrefix(p)};
     }},
    {"annotation",
     [](Decoder* d) {
       const std::string p = d->Str();
       const std::string doc = d->Str();
       const uint64_t id = d->U64();
       return Encoded{keys::Annotation(p, doc, id),
                      keys::AnnotationPrefix(p, doc)};
     }},
    {"audit",
     [](Decoder* d) {
       const std::string p = d->Str();
       const std::string doc = d->Str();
       const uint64_t sequence = d->U64();
       return Encoded{keys::Audit(p, doc, sequence), keys::AuditPrefix(p, doc)};
     }},
    {"content hash",
     [](Decoder* d) {
       d->Tag('h');
       const std::string p = d->Str();
       const std::string hash = d->Str();
       return Encoded{keys::ContentHash(p, hash), ""};
     }},
    {"layer entry",
     [](Decoder* d) {
       d->Tag('l');
       const std::string p = d->Str();
       const std::string doc = d->Str();
       const int kind = d->Byte();
       const std::string author = d->Str();
       const uint64_t id = d->U64();
       return Encoded{keys::LayerEntry(p, doc, kind, author, id),
                      keys::LayerPrefix(p, doc, kind, author)};
     }},
    {"decision",
     [](Decoder* d) {
       d->Tag('x');
       const std::string p = d->Str();
       const std::string doc = d->Str();
       const std::string annotator = d->Str();
       const uint64_t id = d->U64();
       return Encoded{keys::Decision(p, doc, annotator, id),
                      keys::DecisionPrefix(p, doc, annotator)};
     }},
    {"resolution",
     [](Decoder* d) {
       d->Tag('r');
       const std::string p = d->Str();
       const std::string doc = d->Str();
       const std::string item = d->Str();
       return Encoded{keys::Resolution(p, doc, item),
                      keys::ResolutionPrefix(p, doc)};
     }},
    {"assignment",
     [](Decoder* d) {
       d->Tag('d');
       const std::string p = d->Str();
       const std::string doc = d->Str();
       return Encoded{keys::Assignment(p, doc), keys::AssignmentPrefix(p)};
     }},
    {"current assignment",
     [](Decoder* d) {
       d->Tag('c');
       const std::string p = d->Str();
       const std::string annotator = d->Str();
       return Encoded{keys::CurrentAssignment(p, annotator), ""};
     }},
    {"annotator",
     [](Decoder* d) {
       d->Tag('a');
       const std::string annotator = d->Str();
       return Encoded{keys::Annotator(annotator), keys::AnnotatorPrefix()};
     }},
    {"token",
     [](Decoder* d) {
       d->Tag('t');
       const std::string hash = d->Str();
       return Encoded{keys::Token(hash), keys::TokenPrefix()};
     }},
};

// `successor` bounds every key that starts with `prefix` from above, or
// is empty because `prefix` is all 0xFF bytes; `key` starts with `prefix`.
void CheckSuccessor(absl::string_view prefix, absl::string_view key) {
  const std::string successor = PrefixSuccessor(prefix);
  if (successor.empty()) {
    FUZZ_CHECK(prefix.find_first_not_of('\xFF') == absl::string_view::npos,
               "no successor for ", Hex(prefix));
    return;
  }
  FUZZ_CHECK(prefix < successor && key < successor &&
                 !absl::StartsWith(successor, prefix) &&
                 successor.size() <= prefix.size(),
             "successor ", Hex(successor), " of ", Hex(prefix),
             " does not bound ", Hex(key));
}

void CheckAsStoredKey(absl::string_view key) {
  for (const Layout& layout : kLayouts) {
    Decoder d(key);
    const Encoded encoded = layout.decode_and_encode(&d);
    if (!d.complete()) continue;
    FUZZ_CHECK(encoded.key == key, layout.name, " key ", Hex(key),
               " decodes to a record that encodes as ", Hex(encoded.key));
    FUZZ_CHECK(absl::StartsWith(key, encoded.prefix), layout.name, " prefix ",
               Hex(encoded.prefix), " of ", Hex(key));
    CheckSuccessor(encoded.prefix, key);
  }
  CheckSuccessor(key, key);
}

int Sign(int c) { return (c > 0) - (c < 0); }

int Compare(absl::string_view a, absl::string_view b) {
  return Sign(a.compare(b));
}

int Compare(uint64_t a, uint64_t b) { return (a > b) - (a < b); }

std::string EncodeString(absl::string_view s) {
  std::string key;
  AppendString(&key, s);
  return key;
}

std::string EncodeUint64(uint64_t v) {
  std::string key;
  AppendUint64(&key, v);
  return key;
}

void CheckEncoding(FuzzInput input) {
  // Length-prefixed, so that the strings can hold every byte, 0x00 (which
  // the encoding escapes) included.
  const absl::string_view a = input.Bytes(input.Byte());
  const absl::string_view b = input.Bytes(input.Byte());
  const uint64_t x = input.Uint64();
  const uint64_t y = input.Uint64();
  const std::string ea = EncodeString(a);
  const std::string eb = EncodeString(b);

  std::string decoded;
  KeyReader reader(ea);
  FUZZ_CHECK(reader.ReadString(&decoded).ok() && reader.done() && decoded == a,
             Hex(a), " encodes as ", Hex(ea), " and decodes as ", Hex(decoded));

  FUZZ_CHECK(Compare(ea, eb) == Compare(a, b), "order of ", Hex(a), " and ",
             Hex(b), " changes when encoded");
  FUZZ_CHECK(Compare(EncodeUint64(x), EncodeUint64(y)) == Compare(x, y),
             "order of ", x, " and ", y, " changes when encoded");

  // (a, x) against (b, y): tuple order is that of the first components,
  // then of the second.
  const int tuple = Compare(a, b) != 0 ? Compare(a, b) : Compare(x, y);
  FUZZ_CHECK(Compare(ea + EncodeUint64(x), eb + EncodeUint64(y)) == tuple,
             "order of (", Hex(a), ", ", x, ") and (", Hex(b), ", ", y, ")");

  // The strings split in two: (a1, a2) against (b1, b2), where one part
  // is often a prefix of the other.
  const absl::string_view a1 = a.substr(0, a.size() / 2);
  const absl::string_view a2 = a.substr(a.size() / 2);
  const absl::string_view b1 = b.substr(0, (b.size() + 1) / 2);
  const absl::string_view b2 = b.substr((b.size() + 1) / 2);
  const int split = Compare(a1, b1) != 0 ? Compare(a1, b1) : Compare(a2, b2);
  const std::string ka = EncodeString(a1) + EncodeString(a2);
  const std::string kb = EncodeString(b1) + EncodeString(b2);
  FUZZ_CHECK(Compare(ka, kb) == split, "order of (", Hex(a1), ", ", Hex(a2),
             ") and (", Hex(b1), ", ", Hex(b2), ")");

  CheckSuccessor(ea, ea + eb);
  CheckSuccessor(EncodeString(a1), ka);
}

}  // namespace
}  // namespace spanlab::fuzz

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  spanlab::fuzz::CheckAsStoredKey(
      absl::string_view(reinterpret_cast<const char*>(data), size));
  spanlab::fuzz::CheckEncoding(spanlab::fuzz::FuzzInput(data, size));
  return 0;
}
