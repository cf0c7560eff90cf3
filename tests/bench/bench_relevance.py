"""Relevance benchmark: `.venv/bin/python -m tests.bench.bench_relevance` (part of `make bench`).

Judgements come from real parallel documentation: Debian's `debian-reference` in en, zh-cn and
zh-tw, fetched here with `apt-get download` into a temporary directory (nothing is committed).
Every numbered section is a document; a query is a section's title in another locale or script
and the right answer is the section with the same number. The zh-TW edition is mostly a
character conversion of the zh-CN one, so it measures script folding and en→zh; regional
vocabulary and English paraphrases come from the hand-written sets in relevance_sets.py, with
the Debian sections of the same language as distractors.

Kith is the real analyzer and Whoosh backend (plus the hybrid ranking when embeddings are on);
the baseline is a plain BM25 over character bigrams (Traditional→Simplified by character) and
lower-cased words, computed in the same run. Prints hit@10, MRR@10 and nDCG@10 per set.
"""

import argparse
import glob
import hashlib
import html
import math
import os
import re
import subprocess
import tempfile
from collections import Counter
from datetime import UTC, datetime

from app.search import analysis, embeddings, hybrid
from app.search.base import Filters
from app.search.providers import SearchDoc
from tests.bench.relevance_sets import PARAPHRASES, REGIONAL

PACKAGES = ("debian-reference-en", "debian-reference-zh-cn", "debian-reference-zh-tw")
_HEADING = re.compile(r'<h([1-4]) class="title"[^>]*>(.*?)</h\1>', re.S)
_NUMBER = re.compile(r"^\s*((?:\d+|[A-Z])(?:\.\d+)*)\.\s+(.*)$", re.S)
_TAGS = re.compile(r"<[^>]+>")


def fetch(workdir: str) -> str:
    """Download and unpack the three packages; return the directory of their HTML pages."""
    subprocess.run(["apt-get", "download", *PACKAGES], cwd=workdir, check=True, capture_output=True)
    for deb in glob.glob(os.path.join(workdir, "*.deb")):
        subprocess.run(["dpkg-deb", "-x", deb, os.path.join(workdir, "x")], check=True)
    return os.path.join(workdir, "x", "usr", "share", "debian-reference")


def _text(fragment: str) -> str:
    return " ".join(html.unescape(_TAGS.sub(" ", fragment)).split())


def sections(directory: str, locale: str) -> dict[str, tuple[str, str]]:
    """Numbered sections of one locale: number → (title, body text)."""
    found: dict[str, tuple[str, str]] = {}
    for page in sorted(glob.glob(os.path.join(directory, f"*.{locale}.html"))):
        source = open(page, encoding="utf-8").read()
        heads = list(_HEADING.finditer(source))
        for i, head in enumerate(heads):
            match = _NUMBER.match(_text(head.group(2)))
            if not match:
                continue
            end = heads[i + 1].start() if i + 1 < len(heads) else len(source)
            found[match.group(1)] = (match.group(2), _text(source[head.end() : end])[:4000])
    return found


# --- the systems under test -------------------------------------------------------------------


class Baseline:
    """Plain BM25 (k1=1.2, b=0.75) over character bigrams (t2s folded) and lower-cased words."""

    def __init__(self, docs: list[tuple[str, str, str]]):
        self.ids = [d[0] for d in docs]
        self.tf = [Counter(self.terms(f"{d[1]} {d[1]} {d[2]}")) for d in docs]
        self.lengths = [sum(c.values()) for c in self.tf]
        self.avg = sum(self.lengths) / max(1, len(self.lengths))
        self.df = Counter(t for c in self.tf for t in c)

    @staticmethod
    def terms(text: str) -> list[str]:
        folded = analysis._converter("t2s").convert(text.lower())
        out = []
        for cjk, word in analysis._PIECES.findall(folded):
            out.extend([cjk[i : i + 2] for i in range(len(cjk) - 1)] or [cjk]) if cjk else out.append(word)
        return out

    def search(self, query: str, k: int = 10) -> list[str]:
        n = len(self.ids)
        scores: Counter = Counter()
        for term in set(self.terms(query)):
            df = self.df.get(term)
            if not df:
                continue
            idf = math.log(1 + (n - df + 0.5) / (df + 0.5))
            for i, tf in enumerate(self.tf):
                f = tf.get(term)
                if f:
                    scores[i] += idf * f * 2.2 / (f + 1.2 * (0.25 + 0.75 * self.lengths[i] / self.avg))
        return [self.ids[i] for i, _ in scores.most_common(k)]


