#!/usr/bin/python3
"""End-to-end test: the real spanlabd driven only through the real spanlab CLI.

Starts spanlabd on a free loopback port with a fresh data directory, creates a
project, adds two annotators, imports articles, labels spans by quote as each
annotator, lists them, restarts the server and checks that every span is
unchanged with text == document[start:end] in code points. Then checks that
bad input (wrong token, out-of-range span, invalid UTF-8, unknown label, stale
revision, another annotator's layer) fails with the right status and leaves
the stored data unchanged.

Two corpora:
  --corpus shared    the g20-2017 articles and both label files from the
                     shared corpus (exit 77 = skipped when absent);
  --corpus fixtures  the project's own small articles (always present).
"""

import json
import os
import tempfile
import unittest

from e2e_support import Cli, Server, parse_corpus_args, read_text

ARGS = None

# Attributes each label of the news-attribution schema allows.
ALLOWED = {
    "attributed_claim": ("source", "cue"),
    "opinion": ("holder",),
    "disputed": ("source", "cue", "disputed_by"),
}


def nth_occurrence(text, quote, start):
    """1-based index of the occurrence of quote that begins at start."""
    n, pos = 0, text.find(quote)
    while pos != -1:
        n += 1
        if pos == start:
            return n
        pos = text.find(quote, pos + 1)
    raise AssertionError(f"quote not at {start}")


def load_corpus():
    """Returns (files, {doc_id: text}, {annotator: [(doc_id, span), ...]})."""
    if ARGS.corpus == "shared":
        root = os.path.join(ARGS.shared_corpus, "g20-2017")
        files = sorted(os.path.join(root, f) for f in os.listdir(root)
                       if f.endswith(".txt"))
        labels = {}
        for who, name in (("alice", "labels-A.jsonl"),
                          ("bob", "labels-B.jsonl")):
            spans = []
            with open(os.path.join(root, name), encoding="utf-8") as f:
                for line in f:
                    rec = json.loads(line)
                    doc_id = rec["document"][:-len(".txt")]
                    spans += [(doc_id, s) for s in rec["spans"]]
            labels[who] = spans
    else:
        root = os.path.join(ARGS.fixtures, "articles")
        files = sorted(os.path.join(root, f) for f in os.listdir(root))
        labels = {
            "alice": [
                ("harbour-bridge", {"text": "The structure is safe for "
                                            "traffic again",
                                    "label": "attributed_claim",
                                    "source": "Mårten Ødegård",
                                    "cue": "told reporters"}),
                ("harbour-bridge", {"text": "reopens next week 🎉",
                                    "label": "opinion"}),
                ("rail-strike", {"text": "We have a deal that respects the "
                                         "drivers",
                                 "label": "attributed_claim",
                                 "source": "he", "cue": "told"}),
            ],
            "bob": [
                ("harbour-bridge", {"text": "The budget was doubled twice",
                                    "label": "attributed_claim",
                                    "source": "Zoë Brontë", "cue": "said"}),
                ("harbour-bridge", {"text": "well within the budget we were "
                                            "given",
                                    "label": "disputed",
                                    "disputed_by": "Zoë Brontë"}),
                ("festival-budget", {"text": "12 € — or 10 € for students 🎟️",
                                     "label": "opinion"}),
            ],
        }
    texts = {os.path.basename(p)[:-len(".txt")]: read_text(p) for p in files}
    for who, spans in labels.items():
        for doc_id, s in spans:
            if "start" not in s:
                s["start"] = texts[doc_id].index(s["text"])
                s["end"] = s["start"] + len(s["text"])
    return files, texts, labels


