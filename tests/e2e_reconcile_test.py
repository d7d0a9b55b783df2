#!/usr/bin/python3
"""End-to-end test of reconciliation: two annotators' layers into gold.

A real spanlabd; the admin imports three articles through the real CLI;
alice and bob label them (`label --span` with attributes), take them with
`spanlab next` and mark them done with `spanlab finish`; the adjudicator
judy runs `spanlab reconcile news --auto unanimous`, decides one item in the
interactive form (keys piped in), and every other open item by script: the
items come from `spanlab reconcile --list --json`, the decisions go through
a small Python gRPC client (client/python/spanlab_stubs.py): alice's version
for label conflicts, the longest span for boundary conflicts, the partials
kept. Then the gold layer must hold one span per item with its provenance
(policy, agreeing annotators, version, adjudicator), every document must be
DONE, a second automatic run must change nothing, a stale decision must be
ABORTED, and new human work must reopen only the item it touches.

Two corpora:
  --corpus shared    the g20-2017 articles with labels-A (alice) and
                     labels-B (bob) from the shared corpus (exit 77 =
                     skipped when absent);
  --corpus fixtures  the project's own small articles with labels made
                     here to give every item type.
"""

import json
import os
import subprocess
import sys
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

FIXTURE_LABELS = {
    "alice": [
        ("harbour-bridge", "The structure is safe for traffic again",
         "attributed_claim", {"source": "Mårten Ødegård",
                              "cue": "told reporters"}),
        ("harbour-bridge", "The budget was doubled twice", "disputed",
         {"source": "Zoë Brontë", "cue": "said"}),
        ("harbour-bridge", "well within the budget we were given",
         "attributed_claim", {"source": "He", "cue": "added"}),
        ("rail-strike", "We have a deal that respects the drivers",
         "attributed_claim", {"source": "he", "cue": "told"}),
    ],
    "bob": [
        ("harbour-bridge", "The structure is safe for traffic again",
         "attributed_claim", {"source": "chief engineer Mårten Ødegård",
                              "cue": "told reporters"}),
        ("harbour-bridge", "The budget was doubled twice", "attributed_claim",
         {"source": "Zoë Brontë", "cue": "said"}),
        ("harbour-bridge",
         "the final cost was “well within the budget we were given",
         "attributed_claim", {"source": "He", "cue": "added"}),
        ("harbour-bridge", "reopens next week 🎉", "opinion", {}),
        ("rail-strike", "We have a deal that respects the drivers",
         "attributed_claim", {"source": "he", "cue": "told"}),
        ("festival-budget", "12 € — or 10 € for students 🎟️", "opinion", {}),
    ],
}


def load_corpus():
    """Returns (files, {doc_id: text}, {annotator: [(doc, span), ...]})."""
    if ARGS.corpus == "shared":
        root = os.path.join(ARGS.shared_corpus, "g20-2017")
        files = sorted(os.path.join(root, f) for f in os.listdir(root)
                       if f.endswith(".txt"))
        texts = {os.path.basename(p)[:-4]: read_text(p) for p in files}
        labels = {}
        for who, name in (("alice", "labels-A.jsonl"),
                          ("bob", "labels-B.jsonl")):
            spans = []
            with open(os.path.join(root, name), encoding="utf-8") as f:
                for line in f:
                    rec = json.loads(line)
                    doc = rec["document"][:-len(".txt")]
                    for s in rec["spans"]:
                        attrs = {k: s[k] for k in ALLOWED[s["label"]]
                                 if s.get(k)}
                        spans.append((doc, {"start": s["start"],
                                            "end": s["end"],
                                            "label": s["label"],
                                            "attributes": attrs}))
            labels[who] = spans
        return files, texts, labels
    root = os.path.join(ARGS.fixtures, "articles")
    files = sorted(os.path.join(root, f) for f in os.listdir(root))
    texts = {os.path.basename(p)[:-4]: read_text(p) for p in files}
    labels = {}
    for who, spans in FIXTURE_LABELS.items():
        labels[who] = []
        for doc, quote, label, attrs in spans:
            start = texts[doc].index(quote)
            labels[who].append((doc, {"start": start,
                                      "end": start + len(quote),
                                      "label": label,
                                      "attributes": attrs}))
    return files, texts, labels


