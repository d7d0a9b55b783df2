#!/usr/bin/python3
"""End-to-end test of the terminal labeler, `spanlab annotate`.

Starts spanlabd on a free loopback port with a fresh data directory, sets up
a project (overlap 2) with two annotators and a model through the CLI,
imports the fixture articles and lets the model suggest two spans on the
first annotator's first document. Then runs `spanlab annotate` inside a
private tmux server (its own socket, never a user's), drives it with
send-keys and reads it with capture-pane: the help overlay; a span labeled
by keys (search, word motions, selection, label hotkey, the prefilled source
and cue); a relabel and its undo; a revision conflict caused through the
CLI; a server error; a sentence labeled and undone; one suggestion accepted,
the other rejected; the document finished; quit. Finally checks through the
CLI (--json) what the server stored, the progress and the audit log, the
accept/reject/next/skip commands, that the labeler refuses to run without a
terminal and that it ends cleanly on SIGTERM.
"""

import argparse
import json
import os
import shlex
import signal
import socket
import subprocess
import sys
import tempfile
import time
import unittest

ARGS = None

# What to do on each fixture article, whichever the server hands out first:
# the span labeled by keys (with the words `e` has to cross), and the
# model's two suggestions, one to accept and one to reject.
PLANS = {
    "festival-budget": {
        "find": "pays for",
        "label": "pays for itself three times over",
        "source": "Councillor Ana Núñez",
        "cue": "said",
        "accept": ("opinion", "healthy and overdue"),
        "reject": ("opinion", "It is hard to see how the festival survives"),
    },
    "harbour-bridge": {
        "find": "The structure",
        "label": "The structure is safe for traffic again",
        "source": "Mårten Ødegård",
        "cue": "told reporters",
        "accept": ("attributed_claim", "The budget was doubled twice"),
        "reject": ("opinion", "reopens next week 🎉"),
    },
    "rail-strike": {
        "find": "We have",
        "label": "We have a deal that respects the drivers",
        "source": "he",
        "cue": "told",
        "accept": ("attributed_claim", "no evidence"),
        "reject": ("opinion", "deserve better than this"),
    },
}

POLL = 0.05
WAIT = 20


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def read_text(path):
    with open(path, encoding="utf-8", newline="") as f:
        return f.read()


def wait_until(what, check, timeout=WAIT):
    """Polls check() until it returns something true; fails after timeout."""
    deadline = time.time() + timeout
    while True:
        result = check()
        if result:
            return result
        if time.time() > deadline:
            raise AssertionError(f"timed out waiting for {what}")
        time.sleep(POLL)


class Server:
    def __init__(self, binary, data_dir):
        self.binary = binary
        self.data_dir = data_dir
        self.address = f"127.0.0.1:{free_port()}"
        self.proc = None
        self.log = None

    def start(self, cli):
        self.log = open(os.path.join(self.data_dir, "spanlabd.log"), "a")
        self.proc = subprocess.Popen(
            [self.binary, f"--data_dir={self.data_dir}",
             f"--listen={self.address}"],
            stdout=self.log, stderr=subprocess.STDOUT)
        token_path = os.path.join(self.data_dir, "admin.token")

        def up():
            if self.proc.poll() is not None:
                raise RuntimeError("spanlabd exited early; see "
                                   + self.log.name)
            if not os.path.exists(token_path):
                return None
            token = read_text(token_path).strip()
            ok = cli.run(["whoami"], token, check=False).returncode == 0
            return token if ok else None

        return wait_until("spanlabd", up, timeout=30)

    def stop(self):
        if self.proc and self.proc.poll() is None:
            self.proc.send_signal(signal.SIGTERM)
            try:
                self.proc.wait(timeout=30)
            except subprocess.TimeoutExpired:
                self.proc.kill()
                self.proc.wait()
        if self.log:
            self.log.close()


