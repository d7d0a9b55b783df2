"""Generates (once) and imports the Python gRPC stubs of the spanlab API.

The stubs are built from the repository's proto files with Debian's protoc
and grpc_python_plugin into a cache directory, so no package beyond
python3-grpcio and python3-protobuf is needed.
"""

import hashlib
import importlib
import os
import pathlib
import subprocess
import sys

_REPO = pathlib.Path(__file__).resolve().parents[2]
_PROTO_ROOT = _REPO / "proto"


def _cache_dir():
    protos = sorted((_PROTO_ROOT / "spanlab" / "v1").glob("*.proto"))
    digest = hashlib.sha256()
    for p in protos:
        digest.update(p.read_bytes())
    base = os.environ.get("XDG_CACHE_HOME") or os.path.expanduser("~/.cache")
    return pathlib.Path(base) / "spanlab" / f"pystubs-{digest.hexdigest()[:16]}", protos


def load():
    """Returns a namespace with the *_pb2 and *_pb2_grpc modules."""
    out, protos = _cache_dir()
    if not (out / "spanlab" / "v1" / "annotation_service_pb2_grpc.py").exists():
        out.mkdir(parents=True, exist_ok=True)
        cmd = ["protoc", f"--proto_path={_PROTO_ROOT}",
               f"--python_out={out}", f"--grpc_python_out={out}",
               "--plugin=protoc-gen-grpc_python=/usr/bin/grpc_python_plugin"]
        cmd += [str(p) for p in protos]
        subprocess.run(cmd, check=True)
        for d in (out / "spanlab", out / "spanlab" / "v1"):
            (d / "__init__.py").touch()
    if str(out) not in sys.path:
        sys.path.insert(0, str(out))
    mods = {}
    for name in ("resources", "annotation_service", "document_service",
                 "admin_service", "project_service"):
        mods[name + "_pb2"] = importlib.import_module(f"spanlab.v1.{name}_pb2")
        mods[name + "_pb2_grpc"] = importlib.import_module(
            f"spanlab.v1.{name}_pb2_grpc")
    return type("Stubs", (), mods)