class Kith:
    """The real analyzer and Whoosh backend, rebuilt in a temporary directory."""

    def __init__(self, docs: list[tuple[str, str, str]], workdir: str, name: str, vectors: bool):
        from app.search.backends.whoosh import WhooshBackend

        self.backend = WhooshBackend(os.path.join(workdir, f"ix-{name}"))
        self.keys = {i: doc_id for i, (doc_id, _t, _b) in enumerate(docs, 1)}
        self.vectors = vectors
        now = datetime.now(UTC)
        batch = [
            SearchDoc(kind="kb", object_id=i, title=t, body=b, created=now) for i, (_d, t, b) in enumerate(docs, 1)
        ]
        if vectors:
            for doc, vector in zip(batch, passage_vectors(docs, workdir), strict=True):
                doc.vector = vector
        self.backend.rebuild([batch], len(batch))

    def search(self, query: str, k: int = 10) -> list[str]:
        plan = analysis.parse_query(query)
        if not plan:
            return []
        vector = embeddings.query(query, timeout=30) if self.vectors else None
        raw = hybrid.search(self.backend, plan, vector, Filters(), "relevance", 0, k)
        return [self.keys[object_id] for _kind, object_id in raw.keys]


def passage_vectors(docs: list[tuple[str, str, str]], workdir: str):
    """The documents' passage vectors, computed once per run (cached by text in the temp dir)."""
    import numpy as np

    cache_path = os.path.join(workdir, "vectors.npz")
    cache = dict(np.load(cache_path)) if os.path.exists(cache_path) else {}
    texts = [embeddings.passage_text(t, b) for _d, t, b in docs]
    keys = [hashlib.sha1(text.encode()).hexdigest() for text in texts]
    missing = [i for i, key in enumerate(keys) if key not in cache]
    for start in range(0, len(missing), 32):
        chunk = missing[start : start + 32]
        for i, vector in zip(chunk, embeddings.passages([texts[i] for i in chunk]), strict=True):
            cache[keys[i]] = vector
    if missing:
        np.savez(cache_path, **cache)
    return [cache[key] for key in keys]


# --- metrics ------------------------------------------------------------------------------------


def metrics(system, queries: list[tuple[str, str]], k: int = 10) -> dict[str, float]:
    """hit@k, MRR@k, nDCG@k (one right answer per query) and hit@5."""
    hits = hit5 = rr = ndcg = 0.0
    for query, wanted in queries:
        ranked = system.search(query, k)
        if wanted in ranked:
            rank = ranked.index(wanted) + 1
            hits += 1
            hit5 += rank <= 5
            rr += 1 / rank
            ndcg += 1 / math.log2(rank + 1)
    n = max(1, len(queries))
    return {"hit@10": hits / n, "MRR": rr / n, "nDCG@10": ndcg / n, "hit@5": hit5 / n, "n": len(queries)}


