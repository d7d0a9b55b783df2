#!/usr/bin/python3
"""End-to-end test of transport security and token lifetimes.

Certificates are made at test time with the openssl command: a CA, a server
certificate for 127.0.0.1 and a client certificate it signs, and a second CA
nobody trusts. A real spanlabd serves TLS on 127.0.0.1; the real CLI works
with --tls_ca (or SPANLAB_TLS_CA, or the config file's tls_ca) and fails
with one UNAVAILABLE line without it. With --tls_client_ca a client without
a certificate, or with one the CA did not sign, is refused. Then tokens:
`spanlab annotator revoke` and `annotator add --ttl-seconds` make tokens
stop working with UNAUTHENTICATED, without echoing them. The Python model
client (client/python/push_predictions.py) takes the same --tls_* flags.
"""

import argparse
import json
import os
import shutil
import subprocess
import sys
import tempfile
import time
import unittest

from e2e_support import Cli, Server, free_port

ARGS = None
SKIP = 77


def openssl(*args, cwd):
    subprocess.run(["openssl"] + list(args), cwd=cwd, check=True,
                   capture_output=True, timeout=60)


def make_ca(directory, name):
    openssl("req", "-x509", "-newkey", "ec", "-pkeyopt",
            "ec_paramgen_curve:P-256", "-noenc", "-days", "1",
            "-subj", f"/CN={name}", "-keyout", f"{name}.key",
            "-out", f"{name}.crt",
            "-addext", "basicConstraints=critical,CA:TRUE",
            "-addext", "keyUsage=critical,keyCertSign,cRLSign",
            cwd=directory)


def make_leaf(directory, name, ca, extensions):
    openssl("req", "-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:P-256",
            "-noenc", "-subj", f"/CN={name}", "-keyout", f"{name}.key",
            "-out", f"{name}.csr", cwd=directory)
    with open(os.path.join(directory, f"{name}.ext"), "w") as f:
        f.write(extensions)
    openssl("x509", "-req", "-in", f"{name}.csr", "-CA", f"{ca}.crt",
            "-CAkey", f"{ca}.key", "-CAcreateserial", "-days", "1",
            "-extfile", f"{name}.ext", "-out", f"{name}.crt", cwd=directory)


def make_pki(directory):
    """Returns {name: path} of every file made."""
    make_ca(directory, "ca")
    make_ca(directory, "other-ca")
    make_leaf(directory, "server", "ca",
              "basicConstraints=CA:FALSE\n"
              "subjectAltName=IP:127.0.0.1,DNS:localhost\n"
              "extendedKeyUsage=serverAuth\n")
    make_leaf(directory, "client", "ca",
              "basicConstraints=CA:FALSE\nextendedKeyUsage=clientAuth\n")
    make_leaf(directory, "stranger", "other-ca",
              "basicConstraints=CA:FALSE\nextendedKeyUsage=clientAuth\n")
    return {f: os.path.join(directory, f) for f in os.listdir(directory)}


