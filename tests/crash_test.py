#!/usr/bin/python3
"""Crash safety: spanlabd killed with SIGKILL under concurrent writes.

Each round starts spanlabd (default, durable mode) on the same data
directory, creates a few documents, and lets several annotator threads
create spans one call at a time while model threads stream
BulkWriteAnnotations, until the server is killed at a random moment. After
a restart the round's documents (and, at the end, every document) are
checked:

- every acknowledged write is stored and identical: a unary create that
  returned OK, and every annotation of a stream whose final response was
  OK (a client stream is acknowledged only by that response);
- a stream that was not acknowledged left each of its messages whole or
  not at all, and only a prefix of them (the server commits a message
  before it reads the next);
- a create that was not acknowledged is either absent or exactly what was
  asked for, and nothing else is stored;
- nothing is half visible: every annotation has its audit-log "create"
  entry with the same record, every "create" entry its annotation, and the
  layer listings (through the layer index) equal the full listing.

Short by default (3 rounds, for CTest); longer with --rounds N or the
SPANLAB_CRASH_ROUNDS environment variable (`ctest -L stress`). Prints
"crash rounds: N, acknowledged writes checked: M" at the end.
"""

import argparse
import os
import random
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import threading
import time

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)),
                                "..", "client", "python"))
import grpc  # noqa: E402
import spanlab_stubs  # noqa: E402

LABELS = ("attributed_claim", "opinion", "disputed")
ANNOTATORS = ("ann0", "ann1", "ann2", "ann3")
MODELS = ("model0", "model1")
DOCS_PER_ROUND = 3
DOC_LENGTH = 12000
# Spans of one annotator on one document sit in slots of this many code
# points, never reused, so no create can overlap an earlier one even when
# its outcome is unknown.
SLOT = 6
PROJECT = "projects/crash"


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


class CheckFailed(AssertionError):
    pass


def check(condition, message):
    if not condition:
        raise CheckFailed(message)


class Server:
    """spanlabd on one data directory, restarted on a new port each time."""

    def __init__(self, binary, data_dir, pb):
        self.binary = binary
        self.data_dir = data_dir
        self.pb = pb
        self.proc = None
        self.port = None
        self.admin = None

    @property
    def address(self):
        return f"127.0.0.1:{self.port}"

    def start(self):
        self.port = free_port()
        log = open(os.path.join(self.data_dir, "spanlabd.log"), "a")
        self.proc = subprocess.Popen(
            [self.binary, f"--data_dir={self.data_dir}",
             f"--listen={self.address}"],
            stdout=log, stderr=subprocess.STDOUT)
        log.close()
        token_path = os.path.join(self.data_dir, "admin.token")
        deadline = time.time() + 60
        while time.time() < deadline:
            check(self.proc.poll() is None,
                  "spanlabd exited at start; see its log in the data dir")
            if os.path.exists(token_path):
                with open(token_path) as f:
                    self.admin = f.read().strip()
                try:
                    with grpc.insecure_channel(self.address) as ch:
                        self.pb.admin_service_pb2_grpc.AdminServiceStub(
                            ch).Ping(self.pb.admin_service_pb2.PingRequest(),
                                     metadata=auth(self.admin), timeout=2)
                    return
                except grpc.RpcError:
                    pass
            time.sleep(0.05)
        raise CheckFailed("spanlabd did not come up")

    def kill(self):
        self.proc.send_signal(signal.SIGKILL)
        self.proc.wait(timeout=30)

    def stop(self):
        if self.proc and self.proc.poll() is None:
            self.proc.send_signal(signal.SIGTERM)
            self.proc.wait(timeout=30)


def auth(token):
    return (("authorization", f"Bearer {token}"),)


class Ledger:
    """What the clients sent and what the server acknowledged."""

    def __init__(self):
        self.lock = threading.Lock()
        self.documents = {}        # document name -> text
        self.acked = {}            # annotation name -> Annotation (unary)
        self.maybe = {}            # (doc, author, start, end) -> Annotation
        # streams: version -> {"messages": [(doc, [Annotation])], "acked"}
        self.streams = {}

    def acked_count(self):
        with self.lock:
            n = len(self.acked)
            for s in self.streams.values():
                if s["acked"]:
                    n += sum(len(a) for _, a in s["messages"])
            return n


