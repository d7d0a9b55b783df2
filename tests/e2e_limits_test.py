#!/usr/bin/python3
"""The server's limits through a real spanlabd and a Python gRPC client.

Each limit is a spanlabd flag, started here with small values: a request
over a limit fails with a status naming the flag and stores nothing of
it; a page size over the maximum is clamped; streams beyond
--max_concurrent_streams and calls beyond --max_threads are refused; a
call whose deadline passes mid-import, mid-bulk-write or mid-export ends
with DEADLINE_EXCEEDED, keeping what was committed before and nothing of
the message or record being read; a client that stalls an export holds a
bounded amount of server memory until its deadline; a client that stops
answering keepalive pings loses its calls.
"""

import argparse
import importlib
import os
import signal
import socket
import subprocess
import sys
import tempfile
import threading
import time
import unittest

HERE = os.path.dirname(os.path.abspath(__file__))
STUBS_DIR = os.path.join(HERE, "..", "client", "python")
sys.path.insert(0, STUBS_DIR)
import grpc  # noqa: E402
import spanlab_stubs  # noqa: E402

ARGS = None
TMP = None
pb = None
export_pb2 = None
export_grpc = None

def connect(address, options=()):
    """A channel with a connection of its own: gRPC Python otherwise shares
    one connection among channels to the same address, and the server
    allows only --max_concurrent_streams calls at once on a connection."""
    return grpc.insecure_channel(
        address, options=[("grpc.use_local_subchannel_pool", 1)]
        + list(options))


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def auth(token):
    return (("authorization", f"Bearer {token}"),)


def rss_bytes(pid):
    with open(f"/proc/{pid}/status") as f:
        for line in f:
            if line.startswith("VmRSS:"):
                return int(line.split()[1]) * 1024
    raise RuntimeError("no VmRSS")