class TlsCase(unittest.TestCase):
    """A spanlabd with TLS (and client certificates if CLIENT_CA)."""

    CLIENT_CA = False

    @classmethod
    def setUpClass(cls):
        cls.tmp = tempfile.TemporaryDirectory(prefix="spanlab-tls-")
        pki = os.path.join(cls.tmp.name, "pki")
        os.mkdir(pki)
        cls.pki = make_pki(pki)
        data = os.path.join(cls.tmp.name, "data")
        os.mkdir(data)
        flags = [f"--tls_cert={cls.pki['server.crt']}",
                 f"--tls_key={cls.pki['server.key']}"]
        client = ["--tls_ca", cls.pki["ca.crt"]]
        if cls.CLIENT_CA:
            flags.append(f"--tls_client_ca={cls.pki['ca.crt']}")
            client += ["--tls_cert", cls.pki["client.crt"],
                       "--tls_key", cls.pki["client.key"]]
        cls.server = Server(ARGS.spanlabd, data, flags)
        cls.cli = Cli(ARGS.spanlab, cls.server, client)
        cls.admin = cls.server.start(cls.cli)

    @classmethod
    def tearDownClass(cls):
        cls.server.stop()
        cls.tmp.cleanup()

    def run_with(self, global_args, args, token=None, env=None):
        cli = Cli(ARGS.spanlab, self.server, global_args)
        if env:
            saved = {k: os.environ.get(k) for k in env}
            os.environ.update(env)
        try:
            return cli.run(args, token or self.admin, check=False)
        finally:
            if env:
                for k, v in saved.items():
                    if v is None:
                        os.environ.pop(k, None)
                    else:
                        os.environ[k] = v

    def push(self, *tls_args):
        """Runs the Python model client with `tls_args`; one prediction on
        a document of its own project, made on first use."""
        if not hasattr(type(self), "model"):
            cls = type(self)
            text = os.path.join(self.tmp.name, "harbour.txt")
            with open(text, "w", encoding="utf-8") as f:
                f.write("Zoë said the bridge “reopens next week” 🎉\n")
            self.cli.run(["project", "create", "py"], self.admin)
            self.cli.run(["import", "py", text], self.admin)
            cls.model = self.cli.json(["annotator", "add", "tls-model",
                                       "--role", "model"],
                                      self.admin)["token"]
            cls.predictions = os.path.join(self.tmp.name, "predictions.jsonl")
            with open(cls.predictions, "w", encoding="utf-8") as f:
                f.write(json.dumps({"document": "harbour", "spans": [
                    {"start": 21, "end": 38, "label": "attributed_claim",
                     "score": 0.9}]}) + "\n")
        env = dict(os.environ, SPANLAB_TOKEN=self.model,
                   XDG_CACHE_HOME=os.path.join(self.tmp.name, "cache"))
        for k in ("SPANLAB_TLS_CA", "SPANLAB_TLS_CERT", "SPANLAB_TLS_KEY"):
            env.pop(k, None)
        return subprocess.run(
            ["/usr/bin/python3", ARGS.push_predictions, self.predictions,
             "--project", "py", "--model-version", "v1",
             "--server", self.server.address] + list(tls_args),
            env=env, capture_output=True, text=True, timeout=120)

    def assert_one_error_line(self, r, code):
        self.assertEqual(r.returncode, 1, r.stderr)
        lines = r.stderr.decode().strip().split("\n")
        self.assertEqual(len(lines), 1, lines)
        self.assertTrue(
            lines[0].startswith(f"spanlab: error: {code}: "), lines[0])
        return lines[0]


class Tls(TlsCase):

    def test_cli_works_with_the_ca(self):
        me = self.cli.json(["whoami"], self.admin)
        self.assertEqual(me["role"], "ADMIN")
        self.cli.run(["project", "create", "secure"], self.admin)
        shown = self.cli.json(["project", "show", "secure"], self.admin)
        self.assertEqual(shown["project_id"], "secure")

    def test_plaintext_to_the_tls_port_is_unavailable(self):
        line = self.assert_one_error_line(
            self.run_with([], ["whoami"]), "UNAVAILABLE")
        self.assertIn("--tls_ca", line)
        self.assertNotIn(self.admin, line)

    def test_a_ca_that_did_not_sign_the_server_is_unavailable(self):
        line = self.assert_one_error_line(
            self.run_with(["--tls_ca", self.pki["other-ca.crt"]], ["whoami"]),
            "UNAVAILABLE")
        self.assertIn("--tls_ca", line)

    def test_ca_from_environment_and_config_file(self):
        r = self.run_with([], ["whoami"],
                          env={"SPANLAB_TLS_CA": self.pki["ca.crt"]})
        self.assertEqual(r.returncode, 0, r.stderr)
        config = os.path.join(self.tmp.name, "config.json")
        with open(config, "w") as f:
            json.dump({"tls_ca": "pki/ca.crt"}, f)
        r = self.run_with(["--config", config], ["whoami"])
        self.assertEqual(r.returncode, 0, r.stderr)

    def test_python_model_client_with_the_ca(self):
        r = self.push("--tls_ca", self.pki["ca.crt"])
        self.assertEqual(r.returncode, 0, r.stderr)
        self.assertIn("documents 1,", r.stdout)
        stored = self.cli.json(["annotations", "py", "harbour", "--layer",
                                "automatic:tls-model"], self.admin)
        self.assertEqual([a["text"] for a in stored], ["reopens next week"])

    def test_python_model_client_in_plaintext_is_unavailable(self):
        r = self.push()
        self.assertEqual(r.returncode, 1, r.stdout)
        self.assertIn("UNAVAILABLE", r.stderr)
        self.assertNotIn(self.model, r.stderr)

    def test_python_model_client_names_a_bad_tls_file(self):
        r = self.push("--tls_ca", self.pki["server.key"])
        self.assertEqual(r.returncode, 2)
        self.assertIn("--tls_ca", r.stderr)
        self.assertIn("not a PEM file holding a CERTIFICATE", r.stderr)
        # As in the CLI, the first block decides: a key followed by a
        # certificate is still a key.
        mixed = os.path.join(self.tmp.name, "key-then-cert.pem")
        with open(mixed, "wb") as out:
            for part in ("server.key", "ca.crt"):
                with open(self.pki[part], "rb") as f:
                    out.write(f.read())
        r = self.push("--tls_ca", mixed)
        self.assertEqual(r.returncode, 2)
        self.assertIn("not a PEM file holding a CERTIFICATE", r.stderr)
        r = self.push("--tls_ca", self.pki["ca.crt"],
                      "--tls_cert", self.pki["client.crt"])
        self.assertEqual(r.returncode, 2)
        self.assertIn("together", r.stderr)

    def test_a_file_that_is_not_a_certificate_is_named(self):
        r = self.run_with(["--tls_ca", self.pki["server.key"]], ["whoami"])
        self.assertEqual(r.returncode, 1)
        err = r.stderr.decode()
        self.assertIn("not a PEM file holding a CERTIFICATE", err)
        self.assertIn("server.key", err)


