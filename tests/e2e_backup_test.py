#!/usr/bin/python3
"""End-to-end test of online backup and restore through the real CLI.

Starts spanlabd and loads a project: annotators, the fixture articles,
spans by two annotators with `spanlab label`, a model suggestion and a
deleted span. Then:

1. Under load: a background thread keeps labeling and unlabeling words as
   another annotator while `spanlab admin backup` runs. The backup is
   restored into a fresh data directory and served by a second spanlabd,
   which must be consistent in itself: every annotation's audit history ends
   in the annotation as stored, every layer listing (read through the layer
   index) holds exactly the layer's records, and the writer's work is cut at
   one point in time (everything acknowledged before the backup began is
   there; nothing that had not started by its end is).
2. Quiet: the writer is stopped, a second backup is taken, the original
   server's full export (`spanlab export --format jsonl --layer all
   --include-deleted`) is taken at that moment, the server is stopped, and
   the backup is restored and served: its export equals the original's
   byte for byte, its annotator list and every document's history (times
   and sequence numbers included) are the same records, and the tokens
   issued before the backup still work.

Also: refused backups (existing path, relative path, non-admin caller) and
`spanlab health`.
"""

import argparse
import json
import os
import re
import shutil
import sys
import tempfile
import threading
import time
import unittest

import e2e_support
import export_checks

ARGS = None

LABELS = {
    "alice": [
        ("harbour-bridge", "The structure is safe for traffic again",
         "attributed_claim",
         {"source": "Mårten Ødegård", "cue": "told reporters"}),
        ("rail-strike", "We have a deal that respects the drivers",
         "attributed_claim", {"source": "he", "cue": "told"}),
    ],
    "bob": [
        ("harbour-bridge", "The budget was doubled twice", "attributed_claim",
         {"source": "Zoë Brontë", "cue": "said"}),
        ("festival-budget", "12 € — or 10 € for students 🎟️", "opinion", {}),
    ],
}


class Writer(threading.Thread):
    """Labels every word of the documents, one `spanlab label` at a time,
    as its own annotator, unlabeling every fourth again. Records what it
    started and what was acknowledged, in order."""

    def __init__(self, cli, token, texts):
        super().__init__(daemon=True)
        self.cli, self.token = cli, token
        self.words = [(doc, m.start(), m.end())
                      for doc, text in sorted(texts.items())
                      for m in re.finditer(r"\w+", text)]
        self.lock = threading.Lock()
        self.started = []  # ("label" | "unlabel", (doc, start, end))
        self.acked = []
        self.stop = threading.Event()
        self.error = None

    def snapshot(self):
        with self.lock:
            return list(self.started), list(self.acked)

    def step(self, kind, key, args):
        with self.lock:
            self.started.append((kind, key))
        r = self.cli.run(args, self.token, json_out=True)
        with self.lock:
            self.acked.append((kind, key))
        return r.stdout

    def run(self):
        try:
            for i, (doc, start, end) in enumerate(self.words):
                if self.stop.is_set():
                    return
                key = (doc, start, end)
                made = json.loads(self.step("label", key, [
                    "label", "news", doc, "opinion", "--span",
                    f"{start}:{end}"]))
                if i % 4 == 0:
                    self.step("unlabel", key, [
                        "unlabel", "news", doc,
                        made["name"].rsplit("/", 1)[1]])
        except Exception as e:  # reported by the test, not lost in a thread
            self.error = e


def keys_of(ops, kind):
    return {key for k, key in ops if k == kind}


