"""Search benchmark: `.venv/bin/python -m tests.bench.bench_search [--docs 100000]`.

A generated corpus (about a third Chinese, some of it Traditional, the rest English with a few
mixed posts) is indexed by the real Whoosh backend (full rebuild: time, documents per second,
index size), then 200 fixed queries (English and Chinese, 1–3 terms, a quarter with filters) run
against a warmed searcher for p50 / p99 latency. The same tokens go into SQLite FTS5 as a
baseline in the same run. Recall for 2-character Chinese queries is measured against a plain
substring scan of the corpus. Not part of the test suite.
"""

import argparse
import os
import random
import shutil
import sqlite3
import sys
import tempfile
import time
from datetime import UTC, datetime, timedelta

from app.search import analysis
from app.search.base import Filters, index_text
from app.search.providers import SearchDoc

EN_WORDS = (
    "account access add address admin alert android api app apply archive attach audit backup balance bank billing "
    "board browser bug build cache calendar cancel card change channel chart charge chat check checkout client close "
    "cloud code column comment config connect contact contract copy cost create credit crash csv customer dashboard "
    "data database date debug default delete deploy device discount display domain download draft driver edit email "
    "enable encrypt error event excel export feature feed field file filter firewall folder font form format forward "
    "gateway graph group header help history host image import install integration invoice invite ios key label "
    "language layout license limit link list load local lock log login logout mail manage map member merge message "
    "migrate mobile monitor network notification number order page password payment pdf permission phone plan plugin "
    "policy port price print privacy profile project proxy purchase quota receipt record refund region release "
    "remove renew report request reset restore role rule run save scan schedule schema screen search secure server "
    "session setting setup share sign slow sort space spam status storage subscription support sync tab table tag "
    "tax team template test theme ticket timeout token track transfer trial update upgrade upload user version video "
    "view webhook widget window workflow workspace"
).split()
EN_FILLER = "the a to of and is in it for on with my i can how not when after this we our".split()
ZH_WORDS = (
    "客户 满意度 账单 发票 软件 登录 密码 数据库 导出 导入 报表 设置 权限 用户 管理员 订单 支付 退款 升级 版本 安装 "
    "服务器 网络 连接 错误 问题 功能 页面 手机 应用 邮件 通知 同步 备份 恢复 文件 上传 下载 搜索 标签 评论 团队 项目 "
    "工作流 模板 集成 接口 令牌 过期 续订 试用 价格 合同 发货 库存 打印 扫描 语言 时区 日历 会议 视频 安全 加密 "
    "防火墙 代理 域名 证书 存储 配额 性能 缓慢 崩溃 卡顿 更新 删除 编辑 创建 重置 验证 绑定 解绑 审核 日志 监控 统计"
).split()
ZH_FILLER = (
    "的 了 在 是 我 有 和 就 不 人 都 一 也 很 到 说 要 去 你 会 着 没有 怎么 为什么 可以 无法 一直 请问".split()
)
TYPES = ("question", "question", "question", "idea", "kb")
SPACES = [f"space-{i}" for i in range(10)]
STATUSES = ("open", "under_review", "planned", "in_progress", "completed", "declined")


def _to_traditional():
    import opencc

    return opencc.OpenCC("s2twp")


def make_corpus(n: int, seed: int = 7) -> list[SearchDoc]:
    """n documents: a third Chinese (a quarter of those in Traditional), the rest English."""
    rng = random.Random(seed)
    trad = _to_traditional()
    base = datetime(2025, 1, 1, tzinfo=UTC)
    docs = []
    for i in range(n):
        chinese = i % 3 == 0
        if chinese:
            words = [rng.choice(ZH_WORDS if rng.random() < 0.45 else ZH_FILLER) for _ in range(rng.randint(25, 90))]
            title = "".join(rng.choice(ZH_WORDS) for _ in range(rng.randint(3, 6)))
            body = "".join(words)
            if rng.random() < 0.2:
                body += " " + " ".join(rng.choice(EN_WORDS) for _ in range(5))  # mixed posts
            if rng.random() < 0.25:
                title, body = trad.convert(title), trad.convert(body)
        else:
            words = [rng.choice(EN_WORDS if rng.random() < 0.5 else EN_FILLER) for _ in range(rng.randint(30, 110))]
            title = " ".join(rng.choice(EN_WORDS) for _ in range(rng.randint(4, 9))).capitalize()
            body = " ".join(words)
        kind = rng.choice(TYPES)
        docs.append(
            SearchDoc(
                kind=kind,
                object_id=i + 1,
                title=title,
                body=body,
                created=base + timedelta(minutes=i),
                space=rng.choice(SPACES) if kind == "question" else "",
                tags=[rng.choice(EN_WORDS) for _ in range(rng.randint(0, 3))] if kind == "question" else [],
                solved=(rng.random() < 0.4) if kind == "question" else None,
                status=rng.choice(STATUSES) if kind == "idea" else "",
                score=rng.randint(-3, 50),
                boost=3.0 if kind == "kb" else 1.0,
            )
        )
    return docs


