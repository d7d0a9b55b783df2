// Property tests of the order-preserving key encoding.
//
// Every RocksDB scan of the store relies on three facts about the encoding:
// bytewise key order equals component tuple order, a prefix of components
// is a byte prefix of the key, and PrefixSuccessor bounds a prefix scan
// exactly. These tests check them over thousands of random tuples drawn
// from a deliberately tiny alphabet (0x00, 0x01, 0xFF and friends), so that
// equal components, strings that are prefixes of one another and every
// escape sequence occur constantly.
#include "storage/key_encoding.h"

#include <algorithm>
#include <cstdint>
#include <limits>
#include <random>
#include <string>
#include <variant>
#include <vector>

#include "absl/status/status.h"
#include "absl/strings/escaping.h"
#include "absl/strings/match.h"
#include "absl/strings/string_view.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "storage/keys.h"

namespace spanlab {
namespace {

using ::testing::IsEmpty;
using ::testing::StartsWith;

constexpr uint64_t kMax = std::numeric_limits<uint64_t>::max();

enum class Type { kString, kUint64, kByte };

// One key component. The index of the alternative matches Type.
using Component = std::variant<std::string, uint64_t, uint8_t>;
using Tuple = std::vector<Component>;
using Schema = std::vector<Type>;

// Key layouts worth covering: single components of each type, the layouts
// the store actually uses (annotation and layer index keys) and one that
// puts integers and tags before strings.
const std::vector<Schema>& Schemas() {
  static const auto* schemas = new std::vector<Schema>{
      {Type::kString},
      {Type::kUint64},
      {Type::kByte},
      {Type::kString, Type::kString, Type::kUint64},
      {Type::kByte, Type::kString, Type::kString, Type::kByte, Type::kString,
       Type::kUint64},
      {Type::kUint64, Type::kString, Type::kByte, Type::kString},
  };
  return *schemas;
}

std::string Printable(absl::string_view bytes) {
  return absl::CHexEscape(bytes);
}

void AppendComponent(std::string* key, const Component& c) {
  switch (c.index()) {
    case 0:
      AppendString(key, std::get<0>(c));
      break;
    case 1:
      AppendUint64(key, std::get<1>(c));
      break;
    case 2:
      AppendByte(key, std::get<2>(c));
      break;
  }
}

std::string Encode(const Tuple& t, size_t components) {
  std::string key;
  for (size_t i = 0; i < components; ++i) AppendComponent(&key, t[i]);
  return key;
}

std::string Encode(const Tuple& t) { return Encode(t, t.size()); }

// Compares byte strings as sequences of unsigned bytes, written out rather
// than relying on std::string so that the reference is obviously right.
int CompareBytes(absl::string_view a, absl::string_view b) {
  const size_t n = std::min(a.size(), b.size());
  for (size_t i = 0; i < n; ++i) {
    const uint8_t x = static_cast<uint8_t>(a[i]);
    const uint8_t y = static_cast<uint8_t>(b[i]);
    if (x != y) return x < y ? -1 : 1;
  }
  if (a.size() == b.size()) return 0;
  return a.size() < b.size() ? -1 : 1;
}

template <typename T>
int CompareValues(const T& a, const T& b) {
  return a < b ? -1 : (b < a ? 1 : 0);
}

int CompareComponents(const Component& a, const Component& b) {
  switch (a.index()) {
    case 0:
      return CompareBytes(std::get<0>(a), std::get<0>(b));
    case 1:
      return CompareValues(std::get<1>(a), std::get<1>(b));
    default:
      return CompareValues(std::get<2>(a), std::get<2>(b));
  }
}

// Lexicographic tuple order; a tuple that is a prefix of another sorts
// first, exactly as a byte prefix does.
int CompareTuples(const Tuple& a, const Tuple& b) {
  const size_t n = std::min(a.size(), b.size());
  for (size_t i = 0; i < n; ++i) {
    const int c = CompareComponents(a[i], b[i]);
    if (c != 0) return c;
  }
  return CompareValues(a.size(), b.size());
}

int Sign(int x) { return (x > 0) - (x < 0); }

// Reads `schema.size()` components from `key`. Returns the first error, and
// fails the test if any read moves the reader outside `key`.
absl::Status Decode(absl::string_view key, const Schema& schema, Tuple* out,
                    KeyReader* reader) {
  out->clear();
  for (Type type : schema) {
    absl::Status s;
    switch (type) {
      case Type::kString: {
        std::string v;
        s = reader->ReadString(&v);
        if (s.ok()) out->emplace_back(std::in_place_index<0>, std::move(v));
        break;
      }
      case Type::kUint64: {
        uint64_t v = 0;
        s = reader->ReadUint64(&v);
        if (s.ok()) out->emplace_back(std::in_place_index<1>, v);
        break;
      }
      case Type::kByte: {
        uint8_t v = 0;
        s = reader->ReadByte(&v);
        if (s.ok()) out->emplace_back(std::in_place_index<2>, v);
        break;
      }
    }
    if (!s.ok()) return s;
    // What is left must always be a suffix of the input: anything else means
    // the reader consumed bytes past the end.
    const absl::string_view rest = reader->rest();
    EXPECT_GE(rest.data(), key.data());
    EXPECT_EQ(rest.data() + rest.size(), key.data() + key.size())
        << "reader left the key " << Printable(key);
    if (rest.data() < key.data() ||
        rest.data() + rest.size() != key.data() + key.size()) {
      return absl::InternalError("reader out of bounds");
    }
  }
  return absl::OkStatus();
}

// Random tuples over a small alphabet. Strings are often derived from
// earlier ones (equal, a prefix, an extension) so that the interesting
// comparisons are common rather than astronomically rare.
class TupleGenerator {
 public:
  explicit TupleGenerator(uint64_t seed) : rng_(seed) {}