def load_stubs(cache):
    """The API's Python stubs, with the reconciliation service."""
    os.environ["XDG_CACHE_HOME"] = cache
    sys.path.insert(0, os.path.join(ARGS.repo, "client", "python"))
    import importlib
    import spanlab_stubs
    stubs = spanlab_stubs.load()
    stubs.reconcile_pb2 = importlib.import_module(
        "spanlab.v1.reconcile_service_pb2")
    stubs.reconcile_pb2_grpc = importlib.import_module(
        "spanlab.v1.reconcile_service_pb2_grpc")
    return stubs


def choose(item):
    """The versions to take by this test's rules (annotation names)."""
    versions = item["versions"]
    if item["type"] == "LABEL_CONFLICT":
        return [next(v for v in versions if v["annotator"] == "alice")]
    if item["type"] == "BOUNDARY_CONFLICT":
        longest = max(int(v["end"]) - int(v["start"]) for v in versions)
        return [next(v for v in versions
                     if int(v["end"]) - int(v["start"]) == longest)]
    return [versions[0]]  # Partial (or a blocked unanimous item): keep it.


class Reconcile(unittest.TestCase):

    @classmethod
    def setUpClass(cls):
        cls.tmp = tempfile.TemporaryDirectory(prefix="spanlab-reconcile-")
        cls.server = Server(ARGS.spanlabd, cls.tmp.name)
        cls.cli = Cli(ARGS.spanlab, cls.server)
        try:
            cls.admin = cls.server.start(cls.cli)
            cls.files, cls.texts, cls.labels = load_corpus()
            cls.stubs = load_stubs(os.path.join(cls.tmp.name, "cache"))
        except BaseException:
            # tearDownClass does not run when setUpClass fails.
            cls.tearDownClass()
            raise

    @classmethod
    def tearDownClass(cls):
        if cls.server.proc is not None:
            cls.server.stop()
        cls.tmp.cleanup()

    def interactive(self, args, token, keys):
        """Runs the CLI with `keys` on stdin, as a person at a terminal."""
        env = dict(os.environ, SPANLAB_SERVER=self.server.address,
                   SPANLAB_TOKEN=token, NO_COLOR="1",
                   XDG_CONFIG_HOME=self.server.data_dir)
        env.pop("SPANLAB_CONFIG", None)
        r = subprocess.run([ARGS.spanlab] + args, env=env, input=keys.encode(),
                           capture_output=True, timeout=60)
        self.assertEqual(r.returncode, 0, r.stderr.decode())
        return r.stdout.decode("utf-8")

    def resolve(self, token, item, annotations, revision=None):
        import grpc
        pb = self.stubs.reconcile_pb2
        with grpc.insecure_channel(self.server.address) as channel:
            stub = self.stubs.reconcile_pb2_grpc.ReconcileServiceStub(channel)
            request = pb.ResolveItemRequest(
                name=item["name"],
                revision=int(item["revision"]) if revision is None
                else revision,
                take=pb.TakeVersions(annotations=annotations))
            return stub.ResolveItem(
                request, metadata=[("authorization", f"Bearer {token}")],
                timeout=30)

    def gold(self, show_deleted=False):
        out = []
        for doc in sorted(self.texts):
            args = ["annotations", "news", doc, "--layer", "gold"]
            if show_deleted:
                args.append("--show-deleted")
            out += self.cli.json(args, self.admin)
        return out

    def test_reconcile(self):
        import grpc
        cli, admin = self.cli, self.admin
        cli.run(["project", "create", "news"], admin)
        tokens = {}
        for who, role in (("alice", "annotator"), ("bob", "annotator"),
                          ("judy", "adjudicator")):
            tokens[who] = cli.json(["annotator", "add", who, "--role", role],
                                   admin)["token"]
        judy = tokens["judy"]
        cli.run(["import", "news"] + self.files, admin)

        # Each annotator labels by offsets, then takes and finishes every
        # document through the assignment commands.
        for who, spans in self.labels.items():
            for doc, s in spans:
                args = ["label", "news", doc, s["label"],
                        "--span", f"{s['start']}:{s['end']}"]
                for key, value in s["attributes"].items():
                    args += ["--attr", f"{key}={value}"]
                a = cli.json(args, tokens[who])
                self.assertEqual(a["text"],
                                 self.texts[doc][s["start"]:s["end"]])
            finished = []
            while True:
                r = cli.json(["next", "news"], tokens[who])
                if not r.get("document"):
                    break
                doc = r["document"]["document_id"]
                cli.run(["finish", "news", doc], tokens[who])
                finished.append(doc)
            self.assertEqual(sorted(finished), sorted(self.texts))

        # Annotators may not reconcile.
        r = cli.run(["reconcile", "news", "--status"], tokens["alice"],
                    check=False)
        err = r.stderr.decode()
        self.assertEqual(r.returncode, 1, err)
        self.assertIn("PERMISSION_DENIED", err)
        self.assertIn("alice is ANNOTATOR", err)

        merged = cli.json(["reconcile", "news", "--auto", "unanimous"], judy)
        self.assertEqual(int(merged["documents"]), len(self.texts))
        self.assertEqual(merged["skipped_documents"], [])
        self.assertEqual(merged["policy"], "unanimous")
        by_type = {k: int(v) for k, v in merged["by_type"].items()}
        self.assertEqual(int(merged["merged"]), by_type["unanimous"])
        self.assertEqual(int(merged["items"]), sum(by_type.values()))
        for kind in ("unanimous", "label_conflict", "boundary_conflict",
                     "partial"):
            self.assertGreater(by_type[kind], 0, kind)
        print(f"\n[{ARGS.corpus}] items by type: "
              + ", ".join(f"{k} {v}" for k, v in by_type.items())
              + f"; total {merged['items']}", flush=True)

        open_items = cli.json(["reconcile", "news", "--list"], judy)
        self.assertEqual(len(open_items), int(merged["open"]))
        self.assertTrue(all(i["type"] != "UNANIMOUS" for i in open_items))
        all_items = cli.json(["reconcile", "news", "--list", "--filter",
                              "all"], judy)
        self.assertEqual(len(all_items), int(merged["items"]))

        # The first open item, decided at the keyboard: skip it once (it
        # stays open), then take the version this test's rules pick.
        first = open_items[0]
        doc = first["document"].rsplit("/", 1)[1]
        out = self.interactive(["reconcile", "news", doc], judy, "s q")
        self.assertIn("Item 1 of", out)
        self.assertIn("resolved 0, skipped 1", out)
        pick = choose(first)[0]
        number = first["versions"].index(pick) + 1
        out = self.interactive(["reconcile", "news", doc], judy,
                               f"{number}\nq\n")
        self.assertIn("resolved 1", out)
        for v in first["versions"]:
            self.assertIn(f"[{self.texts[doc][int(v['start']):int(v['end'])]}]"
                          f"{{{v['label']}}}".replace("\n", " "), out)

        # Every other open item by script.
        decided = {first["name"]: [pick["annotation"]]}
        for item in open_items[1:]:
            names = [v["annotation"] for v in choose(item)]
            done = self.resolve(judy, item, names)
            self.assertTrue(done.resolved)
            self.assertEqual(done.revision, 1)
            decided[item["name"]] = names
        # Deciding again on what was listed before is stale.
        with self.assertRaises(grpc.RpcError) as stale:
            self.resolve(judy, open_items[-1], decided[open_items[-1]["name"]],
                         revision=0)
        self.assertEqual(stale.exception.code(), grpc.StatusCode.ABORTED)

        self.assertEqual(cli.json(["reconcile", "news", "--list"], judy), [])
        status = cli.json(["reconcile", "news", "--status"], judy)
        self.assertEqual([d["state"] for d in status["documents"]],
                         ["RECONCILE_DONE"] * len(self.texts))
        self.assertEqual(int(status["done"]), len(self.texts))
        self.assertEqual(int(status["open_items"]), 0)

        # One gold span per item, each with its provenance.
        versions = {v["annotation"]: v for i in all_items
                    for v in i["versions"]}
        items = {i["name"]: i for i in all_items}
        gold = self.gold()
        self.assertEqual(len(gold), len(all_items))
        self.assertEqual(sorted(g["provenance"]["item"] for g in gold),
                         sorted(items))
        for g in gold:
            p = g["provenance"]
            item = items[p["item"]]
            self.assertEqual(g["kind"], "GOLD")
            self.assertEqual(g["author"], "judy")
            self.assertEqual(p["adjudicator"], "judy")
            self.assertEqual(p["item_type"], item["type"].lower())
            doc = item["document"].rsplit("/", 1)[1]
            start, end = int(g["start"]), int(g["end"])
            self.assertEqual(g["text"], self.texts[doc][start:end])
            if item["type"] == "UNANIMOUS":
                self.assertEqual(p["policy"], "unanimous")
                self.assertEqual(p["version"], "merged")
                self.assertEqual(p["agreeing_annotators"], ["alice", "bob"])
                self.assertEqual(len(p["sources"]), 2)
                continue
            self.assertEqual(p["policy"], "adjudicated")
            self.assertEqual([p["version"]], decided[p["item"]])
            taken = versions[p["version"]]
            self.assertEqual((start, end, g["label"]),
                             (int(taken["start"]), int(taken["end"]),
                              taken["label"]))
            self.assertEqual(g["attributes"], taken["attributes"])
            self.assertIn(taken["annotator"], p["agreeing_annotators"])
            if item["type"] == "LABEL_CONFLICT":
                self.assertEqual(taken["annotator"], "alice")
            if item["type"] == "BOUNDARY_CONFLICT":
                self.assertEqual(end - start,
                                 max(int(v["end"]) - int(v["start"])
                                     for v in item["versions"]))

        # Running the merge again changes nothing.
        again = cli.json(["reconcile", "news", "--auto", "unanimous"], judy)
        self.assertEqual(int(again["merged"]), 0)
        self.assertEqual(int(again["superseded"]), 0)
        self.assertEqual(int(again["already_resolved"]), len(all_items))
        self.assertEqual(self.gold(show_deleted=True), gold)

        # bob withdraws his half of one unanimous item: only that item
        # reopens (as alice's partial), and its gold span is withdrawn.
        target = next(i for i in all_items if i["type"] == "UNANIMOUS")
        doc = target["document"].rsplit("/", 1)[1]
        bobs = next(v for v in target["versions"] if v["annotator"] == "bob")
        cli.run(["unlabel", "news", doc, bobs["annotation"].rsplit("/", 1)[1]],
                tokens["bob"])
        reopened = cli.json(["reconcile", "news", "--list"], judy)
        self.assertEqual(len(reopened), 1)
        self.assertEqual(reopened[0]["type"], "PARTIAL")
        self.assertNotEqual(reopened[0]["name"], target["name"])
        rerun = cli.json(["reconcile", "news", "--auto", "unanimous"], judy)
        self.assertEqual(int(rerun["superseded"]), 1)
        self.assertEqual(int(rerun["merged"]), 0)
        self.assertEqual(int(rerun["open"]), 1)
        withdrawn = [g for g in self.gold(show_deleted=True)
                     if g["provenance"]["item"] == target["name"]]
        self.assertEqual(len(withdrawn), 1)
        self.assertTrue(withdrawn[0]["deleted"])
        self.resolve(judy, reopened[0], [reopened[0]["versions"][0]
                                         ["annotation"]])
        status = cli.json(["reconcile", "news", "--status"], judy)
        self.assertEqual(int(status["done"]), len(self.texts))
        text = cli.run(["reconcile", "news", "--status"], judy).stdout.decode()
        self.assertIn(f"{len(self.texts)} documents: {len(self.texts)} done",
                      text)


def main():
    global ARGS
    ARGS, argv = parse_corpus_args(("--repo",))
    unittest.main(argv=argv, verbosity=2)


if __name__ == "__main__":
    main()