class MutualTls(TlsCase):

    CLIENT_CA = True

    def test_client_with_its_certificate_works(self):
        self.assertEqual(self.cli.json(["whoami"], self.admin)["role"],
                         "ADMIN")

    def test_python_model_client_with_its_certificate(self):
        r = self.push("--tls_ca", self.pki["ca.crt"],
                      "--tls_cert", self.pki["client.crt"],
                      "--tls_key", self.pki["client.key"])
        self.assertEqual(r.returncode, 0, r.stderr)
        r = self.push("--tls_ca", self.pki["ca.crt"])
        self.assertEqual(r.returncode, 1, r.stdout)
        self.assertIn("UNAVAILABLE", r.stderr)

    def test_client_without_a_certificate_is_refused(self):
        self.assert_one_error_line(
            self.run_with(["--tls_ca", self.pki["ca.crt"]], ["whoami"]),
            "UNAVAILABLE")

    def test_client_certificate_of_another_ca_is_refused(self):
        self.assert_one_error_line(
            self.run_with(["--tls_ca", self.pki["ca.crt"],
                           "--tls_cert", self.pki["stranger.crt"],
                           "--tls_key", self.pki["stranger.key"]],
                          ["whoami"]),
            "UNAVAILABLE")


class ServerFlags(unittest.TestCase):
    """spanlabd's checks of its TLS flags, before it serves anything."""

    @classmethod
    def setUpClass(cls):
        cls.tmp = tempfile.TemporaryDirectory(prefix="spanlab-tls-flags-")
        pki = os.path.join(cls.tmp.name, "pki")
        os.mkdir(pki)
        cls.pki = make_pki(pki)

    @classmethod
    def tearDownClass(cls):
        cls.tmp.cleanup()

    def spanlabd(self, *flags):
        data = tempfile.mkdtemp(dir=self.tmp.name)
        return subprocess.run(
            [ARGS.spanlabd, f"--data_dir={data}"] + list(flags),
            capture_output=True, text=True, timeout=30)

    def test_a_key_of_another_certificate_is_refused(self):
        r = self.spanlabd("--listen=127.0.0.1:0",
                          f"--tls_cert={self.pki['server.crt']}",
                          f"--tls_key={self.pki['client.key']}")
        self.assertEqual(r.returncode, 1)
        self.assertIn("tls_key=", r.stderr)
        self.assertIn("is not the key of the certificate", r.stderr)

    def test_certificate_without_key_is_refused(self):
        r = self.spanlabd("--listen=127.0.0.1:0",
                          f"--tls_cert={self.pki['server.crt']}")
        self.assertEqual(r.returncode, 1)
        self.assertIn("give both", r.stderr)

    def test_plaintext_on_all_interfaces_needs_allow_insecure(self):
        r = self.spanlabd(f"--listen=0.0.0.0:{free_port()}")
        self.assertEqual(r.returncode, 1)
        self.assertIn("--tls_cert", r.stderr)
        self.assertIn("--allow_insecure", r.stderr)

    def test_tls_on_all_interfaces_serves(self):
        data = tempfile.mkdtemp(dir=self.tmp.name)
        server = Server(ARGS.spanlabd, data,
                        [f"--tls_cert={self.pki['server.crt']}",
                         f"--tls_key={self.pki['server.key']}"])
        # Listen everywhere; the client still reaches it on 127.0.0.1.
        server.extra_args.append(f"--listen=0.0.0.0:{server.port}")
        cli = Cli(ARGS.spanlab, server, ["--tls_ca", self.pki["ca.crt"]])
        try:
            admin = server.start(cli)
            self.assertEqual(cli.json(["whoami"], admin)["role"], "ADMIN")
        finally:
            server.stop()