def annotator_loop(pb, address, token, who, docs, ledger, slots, stop, rng):
    with grpc.insecure_channel(address) as channel:
        annotate(pb.annotation_service_pb2_grpc.AnnotationServiceStub(channel),
                 pb, token, who, docs, ledger, slots, stop, rng)


def annotate(stub, pb, token, who, docs, ledger, slots, stop, rng):
    while not stop.is_set():
        free = [d for d in docs
                if (slots.get((who, d), 0) + 1) * SLOT < DOC_LENGTH]
        if not free:
            return
        doc = rng.choice(free)
        slot = slots.get((who, doc), 0)
        slots[(who, doc)] = slot + 1
        start = slot * SLOT
        a = pb.resources_pb2.Annotation(
            start=start, end=start + SLOT - 2, label=rng.choice(LABELS),
            note=f"{who} {doc} {slot} {rng.random()}")
        key = (doc, who, a.start, a.end)
        with ledger.lock:
            ledger.maybe[key] = a
        try:
            got = stub.CreateAnnotation(
                pb.annotation_service_pb2.CreateAnnotationRequest(
                    parent=doc, annotation=a),
                metadata=auth(token), timeout=10)
        except grpc.RpcError as e:
            if e.code() not in (grpc.StatusCode.UNAVAILABLE,
                                grpc.StatusCode.DEADLINE_EXCEEDED,
                                grpc.StatusCode.CANCELLED,
                                grpc.StatusCode.UNKNOWN,
                                grpc.StatusCode.INTERNAL):
                raise CheckFailed(f"create {key}: {e.code()}: {e.details()}")
            time.sleep(0.01)
            continue
        with ledger.lock:
            del ledger.maybe[key]
            ledger.acked[got.name] = got


def model_loop(pb, address, token, who, round_no, docs, ledger, stop, rng,
               errors):
    with grpc.insecure_channel(address) as channel:
        push(pb.annotation_service_pb2_grpc.AnnotationServiceStub(channel),
             pb, token, who, round_no, docs, ledger, stop, rng, errors)


def push(stub, pb, token, who, round_no, docs, ledger, stop, rng, errors):
    stream_no = 0
    while not stop.is_set():
        version = f"r{round_no}-{who}-s{stream_no}"
        stream_no += 1
        messages = []
        used = set()
        for m in range(rng.randint(1, 5)):
            doc = rng.choice(docs)
            annotations = []
            for j in range(rng.randint(1, 20)):
                while True:
                    start = rng.randrange(0, DOC_LENGTH - 10)
                    end = start + rng.randint(1, 8)
                    label = rng.choice(LABELS)
                    if (doc, start, end, label) not in used:
                        used.add((doc, start, end, label))
                        break
                annotations.append(pb.resources_pb2.Annotation(
                    start=start, end=end, label=label,
                    kind=pb.resources_pb2.AUTOMATIC, model_version=version,
                    score=round(rng.random(), 6), note=f"{version}/m{m}/a{j}"))
            messages.append((doc, annotations))
        record = {"messages": messages, "acked": False, "author": who}
        with ledger.lock:
            ledger.streams[version] = record

        def requests():
            for doc, annotations in messages:
                yield pb.annotation_service_pb2.BulkWriteAnnotationsRequest(
                    parent=doc, annotations=annotations)
                if rng.random() < 0.3:
                    time.sleep(0.005)

        try:
            response = stub.BulkWriteAnnotations(
                requests(), metadata=auth(token), timeout=20)
        except grpc.RpcError as e:
            if e.code() not in (grpc.StatusCode.UNAVAILABLE,
                                grpc.StatusCode.DEADLINE_EXCEEDED,
                                grpc.StatusCode.CANCELLED,
                                grpc.StatusCode.UNKNOWN,
                                grpc.StatusCode.INTERNAL):
                errors.append(f"stream {version}: {e.code()}: {e.details()}")
                return
            time.sleep(0.01)
            continue
        total = sum(len(a) for _, a in messages)
        if response.messages != len(messages) or response.written != total:
            errors.append(f"stream {version}: acknowledged {response} for "
                          f"{len(messages)} messages, {total} annotations")
            return
        with ledger.lock:
            record["acked"] = True


