#!/usr/bin/python3
"""End-to-end test of agreement and evaluation on two annotators' labels.

A real spanlabd; two annotators each load a labels file into their own layer
with `spanlab import-labels`; `spanlab agreement` and `spanlab evaluate`
report span precision/recall/F1 (exact and overlap) that must equal a
direct computation here from the label files, and token/unitizing measures
that must be well-formed. Runs on the shared g20-2017 corpus (exit 77 =
skipped when absent) or on the project's fixtures.
"""

import json
import math
import os
import tempfile
import unittest

from e2e_support import Cli, Server, parse_corpus_args, read_text

ARGS = None
LABELS = ("attributed_claim", "opinion", "disputed")


def load_labels(path):
    """{document id: [(start, end, label, source)]}."""
    out = {}
    with open(path, encoding="utf-8") as f:
        for line in f:
            r = json.loads(line)
            doc = r["document"][:-len(".txt")]
            out[doc] = [(s["start"], s["end"], s["label"], s.get("source"))
                        for s in r["spans"]]
    return out


def match(a, b, overlap):
    """One-to-one matches of b against reference a, same label; for overlap
    matching the pairs with the largest overlap are taken first."""
    if not overlap:
        keys = {(s, e, l) for s, e, l, _ in a}
        return [(None, j) for j, (s, e, l, _) in enumerate(b)
                if (s, e, l) in keys]
    candidates = []
    for i, (s1, e1, l1, _) in enumerate(a):
        for j, (s2, e2, l2, _) in enumerate(b):
            if l1 == l2 and s1 < e2 and s2 < e1:
                candidates.append((-(min(e1, e2) - max(s1, s2)), i, j))
    used_a, used_b, pairs = set(), set(), []
    for _, i, j in sorted(candidates):
        if i not in used_a and j not in used_b:
            used_a.add(i)
            used_b.add(j)
            pairs.append((i, j))
    return pairs


def scores(ref, cand, label, overlap):
    a_n = b_n = m = 0
    for doc in ref:
        a = [x for x in ref[doc] if label in (None, x[2])]
        b = [x for x in cand.get(doc, []) if label in (None, x[2])]
        a_n, b_n = a_n + len(a), b_n + len(b)
        m += len(match(a, b, overlap))
    nan = float("nan")
    return {"p": m / b_n if b_n else nan, "r": m / a_n if a_n else nan,
            "f1": 2 * m / (a_n + b_n) if a_n + b_n else nan, "m": m}


def close(x, y):
    return (math.isnan(x) and math.isnan(y)) or abs(x - y) < 1e-9