def debian_sets(directory: str):
    """(name, target documents, queries) for zh-CN→zh-TW, zh-TW→zh-CN and en→zh."""
    en, cn, tw = (sections(directory, loc) for loc in ("en", "zh-cn", "zh-tw"))
    common = sorted(set(en) & set(cn) & set(tw))
    docs_tw = [(f"tw:{n}", *tw[n]) for n in common]
    docs_cn = [(f"cn:{n}", *cn[n]) for n in common]
    # Only queries whose two titles differ in text: identical titles would test nothing.
    cn_tw = [(cn[n][0], f"tw:{n}") for n in common if cn[n][0] != tw[n][0]]
    tw_cn = [(tw[n][0], f"cn:{n}") for n in common if cn[n][0] != tw[n][0]]
    en_zh = [(en[n][0], f"tw:{n}") for n in common if analysis._has_cjk(tw[n][0])]
    return [("zh-CN→zh-TW", docs_tw, cn_tw), ("zh-TW→zh-CN", docs_cn, tw_cn), ("en→zh", docs_tw, en_zh)], (en, cn)


def regional_sets(cn_distractors: list, tw_distractors: list):
    docs_cn = [(f"r:{i}", cn, cn_body) for i, (_tw, cn, _tb, cn_body) in enumerate(REGIONAL)] + cn_distractors
    docs_tw = [(f"r:{i}", tw, tw_body) for i, (tw, _cn, tw_body, _cb) in enumerate(REGIONAL)] + tw_distractors
    tw_q = [(tw, f"r:{i}") for i, (tw, *_rest) in enumerate(REGIONAL)]
    cn_q = [(cn, f"r:{i}") for i, (_tw, cn, *_rest) in enumerate(REGIONAL)]
    return [("regional TW→CN", docs_cn, tw_q), ("regional CN→TW", docs_tw, cn_q)]


def paraphrase_set(en_distractors: list):
    docs = [(f"p:{i}", title, body) for i, (title, body, _q) in enumerate(PARAPHRASES)] + en_distractors
    return [("NL-English", docs, [(q, f"p:{i}") for i, (_t, _b, q) in enumerate(PARAPHRASES)])]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--html-dir", help="use unpacked debian-reference pages instead of downloading")
    parser.add_argument("--body-chars", type=int, help="body characters in a passage vector (default: Kith's)")
    parser.add_argument("--lexical", action="store_true", help="Kith without embeddings (lexical ranking only)")
    args = parser.parse_args()
    if args.body_chars is not None:
        embeddings.BODY_CHARS = args.body_chars
    with tempfile.TemporaryDirectory(prefix="kith-relevance-") as workdir:
        directory = args.html_dir or fetch(workdir)
        sets, (en, cn) = debian_sets(directory)
        tw = sections(directory, "zh-tw")
        sets += regional_sets([(f"d:{n}", *v) for n, v in cn.items()], [(f"d:{n}", *v) for n, v in tw.items()])
        sets += paraphrase_set([(f"d:{n}", *v) for n, v in en.items()])
        print(f"{'set':<16} {'n':>4} {'docs':>5} | {'Kith hit@10':>11} {'MRR':>6} {'nDCG':>6} {'hit@5':>6} | "
              f"{'BM25 hit@10':>11} {'MRR':>6} {'nDCG':>6} {'hit@5':>6} | ratio")  # fmt: skip
        cache: dict[int, tuple] = {}
        for name, docs, queries in sets:
            key = id(docs)
            if key not in cache:
                cache[key] = (Kith(docs, workdir, str(len(cache)), not args.lexical), Baseline(docs))
            kith, base = cache[key]
            a, b = metrics(kith, queries), metrics(base, queries)
            ratio = a["hit@10"] / b["hit@10"] if b["hit@10"] else float("inf")
            print(f"{name:<16} {a['n']:>4} {len(docs):>5} | {a['hit@10']:>11.1%} {a['MRR']:>6.3f} {a['nDCG@10']:>6.3f} "
                  f"{a['hit@5']:>6.1%} | {b['hit@10']:>11.1%} {b['MRR']:>6.3f} {b['nDCG@10']:>6.3f} {b['hit@5']:>6.1%} | "
                  f"{ratio:.2f}×")  # fmt: skip


if __name__ == "__main__":
    main()
