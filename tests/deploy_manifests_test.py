#!/usr/bin/python3
"""Checks the deployment files in deploy/: every YAML file parses, the
Kubernetes StatefulSet keeps its data on a volume claim and probes the
server with gRPC health checking on the port it serves, and the
Containerfile builds from what the repository holds and checks health with
`spanlab health`."""

import argparse
import os
import re
import sys
import unittest

import yaml

ARGS = None


def yaml_files(root):
    for directory, _, names in os.walk(root):
        for name in sorted(names):
            if name.endswith((".yaml", ".yml")):
                yield os.path.join(directory, name)


class Manifests(unittest.TestCase):

    @classmethod
    def setUpClass(cls):
        cls.documents = []  # (file, document)
        for path in yaml_files(ARGS.deploy):
            with open(path, encoding="utf-8") as f:
                for doc in yaml.safe_load_all(f):
                    if doc is not None:
                        cls.documents.append((path, doc))

    def kind(self, kind):
        found = [d for _, d in self.documents if d.get("kind") == kind]
        self.assertEqual(len(found), 1, f"one {kind} expected")
        return found[0]

    def test_every_yaml_file_parses_into_objects(self):
        self.assertTrue(self.documents, "no YAML under deploy/")
        for path, doc in self.documents:
            self.assertIsInstance(doc, dict, path)
            self.assertIn("apiVersion", doc, path)
            self.assertIn("kind", doc, path)

    def test_statefulset_data_on_a_volume_claim(self):
        sts = self.kind("StatefulSet")
        self.assertEqual(sts["apiVersion"], "apps/v1")
        spec = sts["spec"]
        # One process owns the database: never two pods.
        self.assertEqual(spec["replicas"], 1)
        claims = {c["metadata"]["name"]: c
                  for c in spec["volumeClaimTemplates"]}
        self.assertIn("data", claims)
        self.assertIn("ReadWriteOnce", claims["data"]["spec"]["accessModes"])
        self.assertIn("storage",
                      claims["data"]["spec"]["resources"]["requests"])
        container = spec["template"]["spec"]["containers"][0]
        mounts = {m["name"]: m["mountPath"] for m in container["volumeMounts"]}
        self.assertEqual(mounts.get("data"), "/var/lib/spanlab")
        labels = spec["template"]["metadata"]["labels"]
        for key, value in spec["selector"]["matchLabels"].items():
            self.assertEqual(labels.get(key), value, key)

    def test_probes_use_grpc_health_on_the_served_port(self):
        sts = self.kind("StatefulSet")
        container = sts["spec"]["template"]["spec"]["containers"][0]
        ports = {p["name"]: p["containerPort"] for p in container["ports"]}
        listen = [a for a in container["args"] if a.startswith("--listen=")]
        self.assertEqual(len(listen), 1)
        port = int(listen[0].rsplit(":", 1)[1])
        self.assertEqual(ports["grpc"], port)
        for probe in ("readinessProbe", "livenessProbe"):
            self.assertIn(probe, container)
            self.assertEqual(container[probe]["grpc"]["port"], port, probe)
            self.assertNotIn("exec", container[probe], probe)

    def test_service_reaches_the_pods(self):
        service = self.kind("Service")
        sts = self.kind("StatefulSet")
        self.assertEqual(sts["spec"]["serviceName"],
                         service["metadata"]["name"])
        labels = sts["spec"]["template"]["metadata"]["labels"]
        for key, value in service["spec"]["selector"].items():
            self.assertEqual(labels.get(key), value)
        self.assertIn("grpc",
                      [p["targetPort"] for p in service["spec"]["ports"]])

    def test_pod_runs_unprivileged(self):
        pod = self.kind("StatefulSet")["spec"]["template"]["spec"]
        self.assertTrue(pod["securityContext"]["runAsNonRoot"])
        container = pod["containers"][0]["securityContext"]
        self.assertFalse(container["allowPrivilegeEscalation"])
        self.assertEqual(container["capabilities"]["drop"], ["ALL"])


class Containerfile(unittest.TestCase):

    @classmethod
    def setUpClass(cls):
        with open(os.path.join(ARGS.deploy, "container", "Containerfile"),
                  encoding="utf-8") as f:
            # Continuation lines joined: one instruction per line.
            cls.lines = [l.strip() for l in
                         f.read().replace("\\\n", " ").splitlines()
                         if l.strip() and not l.lstrip().startswith("#")]

    def instructions(self, name):
        return [l[len(name) + 1:] for l in self.lines
                if l.split(" ", 1)[0] == name]

    def test_two_stages_from_debian_12(self):
        stages = self.instructions("FROM")
        self.assertEqual(len(stages), 2)
        self.assertTrue(stages[0].startswith("debian:12 AS build"))
        self.assertTrue(stages[1].startswith("debian:12"))

    def test_copies_only_what_the_repository_holds(self):
        for args in self.instructions("COPY"):
            if args.startswith("--from="):
                continue
            for source in args.split()[:-1]:
                self.assertTrue(
                    os.path.exists(os.path.join(ARGS.repo, source)), source)
        self.assertTrue(any("install-deps.sh" in r
                            for r in self.instructions("RUN")))

    def test_health_check_and_unprivileged_user(self):
        checks = self.instructions("HEALTHCHECK")
        self.assertEqual(len(checks), 1)
        self.assertRegex(checks[0], r'CMD \["spanlab", .*"health"\]')
        self.assertEqual(self.instructions("USER"), ["spanlab"])
        entry = self.instructions("ENTRYPOINT")[0]
        self.assertIn("--data_dir=/var/lib/spanlab", entry)
        self.assertTrue(re.search(r"cmake --build \S+ --target spanlabd "
                                  r"spanlab", " ".join(self.lines)))


def main():
    global ARGS
    p = argparse.ArgumentParser()
    p.add_argument("--deploy", required=True)
    p.add_argument("--repo", required=True)
    ARGS, rest = p.parse_known_args()
    unittest.main(argv=[sys.argv[0]] + rest, verbosity=2)


if __name__ == "__main__":
    main()