def make_queries(seed: int = 11) -> list[tuple[str, Filters]]:
    """200 fixed queries: English and Chinese, 1–3 terms, a quarter of them filtered."""
    rng = random.Random(seed)
    queries = []
    for i in range(200):
        if i % 2 == 0:
            text = " ".join(rng.sample(EN_WORDS, rng.choice((1, 1, 2, 2, 3))))
        else:
            pick = rng.choice((1, 2, 2, 3))
            if pick == 1:
                text = rng.choice(ZH_WORDS)[0]
            else:
                text = " ".join(rng.sample(ZH_WORDS, pick - 1))
        filters = Filters()
        if i % 4 == 3:
            filters = rng.choice(
                [Filters(type="question"), Filters(space=rng.choice(SPACES)), Filters(type="question", solved=False),
                 Filters(type="idea", status="planned")]
            )  # fmt: skip
        queries.append((text, filters))
    return queries


def dir_size(path: str) -> int:
    return sum(os.path.getsize(os.path.join(root, f)) for root, _d, files in os.walk(path) for f in files)


def percentile(values: list[float], pct: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(round(pct / 100 * (len(ordered) - 1))))]


# --- Whoosh ---------------------------------------------------------------------------------


def bench_whoosh(docs, queries, workdir):
    from app.search.backends.whoosh import WhooshBackend

    backend = WhooshBackend(os.path.join(workdir, "whoosh-index"))
    batches = (docs[i : i + 500] for i in range(0, len(docs), 500))
    started, cpu_started = time.perf_counter(), time.process_time()
    done = {"n": 0}

    def progress(k):
        done["n"] += k
        if done["n"] % 10_000 < 500:
            print(f"  whoosh: {done['n']} docs, {time.perf_counter() - started:.0f} s", file=sys.stderr, flush=True)

    backend.rebuild(batches, len(docs), progress)
    build, build_cpu = time.perf_counter() - started, time.process_time() - cpu_started
    plans = [(analysis.parse_query(q), f) for q, f in queries]
    for plan, f in plans:  # warm the shared searcher and filter caches
        backend.search(plan, f, "relevance", 0, 10)
    times, cpu, totals = [], [], []
    for plan, f in plans:
        t0, c0 = time.perf_counter(), time.process_time()
        result = backend.search(plan, f, "relevance", 0, 10)
        times.append((time.perf_counter() - t0) * 1000)
        cpu.append((time.process_time() - c0) * 1000)
        totals.append(result.total)
    return backend, {
        "build_s": build,
        "build_cpu_s": build_cpu,
        "size": dir_size(backend.path),
        "times": times,
        "cpu": cpu,
        "totals": totals,
    }


# --- SQLite FTS5 baseline -------------------------------------------------------------------


def fts_query(plan) -> str:
    text = " AND ".join('"' + " ".join(clause.tokens) + '"' for clause in plan.clauses)
    return f"({text}) OR ({fts_query(plan.alternative)})" if plan.alternative else text


def bench_fts5(docs, queries, workdir):
    path = os.path.join(workdir, "fts5.sqlite3")
    conn = sqlite3.connect(path)
    conn.execute("PRAGMA journal_mode=WAL")
    conn.execute(
        "CREATE VIRTUAL TABLE doc USING fts5(text, kind UNINDEXED, space UNINDEXED, solved UNINDEXED, "
        "status UNINDEXED, uid UNINDEXED, tokenize='unicode61 remove_diacritics 0')"
    )
    started, cpu_started = time.perf_counter(), time.process_time()
    rows = (
        (index_text(d), d.kind, d.space, "" if d.solved is None else str(int(d.solved)), d.status, d.uid) for d in docs
    )
    conn.executemany("INSERT INTO doc(text, kind, space, solved, status, uid) VALUES (?,?,?,?,?,?)", rows)
    conn.commit()
    build, build_cpu = time.perf_counter() - started, time.process_time() - cpu_started
    compiled = [(fts_query(analysis.parse_query(q)), f) for q, f in queries]

    def run(match, f):
        where, args = ["doc MATCH ?"], [match]
        for column, value in (("kind", f.type), ("space", f.space), ("status", f.status)):
            if value:
                where.append(f"{column} = ?")
                args.append(value)
        if f.solved is not None:
            where.append("solved = ?")
            args.append(str(int(f.solved)))
        sql = " AND ".join(where)
        top = conn.execute(f"SELECT uid FROM doc WHERE {sql} ORDER BY bm25(doc) LIMIT 10", args).fetchall()
        total = conn.execute(f"SELECT count(*) FROM doc WHERE {sql}", args).fetchone()[0]
        return top, total

    for match, f in compiled:
        run(match, f)
    times, totals = [], []
    for match, f in compiled:
        t0 = time.perf_counter()
        _top, total = run(match, f)
        times.append((time.perf_counter() - t0) * 1000)
        totals.append(total)
    conn.close()
    return {"build_s": build, "build_cpu_s": build_cpu, "size": os.path.getsize(path), "times": times, "totals": totals}