def list_all(call, request, field):
    out = []
    while True:
        response = call(request)
        out.extend(getattr(response, field))
        if not response.next_page_token:
            return out
        request.page_token = response.next_page_token


class Checker:
    def __init__(self, pb, server, ledger):
        self.pb = pb
        self.ledger = ledger
        self.channel = grpc.insecure_channel(server.address)
        self.md = auth(server.admin)
        self.annotations = pb.annotation_service_pb2_grpc.AnnotationServiceStub(
            self.channel)
        self.documents = pb.document_service_pb2_grpc.DocumentServiceStub(
            self.channel)
        # version -> {message index: stored?}, over the documents checked.
        self.streams_seen = {}

    def close(self):
        self.channel.close()

    def listing(self, doc, kind=0, author=""):
        pb = self.pb.annotation_service_pb2
        return list_all(
            lambda r: self.annotations.ListAnnotations(r, metadata=self.md,
                                                       timeout=60),
            pb.ListAnnotationsRequest(parent=doc, kind=kind, author=author,
                                      show_deleted=True, show_decided=True,
                                      page_size=1000),
            "annotations")

    def audit(self, doc):
        pb = self.pb.annotation_service_pb2
        return list_all(
            lambda r: self.annotations.ListAuditLog(r, metadata=self.md,
                                                    timeout=60),
            pb.ListAuditLogRequest(parent=doc, page_size=1000), "entries")

    def check_documents(self, docs):
        """Checks `docs`; returns how many acknowledged writes it checked."""
        led = self.ledger
        with led.lock:
            acked = dict(led.acked)
            maybe = dict(led.maybe)
            streams = {v: dict(s) for v, s in led.streams.items()}
        by_note = {}  # note -> (version, message index, Annotation)
        for version, s in streams.items():
            for m, (doc, annotations) in enumerate(s["messages"]):
                for a in annotations:
                    by_note[a.note] = (version, m, doc, a)
        checked = 0
        for doc in docs:
            got = self.documents.GetDocument(
                self.pb.document_service_pb2.GetDocumentRequest(name=doc),
                metadata=self.md, timeout=30)
            check(got.text == led.documents[doc], f"{doc}: text changed")
            stored = self.listing(doc)
            names = [a.name for a in stored]
            check(len(set(names)) == len(names), f"{doc}: a name twice")
            stored_by_name = {a.name: a for a in stored}
            for a in stored:
                check(not a.deleted, f"{a.name}: deleted, nobody deleted it")

            # Acknowledged unary creates: present and identical.
            for name, a in acked.items():
                if not name.startswith(doc + "/"):
                    continue
                check(name in stored_by_name,
                      f"{name}: acknowledged, missing after the crash")
                check(stored_by_name[name] == a,
                      f"{name}: stored {stored_by_name[name]} differs from "
                      f"the acknowledged {a}")
                checked += 1

            # Stream annotations: whole messages, a prefix of each stream,
            # everything of an acknowledged stream.
            present = {}  # (version, message) -> [Annotation]
            for a in stored:
                if a.kind != self.pb.resources_pb2.AUTOMATIC:
                    continue
                check(a.note in by_note, f"{a.name}: from no stream: {a}")
                version, m, sent_doc, sent = by_note[a.note]
                check(sent_doc == doc, f"{a.name}: on the wrong document")
                check(a.author == streams[version]["author"],
                      f"{a.name}: author {a.author}")
                check((a.start, a.end, a.label, a.score, a.model_version)
                      == (sent.start, sent.end, sent.label, sent.score,
                          sent.model_version), f"{a.name}: differs from {sent}")
                present.setdefault((version, m), []).append(a)
            for version, s in streams.items():
                for m, (sent_doc, annotations) in enumerate(s["messages"]):
                    if sent_doc != doc:
                        continue
                    here = present.get((version, m), [])
                    notes = sorted(a.note for a in here)
                    check(len(set(notes)) == len(notes),
                          f"{version} message {m}: an annotation twice")
                    check(len(here) in (0, len(annotations)),
                          f"{version} message {m}: {len(here)} of "
                          f"{len(annotations)} annotations stored (partial)")
                    if s["acked"]:
                        check(len(here) == len(annotations),
                              f"{version} message {m}: acknowledged, missing")
                        checked += len(here)
            # Which messages of each stream are stored, for check_prefixes.
            for version, s in streams.items():
                for m, (sent_doc, _) in enumerate(s["messages"]):
                    if sent_doc == doc:
                        self.streams_seen.setdefault(version, {})[m] = bool(
                            present.get((version, m)))

            # Human spans: acknowledged or exactly as asked, nothing else.
            for a in stored:
                if a.kind != self.pb.resources_pb2.HUMAN or a.name in acked:
                    continue
                key = (doc, a.author, a.start, a.end)
                check(key in maybe, f"{a.name}: stored, never asked for: {a}")
                asked = maybe[key]
                check((a.label, a.note) == (asked.label, asked.note),
                      f"{a.name}: differs from what was asked: {a}")

            # Layer index against the full listing, for every layer.
            layers = {(self.pb.resources_pb2.HUMAN, w) for w in ANNOTATORS}
            layers |= {(self.pb.resources_pb2.AUTOMATIC, w) for w in MODELS}
            layers |= {(a.kind, a.author) for a in stored}
            for kind, author in sorted(layers):
                want = sorted((a for a in stored
                               if a.kind == kind and a.author == author),
                              key=lambda a: a.name)
                got_layer = sorted(self.listing(doc, kind, author),
                                   key=lambda a: a.name)
                check(got_layer == want,
                      f"{doc}: layer {kind}/{author} lists "
                      f"{len(got_layer)} annotations, the full listing "
                      f"{len(want)} (or they differ)")

            # Audit log: one create entry per annotation, same record.
            creates = {}
            for e in self.audit(doc):
                # The document's own creation is logged here too.
                if (e.action == "create"
                        and e.resource.startswith(doc + "/annotations/")):
                    check(e.resource not in creates,
                          f"{e.resource}: two create entries")
                    creates[e.resource] = e
            for a in stored:
                check(a.name in creates, f"{a.name}: no audit create entry")
                after = creates[a.name].after
                check(after == a,
                      f"{a.name}: audit after {after} differs from {a}")
            for name in creates:
                check(name in stored_by_name,
                      f"{name}: audit create entry without the annotation")
        return checked

    def check_prefixes(self):
        """Checks that each stream stored a prefix of its messages; returns
        how many streams were not acknowledged, and how many of their
        messages were stored and sent."""
        with self.ledger.lock:
            acked = {v for v, s in self.ledger.streams.items() if s["acked"]}
        unacked = stored = sent = 0
        for version, flags in self.streams_seen.items():
            order = [flags[m] for m in sorted(flags)]
            if True in order:
                last = max(i for i, f in enumerate(order) if f)
                check(all(order[:last + 1]),
                      f"{version}: message stored after one that was not "
                      f"({order})")
            if version not in acked:
                unacked += 1
                stored += sum(order)
                sent += len(order)
        return unacked, stored, sent