class Cli:
    def __init__(self, binary, server, home):
        self.binary = binary
        self.server = server
        self.home = home

    def env(self, token):
        env = dict(os.environ)
        env.pop("SPANLAB_CONFIG", None)
        env.update({"SPANLAB_SERVER": self.server.address,
                    "SPANLAB_TOKEN": token, "NO_COLOR": "1",
                    "XDG_CONFIG_HOME": self.home, "HOME": self.home})
        return env

    def run(self, args, token, check=True, json_out=False):
        cmd = [self.binary] + (["--json"] if json_out else []) + args
        r = subprocess.run(cmd, env=self.env(token), capture_output=True,
                           stdin=subprocess.DEVNULL, timeout=60)
        if check and r.returncode != 0:
            raise AssertionError(
                f"{' '.join(cmd)} failed ({r.returncode}): "
                f"{r.stderr.decode(errors='replace')}")
        return r

    def json(self, args, token):
        return json.loads(self.run(args, token, json_out=True).stdout)


class Tmux:
    """A private tmux server (its own socket and config) with one pane."""

    def __init__(self, tmp, env, name):
        self.socket = f"spanlab-e2e-{os.getpid()}-{name}"
        self.conf = os.path.join(tmp, "tmux.conf")
        with open(self.conf, "w") as f:
            # Keep the pane after the labeler exits (to read its last
            # screen), and give the whole window to it.
            f.write("set -g remain-on-exit on\nset -g status off\n")
        self.env = env
        self.socket_path = None

    def tmux(self, *args, check=True):
        r = subprocess.run(
            ["tmux", "-u", "-L", self.socket, "-f", self.conf, *args],
            env=self.env, capture_output=True, timeout=30)
        if check and r.returncode != 0:
            raise AssertionError(f"tmux {args[0]} failed: "
                                 f"{r.stderr.decode(errors='replace')}")
        return r.stdout.decode("utf-8", errors="replace")

    def start(self, command, width, height):
        """Runs `command` in a new pane; its exit status goes to a file
        (tmux's own pane_dead_status is not reliably set in time)."""
        pass_env = []
        for key in ("SPANLAB_SERVER", "SPANLAB_TOKEN", "LANG", "LC_ALL",
                    "HOME", "XDG_CONFIG_HOME"):
            pass_env += ["-e", f"{key}={self.env[key]}"]
        base = os.path.join(os.path.dirname(self.conf),
                            f"pane-{time.monotonic_ns()}")
        self.status_file, self.pid_file = base + ".status", base + ".pid"
        # The inner shell records its pid and becomes the command.
        inner = shlex.join(["sh", "-c", 'echo $$ > "$0.pid"; exec "$@"',
                            base] + command)
        script = f"{inner}; echo $? > {shlex.quote(self.status_file)}"
        self.tmux("new-session", "-d", "-s", "lab", "-x", str(width),
                  "-y", str(height), *pass_env, script)
        self.socket_path = self.pane("#{socket_path}")

    def command_pid(self):
        """The pid of the command running in the pane."""
        def pid():
            if not os.path.exists(self.pid_file):
                return None
            with open(self.pid_file) as f:
                text = f.read().strip()
            return int(text) if text else None
        return wait_until("the labeler's pid", pid)

    def keys(self, *keys):
        self.tmux("send-keys", "-t", "lab", *keys)

    def type(self, text):
        self.tmux("send-keys", "-t", "lab", "-l", text)

    def screen(self):
        return self.tmux("capture-pane", "-p", "-t", "lab")

    def wait_for(self, needle, timeout=WAIT):
        last = [""]

        def seen():
            last[0] = self.screen()
            return needle in last[0]
        try:
            wait_until(repr(needle), seen, timeout)
        except AssertionError:
            raise AssertionError(f"{needle!r} not on screen:\n{last[0]}")
        return last[0]

    def wait_gone(self, needle, timeout=WAIT):
        wait_until(f"{needle!r} to go", lambda: needle not in self.screen(),
                   timeout)

    def pane(self, fmt):
        return self.tmux("display-message", "-p", "-t", "lab", fmt).strip()

    def wait_exit(self):
        def status():
            if not os.path.exists(self.status_file):
                return None
            with open(self.status_file) as f:
                text = f.read().strip()
            return text or None
        return int(wait_until("the labeler to exit", status))

    def kill(self):
        self.tmux("kill-server", check=False)
        # The server leaves its socket behind.
        if self.socket_path and os.path.exists(self.socket_path):
            os.unlink(self.socket_path)
        self.socket_path = None