class Tokens(TlsCase):
    """Revocation and expiry through the CLI (over TLS, as in production)."""

    def test_revoked_token_is_unauthenticated_and_work_stays(self):
        bob = self.cli.json(["annotator", "add", "bob", "--role",
                             "annotator"], self.admin)["token"]
        self.cli.run(["project", "create", "revoke-test"], self.admin)
        doc = os.path.join(self.tmp.name, "note.txt")
        with open(doc, "w", encoding="utf-8") as f:
            f.write("Bob said the plan works.")
        self.cli.run(["import", "revoke-test", doc], self.admin)
        self.cli.run(["label", "revoke-test", "note", "opinion", "--quote",
                      "the plan works"], bob)

        out = self.cli.run(["annotator", "revoke", "bob"], self.admin)
        self.assertIn("revoked every token of bob", out.stdout.decode())
        line = self.assert_one_error_line(
            self.cli.run(["whoami"], bob, check=False), "UNAUTHENTICATED")
        self.assertNotIn(bob[4:], line)
        listed = {a["annotator_id"]: a for a in
                  self.cli.json(["annotator", "list"], self.admin)}
        self.assertIn("revoke_time", listed["bob"])
        table = self.cli.run(["annotator", "list"], self.admin).stdout
        self.assertIn("revoked", table.decode())
        # Bob's annotation stays.
        spans = self.cli.json(["annotations", "revoke-test", "note",
                               "--layer", "human:bob"], self.admin)
        self.assertEqual([s["author"] for s in spans], ["bob"])

    def test_the_last_admin_cannot_revoke_themselves(self):
        line = self.assert_one_error_line(
            self.cli.run(["annotator", "revoke", "admin"], self.admin,
                         check=False),
            "FAILED_PRECONDITION")
        self.assertIn("last ADMIN", line)
        self.assertEqual(self.cli.json(["whoami"], self.admin)["role"],
                         "ADMIN")

    def test_revoke_is_for_admins(self):
        eve = self.cli.json(["annotator", "add", "eve", "--role",
                             "adjudicator"], self.admin)["token"]
        self.assert_one_error_line(
            self.cli.run(["annotator", "revoke", "admin"], eve, check=False),
            "PERMISSION_DENIED")
        self.assert_one_error_line(
            self.cli.run(["annotator", "revoke", "nobody"], self.admin,
                         check=False),
            "NOT_FOUND")

    def test_token_with_ttl_expires(self):
        created = time.time()
        carol = self.cli.json(["annotator", "add", "carol", "--role",
                               "annotator", "--ttl-seconds", "3"],
                              self.admin)
        self.assertIn("expire_time", carol["annotator"])
        r = self.cli.run(["whoami"], carol["token"], check=False)
        if time.time() - created < 2.5:
            self.assertEqual(r.returncode, 0, r.stderr)
        time.sleep(max(0.0, created + 3.5 - time.time()))
        line = self.assert_one_error_line(
            self.cli.run(["whoami"], carol["token"], check=False),
            "UNAUTHENTICATED")
        self.assertIn("token expired", line)
        self.assertNotIn(carol["token"][4:], line)


def main():
    global ARGS
    p = argparse.ArgumentParser()
    p.add_argument("--spanlabd", required=True)
    p.add_argument("--spanlab", required=True)
    p.add_argument("--push_predictions", required=True)
    ARGS, rest = p.parse_known_args()
    if shutil.which("openssl") is None:
        print("skipped: the openssl command is not installed "
              "(scripts/install-deps.sh installs it)")
        sys.exit(SKIP)
    unittest.main(argv=[sys.argv[0]] + rest, verbosity=2)


if __name__ == "__main__":
    main()