  std::string String() {
    static constexpr char kAlphabet[] = {'\x00', '\x01', '\xFF', '\x02',
                                         '\xFE', '\x80', 'a',    'b'};
    std::string s;
    const int mode = Uniform(0, 9);
    if (!pool_.empty() && mode < 3) {
      s = pool_[Uniform(0, static_cast<int>(pool_.size()) - 1)];
      if (mode == 0) {
        // A prefix of an earlier string (possibly empty, possibly all of it).
        s.resize(Uniform(0, static_cast<int>(s.size())));
      } else if (mode == 1) {
        // An extension of an earlier string.
        const int extra = Uniform(1, 3);
        for (int i = 0; i < extra; ++i) {
          s.push_back(kAlphabet[Uniform(0, sizeof(kAlphabet) - 1)]);
        }
      }
      // mode == 2: the same string again.
    } else if (mode == 3) {
      // Empty strings deserve their own share.
    } else {
      const int n = Uniform(1, 6);
      for (int i = 0; i < n; ++i) {
        s.push_back(kAlphabet[Uniform(0, sizeof(kAlphabet) - 1)]);
      }
    }
    if (pool_.size() < 256) {
      pool_.push_back(s);
    } else {
      pool_[Uniform(0, 255)] = s;
    }
    return s;
  }

  uint64_t Uint64() {
    static constexpr uint64_t kSpecial[] = {0,
                                            1,
                                            0xFF,
                                            0x100,
                                            0xFFFFFFFF,
                                            0x100000000,
                                            uint64_t{1} << 63,
                                            (uint64_t{1} << 63) - 1,
                                            kMax - 1,
                                            kMax};
    const int mode = Uniform(0, 3);
    if (mode == 0) return kSpecial[Uniform(0, std::size(kSpecial) - 1)];
    if (mode == 1) return static_cast<uint64_t>(Uniform(0, 3));
    return rng_();
  }

  uint8_t Byte() {
    static constexpr uint8_t kSpecial[] = {0x00, 0x01, 0xFF, 'a',
                                           'h',  'l',  't'};
    if (Uniform(0, 1) == 0)
      return kSpecial[Uniform(0, std::size(kSpecial) - 1)];
    return static_cast<uint8_t>(rng_());
  }

  Tuple Make(const Schema& schema) {
    Tuple t;
    for (Type type : schema) {
      switch (type) {
        case Type::kString:
          t.emplace_back(std::in_place_index<0>, String());
          break;
        case Type::kUint64:
          t.emplace_back(std::in_place_index<1>, Uint64());
          break;
        case Type::kByte:
          t.emplace_back(std::in_place_index<2>, Byte());
          break;
      }
    }
    return t;
  }

  int Uniform(int lo, int hi) {
    return std::uniform_int_distribution<int>(lo, hi)(rng_);
  }