class Server:
    def __init__(self, name, *flags):
        self.data_dir = os.path.join(TMP, name)
        os.makedirs(self.data_dir)
        self.port = free_port()
        self.address = f"127.0.0.1:{self.port}"
        self.log_path = os.path.join(self.data_dir, "spanlabd.log")
        with open(self.log_path, "w") as log:
            self.proc = subprocess.Popen(
                [ARGS.spanlabd, f"--data_dir={self.data_dir}",
                 f"--listen={self.address}", "--durability=buffered"]
                + list(flags), stdout=log, stderr=subprocess.STDOUT)
        token_path = os.path.join(self.data_dir, "admin.token")
        self.channel = connect(self.address)
        deadline = time.time() + 30
        while True:
            if self.proc.poll() is not None:
                raise RuntimeError(f"spanlabd exited: {self.log()}")
            if os.path.exists(token_path):
                with open(token_path) as f:
                    self.admin = f.read().strip()
                try:
                    self.ping(self.admin)
                    break
                except grpc.RpcError:
                    pass
            if time.time() > deadline:
                raise RuntimeError("spanlabd did not come up")
            time.sleep(0.05)
        self.projects = pb.project_service_pb2_grpc.ProjectServiceStub(
            self.channel)
        self.documents = pb.document_service_pb2_grpc.DocumentServiceStub(
            self.channel)
        self.annotations = pb.annotation_service_pb2_grpc.AnnotationServiceStub(
            self.channel)
        self.admin_service = pb.admin_service_pb2_grpc.AdminServiceStub(
            self.channel)

    def log(self):
        with open(self.log_path) as f:
            return f.read()

    def ping(self, token, channel=None):
        stub = pb.admin_service_pb2_grpc.AdminServiceStub(
            channel or self.channel)
        stub.Ping(pb.admin_service_pb2.PingRequest(), metadata=auth(token),
                  timeout=5)

    def stop(self):
        self.channel.close()
        if self.proc.poll() is None:
            self.proc.send_signal(signal.SIGTERM)
            self.proc.wait(timeout=30)

    def project(self, project_id):
        self.projects.CreateProject(pb.project_service_pb2.CreateProjectRequest(
            project=pb.resources_pb2.Project(project_id=project_id)),
            metadata=auth(self.admin), timeout=30)
        return f"projects/{project_id}"

    def document(self, parent, doc_id, text):
        self.documents.CreateDocument(
            pb.document_service_pb2.CreateDocumentRequest(
                parent=parent,
                document=pb.resources_pb2.Document(document_id=doc_id),
                text=text.encode("utf-8")),
            metadata=auth(self.admin), timeout=30)
        return f"{parent}/documents/{doc_id}"

    def annotator(self, who, role):
        return self.admin_service.CreateAnnotator(
            pb.admin_service_pb2.CreateAnnotatorRequest(
                annotator=pb.resources_pb2.Annotator(annotator_id=who,
                                                     role=role)),
            metadata=auth(self.admin), timeout=30).token

    def listing(self, doc):
        out, token = [], ""
        while True:
            r = self.annotations.ListAnnotations(
                pb.annotation_service_pb2.ListAnnotationsRequest(
                    parent=doc, show_decided=True, page_token=token),
                metadata=auth(self.admin), timeout=30)
            out.extend(r.annotations)
            token = r.next_page_token
            if not token:
                return out

    def exists(self, doc):
        try:
            self.documents.GetDocument(
                pb.document_service_pb2.GetDocumentRequest(name=doc),
                metadata=auth(self.admin), timeout=30)
            return True
        except grpc.RpcError as e:
            if e.code() != grpc.StatusCode.NOT_FOUND:
                raise
            return False

    def probe_stream(self, token):
        """Opens and ends an empty bulk-write stream: (code, details).

        On a connection of its own, which no keepalive timeout of an idle
        channel can have closed."""
        with connect(self.address) as ch:
            stub = pb.annotation_service_pb2_grpc.AnnotationServiceStub(ch)
            try:
                stub.BulkWriteAnnotations(iter([]), metadata=auth(token),
                                          timeout=5)
                return grpc.StatusCode.OK, ""
            except grpc.RpcError as e:
                return e.code(), e.details()

    def stream_accepted(self, token):
        return self.probe_stream(token)[0] == grpc.StatusCode.OK


def suggestion(start, end, note="", version="v1"):
    return pb.resources_pb2.Annotation(
        start=start, end=end, label="opinion",
        kind=pb.resources_pb2.AUTOMATIC, model_version=version, score=0.5,
        note=note)


def blocked_stream(release, first=None):
    """Request iterator that sends `first` (if any), then waits."""
    if first is not None:
        yield first
    release.wait()


WORDS = ("council", "budget", "Zoë", "said", "bridge", "naïve", "café",
         "tram", "€12", "vote", "opinion", "source")


def text_of(n_bytes, seed):
    words, size, i = [], 0, seed
    while size < n_bytes:
        w = WORDS[(i * 7 + seed) % len(WORDS)] + str(i)
        words.append(w)
        size += len(w.encode("utf-8")) + 1
        i += 1
    return " ".join(words)