def create_documents(pb, server, round_no, ledger, rng):
    with grpc.insecure_channel(server.address) as ch:
        stub = pb.document_service_pb2_grpc.DocumentServiceStub(ch)
        docs = []
        for k in range(DOCS_PER_ROUND):
            doc_id = f"r{round_no}-d{k}"
            text = "".join(rng.choice("abcdefghijklmnopqrstuvwxyzéßø")
                           for _ in range(DOC_LENGTH))
            stub.CreateDocument(pb.document_service_pb2.CreateDocumentRequest(
                parent=PROJECT,
                document=pb.resources_pb2.Document(document_id=doc_id),
                text=text.encode("utf-8")),
                metadata=auth(server.admin), timeout=30)
            name = f"{PROJECT}/documents/{doc_id}"
            ledger.documents[name] = text
            docs.append(name)
        return docs


def setup(pb, server):
    tokens = {}
    with grpc.insecure_channel(server.address) as ch:
        projects = pb.project_service_pb2_grpc.ProjectServiceStub(ch)
        projects.CreateProject(pb.project_service_pb2.CreateProjectRequest(
            project=pb.resources_pb2.Project(project_id="crash")),
            metadata=auth(server.admin), timeout=30)
        admin = pb.admin_service_pb2_grpc.AdminServiceStub(ch)
        for who, role in ([(a, pb.resources_pb2.ANNOTATOR)
                           for a in ANNOTATORS] +
                          [(m, pb.resources_pb2.MODEL) for m in MODELS]):
            r = admin.CreateAnnotator(pb.admin_service_pb2.CreateAnnotatorRequest(
                annotator=pb.resources_pb2.Annotator(annotator_id=who,
                                                     role=role)),
                metadata=auth(server.admin), timeout=30)
            tokens[who] = r.token
    return tokens


