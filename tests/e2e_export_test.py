#!/usr/bin/python3
"""End-to-end test of dataset export and import through the real CLI.

Starts spanlabd, imports articles, labels them as two annotators (alice,
bob) with `spanlab label --span`, adds model suggestions across paragraph
breaks and a gold span, then exports in every format with `spanlab export`
and checks each file with Python's own parsers (export_checks.py). jsonl,
Label Studio (both offset units) and brat are imported into new projects
with `spanlab import --format` and exported again: jsonl and Label Studio
come back byte for byte, brat with the same texts and spans. Malformed input
is reported record by record while the good records are stored and nothing
stored before changes.

Two corpora:
  --corpus shared    the g20-2017 articles with labels-A.jsonl as alice and
                     labels-B.jsonl as bob (exit 77 = skipped when absent);
  --corpus fixtures  the project's own articles (always present).
"""

import json
import os
import re
import tempfile
import unittest

import e2e_support
import export_checks

ARGS = None

ALLOWED = {
    "attributed_claim": ("source", "cue"),
    "opinion": ("holder",),
    "disputed": ("source", "cue", "disputed_by"),
}

FIXTURE_LABELS = {
    "alice": [
        ("harbour-bridge", "The structure is safe for traffic again",
         "attributed_claim",
         {"source": "Mårten Ødegård", "cue": "told reporters"}),
        ("harbour-bridge", "reopens next week 🎉", "opinion", {}),
        ("rail-strike", "We have a deal that respects the drivers",
         "attributed_claim", {"source": "he", "cue": "told"}),
    ],
    "bob": [
        ("harbour-bridge", "The budget was doubled twice", "attributed_claim",
         {"source": "Zoë Brontë", "cue": "said"}),
        ("harbour-bridge", "well within the budget we were given", "disputed",
         {"disputed_by": "Zoë Brontë"}),
        ("festival-budget", "12 € — or 10 € for students 🎟️", "opinion", {}),
    ],
}


def load_corpus():
    """Returns (files, {doc: text}, {annotator: [(doc, start, end, label,
    attributes)]})."""
    labels = {"alice": [], "bob": []}
    if ARGS.corpus == "shared":
        root = os.path.join(ARGS.shared_corpus, "g20-2017")
        files = sorted(os.path.join(root, f) for f in os.listdir(root)
                       if f.endswith(".txt"))
        for who, name in (("alice", "labels-A.jsonl"),
                          ("bob", "labels-B.jsonl")):
            with open(os.path.join(root, name), encoding="utf-8") as f:
                for line in f:
                    rec = json.loads(line)
                    doc = rec["document"][:-len(".txt")]
                    for s in rec["spans"]:
                        attrs = {k: s[k] for k in ALLOWED[s["label"]]
                                 if s.get(k)}
                        labels[who].append((doc, s["start"], s["end"],
                                            s["label"], attrs))
    else:
        root = os.path.join(ARGS.fixtures, "articles")
        files = sorted(os.path.join(root, f) for f in os.listdir(root))
    texts = {os.path.basename(p)[:-len(".txt")]: e2e_support.read_text(p)
             for p in files}
    if ARGS.corpus != "shared":
        for who, spans in FIXTURE_LABELS.items():
            for doc, quote, label, attrs in spans:
                start = texts[doc].index(quote)
                labels[who].append((doc, start, start + len(quote), label,
                                    attrs))
    return files, texts, labels


def paragraph_spans(text):
    """Spans a model proposes: a word before each paragraph break through
    the word after it, so that spans cross line breaks."""
    return [(m.start(), m.end())
            for m in re.finditer(r"\S+[ \t]*\n\s*\S+", text)][:3]