class AnnotateTest(unittest.TestCase):

    @classmethod
    def setUpClass(cls):
        cls.tmp = tempfile.TemporaryDirectory(prefix="spanlab-annotate-")
        cls.server = Server(ARGS.spanlabd, cls.tmp.name)
        cls.cli = Cli(ARGS.spanlab, cls.server, cls.tmp.name)
        cls.tmuxes = []
        try:
            cls.admin = cls.server.start(cls.cli)
        except Exception:
            cls.server.stop()
            cls.tmp.cleanup()
            raise

    @classmethod
    def tearDownClass(cls):
        for tmux in cls.tmuxes:
            tmux.kill()
        cls.server.stop()
        cls.tmp.cleanup()

    def setup_project(self):
        cli, admin = self.cli, self.admin
        cli.run(["project", "create", "news", "--overlap", "2"], admin)
        tokens = {}
        for who, role in (("alice", "annotator"), ("bob", "annotator"),
                          ("model", "model")):
            tokens[who] = cli.json(["annotator", "add", who, "--role", role],
                                   admin)["token"]
        root = os.path.join(ARGS.fixtures, "articles")
        files = sorted(os.path.join(root, f) for f in os.listdir(root))
        cli.run(["import", "news"] + files, admin)
        texts = {os.path.basename(p)[:-len(".txt")]: read_text(p)
                 for p in files}
        return tokens, texts

    def start_labeler(self, token, width=100, height=30):
        """`spanlab annotate news` as `token` in a new private tmux."""
        env = self.cli.env(token)
        env.update({"LANG": "C.UTF-8", "LC_ALL": "C.UTF-8"})
        tmux = Tmux(self.tmp.name, env, len(self.tmuxes))
        self.tmuxes.append(tmux)
        tmux.start([ARGS.spanlab, "annotate", "news"], width, height)
        return tmux

    def test_labeling_session(self):
        cli, admin = self.cli, self.admin
        tokens, texts = self.setup_project()
        alice, bob, model = tokens["alice"], tokens["bob"], tokens["model"]

        # The document alice gets; annotate resumes it.
        nxt = cli.json(["next", "news"], alice)
        doc = nxt["document"]["document_id"]
        self.assertFalse(nxt["resumed"])
        self.assertEqual(int(nxt["progress"]["assigned"]), 1)
        self.assertEqual(cli.json(["next", "news"], alice)["resumed"], True)
        plan, text = PLANS[doc], texts[doc]

        suggestions = {}
        for which in ("accept", "reject"):
            label, quote = plan[which]
            created = cli.json(["label", "news", doc, label, "--quote", quote,
                                "--kind", "automatic", "--model-version",
                                "v1", "--score", "0.9"], model)
            self.assertEqual(created["kind"], "AUTOMATIC")
            suggestions[which] = created
        accept_id = suggestions["accept"]["name"].rsplit("/", 1)[1]
        reject_id = suggestions["reject"]["name"].rsplit("/", 1)[1]

        tmux = self.start_labeler(alice)
        screen = tmux.wait_for("? shows the keys")
        self.assertIn(f"news · {doc} · 0/3 done", screen)
        self.assertIn("c attributed_claim", screen)
        self.assertIn("o opinion", screen)
        self.assertIn("d disputed", screen)

        tmux.keys("?")
        tmux.wait_for("undo your last change")
        tmux.keys("Space")
        tmux.wait_gone("undo your last change")

        # Label by keys: find the start, select to the end of the claim's
        # last word with `e`, end the selection, label it; keep the
        # prefilled source and cue.
        tmux.keys("/")
        tmux.wait_for("find:")
        tmux.type(plan["find"])
        tmux.keys("Enter")
        tmux.wait_for(f"found “{plan['find']}”")
        tmux.keys("v")
        tmux.wait_for("selecting")
        for _ in plan["label"].split():
            tmux.keys("e")
        tmux.keys("v")
        tmux.wait_for("selected [")
        tmux.keys("c")
        screen = tmux.wait_for("source (Enter: keep")
        self.assertIn(plan["source"], screen)
        tmux.keys("Enter")
        screen = tmux.wait_for("cue (Enter: keep")
        self.assertIn(plan["cue"], screen)
        tmux.keys("Enter")
        labeled_screen = tmux.wait_for("labeled attributed_claim")
        span_id = cli.json(["annotations", "news", doc, "--layer", "mine"],
                           alice)[0]["name"].rsplit("/", 1)[1]

        # Relabel by keys, then undo it.
        tmux.keys("h", "r")
        tmux.wait_for("relabel: press a label key")
        tmux.keys("d")
        tmux.wait_for("attributed_claim → disputed")
        tmux.keys("u")
        tmux.wait_for("is attributed_claim again")

        # A change made elsewhere (a relabel through the CLI bumps the
        # revision): deleting with the stale revision is refused, and the
        # labeler reloads.
        cli.run(["relabel", "news", doc, span_id, "attributed_claim"], alice)
        tmux.keys("x")
        tmux.wait_for("changed elsewhere: reloaded")

        # The sentence around it overlaps the new span: the server refuses,
        # the labeler shows why and carries on.
        tmux.keys("s")
        tmux.wait_for("sentence [")
        tmux.keys("o")
        tmux.wait_for("FAILED_PRECONDITION")
        # The next sentence can be labeled, and the label undone.
        tmux.keys("Escape")
        tmux.wait_gone("FAILED_PRECONDITION")
        tmux.keys(")", "s")
        tmux.wait_for("sentence [")
        tmux.keys("o")
        tmux.wait_for("labeled opinion")
        tmux.keys("u")
        tmux.wait_for("undone: removed opinion")

        # Suggestions: from the top of the text, n visits them in text
        # order; decided ones are no longer offered.
        pending = sorted(suggestions.values(), key=lambda a: int(a["start"]))
        for which, key, verb in (("accept", "a", "accepted"),
                                 ("reject", "R", "rejected")):
            target = suggestions[which]
            preview = f"{target['label']} [{target['start']},"
            tmux.keys("g", *["n"] * (pending.index(target) + 1))
            tmux.wait_for(f": {preview}")
            tmux.keys(key)
            tmux.wait_for(f"{verb} {preview}")
            pending.remove(target)

        tmux.keys("F")
        tmux.wait_for(f"finished {doc}")
        screen = tmux.wait_for("1/3 done")
        tmux.keys("q")
        self.assertEqual(tmux.wait_exit(), 0)

        # The screen showed the document and the labeled span's text (which
        # may wrap: compare with white space folded).
        self.assertIn(" ".join(plan["label"].split()),
                      " ".join(labeled_screen.split()))
        self.assertIn(f"news · {doc}", labeled_screen)
        self.assertIn("c attributed_claim  o opinion  d disputed",
                      labeled_screen)

        # Alice's layer: the labeled span and the accepted copy.
        start = text.index(plan["label"])
        end = start + len(plan["label"])
        mine = cli.json(["annotations", "news", doc, "--layer", "mine"],
                        alice)
        self.assertEqual(len(mine), 2, mine)
        by_label = {(int(a["start"]), int(a["end"])): a for a in mine}
        labeled = by_label[(start, end)]
        self.assertEqual(labeled["label"], "attributed_claim")
        self.assertEqual(labeled["text"], plan["label"])
        self.assertEqual(labeled["attributes"],
                         {"source": plan["source"], "cue": plan["cue"]})
        self.assertEqual(labeled["kind"], "HUMAN")
        acc = suggestions["accept"]
        copy = by_label[(int(acc["start"]), int(acc["end"]))]
        self.assertEqual(copy["label"], acc["label"])
        self.assertEqual(copy["origin"]["suggestion"], acc["name"])
        self.assertEqual(copy["origin"]["model"], "model")
        self.assertEqual(text[int(copy["start"]):int(copy["end"])],
                         plan["accept"][1])

        # Decided suggestions are gone for alice, still there for others.
        alice_sugg = [a["name"] for a in cli.json(
            ["annotations", "news", doc, "--layer", "automatic"], alice)]
        self.assertNotIn(suggestions["reject"]["name"], alice_sugg)
        self.assertNotIn(suggestions["accept"]["name"], alice_sugg)
        admin_sugg = [a["name"] for a in cli.json(
            ["annotations", "news", doc, "--layer", "automatic"], admin)]
        self.assertIn(suggestions["reject"]["name"], admin_sugg)
        self.assertIn(suggestions["accept"]["name"], admin_sugg)

        # The assignment is finished; the labeler already took the next.
        progress = cli.json(["progress", "news"], admin)
        line = {p["annotator"]: p for p in progress["annotators"]}["alice"]
        self.assertEqual(int(line["done"]), 1)
        self.assertEqual(int(line["assigned"]), 1)
        self.assertEqual(int(progress["total"]), 3)
        text_out = cli.run(["progress", "news"], admin).stdout.decode()
        self.assertIn("ANNOTATOR", text_out)

        # The audit log tells the story; --annotation narrows it.
        history = cli.json(["history", "news", doc], admin)
        actions = [(e["actor"], e["action"]) for e in history]
        for expected in (("alice", "create"), ("alice", "delete"),
                         ("alice", "accept"), ("alice", "reject")):
            self.assertIn(expected, actions)
        one = cli.json(["history", "news", doc, "--annotation", reject_id],
                       admin)
        self.assertEqual([e["action"] for e in one], ["create", "reject"])
        table = cli.run(["history", "news", doc], admin).stdout.decode()
        self.assertIn(f"[{start},{end}) attributed_claim", table)
        self.assertIn("→ rejected", table)

        # The same decisions from the command line, as bob.
        got = cli.json(["accept", "news", doc, accept_id], bob)
        self.assertEqual(got["origin"]["suggestion"], acc["name"])
        got = cli.json(["reject", "news", doc, reject_id], bob)
        self.assertEqual(got["suggestion"]["name"],
                         suggestions["reject"]["name"])
        r = cli.run(["reject", "news", doc, reject_id], bob, check=False)
        self.assertEqual(r.returncode, 1)
        self.assertIn("ALREADY_EXISTS", r.stderr.decode())
        bob_doc = cli.json(["next", "news"], bob)["document"]["document_id"]
        skipped = cli.json(["skip", "news", bob_doc], bob)
        self.assertIn("bob", skipped["skipped"])

        # Without a terminal the labeler refuses, in one line, exit 2.
        r = cli.run(["annotate", "news"], alice, check=False)
        err = r.stderr.decode()
        self.assertEqual(r.returncode, 2, err)
        self.assertEqual(len(err.strip().splitlines()), 1, err)
        self.assertIn("needs a terminal", err)

        # SIGTERM ends the labeler the normal way, exit status 0.
        tmux.kill()
        tmux = self.start_labeler(alice, width=80, height=24)
        tmux.wait_for("(resumed)")
        os.kill(tmux.command_pid(), signal.SIGTERM)
        self.assertEqual(tmux.wait_exit(), 0)


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