def main():
    p = argparse.ArgumentParser()
    p.add_argument("--spanlabd", required=True)
    p.add_argument("--rounds", type=int,
                   default=int(os.environ.get("SPANLAB_CRASH_ROUNDS", "3")))
    p.add_argument("--seconds", type=float, default=3.0,
                   help="longest time the writers run before the kill")
    p.add_argument("--seed", type=int, default=None)
    args = p.parse_args()
    seed = args.seed if args.seed is not None else random.randrange(1 << 30)
    print(f"seed {seed}", flush=True)
    rng = random.Random(seed)

    tmp = tempfile.mkdtemp(prefix="spanlab-crash-")
    os.environ["XDG_CACHE_HOME"] = os.path.join(tmp, "cache")
    pb = spanlab_stubs.load()
    data_dir = os.path.join(tmp, "data")
    os.makedirs(data_dir)
    server = Server(args.spanlabd, data_dir, pb)
    ledger = Ledger()
    slots = {}
    all_docs = []
    rounds = 0
    ok = False
    try:
        server.start()
        tokens = setup(pb, server)
        for round_no in range(args.rounds):
            docs = create_documents(pb, server, round_no, ledger, rng)
            all_docs.extend(docs)
            stop = threading.Event()
            errors = []

            def guarded(target, *a):
                # A client's failure is reported by the main thread.
                def run():
                    try:
                        target(*a)
                    except Exception as e:
                        errors.append(repr(e))
                return threading.Thread(target=run)

            threads = []
            for who in ANNOTATORS:
                threads.append(guarded(
                    annotator_loop, pb, server.address, tokens[who], who,
                    docs, ledger, slots, stop, random.Random(rng.random())))
            for who in MODELS:
                threads.append(guarded(
                    model_loop, pb, server.address, tokens[who], who,
                    round_no, docs, ledger, stop, random.Random(rng.random()),
                    errors))
            for t in threads:
                t.start()
            time.sleep(rng.uniform(0.2, 1.0) * args.seconds)
            server.kill()
            stop.set()
            for t in threads:
                t.join(timeout=60)
                check(not t.is_alive(), "a client thread hangs")
            check(not errors, f"client failed: {errors}")
            server.start()
            checker = Checker(pb, server, ledger)
            try:
                checked = checker.check_documents(docs)
                unacked, stored, sent = checker.check_prefixes()
            finally:
                checker.close()
            rounds += 1
            print(f"round {round_no + 1}: {checked} acknowledged writes "
                  f"checked; {unacked} streams cut by the kill, {stored} of "
                  f"their {sent} messages stored whole; "
                  f"{len(ledger.maybe)} unacknowledged creates so far",
                  flush=True)

        # Everything once more after the last restart.
        checker = Checker(pb, server, ledger)
        try:
            total = checker.check_documents(all_docs)
            checker.check_prefixes()
        finally:
            checker.close()
        check(total == ledger.acked_count(),
              f"checked {total} of {ledger.acked_count()} acknowledged writes")
        check(total > 0, "no write was acknowledged")
        print(f"crash rounds: {rounds}, acknowledged writes checked: {total}",
              flush=True)
        ok = True
    finally:
        server.stop()
        if ok:
            shutil.rmtree(tmp, ignore_errors=True)
        else:
            print(f"kept the data directory: {data_dir}", file=sys.stderr)
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
