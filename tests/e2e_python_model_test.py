#!/usr/bin/python3
"""End-to-end test of the Python model client (client/python).

A real spanlabd; the admin sets up a project through the real CLI; a model
credential pushes predictions with client/python/push_predictions.py; the
suggestions are checked through the CLI: offsets in code points, text,
score, author = the model, human layers untouched, re-runs idempotent, a bad
span rejected with a message naming it.
"""

import argparse
import json
import os
import subprocess
import sys
import tempfile
import unittest

from e2e_support import Cli, Server, read_text

ARGS = None


class PythonModelClient(unittest.TestCase):

    @classmethod
    def setUpClass(cls):
        cls.tmp = tempfile.TemporaryDirectory(prefix="spanlab-pymodel-")
        cls.server = Server(ARGS.spanlabd, cls.tmp.name)
        cls.cli = Cli(ARGS.spanlab, cls.server)
        cls.admin = cls.server.start(cls.cli)
        articles = os.path.join(ARGS.fixtures, "articles")
        cls.files = sorted(os.path.join(articles, f)
                           for f in os.listdir(articles))
        cls.texts = {os.path.basename(p)[:-4]: read_text(p)
                     for p in cls.files}
        cls.cli.run(["project", "create", "news"], cls.admin)
        cls.cli.run(["import", "news"] + cls.files, cls.admin)
        cls.model = cls.cli.json(["annotator", "add", "ner", "--role",
                                  "model"], cls.admin)["token"]
        cls.alice = cls.cli.json(["annotator", "add", "alice", "--role",
                                  "annotator"], cls.admin)["token"]

    @classmethod
    def tearDownClass(cls):
        cls.server.stop()
        cls.tmp.cleanup()

    def span(self, doc, quote, label, score, **attributes):
        start = self.texts[doc].index(quote)
        return {"start": start, "end": start + len(quote), "label": label,
                "score": score, "attributes": attributes}

    def push(self, records, version="v1"):
        path = os.path.join(self.tmp.name, "predictions.jsonl")
        with open(path, "w", encoding="utf-8") as f:
            for r in records:
                f.write(json.dumps(r, ensure_ascii=False) + "\n")
        env = dict(os.environ, SPANLAB_TOKEN=self.model,
                   XDG_CACHE_HOME=os.path.join(self.tmp.name, "cache"))
        return subprocess.run(
            ["/usr/bin/python3", ARGS.script, path, "--project", "news",
             "--model-version", version, "--server", self.server.address],
            env=env, capture_output=True, text=True, timeout=120)

    def suggestions(self, doc):
        return self.cli.json(["annotations", "news", doc, "--layer",
                              "automatic:ner"], self.admin)

    def test_push_rerun_and_bad_span(self):
        records = [
            {"document": "harbour-bridge", "spans": [
                self.span("harbour-bridge", "The budget was doubled twice",
                          "attributed_claim", 0.91, source="Zoë Brontë",
                          cue="said"),
                self.span("harbour-bridge", "reopens next week 🎉",
                          "opinion", 0.35)]},
            {"document": "festival-budget", "spans": [
                self.span("festival-budget",
                          "pays for itself three times over", "disputed",
                          0.6, disputed_by="the finance committee")]},
        ]
        # A human annotation that the model must never touch.
        self.cli.run(["label", "news", "harbour-bridge", "opinion", "--quote",
                      "To no one’s surprise, the ribbon-cutting ran long"],
                     self.alice)

        r = self.push(records)
        self.assertEqual(r.returncode, 0, r.stderr)
        self.assertIn("documents 2, created 3, kept 0, removed 0", r.stdout)
        got = self.suggestions("harbour-bridge")
        self.assertEqual(len(got), 2)
        for a in got:
            start, end = int(a["start"]), int(a["end"])
            self.assertEqual(a["text"], self.texts["harbour-bridge"][start:end])
            self.assertEqual(a["author"], "ner")
            self.assertEqual(a["model_version"], "v1")
        scores = sorted(float(a["score"]) for a in got)
        self.assertEqual(scores, [0.35, 0.91])

        r = self.push(records)
        self.assertEqual(r.returncode, 0, r.stderr)
        self.assertIn("created 0, kept 3, removed 0", r.stdout)

        # Drop one suggestion of one document: only it is retired.
        records[0]["spans"] = records[0]["spans"][:1]
        r = self.push(records)
        self.assertIn("created 0, kept 2, removed 1", r.stdout)
        self.assertEqual(len(self.suggestions("harbour-bridge")), 1)

        human = self.cli.json(["annotations", "news", "harbour-bridge",
                               "--layer", "human:alice"], self.admin)
        self.assertEqual(len(human), 1)

        bad = [{"document": "rail-strike", "spans": [
            {"start": 0, "end": 10 ** 6, "label": "opinion", "score": 0.5}]}]
        before = self.suggestions("rail-strike")
        r = self.push(bad)
        self.assertEqual(r.returncode, 1)
        self.assertIn("INVALID_ARGUMENT", r.stderr)
        self.assertIn("requests[0].annotations[0].end=1000000", r.stderr)
        self.assertEqual(before, self.suggestions("rail-strike"))


def main():
    global ARGS
    p = argparse.ArgumentParser()
    p.add_argument("--spanlabd", required=True)
    p.add_argument("--spanlab", required=True)
    p.add_argument("--script", required=True)
    p.add_argument("--fixtures", required=True)
    ARGS, rest = p.parse_known_args()
    unittest.main(argv=[sys.argv[0]] + rest, verbosity=2)


if __name__ == "__main__":
    main()