 private:
  std::mt19937_64 rng_;
  std::vector<std::string> pool_;
};

// `n` tuples of `schema`, a fifth of them cut to a prefix of the schema so
// that "shorter tuple sorts first" is exercised too.
std::vector<Tuple> RandomTuples(TupleGenerator* gen, const Schema& schema,
                                int n) {
  std::vector<Tuple> tuples;
  tuples.reserve(n);
  for (int i = 0; i < n; ++i) {
    Tuple t = gen->Make(schema);
    if (gen->Uniform(0, 4) == 0) {
      t.resize(gen->Uniform(0, static_cast<int>(t.size())));
    }
    tuples.push_back(std::move(t));
  }
  return tuples;
}

constexpr uint64_t kSeed = 0x5eed5a17ab1e;
constexpr int kTuplesPerSchema = 1000;

TEST(KeyEncodingTest, DocumentedStringOrder) {
  // The example of the header: a string sorts before its extension by a NUL
  // byte, which sorts before any other extension.
  std::string a, a_nul, ab;
  AppendString(&a, "a");
  AppendString(&a_nul, absl::string_view("a\0", 2));
  AppendString(&ab, "ab");
  EXPECT_LT(CompareBytes(a, a_nul), 0);
  EXPECT_LT(CompareBytes(a_nul, ab), 0);
  // The exact bytes are part of the on-disk format.
  EXPECT_EQ(a, std::string("a\x00\x01", 3));
  EXPECT_EQ(a_nul, std::string("a\x00\xFF\x00\x01", 5));
}

TEST(KeyEncodingTest, Uint64IsBigEndian) {
  // Big-endian is what makes byte order equal numeric order; pin it.
  std::string k;
  AppendUint64(&k, 0x0102030405060708);
  EXPECT_EQ(k, std::string("\x01\x02\x03\x04\x05\x06\x07\x08", 8));
  std::string max;
  AppendUint64(&max, kMax);
  EXPECT_EQ(max, std::string(8, '\xFF'));
}

TEST(KeyEncodingTest, ByteOrderEqualsTupleOrder) {
  TupleGenerator gen(kSeed);
  for (const Schema& schema : Schemas()) {
    const std::vector<Tuple> tuples =
        RandomTuples(&gen, schema, kTuplesPerSchema);
    std::vector<std::string> keys;
    keys.reserve(tuples.size());
    for (const Tuple& t : tuples) keys.push_back(Encode(t));
    // Every pair, not just neighbours after sorting: cheap at this size and
    // it needs no argument about transitivity.
    int equal_pairs = 0;
    for (size_t i = 0; i < tuples.size(); ++i) {
      for (size_t j = i + 1; j < tuples.size(); ++j) {
        const int want = Sign(CompareTuples(tuples[i], tuples[j]));
        const int got = Sign(CompareBytes(keys[i], keys[j]));
        equal_pairs += want == 0;
        ASSERT_EQ(got, want)
            << Printable(keys[i]) << " vs " << Printable(keys[j]);
      }
    }
    // The generator is meant to produce collisions; make sure it does, or
    // the equality half of the property went untested.
    EXPECT_GT(equal_pairs, 0) << "schema of " << schema.size();
  }
}

TEST(KeyEncodingTest, DecodeReturnsOriginalsAndConsumesExactlyTheKey) {
  TupleGenerator gen(kSeed + 1);
  for (const Schema& schema : Schemas()) {
    for (int i = 0; i < kTuplesPerSchema; ++i) {
      const Tuple t = gen.Make(schema);
      const std::string key = Encode(t);
      KeyReader reader(key);
      Tuple decoded;
      ASSERT_TRUE(Decode(key, schema, &decoded, &reader).ok())
          << Printable(key);
      ASSERT_EQ(decoded, t) << Printable(key);
      EXPECT_TRUE(reader.done()) << Printable(key);
    }
  }
}

TEST(KeyEncodingTest, DecodeStopsAtComponentBoundaryOfLongerKey) {
  // Decoding only the leading components of a key must leave exactly the
  // encoding of the remaining ones: the store decodes ids after a prefix.
  TupleGenerator gen(kSeed + 2);
  for (const Schema& schema : Schemas()) {
    for (int i = 0; i < kTuplesPerSchema / 4; ++i) {
      const Tuple t = gen.Make(schema);
      const std::string key = Encode(t);
      for (size_t k = 0; k <= schema.size(); ++k) {
        KeyReader reader(key);
        Tuple decoded;
        const Schema head(schema.begin(), schema.begin() + k);
        ASSERT_TRUE(Decode(key, head, &decoded, &reader).ok());
        EXPECT_EQ(decoded, Tuple(t.begin(), t.begin() + k));
        EXPECT_EQ(reader.rest(),
                  absl::string_view(key).substr(Encode(t, k).size()));
      }
    }
  }
}

TEST(KeyEncodingTest, PrefixOfComponentsIsBytePrefix) {
  TupleGenerator gen(kSeed + 3);
  for (const Schema& schema : Schemas()) {
    for (int i = 0; i < kTuplesPerSchema; ++i) {
      const Tuple t = gen.Make(schema);
      const std::string key = Encode(t);
      for (size_t k = 0; k < t.size(); ++k) {
        ASSERT_THAT(key, StartsWith(Encode(t, k))) << "components: " << k;
      }
    }
  }
}

TEST(KeyEncodingTest, PrefixOnlyWhenComponentsMatch) {
  // The converse, which prefix scans need just as much: a key starts with
  // the encoding of a component prefix only if its components start with
  // those components. Without it a scan for project "p" would return
  // project "p2".
  TupleGenerator gen(kSeed + 4);
  for (const Schema& schema : Schemas()) {
    const std::vector<Tuple> tuples = RandomTuples(&gen, schema, 300);
    for (const Tuple& a : tuples) {
      const std::string key_a = Encode(a);
      for (const Tuple& b : tuples) {
        const std::string key_b = Encode(b);
        const bool components_prefix =
            b.size() <= a.size() && std::equal(b.begin(), b.end(), a.begin());
        ASSERT_EQ(absl::StartsWith(key_a, key_b), components_prefix)
            << Printable(key_a) << " / " << Printable(key_b);
      }
    }
  }
}

TEST(KeyEncodingTest, PrefixSuccessorBoundsEncodedPrefixes) {
  TupleGenerator gen(kSeed + 5);
  for (const Schema& schema : Schemas()) {
    const std::vector<Tuple> tuples = RandomTuples(&gen, schema, 400);
    std::vector<std::string> keys;
    for (const Tuple& t : tuples) keys.push_back(Encode(t));
    for (int i = 0; i < 100; ++i) {
      const Tuple& t = tuples[gen.Uniform(0, tuples.size() - 1)];
      const std::string prefix =
          Encode(t, gen.Uniform(0, static_cast<int>(t.size())));
      const std::string upper = PrefixSuccessor(prefix);
      if (!upper.empty()) {
        EXPECT_GT(CompareBytes(upper, prefix), 0);
        EXPECT_FALSE(absl::StartsWith(upper, prefix)) << Printable(prefix);
      }
      for (const std::string& key : keys) {
        // [prefix, upper) is exactly the set of keys with the prefix, which
        // is what a Seek(prefix) + iterate_upper_bound scan visits.
        const bool in_range = CompareBytes(key, prefix) >= 0 &&
                              (upper.empty() || CompareBytes(key, upper) < 0);
        ASSERT_EQ(in_range, absl::StartsWith(key, prefix))
            << "key " << Printable(key) << " prefix " << Printable(prefix)
            << " upper " << Printable(upper);
      }
    }
  }
}

TEST(KeyEncodingTest, PrefixSuccessorIsTightOnRawBytes) {
  // On arbitrary byte strings (not only encoded keys): every string with the
  // prefix is below the successor, and every string in [prefix, successor)
  // has the prefix, so the successor is the smallest such bound.
  std::mt19937_64 rng(kSeed + 6);
  static constexpr char kAlphabet[] = {'\x00', '\x01', '\x7F',
                                       '\x80', '\xFE', '\xFF'};
  auto random_bytes = [&](int max_len) {
    std::string s(std::uniform_int_distribution<int>(0, max_len)(rng), '\0');
    for (char& c : s) {
      c = kAlphabet[std::uniform_int_distribution<int>(
          0, sizeof(kAlphabet) - 1)(rng)];
    }
    return s;
  };
  for (int i = 0; i < 2000; ++i) {
    const std::string prefix = random_bytes(4);
    const std::string upper = PrefixSuccessor(prefix);
    const bool all_ff = std::all_of(prefix.begin(), prefix.end(), [](char c) {
      return static_cast<uint8_t>(c) == 0xFF;
    });
    // Only a prefix of 0xFF bytes (including the empty one) has no bound.
    ASSERT_EQ(upper.empty(), all_ff) << Printable(prefix);
    for (int j = 0; j < 50; ++j) {
      // Half the candidates share the prefix, the others are unrelated.
      std::string key = random_bytes(6);
      if (j % 2 == 0) key = prefix + key;
      const bool in_range = CompareBytes(key, prefix) >= 0 &&
                            (upper.empty() || CompareBytes(key, upper) < 0);
      ASSERT_EQ(in_range, absl::StartsWith(key, prefix))
          << "key " << Printable(key) << " prefix " << Printable(prefix);
    }
    if (!upper.empty()) {
      // The bound is itself just outside the prefix range.
      EXPECT_FALSE(absl::StartsWith(upper, prefix));
      EXPECT_GT(CompareBytes(upper, prefix), 0);
    }
  }
}

TEST(KeyEncodingTest, PrefixSuccessorExamples) {
  EXPECT_EQ(PrefixSuccessor("abc"), "abd");
  // Trailing 0xFF bytes cannot be incremented; they are dropped.
  EXPECT_EQ(PrefixSuccessor("a\xFF\xFF"), "b");
  EXPECT_EQ(PrefixSuccessor(std::string("\x00", 1)), "\x01");
  EXPECT_EQ(PrefixSuccessor("a\xFE"), "a\xFF");
  EXPECT_THAT(PrefixSuccessor(""), IsEmpty());
  EXPECT_THAT(PrefixSuccessor("\xFF\xFF"), IsEmpty());
  // The largest integer key has no successor at all: a scan of it must run
  // unbounded rather than to a wrong bound.
  std::string max;
  AppendUint64(&max, kMax);
  EXPECT_THAT(PrefixSuccessor(max), IsEmpty());
}

// Every strict truncation of a valid key is rejected with INVALID_ARGUMENT.
// The truncated key is a view into a buffer followed by guard bytes that
// would complete any component ("\0\x01" ends a string, the rest fills an
// integer), so a reader that looked past the end of its input would succeed
// instead of failing, or would move its position outside the view; both
// are caught.
TEST(KeyReaderTest, RejectsEveryTruncation) {
  TupleGenerator gen(kSeed + 7);
  const std::string guard = std::string("\x00\x01", 2) + std::string(16, 'g');
  int checked = 0;
  for (const Schema& schema : Schemas()) {
    for (int i = 0; i < 300; ++i) {
      const Tuple t = gen.Make(schema);
      const std::string key = Encode(t);
      for (size_t len = 0; len < key.size(); ++len) {
        const std::string buffer = key.substr(0, len) + guard;
        const absl::string_view truncated(buffer.data(), len);
        KeyReader reader(truncated);
        Tuple decoded;
        const absl::Status s = Decode(truncated, schema, &decoded, &reader);
        ASSERT_EQ(s.code(), absl::StatusCode::kInvalidArgument)
            << Printable(key) << " cut at " << len << ": " << s;
        // Components read before the failure are genuine: they lie wholly
        // inside the truncated key, so they are the original ones.
        ASSERT_LT(decoded.size(), t.size());
        EXPECT_EQ(decoded, Tuple(t.begin(), t.begin() + decoded.size()));
        ++checked;
      }
    }
  }
  EXPECT_GT(checked, 10000);
}

TEST(KeyReaderTest, RejectsBadEscapes) {
  // After a 0x00 inside a string only 0x01 (end) and 0xFF (escaped NUL) are
  // valid; every other byte, 0x00 0x02 first among them, is corruption.
  for (int b = 0; b < 256; ++b) {
    if (b == 0x01 || b == 0xFF) continue;
    std::string key("ab\x00", 3);
    key.push_back(static_cast<char>(b));
    key.append("cd\x00\x01", 4);
    KeyReader reader(key);
    std::string s;
    EXPECT_EQ(reader.ReadString(&s).code(), absl::StatusCode::kInvalidArgument)
        << "escape byte " << b;
  }
}

TEST(KeyReaderTest, RejectsLoneTrailingNul) {
  // A string ending in the first byte of an escape is truncated, not an
  // empty component.
  for (const std::string& key :
       {std::string("\x00", 1), std::string("abc\x00", 4),
        std::string("a\x00\xFF\x00", 4)}) {
    KeyReader reader(key);
    std::string s;
    EXPECT_EQ(reader.ReadString(&s).code(), absl::StatusCode::kInvalidArgument)
        << Printable(key);
  }
}

TEST(KeyReaderTest, RejectsEmptyInputForEveryType) {
  KeyReader reader("");
  std::string s;
  uint64_t v;
  uint8_t b;
  EXPECT_EQ(reader.ReadString(&s).code(), absl::StatusCode::kInvalidArgument);
  EXPECT_EQ(reader.ReadUint64(&v).code(), absl::StatusCode::kInvalidArgument);
  EXPECT_EQ(reader.ReadByte(&b).code(), absl::StatusCode::kInvalidArgument);
}

TEST(KeyReaderTest, RandomGarbageDecodesCanonicallyOrFails) {
  // On arbitrary bytes the reader either fails cleanly or decodes
  // components whose encoding is exactly the bytes it consumed: a key has
  // only one decoding and the reader never invents data.
  std::mt19937_64 rng(kSeed + 8);
  static constexpr char kAlphabet[] = {'\x00', '\x01', '\x02', '\xFF', 'a'};
  for (int i = 0; i < 20000; ++i) {
    std::string bytes(std::uniform_int_distribution<int>(0, 20)(rng), '\0');
    for (char& c : bytes) {
      c = kAlphabet[std::uniform_int_distribution<int>(
          0, sizeof(kAlphabet) - 1)(rng)];
    }
    const Schema& schema = Schemas()[std::uniform_int_distribution<int>(
        0, Schemas().size() - 1)(rng)];
    KeyReader reader(bytes);
    Tuple decoded;
    const absl::Status s = Decode(bytes, schema, &decoded, &reader);
    if (!s.ok()) {
      ASSERT_EQ(s.code(), absl::StatusCode::kInvalidArgument) << s;
      continue;
    }
    const size_t consumed = bytes.size() - reader.rest().size();
    ASSERT_EQ(Encode(decoded), bytes.substr(0, consumed)) << Printable(bytes);
  }
}

// The key layouts of keys.h build on the properties above; check the
// relations the store's scans depend on.
TEST(KeysTest, RecordKeysStartWithTheirScanPrefixes) {
  EXPECT_THAT(keys::Document("p", "d"), StartsWith(keys::DocumentPrefix("p")));
  EXPECT_THAT(keys::Annotation("p", "d", 7),
              StartsWith(keys::AnnotationPrefix("p", "d")));
  EXPECT_THAT(keys::LayerEntry("p", "d", 1, "alice", 7),
              StartsWith(keys::LayerPrefix("p", "d", 1, "alice")));
  EXPECT_THAT(keys::Audit("p", "d", 7),
              StartsWith(keys::AuditPrefix("p", "d")));
  EXPECT_THAT(keys::Annotator("alice"), StartsWith(keys::AnnotatorPrefix()));
}

TEST(KeysTest, ScanPrefixesDoNotCaptureNeighbours) {
  // Ids that extend one another must not leak into each other's scans.
  EXPECT_FALSE(
      absl::StartsWith(keys::Document("p2", "d"), keys::DocumentPrefix("p")));
  EXPECT_FALSE(absl::StartsWith(keys::Annotation("p", "d2", 7),
                                keys::AnnotationPrefix("p", "d")));
  EXPECT_FALSE(absl::StartsWith(keys::LayerEntry("p", "d", 1, "alice", 7),
                                keys::LayerPrefix("p", "d", 1, "al")));
  EXPECT_FALSE(absl::StartsWith(keys::LayerEntry("p", "d", 2, "alice", 7),
                                keys::LayerPrefix("p", "d", 1, "alice")));
  // Annotator records and token records share a column family; the
  // annotator listing must not see tokens.
  EXPECT_FALSE(absl::StartsWith(keys::Token("alice"), keys::AnnotatorPrefix()));
}

TEST(KeysTest, AnnotationKeysSortByIdNumerically) {
  // Ids are listed in key order, which must be numeric order.
  EXPECT_LT(keys::Annotation("p", "d", 0xFF),
            keys::Annotation("p", "d", 0x100));
  EXPECT_LT(keys::Annotation("p", "d", 1), keys::Annotation("p", "d", kMax));
}

}  // namespace
}  // namespace spanlab