class Analysis(unittest.TestCase):

    @classmethod
    def setUpClass(cls):
        cls.tmp = tempfile.TemporaryDirectory(prefix="spanlab-analysis-")
        cls.server = Server(ARGS.spanlabd, cls.tmp.name)
        cls.cli = Cli(ARGS.spanlab, cls.server)
        cls.admin = cls.server.start(cls.cli)
        if ARGS.corpus == "shared":
            root = os.path.join(ARGS.shared_corpus, "g20-2017")
            texts = root
        else:
            root = ARGS.fixtures
            texts = os.path.join(root, "articles")
        cls.files = sorted(os.path.join(texts, f) for f in os.listdir(texts)
                           if f.endswith(".txt"))
        cls.a = load_labels(os.path.join(root, "labels-A.jsonl"))
        cls.b = load_labels(os.path.join(root, "labels-B.jsonl"))
        cls.cli.run(["project", "create", "news"], cls.admin)
        cls.cli.run(["import", "news"] + cls.files, cls.admin)
        cls.tokens = {}
        for who, name in (("alice", "labels-A.jsonl"),
                          ("bob", "labels-B.jsonl")):
            cls.tokens[who] = cls.cli.json(
                ["annotator", "add", who, "--role", "annotator"],
                cls.admin)["token"]
            cls.cli.run(["import-labels", "news", os.path.join(root, name)],
                        cls.tokens[who])
        cls.judge = cls.cli.json(["annotator", "add", "judge", "--role",
                                  "adjudicator"], cls.admin)["token"]

    @classmethod
    def tearDownClass(cls):
        cls.server.stop()
        cls.tmp.cleanup()

    def test_layers_hold_the_label_files(self):
        for who, labels in (("alice", self.a), ("bob", self.b)):
            for path in self.files:
                doc = os.path.basename(path)[:-len(".txt")]
                text = read_text(path)
                got = sorted((int(x["start"]), int(x["end"]), x["label"])
                             for x in self.cli.json(
                                 ["annotations", "news", doc, "--layer",
                                  "human:" + who], self.admin))
                want = sorted((s, e, l) for s, e, l, _ in labels.get(doc, []))
                self.assertEqual(got, want, f"{who} {doc}")
                for s, e, _ in got:
                    self.assertFalse(text[s].isspace() or text[e - 1].isspace())

    def test_evaluate_matches_direct_computation(self):
        r = self.cli.json(["evaluate", "news", "--reference", "alice",
                           "--candidate", "bob"], self.judge)
        rows = {s["label"]: s for s in r["scores"]}
        for label in LABELS + (None,):
            row = rows[label or "(all)"]
            for overlap, prefix in ((False, "exact"), (True, "overlap")):
                want = scores(self.a, self.b, label, overlap)
                self.assertTrue(close(float(row[prefix + "_precision"]),
                                      want["p"]), (label, prefix, row))
                self.assertTrue(close(float(row[prefix + "_recall"]),
                                      want["r"]), (label, prefix, row))
                self.assertTrue(close(float(row[prefix + "_f1"]), want["f1"]),
                                (label, prefix, row))
        # Source accuracy over overlap-matched claims with a reference source.
        compared = correct = 0
        for doc in self.a:
            a, b = self.a[doc], self.b.get(doc, [])
            for i, j in match(a, b, True):
                if a[i][2] in ("attributed_claim", "disputed") and a[i][3]:
                    compared += 1
                    correct += (b[j][3] or "").strip().lower() == \
                        a[i][3].strip().lower()
        self.assertEqual(int(r["source_compared"]), compared)
        self.assertEqual(int(r.get("source_correct", 0)), correct)
        print(f"\nbob vs alice: {json.dumps(rows['(all)'])}")

    def test_agreement_report(self):
        report = self.cli.json(["agreement", "news"], self.judge)
        self.assertEqual(report["annotators"], ["human:alice", "human:bob"])
        pair = report["pairs"][0]
        for overlap, key in ((False, "span_exact"), (True, "span_overlap")):
            want = scores(self.a, self.b, None, overlap)
            self.assertTrue(close(pair[key]["overall"]["f1"], want["f1"]))
            self.assertEqual(pair[key]["overall"]["matched"], want["m"])
        group = report["group"]
        for value in (group["token_krippendorff_alpha"]["alpha"],
                      group["token_fleiss_kappa"]["kappa"],
                      pair["token_cohen_kappa"]["kappa"],
                      group["unitizing_alpha"]["alpha"]):
            self.assertTrue(-1 <= value <= 1, value)
        # Two raters, complete data: Fleiss' kappa and nominal alpha differ
        # only by the small-sample correction; Cohen's kappa is close to both.
        self.assertAlmostEqual(group["token_fleiss_kappa"]["kappa"],
                               group["token_krippendorff_alpha"]["alpha"],
                               delta=0.01)
        # The human-readable form prints the same pair.
        text = self.cli.run(["agreement", "news"], self.judge).stdout.decode()
        self.assertIn("Overlap F1", text)
        self.assertIn("%.3f" % pair["span_overlap"]["overall"]["f1"], text)
        print(f"\nagreement: alpha={group['token_krippendorff_alpha']['alpha']:.3f}"
              f" fleiss={group['token_fleiss_kappa']['kappa']:.3f}"
              f" cohen={pair['token_cohen_kappa']['kappa']:.3f}"
              f" alpha_u={group['unitizing_alpha']['alpha']:.3f}"
              f" overlap_f1={pair['span_overlap']['overall']['f1']:.3f}"
              f" exact_f1={pair['span_exact']['overall']['f1']:.3f}")

    def test_autotag_evaluated_against_both_label_files(self):
        r = self.cli.json(["autotag", "news"], self.admin)
        self.assertEqual(int(r["documents"]), len(self.files))
        created = int(r.get("created", 0))
        self.assertGreater(created, 0)
        # The tagger's layer as stored, read back through the CLI.
        tagged = {}
        for path in self.files:
            doc = os.path.basename(path)[:-len(".txt")]
            text = read_text(path)
            spans = self.cli.json(["annotations", "news", doc, "--layer",
                                   "automatic:spanlab-tagger"], self.admin)
            for a in spans:
                s, e = int(a.get("start", 0)), int(a["end"])
                self.assertEqual(a["text"], text[s:e])
                self.assertTrue(0 <= float(a.get("score", 0)) <= 1)
            tagged[doc] = [(int(a.get("start", 0)), int(a["end"]),
                            a["label"], a.get("attributes", {}).get("source"))
                           for a in spans]
        for who, labels in (("alice", self.a), ("bob", self.b)):
            r = self.cli.json(["evaluate", "news", "--reference", who,
                               "--candidate", "automatic:spanlab-tagger"],
                              self.judge)
            rows = {x["label"]: x for x in r["scores"]}
            for label in LABELS + (None,):
                row = rows[label or "(all)"]
                for overlap, prefix in ((False, "exact"), (True, "overlap")):
                    want = scores(labels, tagged, label, overlap)
                    self.assertTrue(close(float(row[prefix + "_f1"]),
                                          want["f1"]), (who, label, row))
                    self.assertTrue(close(float(row[prefix + "_precision"]),
                                          want["p"]), (who, label, row))
            print(f"\ntagger vs {who}: " + "; ".join(
                f"{l} exact F1 {float(rows[l]['exact_f1']):.3f} "
                f"overlap F1 {float(rows[l]['overlap_f1']):.3f}"
                for l in list(LABELS) + ["(all)"]))
        # Re-running is idempotent: nothing created, everything kept.
        again = self.cli.json(["autotag", "news"], self.admin)
        self.assertEqual(int(again.get("created", 0)), 0)
        self.assertEqual(int(again.get("kept", 0)), created)
        # Only an admin runs the tagger.
        r = self.cli.run(["autotag", "news"], self.judge, check=False)
        self.assertIn("PERMISSION_DENIED", r.stderr.decode())

    def test_annotators_may_not_compare(self):
        r = self.cli.run(["agreement", "news"], self.tokens["alice"],
                         check=False)
        self.assertEqual(r.returncode, 1)
        self.assertIn("PERMISSION_DENIED", r.stderr.decode())
        r = self.cli.run(["evaluate", "news", "--reference", "alice",
                          "--candidate", "nobody!"], self.judge, check=False)
        self.assertIn("INVALID_ARGUMENT", r.stderr.decode())
        self.assertIn("candidate=", r.stderr.decode())


def main():
    global ARGS
    ARGS, argv = parse_corpus_args()
    unittest.main(argv=argv, verbosity=2)


if __name__ == "__main__":
    main()