class ExportEndToEnd(unittest.TestCase):

    @classmethod
    def setUpClass(cls):
        cls.tmp = tempfile.TemporaryDirectory(prefix="spanlab-export-e2e-")
        cls.out = os.path.join(cls.tmp.name, "out")
        os.makedirs(cls.out)
        cls.server = e2e_support.Server(ARGS.spanlabd, cls.tmp.name)
        cls.cli = e2e_support.Cli(ARGS.spanlab, cls.server)
        cls.admin = cls.server.start(cls.cli)
        cls.files, cls.texts, cls.labels = load_corpus()
        cls.populate()

    @classmethod
    def tearDownClass(cls):
        cls.server.stop()
        cls.tmp.cleanup()

    @classmethod
    def populate(cls):
        cli, admin = cls.cli, cls.admin
        cli.run(["project", "create", "news"], admin)
        cls.tokens = {}
        for who, role in (("alice", "annotator"), ("bob", "annotator"),
                          ("judy", "adjudicator"), ("tagger", "model")):
            cls.tokens[who] = cli.json(["annotator", "add", who, "--role",
                                        role], admin)["token"]
        cli.run(["import", "news"] + cls.files, admin)
        cls.expected = []  # (doc, start, end, label, author)
        for who, spans in cls.labels.items():
            for doc, start, end, label, attrs in spans:
                args = ["label", "news", doc, label, "--span",
                        f"{start}:{end}"]
                for key, value in attrs.items():
                    args += ["--attr", f"{key}={value}"]
                a = cli.json(args, cls.tokens[who])
                assert a["text"] == cls.texts[doc][start:end]
                cls.expected.append((doc, start, end, label, who))
        for doc, text in sorted(cls.texts.items()):
            for start, end in paragraph_spans(text):
                cli.run(["label", "news", doc, "opinion", "--span",
                         f"{start}:{end}", "--model-version", "tagger-1.0",
                         "--score", "0.875"], cls.tokens["tagger"])
                cls.expected.append((doc, start, end, "opinion", "tagger"))
        doc, start, end, label, _ = cls.labels["alice"][0]
        cli.run(["label", "news", doc, label, "--span", f"{start}:{end}"],
                cls.tokens["judy"])
        cls.expected.append((doc, start, end, label, "judy"))
        # A span deleted again: only --include-deleted exports it.
        doc = sorted(cls.texts)[0]
        word = re.search(r"\w+", cls.texts[doc])
        made = cli.json(["label", "news", doc, "opinion", "--span",
                         f"{word.start()}:{word.end()}"], cls.tokens["judy"])
        cli.run(["unlabel", "news", doc, made["name"].rsplit("/", 1)[1]],
                cls.tokens["judy"])
        cls.deleted = (doc, word.start(), word.end())

    def export(self, name, args, token=None):
        path = os.path.join(self.out, name)
        r = self.cli.run(["export", "news"] + args + ["-o", path],
                         token or self.admin)
        self.assertIn("exported", r.stdout.decode())
        if os.path.isdir(path):
            return path
        with open(path, "rb") as f:
            return f.read()

    def import_into(self, project, fmt, path, extra=()):
        self.cli.run(["project", "create", project], self.admin)
        r = self.cli.run(["import", project, "--format", fmt, path]
                         + list(extra), self.admin)
        self.assertIn(f"imported {len(self.texts)} documents",
                      r.stdout.decode())

    def export_jsonl(self, project):
        path = os.path.join(self.out, f"{project}.jsonl")
        self.cli.run(["export", project, "--format", "jsonl", "-o", path],
                     self.admin)
        with open(path, "rb") as f:
            return f.read()

    def test_1_jsonl(self):
        data = self.export("all.jsonl", ["--format", "jsonl"])
        docs = export_checks.check_jsonl(data, self.texts)
        self.assertEqual([d["id"] for d in docs], sorted(self.texts))
        got = sorted((d["id"], s["start"], s["end"], s["label"], s["author"])
                     for d in docs for s in d["spans"])
        self.assertEqual(got, sorted(self.expected))
        # Importing into a new project and exporting again gives the same
        # bytes.
        self.import_into("copy-jsonl", "jsonl",
                         os.path.join(self.out, "all.jsonl"))
        self.assertEqual(self.export_jsonl("copy-jsonl"), data)

    def test_2_csv_with_deleted(self):
        rows = export_checks.check_csv(
            self.export("all.csv", ["--format", "csv", "--include-deleted"]),
            self.texts)
        self.assertEqual(len(rows), len(self.expected) + 1)
        deleted = [(r["document_id"], int(r["start"]), int(r["end"]))
                   for r in rows if r["deleted"] == "true"]
        self.assertEqual(deleted, [self.deleted])

    def test_3_brat_directory_tar_and_stdout(self):
        directory = self.export("brat", ["--format", "brat"])
        spans = export_checks.check_brat(
            export_checks.brat_directory(directory), self.texts)
        got = sorted((doc, s, e, label, note["author"])
                     for doc, lines in spans.items()
                     for label, s, e, note in lines)
        self.assertEqual(got, sorted(self.expected))
        tar = self.export("brat.tar", ["--format", "brat"])
        self.assertEqual(export_checks.brat_tar(tar),
                         export_checks.brat_directory(directory))
        r = self.cli.run(["export", "news", "--format", "brat", "-o", "-"],
                         self.admin)
        self.assertEqual(export_checks.brat_tar(r.stdout),
                         export_checks.brat_directory(directory))
        self.assertIn("exported", r.stderr.decode())
        # Imported into a new project: same texts and spans (brat carries
        # no titles or metadata).
        self.import_into("copy-brat", "brat", directory)
        original = export_checks.check_jsonl(self.export_jsonl("news"),
                                             self.texts)
        copy = export_checks.check_jsonl(self.export_jsonl("copy-brat"),
                                         self.texts)
        self.assertEqual([(d["id"], d["text"], d["spans"]) for d in copy],
                         [(d["id"], d["text"], d["spans"]) for d in original])

    def test_4_conll(self):
        data = self.export("alice.conll", ["--format", "conll", "--layer",
                                           "human:alice"])
        order = sorted(self.texts)
        docs = export_checks.check_conll(data,
                                         [self.texts[k] for k in order])
        for doc, tokens in zip(order, docs):
            spans = [(s, e, label) for d, s, e, label, _ in
                     self.labels["alice"] if d == doc]
            self.assertEqual([t[1] for t in tokens],
                             export_checks.expected_bio(tokens, spans), doc)
        r = self.cli.run(["export", "news", "--format", "conll", "-o",
                          os.path.join(self.out, "x.conll")], self.admin,
                         check=False)
        self.assertEqual(r.returncode, 1)
        self.assertIn("covers one layer", r.stderr.decode())

    def test_5_labelstudio_both_units(self):
        original = self.export_jsonl("news")
        for unit in ("codepoints", "utf16"):
            name = f"ls-{unit}.json"
            data = self.export(name, ["--format", "labelstudio",
                                      "--labelstudio-offsets", unit])
            tasks = export_checks.check_labelstudio(data, self.texts, unit)
            self.assertEqual(len(tasks), len(self.texts))
            project = f"copy-ls-{unit}"
            self.import_into(project, "labelstudio",
                             os.path.join(self.out, name),
                             ["--labelstudio-offsets", unit])
            self.assertEqual(self.export_jsonl(project), original)

    def test_6_annotator_exports_only_their_layer(self):
        data = self.export("alice.jsonl", ["--format", "jsonl"],
                           self.tokens["alice"])
        authors = {s["author"] for d in export_checks.check_jsonl(
            data, self.texts) for s in d["spans"]}
        self.assertEqual(authors, {"alice", "tagger"})
        r = self.cli.run(["export", "news", "--format", "jsonl", "--layer",
                          "human:bob", "-o", "-"], self.tokens["alice"],
                         check=False)
        self.assertEqual(r.returncode, 1)
        self.assertIn("PERMISSION_DENIED", r.stderr.decode())
        r = self.cli.run(["export", "news", "--format", "jsonl", "-o", "-"],
                         self.tokens["tagger"], check=False)
        self.assertIn("PERMISSION_DENIED", r.stderr.decode())

    def test_7_malformed_input(self):
        before = self.export_jsonl("news")
        doc = sorted(self.texts)[0]
        path = os.path.join(self.out, "bad.jsonl")
        with open(path, "w", encoding="utf-8") as f:
            f.write(json.dumps({"id": "good-one", "text": "Ann said “yes” 😀.",
                                "spans": [{"start": 10, "end": 13,
                                           "label": "attributed_claim",
                                           "author": "alice"}]}) + "\n")
            f.write('{"id": "broken", "text": \n')
            f.write(json.dumps({"id": "bad-span", "text": "Short text.",
                                "spans": [{"start": 0, "end": 500,
                                           "label": "opinion"}]}) + "\n")
            f.write(json.dumps({"id": doc, "text": "Not the same text."})
                    + "\n")
        r = self.cli.run(["import", "news", "--format", "jsonl", path],
                         self.admin, check=False)
        out = r.stdout.decode()
        self.assertEqual(r.returncode, 1, r.stderr.decode())
        self.assertIn(f"{path}:2: INVALID_ARGUMENT: not valid JSON", out)
        self.assertIn(f"{path}:3: document bad-span: INVALID_ARGUMENT: "
                      "spans[0].end=500", out)
        self.assertIn(f"{path}:4: document {doc}: ALREADY_EXISTS", out)
        self.assertIn("3 records were not imported", r.stderr.decode())
        good = self.cli.json(["annotations", "news", "good-one"], self.admin)
        self.assertEqual([a["text"] for a in good], ["yes"])
        self.assertEqual(good[0]["author"], "alice")
        docs = {d["document_id"] for d in self.cli.json(["docs", "news"],
                                                        self.admin)}
        self.assertNotIn("bad-span", docs)
        after = export_checks.check_jsonl(self.export_jsonl("news"),
                                          self.texts)
        self.assertEqual(
            [d for d in after if d["id"] != "good-one"],
            export_checks.check_jsonl(before, self.texts))
        r = self.cli.run(["import", "news", "--format", "jsonl", path],
                         self.tokens["alice"], check=False)
        self.assertIn("PERMISSION_DENIED", r.stderr.decode())


def main():
    global ARGS
    ARGS, argv = e2e_support.parse_corpus_args()
    unittest.main(argv=argv, verbosity=2)


if __name__ == "__main__":
    main()