class BackupEndToEnd(unittest.TestCase):

    @classmethod
    def setUpClass(cls):
        cls.tmp = tempfile.TemporaryDirectory(prefix="spanlab-backup-e2e-")
        cls.backups = os.path.join(cls.tmp.name, "backups")
        os.makedirs(cls.backups)
        cls.server = cls.start_server("original")
        cls.cli = e2e_support.Cli(ARGS.spanlab, cls.server)
        cls.admin = cls.server.admin
        root = os.path.join(ARGS.fixtures, "articles")
        cls.files = sorted(os.path.join(root, f) for f in os.listdir(root))
        cls.texts = {os.path.basename(p)[:-len(".txt")]:
                     e2e_support.read_text(p) for p in cls.files}
        cls.populate()
        cls.others = []

    @classmethod
    def tearDownClass(cls):
        for server in [cls.server] + cls.others:
            server.stop()
        cls.tmp.cleanup()

    @classmethod
    def start_server(cls, name, token=None):
        data_dir = os.path.join(cls.tmp.name, name)
        os.makedirs(data_dir, exist_ok=True)
        server = e2e_support.Server(ARGS.spanlabd, data_dir)
        server.admin = server.start(e2e_support.Cli(ARGS.spanlab, server))
        if token is not None:
            assert server.admin == token, "the restored admin token changed"
        return server

    @classmethod
    def populate(cls):
        cli, admin = cls.cli, cls.admin
        cli.run(["project", "create", "news"], admin)
        cls.tokens = {}
        for who, role in (("alice", "annotator"), ("bob", "annotator"),
                          ("writer", "annotator"), ("tagger", "model")):
            cls.tokens[who] = cli.json(["annotator", "add", who, "--role",
                                        role], admin)["token"]
        cli.run(["import", "news"] + cls.files, admin)
        for who, spans in LABELS.items():
            for doc, quote, label, attrs in spans:
                args = ["label", "news", doc, label, "--quote", quote]
                for key, value in attrs.items():
                    args += ["--attr", f"{key}={value}"]
                cli.run(args, cls.tokens[who])
        cli.run(["label", "news", "rail-strike", "opinion", "--quote",
                 "deserve better than this", "--model-version", "tagger-1.0",
                 "--score", "0.75"], cls.tokens["tagger"])
        made = cli.json(["label", "news", "festival-budget", "opinion",
                         "--quote", "healthy and overdue"],
                        cls.tokens["alice"])
        cli.run(["unlabel", "news", "festival-budget",
                 made["name"].rsplit("/", 1)[1]], cls.tokens["alice"])

    # -- helpers -------------------------------------------------------------

    def backup(self, name, token=None, cli=None):
        path = os.path.join(self.backups, name)
        done = (cli or self.cli).json(["admin", "backup", path],
                                      token or self.admin)
        self.assertEqual(done["path"], path)
        self.assertGreater(int(done["size_bytes"]), 0)
        self.assertGreater(int(done["sequence_number"]), 0)
        self.assertTrue(os.path.isfile(os.path.join(path, "CURRENT")))
        return path

    def restore(self, backup, name, move=False):
        """A fresh data directory whose db/ is `backup`, with the original
        admin token, served by a new spanlabd."""
        data_dir = os.path.join(self.tmp.name, name)
        os.makedirs(data_dir)
        if move:
            os.rename(backup, os.path.join(data_dir, "db"))
        else:
            shutil.copytree(backup, os.path.join(data_dir, "db"))
        shutil.copy2(os.path.join(self.server.data_dir, "admin.token"),
                     os.path.join(data_dir, "admin.token"))
        server = self.start_server(name, token=self.admin)
        self.others.append(server)
        return server, e2e_support.Cli(ARGS.spanlab, server)

    def export(self, cli):
        r = cli.run(["export", "news", "--format", "jsonl", "--layer", "all",
                     "--include-deleted", "-o", "-"], self.admin)
        return r.stdout

    def history(self, cli, doc):
        return cli.run(["history", "news", doc], self.admin,
                       json_out=True).stdout

    def listing(self, cli, doc, layer):
        return cli.json(["annotations", "news", doc, "--layer", layer,
                         "--show-deleted"], self.admin)

    def check_consistent(self, cli):
        """Records, layer indexes and audit log of the server behind `cli`
        agree with one another. Returns the writer's layer as
        {(doc, start, end): deleted}."""
        docs = export_checks.check_jsonl(self.export(cli), self.texts)
        self.assertEqual([d["id"] for d in docs], sorted(self.texts))
        writer = {}
        for d in docs:
            doc = d["id"]
            exported = sorted(
                (s["start"], s["end"], s["label"], s["author"],
                 s["kind"].upper(), s["deleted"]) for s in d["spans"])
            # The audit log: the last entry of each annotation is the
            # annotation as stored, and its first is its creation.
            entries = json.loads(self.history(cli, doc))
            final, first = {}, {}
            for e in entries:
                if "/annotations/" not in e["resource"]:
                    continue
                first.setdefault(e["resource"], e["action"])
                final[e["resource"]] = e["after"]
            for resource, action in first.items():
                self.assertEqual(action, "create", resource)
            audited = sorted(
                (int(a["start"]), int(a["end"]), a["label"], a["author"],
                 a["kind"], a["deleted"]) for a in final.values())
            self.assertEqual(audited, exported, doc)
            # The records, read in id order, against each layer's index.
            records = self.listing(cli, doc, "all")
            self.assertEqual(sorted(a["name"] for a in records),
                             sorted(final), doc)
            layers = {(a["kind"], a["author"]) for a in records}
            for kind, author in layers:
                layer = f"{kind.lower()}:{author}"
                self.assertEqual(
                    [a["name"] for a in self.listing(cli, doc, layer)],
                    [a["name"] for a in records
                     if (a["kind"], a["author"]) == (kind, author)],
                    f"{doc} {layer}")
            for s in d["spans"]:
                if s["author"] == "writer":
                    writer[(doc, s["start"], s["end"])] = s["deleted"]
        return writer

    # -- tests, in order -----------------------------------------------------

    def test_1_backup_under_load_is_consistent(self):
        writer = Writer(self.cli, self.tokens["writer"], self.texts)
        writer.start()
        deadline = time.time() + 60
        while len(writer.snapshot()[1]) < 12 and time.time() < deadline:
            self.assertIsNone(writer.error)
            time.sleep(0.05)
        _, acked_before = writer.snapshot()
        self.assertGreaterEqual(len(acked_before), 12, writer.error)
        path = self.backup("under-load")
        started_after, _ = writer.snapshot()
        # Let the writer go on past the backup, then stop it.
        while (len(writer.snapshot()[1]) < len(started_after) + 4
               and time.time() < deadline and writer.is_alive()):
            time.sleep(0.05)
        writer.stop.set()
        writer.join(60)
        self.assertIsNone(writer.error)
        self.assertGreater(len(writer.snapshot()[1]), len(started_after))

        _, cli = self.restore(path, "restored-under-load", move=True)
        restored = self.check_consistent(cli)
        labeled = set(restored)
        deleted = {k for k, gone in restored.items() if gone}
        # Everything acknowledged before the backup began is in it ...
        self.assertLessEqual(keys_of(acked_before, "label"), labeled)
        self.assertLessEqual(keys_of(acked_before, "unlabel"), deleted)
        # ... and nothing that had not begun when it ended.
        self.assertLessEqual(labeled, keys_of(started_after, "label"))
        self.assertLessEqual(deleted, keys_of(started_after, "unlabel"))

    def test_2_quiet_backup_restores_byte_for_byte(self):
        path = self.backup("quiet")
        export = self.export(self.cli)
        annotators = self.cli.run(["annotator", "list"], self.admin,
                                  json_out=True).stdout
        histories = {doc: self.history(self.cli, doc) for doc in self.texts}
        self.check_consistent(self.cli)
        # The original stops, as it would for a restore; the backup is
        # copied, not moved, so it stays usable.
        self.server.stop()
        _, cli = self.restore(path, "restored-quiet")
        self.assertEqual(self.export(cli), export)
        # The same records: compared parsed, since the client prints map
        # entries (attributes) in no fixed order.
        self.assertEqual(json.loads(cli.run(["annotator", "list"], self.admin,
                                            json_out=True).stdout),
                         json.loads(annotators))
        for doc in sorted(self.texts):
            self.assertEqual(json.loads(self.history(cli, doc)),
                             json.loads(histories[doc]), doc)
        # Credentials came along (as hashes): old tokens still work.
        me = cli.json(["whoami"], self.tokens["alice"])
        self.assertEqual(me["annotator_id"], "alice")
        # The restored server is a database of its own: it takes writes and
        # backups, and its files are not the backup's.
        cli.run(["label", "news", "rail-strike", "opinion", "--quote",
                 "lost three days of travel"], self.tokens["bob"])
        self.assertNotEqual(self.export(cli), export)
        self.backup("of-the-restored", cli=cli)
        self.assertTrue(os.path.isfile(os.path.join(path, "CURRENT")))

    def test_3_refused_backups_and_health(self):
        cli = e2e_support.Cli(ARGS.spanlab, self.others[-1])
        existing = os.path.join(self.backups, "quiet")
        cases = [
            (["admin", "backup", existing], self.admin,
             "ALREADY_EXISTS: path=\"" + existing + "\": already exists"),
            (["admin", "backup", "backups/relative"], self.admin,
             "INVALID_ARGUMENT: path=\"backups/relative\": must be absolute"),
            (["admin", "backup", os.path.join(self.backups, "x")],
             self.tokens["alice"],
             "PERMISSION_DENIED: Backup needs the ADMIN role"),
            (["admin", "backup",
              os.path.join(self.backups, "missing", "x")], self.admin,
             "FAILED_PRECONDITION"),
        ]
        for args, token, message in cases:
            r = cli.run(args, token, check=False)
            self.assertEqual(r.returncode, 1, args)
            self.assertIn(message, r.stderr.decode())
        self.assertFalse(os.path.exists(os.path.join(self.backups, "x")))

        # Health needs no token; a stopped server is not healthy.
        r = cli.run(["health"], "")
        self.assertEqual(r.stdout.decode(), "SERVING\n")
        self.assertEqual(cli.json(["health"], "")["status"], "SERVING")
        stopped = e2e_support.Cli(ARGS.spanlab, self.server)
        r = stopped.run(["--timeout", "2", "health"], "", check=False)
        self.assertEqual(r.returncode, 1)
        self.assertIn("UNAVAILABLE", r.stderr.decode())


def main():
    global ARGS
    p = argparse.ArgumentParser()
    p.add_argument("--spanlabd", required=True)
    p.add_argument("--spanlab", required=True)
    p.add_argument("--fixtures", required=True)
    ARGS, rest = p.parse_known_args()
    unittest.main(argv=[sys.argv[0]] + rest, verbosity=2)


if __name__ == "__main__":
    main()
