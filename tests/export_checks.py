#!/usr/bin/python3
"""Validity checks of spanlab's dataset exports with real parsers.

Each check reads an export with the Python standard library the way the
receiving tool would (json, csv, tarfile, str slicing) and compares it with
the document texts, so an offset in the wrong unit, a quoting slip or a
line that breaks a parser fails here. Every function raises AssertionError
with what is wrong and where.

Used by e2e_export_test.py; run on its own it checks what the
`export_samples` program (service/export/) writes:
    export_checks.py --generate build/service/export/export_samples
    export_checks.py --samples DIR
"""

import argparse
import csv
import io
import json
import os
import re
import subprocess
import sys
import tarfile
import tempfile

KINDS = ("human", "automatic", "gold")
# The characters Python's str.splitlines() breaks at, which is how brat
# reads .ann lines: none may appear inside a line of an .ann file.
LINE_BREAKS = "\n\r\v\f\x1c\x1d\x1e\x85\u2028\u2029"
T_LINE = re.compile(r"^(T\d+)\t(\S+) (\d+ \d+(?:;\d+ \d+)*)\t(.*)$")
NOTE_LINE = re.compile(r"^#\d+\tAnnotatorNotes (T\d+)\t(.*)$")
R_LINE = re.compile(r"^R\d+\t(\S+) Arg1:(T\d+) Arg2:(T\d+)$")


def fail(where, what):
    raise AssertionError(f"{where}: {what}")


def utf16_slice(text, start, end):
    data = text.encode("utf-16-le")
    return data[2 * start:2 * end].decode("utf-16-le")


def check_jsonl(data, texts):
    """JSON lines: every line loads; same keys and types on every line and
    span; text[start:end] == span text in code points. Returns the
    documents."""
    if isinstance(data, bytes):
        data = data.decode("utf-8")
    docs = []
    doc_keys = span_keys = None
    for n, line in enumerate(data.split("\n"), 1):
        if not line:
            continue
        where = f"jsonl line {n}"
        doc = json.loads(line)
        keys = list(doc)
        if doc_keys is None:
            doc_keys = keys
        if keys != doc_keys or keys[:6] != ["id", "title", "source", "meta",
                                           "text", "spans"]:
            fail(where, f"keys {keys} differ from {doc_keys}")
        text = doc["text"]
        if doc["id"] in texts and texts[doc["id"]] != text:
            fail(where, "text differs from the document")
        if not all(isinstance(v, str) for v in doc["meta"].values()):
            fail(where, "meta values must be strings")
        for i, span in enumerate(doc["spans"]):
            at = f"{where} spans[{i}]"
            if span_keys is None:
                span_keys = list(span)
                attribute_keys = sorted(span["attributes"])
            if list(span) != span_keys:
                fail(at, f"keys {list(span)} differ from {span_keys}")
            if sorted(span["attributes"]) != attribute_keys:
                fail(at, "attribute keys differ between spans")
            if text[span["start"]:span["end"]] != span["text"]:
                fail(at, f"text[{span['start']}:{span['end']}] is "
                         f"{text[span['start']:span['end']]!r}, not "
                         f"{span['text']!r}")
            if span["kind"] not in KINDS:
                fail(at, f"kind {span['kind']!r}")
            automatic = span["kind"] == "automatic"
            if automatic != isinstance(span["score"], float):
                fail(at, "score must be a number exactly for automatic spans")
            if automatic != isinstance(span["model_version"], str):
                fail(at, "model_version must be a string exactly for "
                         "automatic spans")
        docs.append(doc)
    return docs


def check_csv(data, texts):
    """CSV: RFC 4180 bytes (CRLF, minimal quoting: what Python's csv writer
    produces for the same rows) and offsets in code points. Returns rows as
    dicts."""
    raw = data.decode("utf-8")
    rows = list(csv.reader(io.StringIO(raw, newline=""), strict=True))
    header = rows[0]
    expected = ["document_id", "start", "end", "label", "text", "attributes",
                "author", "kind", "score", "model_version"]
    if header[:10] != expected or header[10:] not in ([], ["deleted"]):
        fail("csv header", header)
    again = io.StringIO()
    csv.writer(again, lineterminator="\r\n").writerows(rows)
    if again.getvalue() != raw:
        fail("csv", "bytes differ from the RFC 4180 form of the same rows")
    out = []
    for n, row in enumerate(rows[1:], 2):
        record = dict(zip(header, row))
        text = texts[record["document_id"]]
        start, end = int(record["start"]), int(record["end"])
        if text[start:end] != record["text"]:
            fail(f"csv record {n}", f"text[{start}:{end}] is "
                                    f"{text[start:end]!r}")
        if not isinstance(json.loads(record["attributes"]), dict):
            fail(f"csv record {n}", "attributes is not a JSON object")
        out.append(record)
    return out


