#!/usr/bin/python3
"""Checks spanlab's agreement measures against independent implementations.

Runs the program given as the first argument (agreement_reference_dump),
which prints random data sets together with spanlab's results, and
recomputes every result with Debian's packaged reference implementations:

  Cohen's kappa           sklearn.metrics.cohen_kappa_score
  Fleiss' kappa           statsmodels.stats.inter_rater.fleiss_kappa
  Krippendorff's alpha    nltk.metrics.agreement.AnnotationTask.alpha
                          (binary_distance = nominal, interval_distance)

NLTK 3.8 treats missing data as Krippendorff does (items with fewer than two
values are dropped, the rest pooled), so incomplete data is compared as is.
Where alpha is undefined spanlab reports null; NLTK instead returns 1 when
the data hold one value only, and divides by zero when the pairable values
do not vary; both count as "undefined" here.

Exit status 0 only if every value agrees within 1e-9. A missing module is a
failure, never a skip: the check must not pass without having run.
"""

import json
import math
import subprocess
import sys
import warnings

try:
    import numpy as np
    from nltk.metrics.agreement import AnnotationTask
    from nltk.metrics.distance import binary_distance, interval_distance
    from sklearn.metrics import cohen_kappa_score
    from statsmodels.stats.inter_rater import fleiss_kappa
except ImportError as error:
    sys.exit(
        "reference_check: FAILED: cannot import %s; install the Debian "
        "packages python3-sklearn python3-statsmodels python3-nltk" % error.name
    )

TOLERANCE = 1e-9


class Checker:
    def __init__(self):
        self.passed = 0
        self.failed = 0

    def same(self, what, ours, reference):
        """ours: float or None (undefined); reference: float, may be nan."""
        if reference is not None and math.isnan(reference):
            reference = None
        if ours is None or reference is None:
            ok = ours is None and reference is None
        else:
            ok = math.isclose(ours, reference, rel_tol=TOLERANCE,
                              abs_tol=TOLERANCE)
        if ok:
            self.passed += 1
        else:
            self.failed += 1
            print("MISMATCH %s: spanlab %r, reference %r" % (what, ours, reference))


def cohen(y1, y2):
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")  # 0/0 when one category only
        return float(cohen_kappa_score(y1, y2))


def fleiss(table):
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        with np.errstate(divide="ignore", invalid="ignore"):
            return float(fleiss_kappa(np.asarray(table), method="fleiss"))


def alpha(triples, distance):
    task = AnnotationTask(data=triples, distance=distance)
    if len(task.K) < 2:
        return None
    try:
        return float(task.alpha())
    except ZeroDivisionError:
        return None


def check_corpus(check, n, corpus):
    annotators = corpus["annotators"]
    documents = corpus["documents"]
    categories = corpus["categories"]
    for pair in corpus["pairs"]:
        y1, y2 = [], []
        for doc in documents:
            la, lb = doc["layers"][pair["a"]], doc["layers"][pair["b"]]
            if la is not None and lb is not None:
                y1 += la
                y2 += lb
        what = "corpus %d pair %s/%s" % (n, pair["a"], pair["b"])
        if pair["units"] != len(y1):
            check.same(what + " units", float(pair["units"]), float(len(y1)))
        check.same(what + " cohen", pair["kappa"], cohen(y1, y2) if y1 else None)
    table = []
    triples = []
    for doc in documents:
        layers = doc["layers"]
        present = [a for a in annotators if layers[a] is not None]
        if len(present) == len(annotators):
            for t in range(len(layers[annotators[0]])):
                row = [0] * categories
                for a in annotators:
                    row[layers[a][t]] += 1
                table.append(row)
        if len(present) >= 2:
            for a in present:
                for t, value in enumerate(layers[a]):
                    triples.append((a, (doc["id"], t), value))
    check.same("corpus %d fleiss units" % n, float(corpus["fleiss_units"]),
               float(len(table)))
    check.same("corpus %d fleiss" % n, corpus["fleiss"],
               fleiss(table) if table else None)
    check.same("corpus %d alpha" % n, corpus["alpha"],
               alpha(triples, binary_distance) if triples else None)


def main():
    if len(sys.argv) != 2:
        sys.exit("usage: reference_check.py AGREEMENT_REFERENCE_DUMP")
    data = json.loads(subprocess.run([sys.argv[1]], check=True,
                                     stdout=subprocess.PIPE).stdout)
    check = Checker()
    for n, s in enumerate(data["cohen"]):
        check.same("cohen %d" % n, s["kappa"], cohen(s["y1"], s["y2"]))
    for n, s in enumerate(data["fleiss"]):
        check.same("fleiss %d" % n, s["kappa"], fleiss(s["table"]))
    for n, s in enumerate(data["alpha"]):
        triples = [(str(c), i, v) for c, i, v in s["triples"]]
        check.same("alpha nominal %d" % n, s["nominal"],
                   alpha(triples, binary_distance))
        check.same("alpha interval %d" % n, s["interval"],
                   alpha(triples, interval_distance))
    for n, corpus in enumerate(data["corpus"]):
        check_corpus(check, n, corpus)
    minimum = {"cohen": 300, "fleiss": 300, "alpha": 300, "corpus": 40}
    for key, count in minimum.items():
        if len(data[key]) < count:
            print("too few %s data sets: %d" % (key, len(data[key])))
            check.failed += 1
    print("reference_check: %d passed, %d failed" % (check.passed, check.failed))
    return 1 if check.failed else 0


if __name__ == "__main__":
    sys.exit(main())