class EndToEnd(unittest.TestCase):

    @classmethod
    def setUpClass(cls):
        cls.tmp = tempfile.TemporaryDirectory(prefix="spanlab-e2e-")
        cls.server = Server(ARGS.spanlabd, cls.tmp.name)
        cls.cli = Cli(ARGS.spanlab, cls.server)
        cls.admin = cls.server.start(cls.cli)
        cls.files, cls.texts, cls.labels = load_corpus()

    @classmethod
    def tearDownClass(cls):
        cls.server.stop()
        cls.tmp.cleanup()

    def snapshot(self):
        """Every stored annotation of every document, as the admin sees it."""
        out = {}
        for doc_id in sorted(self.texts):
            out[doc_id] = self.cli.json(
                ["annotations", "news", doc_id, "--show-deleted"], self.admin)
        return out

    def assert_fails(self, args, token, code, needle):
        before = self.snapshot()
        r = self.cli.run(args, token, check=False)
        err = r.stderr.decode("utf-8", errors="replace")
        self.assertEqual(r.returncode, 1, err)
        self.assertIn(code, err)
        self.assertIn(needle, err)
        self.assertEqual(len(err.strip().splitlines()), 1, err)
        self.assertEqual(before, self.snapshot(), "a failed call changed data")

    def test_workflow(self):
        cli, admin = self.cli, self.admin
        cli.run(["project", "create", "news", "--title", "News attribution"],
                admin)
        tokens = {}
        for who in ("alice", "bob"):
            r = cli.json(["annotator", "add", who, "--role", "annotator"],
                         admin)
            tokens[who] = r["token"]
            self.assertTrue(tokens[who].startswith("spl_"))
        cli.run(["import", "news"] + self.files, admin)
        docs = cli.json(["docs", "news"], admin)
        self.assertEqual(sorted(d["document_id"] for d in docs),
                         sorted(self.texts))
        for d in docs:
            self.assertEqual(int(d["length"]), len(self.texts[d["document_id"]]))

        # Label every span by quote as its annotator.
        for who, spans in self.labels.items():
            for doc_id, s in spans:
                text = self.texts[doc_id]
                self.assertEqual(text[s["start"]:s["end"]], s["text"])
                args = ["label", "news", doc_id, s["label"],
                        "--quote", s["text"],
                        "--nth", str(nth_occurrence(text, s["text"],
                                                    s["start"]))]
                for key in ALLOWED[s["label"]]:
                    if s.get(key):
                        args += ["--attr", f"{key}={s[key]}"]
                a = cli.json(args, tokens[who])
                self.assertEqual((int(a["start"]), int(a["end"])),
                                 (s["start"], s["end"]))
                self.assertEqual(a["text"], s["text"])
                self.assertEqual(a["author"], who)

        def check_stored():
            for who, spans in self.labels.items():
                expect = sorted((d, s["start"], s["end"], s["label"])
                                for d, s in spans)
                got = []
                for doc_id, text in self.texts.items():
                    for a in cli.json(["annotations", "news", doc_id,
                                       "--layer", "mine"], tokens[who]):
                        start, end = int(a["start"]), int(a["end"])
                        self.assertEqual(a["text"], text[start:end])
                        self.assertEqual(a["author"], who)
                        got.append((doc_id, start, end, a["label"]))
                self.assertEqual(sorted(got), expect)

        check_stored()
        before_restart = self.snapshot()
        self.server.stop()
        self.admin = self.server.start(cli)
        self.assertEqual(self.admin, admin, "admin token must survive restart")
        check_stored()
        self.assertEqual(before_restart, self.snapshot())

        # Bad input: precise status, nothing changed.
        alice = tokens["alice"]
        doc_id = sorted(self.texts)[0]
        self.assert_fails(["docs", "news"], "spl_not-a-real-token",
                          "UNAUTHENTICATED", "token")
        self.assert_fails(["label", "news", doc_id, "opinion", "--span",
                           "0:99999999"], alice, "INVALID_ARGUMENT",
                          "annotation.end=99999999")
        self.assert_fails(["label", "news", doc_id, "bogus_label", "--span",
                           "0:1"], alice, "INVALID_ARGUMENT",
                          "annotation.label=\"bogus_label\"")
        self.assert_fails(["annotations", "news", doc_id, "--layer",
                           "human:bob"], alice, "PERMISSION_DENIED",
                          "author=bob")

        bad = os.path.join(ARGS.fixtures, "invalid-utf8.txt")
        before = self.snapshot()
        r = cli.run(["import", "news", bad], admin, check=False)
        self.assertEqual(r.returncode, 1)
        out = (r.stdout + r.stderr).decode("utf-8", errors="replace")
        self.assertIn("INVALID_ARGUMENT", out)
        self.assertIn("invalid UTF-8 at byte offset 8", out)
        self.assertEqual(before, self.snapshot())
        self.assertNotIn("invalid-utf8",
                         [d["document_id"] for d in cli.json(["docs", "news"],
                                                             admin)])

        # Stale revision: an update at revision 1 works once (relabelling
        # to the same label keeps the attributes valid), then is ABORTED.
        doc0 = self.labels["alice"][0][0]
        target = cli.json(["annotations", "news", doc0, "--layer", "mine"],
                          alice)[0]
        ann_id = target["name"].rsplit("/", 1)[1]
        cli.run(["relabel", "news", doc0, ann_id, target["label"],
                 "--revision", "1"], alice)
        self.assert_fails(["relabel", "news", doc0, ann_id, target["label"],
                           "--revision", "1"], alice, "ABORTED", "revision=1")

        # Duplicate text under a new id is reported, not stored twice.
        with tempfile.TemporaryDirectory() as d:
            copy = os.path.join(d, "copy-of-first.txt")
            with open(self.files[0], "rb") as src, open(copy, "wb") as dst:
                dst.write(src.read())
            r = cli.run(["import", "news", copy], admin, check=False)
            self.assertEqual(r.returncode, 1)
            self.assertIn("ALREADY_EXISTS", (r.stdout + r.stderr).decode())

        # Unlabel is a soft delete: hidden from listings, kept as tombstone.
        r = cli.run(["unlabel", "news", doc0, ann_id],
                    alice)
        live = cli.json(["annotations", "news", doc0,
                         "--layer", "mine"], alice)
        self.assertNotIn(target["name"], [a["name"] for a in live])
        every = cli.json(["annotations", "news", doc0,
                          "--layer", "mine", "--show-deleted"], alice)
        tomb = [a for a in every if a["name"] == target["name"]]
        self.assertEqual(len(tomb), 1)
        self.assertTrue(tomb[0]["deleted"])


def main():
    global ARGS
    ARGS, argv = parse_corpus_args()
    unittest.main(argv=argv, verbosity=2)


if __name__ == "__main__":
    main()
