#!/usr/bin/python3
"""Pushes a model's predictions (JSON lines) to spanlab as suggestions.

Input: one JSON object per line,
  {"document": ID, "spans": [{"start", "end", "label", "score",
                              "attributes": {...}}]}
with start/end in Unicode code points (Python string indices). Each line
becomes one message of a BulkWriteAnnotations stream, so each document's
suggestions of this model version are replaced as a unit.
"""

import argparse
import json
import os
import re
import sys

import grpc

import spanlab_stubs


def requests(stubs, project, version, path, errors):
    with open(path, encoding="utf-8") as f:
        for number, line in enumerate(f, 1):
            if not line.strip():
                continue
            try:
                record = json.loads(line)
                document = record["document"]
                spans = record["spans"]
            except (ValueError, KeyError, TypeError) as e:
                errors.append(f"{path}:{number}: not a prediction record: {e}")
                continue
            if not spans:
                continue
            req = stubs.annotation_service_pb2.BulkWriteAnnotationsRequest(
                parent=f"projects/{project}/documents/{document}")
            for s in spans:
                a = req.annotations.add(
                    start=int(s["start"]), end=int(s["end"]), label=s["label"],
                    kind=stubs.resources_pb2.AUTOMATIC,
                    model_version=version, score=float(s.get("score", 0.5)))
                for k, v in (s.get("attributes") or {}).items():
                    if v:
                        a.attributes[k] = str(v)
            yield req


def read_pem(flag, path, kind):
    """The bytes of a PEM file, or ValueError naming the flag and file."""
    try:
        with open(path, "rb") as f:
            data = f.read()
    except OSError as e:
        raise ValueError(f"--{flag} {path}: {e.strerror}") from e
    # The first block decides, as in the CLI; keys come as "PRIVATE KEY",
    # "EC PRIVATE KEY", "RSA PRIVATE KEY".
    first = re.search(rb"-----BEGIN ([A-Z0-9 ]+)-----", data)
    if first is None or not first.group(1).endswith(kind.encode()):
        raise ValueError(f"--{flag} {path}: not a PEM file holding a {kind}")
    return data


def channel_credentials(args):
    """TLS credentials from --tls_ca/--tls_cert/--tls_key, None for
    plaintext. The same flags and variables as the spanlab CLI."""
    if not args.tls_ca:
        if args.tls_cert or args.tls_key:
            raise ValueError("--tls_cert and --tls_key need --tls_ca")
        return None
    if bool(args.tls_cert) != bool(args.tls_key):
        raise ValueError("give --tls_cert and --tls_key together")
    root = read_pem("tls_ca", args.tls_ca, "CERTIFICATE")
    chain = key = None
    if args.tls_cert:
        chain = read_pem("tls_cert", args.tls_cert, "CERTIFICATE")
        key = read_pem("tls_key", args.tls_key, "PRIVATE KEY")
    return grpc.ssl_channel_credentials(root_certificates=root,
                                        private_key=key,
                                        certificate_chain=chain)


def main(argv=None):
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument("predictions", help="JSON lines file")
    p.add_argument("--project", required=True)
    p.add_argument("--model-version", required=True)
    p.add_argument("--server", default=os.environ.get("SPANLAB_SERVER",
                                                      "127.0.0.1:50051"))
    p.add_argument("--token", default=os.environ.get("SPANLAB_TOKEN"))
    p.add_argument("--tls_ca", default=os.environ.get("SPANLAB_TLS_CA"),
                   help="CA certificate (PEM) that signed the server's; "
                        "turns TLS on")
    p.add_argument("--tls_cert", default=os.environ.get("SPANLAB_TLS_CERT"),
                   help="client certificate (PEM), for servers started "
                        "with --tls_client_ca")
    p.add_argument("--tls_key", default=os.environ.get("SPANLAB_TLS_KEY"),
                   help="private key (PEM) of --tls_cert")
    args = p.parse_args(argv)
    if not args.token:
        print("push_predictions: no token: give --token or SPANLAB_TOKEN",
              file=sys.stderr)
        return 2
    try:
        credentials = channel_credentials(args)
    except ValueError as e:
        print(f"push_predictions: {e}", file=sys.stderr)
        return 2
    stubs = spanlab_stubs.load()
    if credentials is None:
        channel = grpc.insecure_channel(args.server)
    else:
        channel = grpc.secure_channel(args.server, credentials)
    stub = stubs.annotation_service_pb2_grpc.AnnotationServiceStub(channel)
    errors = []
    try:
        resp = stub.BulkWriteAnnotations(
            requests(stubs, args.project, args.model_version,
                     args.predictions, errors),
            metadata=[("authorization", f"Bearer {args.token}")],
            timeout=600)
    except grpc.RpcError as e:
        print(f"push_predictions: error: {e.code().name}: {e.details()}",
              file=sys.stderr)
        return 1
    for e in errors:
        print(f"push_predictions: skipped {e}", file=sys.stderr)
    print(f"documents {resp.messages}, created {resp.written}, "
          f"kept {resp.kept}, removed {resp.removed}")
    return 1 if errors else 0


if __name__ == "__main__":
    sys.exit(main())