# --- recall ---------------------------------------------------------------------------------


def bench_recall(backend, docs, n_queries: int = 40, seed: int = 5):
    """Share of the posts a substring scan finds (2-character Chinese queries) that search returns too."""
    rng = random.Random(seed)
    folded = [analysis.fold(d.title + " " + d.body) for d in docs]
    queries = []
    while len(queries) < n_queries:
        word = rng.choice(ZH_WORDS)
        if len(word) >= 2:
            start = rng.randint(0, len(word) - 2)
            q = word[start : start + 2]
            if q not in queries:
                queries.append(q)
    found_total = scanned_total = 0
    per_query = []
    for q in queries:
        expected = {d.uid for d, text in zip(docs, folded, strict=True) if q in text}
        raw = backend.search(analysis.parse_query(q), Filters(), "relevance", 0, len(docs))
        got = {f"{k}:{i}" for k, i in raw.keys}
        hit = len(expected & got)
        found_total += hit
        scanned_total += len(expected)
        per_query.append((q, len(expected), hit))
    return found_total / max(1, scanned_total), per_query


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--docs", type=int, default=100_000)
    parser.add_argument("--keep", action="store_true", help="keep the temporary index directory")
    args = parser.parse_args(argv)

    workdir = tempfile.mkdtemp(prefix="kith-bench-search-")
    t0 = time.perf_counter()
    docs = make_corpus(args.docs)
    gen = time.perf_counter() - t0
    chinese = sum(1 for d in docs if analysis._has_cjk(d.title))
    queries = make_queries()
    t0 = time.perf_counter()
    sample = docs[: min(5000, len(docs))]
    for d in sample:
        index_text(d)
    analyze_rate = len(sample) / (time.perf_counter() - t0)
    print(f"corpus: {len(docs)} docs ({chinese} Chinese), generated in {gen:.1f} s; analyzer {analyze_rate:.0f} docs/s")

    backend, whoosh = bench_whoosh(docs, queries, workdir)
    fts = bench_fts5(docs, queries, workdir)
    recall, per_query = bench_recall(backend, docs)
    agree = sum(1 for a, b in zip(whoosh["totals"], fts["totals"], strict=True) if a == b)

    print(f"\n{'':18}{'whoosh':>14}{'sqlite fts5':>14}")
    print(f"{'rebuild (s)':18}{whoosh['build_s']:>14.1f}{fts['build_s']:>14.1f}")
    print(f"{'rebuild CPU (s)':18}{whoosh['build_cpu_s']:>14.1f}{fts['build_cpu_s']:>14.1f}")
    print(f"{'docs/s':18}{len(docs) / whoosh['build_s']:>14.0f}{len(docs) / fts['build_s']:>14.0f}")
    print(f"{'index size (MB)':18}{whoosh['size'] / 1e6:>14.1f}{fts['size'] / 1e6:>14.1f}")
    for label, pct in (("query p50 (ms)", 50), ("query p90 (ms)", 90), ("query p99 (ms)", 99)):
        print(f"{label:18}{percentile(whoosh['times'], pct):>14.1f}{percentile(fts['times'], pct):>14.1f}")
    cpu50, cpu99 = percentile(whoosh["cpu"], 50), percentile(whoosh["cpu"], 99)
    print(f"{'whoosh CPU p50/p99':18}{cpu50:>8.1f} / {cpu99:.1f} ms (wall clock includes waiting for a shared CPU)")
    print(f"{'query max (ms)':18}{max(whoosh['times']):>14.1f}{max(fts['times']):>14.1f}")
    print(f"\nsame total for {agree}/{len(queries)} queries in both engines")
    print(f"recall of 2-character Chinese queries vs substring scan: {recall:.1%} over {len(per_query)} queries")
    slowest = sorted(zip(whoosh["times"], queries, whoosh["totals"], strict=True), key=lambda x: -x[0])[:5]
    print("slowest whoosh queries: " + "; ".join(f"{q!r} {f} {t:.0f} ms ({n} hits)" for t, (q, f), n in slowest))
    backend.close()
    if args.keep:
        print(f"index kept in {workdir}")
    else:
        shutil.rmtree(workdir, ignore_errors=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