def check_brat_document(name, txt, ann, text):
    """One DOC.txt/DOC.ann pair. Returns the T lines as
    (label, start, end, note)."""
    if txt != text:
        fail(f"{name}.txt", "differs from the document text")
    if ann.count("\n") != len(ann.splitlines()):
        fail(f"{name}.ann", "a line contains a character str.splitlines() "
                            "breaks at")
    spans, notes = {}, {}
    for n, line in enumerate(ann.split("\n"), 1):
        where = f"{name}.ann:{n}"
        if not line:
            continue
        m = T_LINE.match(line)
        if m:
            fragments = [tuple(map(int, f.split()))
                         for f in m.group(3).split(";")]
            for start, end in fragments:
                if not 0 <= start < end <= len(txt):
                    fail(where, f"fragment {start} {end} outside the text")
                if any(c in txt[start:end] for c in LINE_BREAKS + "\t"):
                    fail(where, "a fragment spans a line break or tab")
            joined = " ".join(txt[s:e] for s, e in fragments)
            if joined != m.group(4):
                fail(where, f"text {m.group(4)!r} != {joined!r} at the "
                            "offsets (code points)")
            spans[m.group(1)] = (m.group(2), fragments[0][0],
                                 fragments[-1][1])
            continue
        m = NOTE_LINE.match(line)
        if m:
            notes[m.group(1)] = json.loads(m.group(2))
            continue
        m = R_LINE.match(line)
        if m:
            if m.group(2) not in spans or m.group(3) not in spans:
                fail(where, "relation to an unknown T line")
            continue
        fail(where, f"not a T, note or R line: {line!r}")
    for tid in notes:
        if tid not in spans:
            fail(f"{name}.ann", f"note for unknown {tid}")
    return [spans[t] + (notes.get(t),) for t in spans]


def check_brat(files, texts):
    """A brat export as {file name: bytes}: annotation.conf and a .txt and
    .ann per document. Returns {doc: [(label, start, end, note)]}."""
    if "annotation.conf" not in files:
        fail("brat", "no annotation.conf")
    out = {}
    for doc, text in texts.items():
        txt = files[f"{doc}.txt"].decode("utf-8")
        ann = files[f"{doc}.ann"].decode("utf-8")
        out[doc] = check_brat_document(doc, txt, ann, text)
    return out


def brat_directory(path):
    files = {}
    for name in os.listdir(path):
        with open(os.path.join(path, name), "rb") as f:
            files[name] = f.read()
    return files


def brat_tar(data):
    files = {}
    with tarfile.open(fileobj=io.BytesIO(data), mode="r:") as tar:
        for member in tar.getmembers():
            if not member.isfile():
                fail("tar", f"{member.name} is not a regular file")
            files[member.name] = tar.extractfile(member).read()
    return files


