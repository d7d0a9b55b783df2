"""Shared pieces of the end-to-end tests: a real spanlabd on a loopback
port and the real spanlab CLI pointed at it."""

import json
import os
import signal
import socket
import subprocess
import time


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def read_text(path):
    with open(path, encoding="utf-8", newline="") as f:
        return f.read()


class Server:
    """A spanlabd process on a loopback port."""

    def __init__(self, binary, data_dir, extra_args=()):
        self.binary = binary
        self.data_dir = data_dir
        # More spanlabd flags, e.g. --tls_cert.
        self.extra_args = list(extra_args)
        self.port = free_port()
        self.proc = None

    @property
    def address(self):
        return f"127.0.0.1:{self.port}"

    def start(self, cli):
        self.log = open(os.path.join(self.data_dir, "spanlabd.log"), "a")
        self.proc = subprocess.Popen(
            [self.binary, f"--data_dir={self.data_dir}",
             f"--listen={self.address}"] + self.extra_args,
            stdout=self.log, stderr=subprocess.STDOUT)
        token_path = os.path.join(self.data_dir, "admin.token")
        deadline = time.time() + 30
        while time.time() < deadline:
            if self.proc.poll() is not None:
                raise RuntimeError("spanlabd exited early; see "
                                   + self.log.name)
            if os.path.exists(token_path):
                token = read_text(token_path).strip()
                r = cli.run(["whoami"], token=token, check=False)
                if r.returncode == 0:
                    return token
            time.sleep(0.1)
        raise RuntimeError("spanlabd did not come up")

    def stop(self):
        if self.proc and self.proc.poll() is None:
            self.proc.send_signal(signal.SIGTERM)
            self.proc.wait(timeout=30)
        self.log.close()


class Cli:
    def __init__(self, binary, server, global_args=()):
        self.binary = binary
        self.server = server
        # Options before every command, e.g. --tls_ca.
        self.global_args = list(global_args)

    def run(self, args, token, check=True, json_out=False):
        env = dict(os.environ)
        env["SPANLAB_SERVER"] = self.server.address
        env["SPANLAB_TOKEN"] = token
        env["NO_COLOR"] = "1"
        env.pop("SPANLAB_CONFIG", None)
        env["XDG_CONFIG_HOME"] = self.server.data_dir  # no user config
        cmd = ([self.binary] + self.global_args
               + (["--json"] if json_out else []) + args)
        r = subprocess.run(cmd, env=env, capture_output=True, timeout=60)
        if check and r.returncode != 0:
            raise AssertionError(
                f"{' '.join(cmd)} failed ({r.returncode}): "
                f"{r.stderr.decode(errors='replace')}")
        return r

    def json(self, args, token):
        r = self.run(args, token, json_out=True)
        return json.loads(r.stdout.decode("utf-8"))


SKIP = 77


def parse_corpus_args(extra=()):
    """Parses the arguments the CMake function spanlab_corpus_e2e passes
    (plus the required options named in `extra`) and returns (args, rest),
    rest going to unittest. Exits 77, which CTest reports as skipped, when
    the shared corpus is asked for but absent: the fixtures variant covers
    the same cases."""
    import argparse
    import sys
    p = argparse.ArgumentParser()
    p.add_argument("--spanlabd", required=True)
    p.add_argument("--spanlab", required=True)
    p.add_argument("--corpus", choices=("shared", "fixtures"), required=True)
    p.add_argument("--shared_corpus", default="")
    p.add_argument("--fixtures", required=True)
    for name in extra:
        p.add_argument(name, required=True)
    args, rest = p.parse_known_args()
    if args.corpus == "shared" and not os.path.isdir(
            os.path.join(args.shared_corpus, "g20-2017")):
        print(f"SKIPPED: shared corpus not found at {args.shared_corpus}; "
              "the fixtures variant covers the same cases")
        sys.exit(SKIP)
    return args, [sys.argv[0]] + rest