class Limits(unittest.TestCase):
    """One server with small limits."""

    @classmethod
    def setUpClass(cls):
        cls.server = Server(
            "limits", "--max_document_bytes=200000",
            "--max_annotations_per_message=5", "--max_page_size=10",
            "--max_spans_per_layer=3", "--max_message_bytes=2097152",
            "--max_concurrent_streams=2", "--max_threads=16")
        s = cls.server
        cls.parent = s.project("news")
        cls.doc = s.document(cls.parent, "d", "The mayor said the bridge is "
                             "safe, and the council agreed with her.")
        cls.model = s.annotator("tagger", pb.resources_pb2.MODEL)
        cls.alice = s.annotator("alice", pb.resources_pb2.ANNOTATOR)

    @classmethod
    def tearDownClass(cls):
        cls.server.stop()

    def assertStatus(self, call, code, *needles):
        with self.assertRaises(grpc.RpcError) as raised:
            call()
        e = raised.exception
        self.assertEqual(e.code(), code, e.details())
        for n in needles:
            self.assertIn(n, e.details())
        return e

    def test_document_over_max_document_bytes(self):
        doc = f"{self.parent}/documents/big"
        self.assertStatus(
            lambda: self.server.document(self.parent, "big", "x" * 200001),
            grpc.StatusCode.INVALID_ARGUMENT, "200001 bytes",
            "--max_document_bytes")
        self.assertFalse(self.server.exists(doc))
        self.server.document(self.parent, "big", "x" * 200000)
        self.assertTrue(self.server.exists(doc))

    def test_message_over_max_message_bytes(self):
        doc = f"{self.parent}/documents/huge"
        self.assertStatus(
            lambda: self.server.document(self.parent, "huge",
                                         "y" * (3 << 20)),
            grpc.StatusCode.RESOURCE_EXHAUSTED, "larger than max")
        self.assertFalse(self.server.exists(doc))

    def test_too_many_annotations_in_one_message(self):
        doc = self.server.document(self.parent, "many",
                                   "abcdefghijklmnopqrstuvwxyz")
        ok = pb.annotation_service_pb2.BulkWriteAnnotationsRequest(
            parent=doc, annotations=[suggestion(i, i + 3) for i in range(5)])
        over = pb.annotation_service_pb2.BulkWriteAnnotationsRequest(
            parent=doc,
            annotations=[suggestion(i, i + 2) for i in range(6)])
        self.assertStatus(
            lambda: self.server.annotations.BulkWriteAnnotations(
                iter([ok, over]), metadata=auth(self.model), timeout=30),
            grpc.StatusCode.INVALID_ARGUMENT,
            "requests[1].annotations: 6 in one message; send 1 to 5",
            "--max_annotations_per_message",
            "1 earlier messages with 5 annotations were stored")
        stored = self.server.listing(doc)
        self.assertEqual(sorted((a.start, a.end) for a in stored),
                         [(i, i + 3) for i in range(5)])

    def test_page_size_over_max_page_size_is_clamped(self):
        doc = self.server.document(self.parent, "paged", "a" * 100)
        messages = [pb.annotation_service_pb2.BulkWriteAnnotationsRequest(
            parent=doc, annotations=[suggestion(m * 5 + i, m * 5 + i + 1)
                                     for i in range(5)]) for m in range(5)]
        self.server.annotations.BulkWriteAnnotations(
            iter(messages), metadata=auth(self.model), timeout=30)
        first = self.server.annotations.ListAnnotations(
            pb.annotation_service_pb2.ListAnnotationsRequest(
                parent=doc, page_size=1000),
            metadata=auth(self.admin_token()), timeout=30)
        self.assertEqual(len(first.annotations), 10)
        self.assertTrue(first.next_page_token)
        self.assertEqual(len(self.server.listing(doc)), 25)
        self.assertStatus(
            lambda: self.server.annotations.ListAnnotations(
                pb.annotation_service_pb2.ListAnnotationsRequest(
                    parent=doc, page_size=-1),
                metadata=auth(self.admin_token()), timeout=30),
            grpc.StatusCode.INVALID_ARGUMENT, "page_size")

    def admin_token(self):
        return self.server.admin

    def test_spans_over_max_spans_per_layer(self):
        doc = self.server.document(self.parent, "layer", "aa bb cc dd ee")
        for start in (0, 3, 6):
            self.server.annotations.CreateAnnotation(
                pb.annotation_service_pb2.CreateAnnotationRequest(
                    parent=doc, annotation=pb.resources_pb2.Annotation(
                        start=start, end=start + 2, label="opinion")),
                metadata=auth(self.alice), timeout=30)
        self.assertStatus(
            lambda: self.server.annotations.CreateAnnotation(
                pb.annotation_service_pb2.CreateAnnotationRequest(
                    parent=doc, annotation=pb.resources_pb2.Annotation(
                        start=9, end=11, label="opinion")),
                metadata=auth(self.alice), timeout=30),
            grpc.StatusCode.RESOURCE_EXHAUSTED, "already holds 3 spans",
            "--max_spans_per_layer")
        self.assertEqual(len(self.server.listing(doc)), 3)

    def test_streams_over_max_concurrent_streams(self):
        release = threading.Event()
        channels = [connect(self.server.address)
                    for _ in range(2)]
        def hold(ch):
            stub = pb.annotation_service_pb2_grpc.AnnotationServiceStub(ch)
            return stub.BulkWriteAnnotations.future(
                blocked_stream(release), metadata=auth(self.model),
                timeout=60)

        futures = []
        try:
            futures = [hold(ch) for ch in channels]
            refused = None
            for _ in range(200):
                # A holding stream that arrived while a probe had the slot
                # was (rightly) refused; start it again.
                for i, f in enumerate(futures):
                    if (f.done() and f.code() ==
                            grpc.StatusCode.RESOURCE_EXHAUSTED):
                        futures[i] = hold(channels[i])
                got = self.server.probe_stream(self.model)
                if got[0] != grpc.StatusCode.OK:
                    refused = got
                    break
                time.sleep(0.05)
            self.assertIsNotNone(refused, "a third stream was accepted")
            self.assertEqual(refused[0], grpc.StatusCode.RESOURCE_EXHAUSTED)
            self.assertIn("--max_concurrent_streams", refused[1])
            # Unary calls still run.
            self.server.ping(self.model)
        finally:
            release.set()
            for f in futures:
                f.result(timeout=30)
            for ch in channels:
                ch.close()
        self.assertTrue(self.server.stream_accepted(self.model))

    def test_import_cut_by_deadline_keeps_whole_documents(self):
        texts = {f"imp{i}": text_of(1000, i) for i in range(3)}

        def requests():
            for i, (doc_id, text) in enumerate(texts.items()):
                if i == 2:
                    time.sleep(3)
                yield pb.document_service_pb2.CreateDocumentRequest(
                    parent=self.parent,
                    document=pb.resources_pb2.Document(document_id=doc_id),
                    text=text.encode("utf-8"))

        self.assertStatus(
            lambda: self.server.documents.ImportDocuments(
                requests(), metadata=auth(self.server.admin), timeout=1.5),
            grpc.StatusCode.DEADLINE_EXCEEDED)
        time.sleep(2)  # the third message arrives at a call that ended
        for i, (doc_id, text) in enumerate(texts.items()):
            name = f"{self.parent}/documents/{doc_id}"
            if i < 2:
                got = self.server.documents.GetDocument(
                    pb.document_service_pb2.GetDocumentRequest(name=name),
                    metadata=auth(self.server.admin), timeout=30)
                self.assertEqual(got.text, text)
            else:
                self.assertFalse(self.server.exists(name))

    def test_bulk_write_cut_by_deadline_keeps_whole_messages(self):
        doc = self.server.document(self.parent, "slow", "b" * 100)

        def requests():
            yield pb.annotation_service_pb2.BulkWriteAnnotationsRequest(
                parent=doc, annotations=[suggestion(i, i + 1, "m0")
                                         for i in range(5)])
            time.sleep(3)
            yield pb.annotation_service_pb2.BulkWriteAnnotationsRequest(
                parent=doc, annotations=[suggestion(i, i + 2, "m1")
                                         for i in range(5)])

        self.assertStatus(
            lambda: self.server.annotations.BulkWriteAnnotations(
                requests(), metadata=auth(self.model), timeout=1.5),
            grpc.StatusCode.DEADLINE_EXCEEDED)
        time.sleep(2)
        self.assertEqual(sorted(a.note for a in self.server.listing(doc)),
                         ["m0"] * 5)

    def test_dataset_import_cut_by_deadline_drops_the_pending_record(self):
        copy = self.server.project("copy")
        pieces = [("d1.txt", "Ann said it. Bob denied it."),
                  ("d1.ann", "T1\tattributed_claim 9 11\tit\n"),
                  ("d2.txt", "Cy said so. Di denied so."),
                  ("d2.ann", "T1\tattributed_claim 8 10\tso\n"),
                  ("d2.ann", "T2\tdisputed 22 24\tso\n")]

        def chunks():
            for i, (name, data) in enumerate(pieces):
                if i == len(pieces) - 1:
                    time.sleep(3)
                chunk = export_pb2.ImportChunk(file_name=name,
                                               data=data.encode("utf-8"))
                if i == 0:
                    chunk.parent = copy
                    chunk.format = export_pb2.BRAT
                yield chunk

        stub = export_grpc.ExportServiceStub(self.server.channel)
        self.assertStatus(
            lambda: stub.ImportDataset(chunks(),
                                       metadata=auth(self.server.admin),
                                       timeout=1.5),
            grpc.StatusCode.DEADLINE_EXCEEDED)
        time.sleep(2)
        self.assertEqual(len(self.server.listing(f"{copy}/documents/d1")), 1)
        self.assertFalse(self.server.exists(f"{copy}/documents/d2"))

    def test_stalled_export_reader_holds_bounded_memory_until_deadline(self):
        big = self.server.project("big")
        total = 0

        def documents():
            nonlocal total
            for i in range(160):
                text = text_of(150000, i)
                total += len(text.encode("utf-8"))
                yield pb.document_service_pb2.CreateDocumentRequest(
                    parent=big,
                    document=pb.resources_pb2.Document(document_id=f"b{i}"),
                    text=text.encode("utf-8"))

        r = self.server.documents.ImportDocuments(
            documents(), metadata=auth(self.server.admin), timeout=300)
        self.assertEqual(r.created, 160)
        pid = self.server.proc.pid
        before = rss_bytes(pid)
        # Two readers that take the first chunk and then freeze: they read
        # nothing more and answer nothing, not even HTTP/2 window updates.
        readers = [subprocess.Popen(
            ["/usr/bin/python3", "-c", FROZEN_READER, STUBS_DIR,
             self.server.address, self.server.admin, big, "6"],
            stdout=subprocess.PIPE, text=True) for _ in range(2)]
        started = time.time()
        try:
            for reader in readers:
                deadline = time.time() + 5
                while process_state(reader.pid) != "T":
                    self.assertLess(time.time(), deadline, "reader not frozen")
                    time.sleep(0.02)
            peak = before
            while time.time() - started < 4:
                peak = max(peak, rss_bytes(pid))
                time.sleep(0.1)
            grown = peak - before
            print(f"export of {total} bytes, two frozen readers: server RSS "
                  f"{before} -> {peak} (+{grown})", file=sys.stderr)
            self.assertLess(grown, total // 6 * ARGS.rss_slack)
            # The frozen exports hold both stream slots...
            self.assertEqual(self.server.probe_stream(self.model)[0],
                             grpc.StatusCode.RESOURCE_EXHAUSTED)
            # ... until their deadline, when the server ends them.
            deadline = started + 6 + 10
            while not self.server.stream_accepted(self.model):
                self.assertLess(time.time(), deadline,
                                "frozen exports still hold their slots")
                time.sleep(0.1)
            self.assertGreater(time.time(), started + 5)
            # Thawed, the readers get what was in flight and then the
            # deadline's status.
            for reader in readers:
                reader.send_signal(signal.SIGCONT)
                out, _ = reader.communicate(timeout=30)
                self.assertEqual(out.split()[-1], "DEADLINE_EXCEEDED", out)
        finally:
            for reader in readers:
                if reader.poll() is None:
                    reader.kill()
                    reader.wait()


class Threads(unittest.TestCase):
    def test_calls_over_max_threads_are_refused(self):
        server = Server("threads", "--max_concurrent_streams=2",
                        "--max_threads=3")
        try:
            release = threading.Event()

            def hold():
                return server.annotations.BulkWriteAnnotations.future(
                    blocked_stream(release), metadata=auth(server.admin),
                    timeout=60)

            def refused_on_arrival(f):
                # A holding stream that reached the server while a ping had
                # the thread was (rightly) refused: the limit at work, not
                # a failure of the test's subject.
                return (f.done() and
                        f.code() == grpc.StatusCode.RESOURCE_EXHAUSTED)

            futures = [hold() for _ in range(2)]
            codes = []
            lock = threading.Lock()

            def ping():
                with connect(server.address) as ch:
                    try:
                        server.ping(server.admin, ch)
                        code = grpc.StatusCode.OK
                    except grpc.RpcError as e:
                        code = (e.code(), e.details())
                with lock:
                    codes.append(code)

            refused = []
            for _ in range(50):
                futures = [hold() if refused_on_arrival(f) else f
                           for f in futures]
                threads = [threading.Thread(target=ping) for _ in range(4)]
                for t in threads:
                    t.start()
                for t in threads:
                    t.join()
                refused = [c for c in codes if c != grpc.StatusCode.OK]
                if refused:
                    break
                time.sleep(0.05)
            self.assertTrue(refused, "no call was refused")
            self.assertEqual(refused[0][0], grpc.StatusCode.RESOURCE_EXHAUSTED)
            release.set()
            for f in futures:
                try:
                    f.result(timeout=30)
                except grpc.RpcError:
                    if not refused_on_arrival(f):
                        raise
                    hold().result(timeout=30)
            server.ping(server.admin)
        finally:
            server.stop()

    def test_bad_limits_stop_the_server_at_start(self):
        data_dir = os.path.join(TMP, "bad")
        r = subprocess.run(
            [ARGS.spanlabd, f"--data_dir={data_dir}", "--listen=127.0.0.1:0",
             "--max_concurrent_streams=8", "--max_threads=8"],
            capture_output=True, text=True, timeout=30)
        self.assertEqual(r.returncode, 1)
        self.assertIn("--max_threads=8: must be more than "
                      "--max_concurrent_streams=8", r.stderr)
        r = subprocess.run(
            [ARGS.spanlabd, f"--data_dir={data_dir}", "--listen=127.0.0.1:0",
             "--max_page_size=0"], capture_output=True, text=True, timeout=30)
        self.assertEqual(r.returncode, 1)
        self.assertIn("--max_page_size=0: must be positive", r.stderr)
        r = subprocess.run(
            [ARGS.spanlabd, f"--data_dir={data_dir}", "--listen=127.0.0.1:0",
             "--memtable_mb=-1"], capture_output=True, text=True, timeout=30)
        self.assertEqual(r.returncode, 2)
        self.assertIn("--memtable_mb=-1: must not be negative", r.stderr)
        r = subprocess.run(
            [ARGS.spanlabd, f"--data_dir={data_dir}", "--listen=127.0.0.1:0",
             "--assignment_index_documents=-5"], capture_output=True,
            text=True, timeout=30)
        self.assertEqual(r.returncode, 2)
        self.assertIn("--assignment_index_documents=-5: must not be negative",
                      r.stderr)


# Exports argv[4] with a deadline of argv[5] seconds, reads the first
# chunk, stops itself (SIGSTOP) and, once continued, reads the rest and
# prints how the call ended.
FROZEN_READER = r"""
import importlib, os, signal, sys
sys.path.insert(0, sys.argv[1])
import grpc, spanlab_stubs
spanlab_stubs.load()
ex = importlib.import_module("spanlab.v1.export_service_pb2")
ex_grpc = importlib.import_module("spanlab.v1.export_service_pb2_grpc")
channel = grpc.insecure_channel(sys.argv[2], options=[
    ("grpc.use_local_subchannel_pool", 1), ("grpc.http2.bdp_probe", 0)])
chunks = ex_grpc.ExportServiceStub(channel).Export(
    ex.ExportRequest(parent=sys.argv[4], format=ex.JSONL),
    metadata=(("authorization", "Bearer " + sys.argv[3]),),
    timeout=float(sys.argv[5]))
next(chunks)
os.kill(os.getpid(), signal.SIGSTOP)
try:
    for _ in chunks:
        pass
    print("OK", flush=True)
except grpc.RpcError as e:
    print(e.code().name, flush=True)
"""


def process_state(pid):
    with open(f"/proc/{pid}/stat") as f:
        return f.read().rsplit(")", 1)[1].split()[0]


CHILD = r"""
import sys, threading
sys.path.insert(0, sys.argv[1])
import grpc, spanlab_stubs
pb = spanlab_stubs.load()
channel = grpc.insecure_channel(
    sys.argv[2], options=[("grpc.use_local_subchannel_pool", 1)])
stub = pb.annotation_service_pb2_grpc.AnnotationServiceStub(channel)
def requests():
    print("streaming", flush=True)
    threading.Event().wait()
    yield
try:
    stub.BulkWriteAnnotations(requests(), metadata=(
        ("authorization", "Bearer " + sys.argv[3]),))
except grpc.RpcError as e:
    print(e.code(), flush=True)
"""


class Keepalive(unittest.TestCase):
    def test_a_client_that_stops_answering_loses_its_calls(self):
        server = Server("keepalive", "--keepalive_seconds=1",
                        "--keepalive_timeout_seconds=1",
                        "--max_concurrent_streams=1", "--max_threads=8")
        def start_child():
            c = subprocess.Popen(
                ["/usr/bin/python3", "-c", CHILD, STUBS_DIR, server.address,
                 server.admin], stdout=subprocess.PIPE, text=True)
            self.assertEqual(c.stdout.readline().strip(), "streaming")
            return c

        def stop_child(c):
            c.kill()
            c.wait()
            c.stdout.close()

        child = start_child()
        try:
            deadline = time.time() + 20
            while server.stream_accepted(server.admin):
                self.assertLess(time.time(), deadline, "stream not started")
                # The child's stream, arriving while a probe held the only
                # slot, was (rightly) refused and the child ended; start it
                # again.
                if child.poll() is not None:
                    stop_child(child)
                    child = start_child()
                time.sleep(0.05)
            # A live client answers the pings and keeps its stream.
            time.sleep(4)
            self.assertEqual(server.probe_stream(server.admin)[0],
                             grpc.StatusCode.RESOURCE_EXHAUSTED)
            # A frozen one does not: the server drops the connection and
            # the stream's slot is free again.
            child.send_signal(signal.SIGSTOP)
            deadline = time.time() + 15
            while not server.stream_accepted(server.admin):
                self.assertLess(time.time(), deadline,
                                "the frozen client still holds its stream")
                time.sleep(0.2)
        finally:
            stop_child(child)
            server.stop()


def main():
    global ARGS, TMP, pb, export_pb2, export_grpc
    p = argparse.ArgumentParser()
    p.add_argument("--spanlabd", required=True)
    p.add_argument(
        "--rss_slack", type=float, default=1.0,
        help="multiplies the memory bounds; an AddressSanitizer build pads "
             "every allocation with redzones and shadow memory")
    ARGS, rest = p.parse_known_args()
    tmp = tempfile.TemporaryDirectory(prefix="spanlab-limits-")
    TMP = tmp.name
    os.environ["XDG_CACHE_HOME"] = os.path.join(TMP, "cache")
    pb = spanlab_stubs.load()
    export_pb2 = importlib.import_module("spanlab.v1.export_service_pb2")
    export_grpc = importlib.import_module("spanlab.v1.export_service_pb2_grpc")
    try:
        unittest.main(argv=[sys.argv[0]] + rest, verbosity=2)
    finally:
        tmp.cleanup()


if __name__ == "__main__":
    main()