def check_conll(data, texts_in_order):
    """CoNLL BIO: one "-DOCSTART-" per document in order, "token<TAB>tag"
    lines, valid IOB2 within every sentence, and tokens that rejoin to each
    text without its white space. Returns per document a list of
    (token, tag, start, end, opens_sentence), start/end being the token's
    code-point offsets in the text."""
    docs = []
    previous, opens = "O", True
    for n, line in enumerate(data.decode("utf-8").split("\n"), 1):
        if line.startswith("-DOCSTART-"):
            docs.append([])
            previous, opens = "O", True
            continue
        if not line:
            previous, opens = "O", True  # Each sentence is valid alone.
            continue
        parts = line.split("\t")
        if len(parts) != 2 or not parts[0] or len(parts[0].split()) != 1:
            fail(f"conll line {n}", f"not one token and a tag: {line!r}")
        token, tag = parts
        if tag != "O" and not re.match(r"^[BI]-[a-z0-9_]+$", tag):
            fail(f"conll line {n}", f"bad tag {tag!r}")
        if tag.startswith("I-") and previous[2:] != tag[2:]:
            fail(f"conll line {n}", f"{tag} after {previous}")
        previous = tag
        docs[-1].append([token, tag, 0, 0, opens])
        opens = False
    if len(docs) != len(texts_in_order):
        fail("conll", f"{len(docs)} documents, expected "
                      f"{len(texts_in_order)}")
    for i, (tokens, text) in enumerate(zip(docs, texts_in_order)):
        at = 0
        for token in tokens:
            while at < len(text) and text[at].isspace():
                at += 1
            if text[at:at + len(token[0])] != token[0]:
                fail(f"conll document {i + 1}",
                     f"token {token[0]!r} is not the text at {at}: tokens "
                     "must rejoin to the text without its white space")
            token[2], token[3] = at, at + len(token[0])
            at = token[3]
        if text[at:].strip():
            fail(f"conll document {i + 1}", "text left after the last token")
    return [[tuple(t) for t in tokens] for tokens in docs]


def expected_bio(tokens, spans):
    """The tags of `tokens` (from check_conll) for non-overlapping `spans`
    [(start, end, label)]: B on the first token a span touches and on its
    first token in each further sentence, I on its other tokens, O
    elsewhere."""
    tags = ["O"] * len(tokens)
    for s, e, label in spans:
        inside = [i for i, t in enumerate(tokens) if t[2] < e and t[3] > s]
        for k, i in enumerate(inside):
            tags[i] = ("B-" if k == 0 or tokens[i][4] else "I-") + label
    return tags


def check_labelstudio(data, texts, unit):
    """Label Studio JSON: one array of tasks; every labels result slices the
    text to its value.text in `unit` ("codepoints" or "utf16"); textarea
    results belong to a labels region. Returns the tasks."""
    tasks = json.loads(data.decode("utf-8"))
    if not isinstance(tasks, list):
        fail("labelstudio", "not a JSON array")
    for t, task in enumerate(tasks, 1):
        text = task["data"]["text"]
        doc = task["data"]["doc_id"]
        if doc in texts and texts[doc] != text:
            fail(f"task {t}", "text differs from the document")
        for group in ("annotations", "predictions"):
            for entry in task[group]:
                regions = {}
                for item in entry["result"]:
                    if item["type"] == "labels":
                        v = item["value"]
                        s, e = v["start"], v["end"]
                        got = (utf16_slice(text, s, e) if unit == "utf16"
                               else text[s:e])
                        if got != v["text"]:
                            fail(f"task {t} {group} {item['id']}",
                                 f"[{s}:{e}] in {unit} is {got!r}, not "
                                 f"{v['text']!r}")
                        regions[item["id"]] = (s, e)
                for item in entry["result"]:
                    if item["type"] == "textarea":
                        v = item["value"]
                        if regions.get(item["id"]) != (v["start"], v["end"]):
                            fail(f"task {t}", "textarea outside a region")
    return tasks


def main():
    p = argparse.ArgumentParser()
    source = p.add_mutually_exclusive_group(required=True)
    source.add_argument("--samples",
                        help="directory written by export_samples")
    source.add_argument("--generate", metavar="EXPORT_SAMPLES",
                        help="run this export_samples binary into a "
                             "temporary directory and check that")
    args = p.parse_args()
    if args.generate:
        with tempfile.TemporaryDirectory(prefix="spanlab-samples-") as d:
            subprocess.run([args.generate, d], check=True)
            return check_samples(d)
    return check_samples(args.samples)


def check_samples(d):

    def read(name):
        with open(os.path.join(d, name), "rb") as f:
            return f.read()

    texts = json.loads(read("texts.json"))
    check_jsonl(read("export.jsonl"), texts)
    check_csv(read("export.csv"), texts)
    check_brat(brat_directory(os.path.join(d, "brat")), texts)
    check_conll(read("export.conll"), [texts[k] for k in sorted(texts)])
    check_labelstudio(read("export.json"), texts, "codepoints")
    check_labelstudio(read("export-utf16.json"), texts, "utf16")
    print(f"OK: {len(texts)} documents in every format")
    return 0


if __name__ == "__main__":
    sys.exit(main())
