"""Insight benchmark on a generated history: consumer throughput, rebuild time, dashboard and 360 timings.

    .venv/bin/python -m tests.bench.bench_insight [--events 100000] [--customers 2000] [--orgs 200] [--pg]

The history is written straight into the event log (users and organizations in bulk, no password
hashing), spread over one year. Timings are in-process through Werkzeug's test client, against a bare
"hello" view of the same app in the same run. Not part of pytest.
"""

import argparse
import os
import random
import statistics
import tempfile
import time
import uuid
from datetime import timedelta

from sqlalchemy import create_engine, func, insert, select, text

MIX = [("question.created", 20), ("answer.created", 25), ("vote.changed", 22), ("answer.accepted", 5),
       ("ticket.created", 3), ("ticket.message_created", 8), ("ticket.status_changed", 4), ("ticket.rated", 2),
       ("idea.voted", 6), ("user.logged_in", 5)]  # fmt: skip


def build(url: str, customers: int, orgs: int, n_events: int):
    os.environ["KITH_NO_CONSUMERS"] = "1"
    from app import create_app
    from config import TestingConfig

    app = create_app(TestingConfig, {"SQLALCHEMY_DATABASE_URI": url, "RATELIMIT_ENABLED": False, "TESTING": False})
    app.add_url_rule("/bench-hello", "bench_hello", lambda: "hello")
    from app.auth.models import Organization, User
    from app.core.events import Event
    from app.extensions import db

    with app.app_context():
        db.create_all()
        rng = random.Random(5)
        tiers = ["standard"] * 6 + ["gold"] * 3 + ["platinum"]
        db.session.execute(insert(Organization), [{"id": i + 1, "name": f"Org {i + 1}", "tier": rng.choice(tiers)}
                                                  for i in range(orgs)])  # fmt: skip
        db.session.execute(insert(User), [
            {"id": i + 1, "email": f"u{i + 1}@bench.example", "username": f"u{i + 1}", "display_name": f"User {i + 1}",
             "password_hash": "x", "role": "admin" if i == 0 else ("moderator" if i < 5 else "customer"),
             "organization_id": None if i < 5 else rng.randint(1, orgs)} for i in range(customers)])  # fmt: skip
        kinds = [k for k, w in MIX for _ in range(w)]
        start = db.func.now()
        del start
        from app.core.timeutil import utcnow

        t0 = utcnow() - timedelta(days=365)
        questions, tickets, rows = [], [], []
        for n in range(n_events):
            kind = rng.choice(kinds)
            when = t0 + timedelta(seconds=n * 365 * 86400 / n_events)
            actor = rng.randint(6, customers)
            payload, subject = {}, ("question", None)
            if kind == "question.created" or not questions:
                kind = "question.created"
                qid = len(questions) + 1
                questions.append(qid)
                payload, subject = {"question_id": qid, "space_id": 1, "author_id": actor}, ("question", qid)
            elif kind in ("answer.created", "vote.changed", "answer.accepted"):
                qid = rng.choice(questions[-500:])
                if kind == "answer.created" and rng.random() < 0.2:
                    actor = rng.randint(2, 5)
                payload = {"question_id": qid, "space_id": 1, "answer_id": n}
                subject = ("answer", n)
            elif kind == "ticket.created" or (kind.startswith("ticket.") and not tickets):
                kind = "ticket.created"
                tid = len(tickets) + 1
                tickets.append(tid)
                payload = {"ticket_id": tid, "requester_id": actor, "priority": "normal", "status": "new"}
                subject = ("ticket", tid)
            elif kind.startswith("ticket."):
                tid = rng.choice(tickets[-200:])
                subject = ("ticket", tid)
                payload = {"ticket_id": tid}
                if kind == "ticket.message_created":
                    actor = rng.randint(2, 5)
                elif kind == "ticket.status_changed":
                    actor, payload["status"] = rng.randint(2, 5), rng.choice(["open", "pending_customer", "solved"])
                else:
                    payload["score"] = rng.randint(1, 5)
            elif kind == "idea.voted":
                payload, subject = {"idea_id": rng.randint(1, 300), "voted": True}, ("idea", rng.randint(1, 300))
            else:
                subject = ("user", actor)
            rows.append({"id": n + 1, "created_at": when, "kind": kind, "actor_id": actor, "subject_type": subject[0],
                         "subject_id": subject[1], "audience": "public", "payload": payload})  # fmt: skip
            if len(rows) == 5000:
                db.session.execute(insert(Event), rows)
                rows = []
        if rows:
            db.session.execute(insert(Event), rows)
        db.session.commit()
    return app


def timed(fn, repeat: int = 3) -> float:
    runs = []
    for _ in range(repeat):
        t = time.perf_counter()
        fn()
        runs.append(time.perf_counter() - t)
    return statistics.median(runs)


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--events", type=int, default=100_000)
    parser.add_argument("--customers", type=int, default=2000)
    parser.add_argument("--orgs", type=int, default=200)
    parser.add_argument("--pg", action="store_true")
    args = parser.parse_args()
    cleanup = None
    if args.pg:
        name = f"kith_bench_{uuid.uuid4().hex[:8]}"
        admin = create_engine("postgresql+psycopg://postgres@127.0.0.1:5432/postgres", isolation_level="AUTOCOMMIT")
        with admin.connect() as conn:
            conn.execute(text(f'CREATE DATABASE "{name}"'))
        url, cleanup = f"postgresql+psycopg://postgres@127.0.0.1:5432/{name}", (admin, name)
    else:
        url = "sqlite:///" + os.path.join(tempfile.mkdtemp(), "bench.sqlite3")
    t = time.perf_counter()
    app = build(url, args.customers, args.orgs, args.events)
    print(f"generated {args.events} events, {args.customers} users, {args.orgs} orgs in {time.perf_counter() - t:.1f}s")
    from app.core.events import run_consumer
    from app.extensions import db
    from app.insight import ledger

    with app.app_context():
        sample = min(20_000, args.events)
        t = time.perf_counter()
        done = 0
        while done < sample:
            done += run_consumer(ledger.NAME, batch_size=200) or sample
        consumer = time.perf_counter() - t
        print(f"consumer: {done} events in {consumer:.1f}s = {done / consumer:.0f} events/s")
        t = time.perf_counter()
        read = ledger.rebuild()
        print(f"rebuild: {read} events in {time.perf_counter() - t:.1f}s")
        from app.insight.models import FactContact

        top_org = db.session.execute(select(FactContact.organization_id, func.count()).group_by(
            FactContact.organization_id).order_by(func.count().desc()).limit(1)).first()[0]  # fmt: skip
        top_user = db.session.execute(select(FactContact.user_id, func.count()).group_by(FactContact.user_id)
                                      .order_by(func.count().desc()).limit(1)).first()[0]  # fmt: skip
        db.session.remove()
    client = app.test_client()
    with client.session_transaction() as session:
        session["_user_id"] = "1:1"
        session["_fresh"] = True
    pages = {
        "hello (baseline)": "/bench-hello",
        "dashboard, year by week": "/insight/?period=week&from=" + _year_ago(),
        "dashboard, gold, by month": "/insight/?period=month&tier=gold&from=" + _year_ago(),
        "organization 360": f"/insight/organizations/{top_org}",
        "person 360": f"/insight/people/{top_user}",
    }
    base = None
    for label, url_ in pages.items():
        assert client.get(url_).status_code == 200, url_
        seconds = timed(lambda u=url_: client.get(u))
        base = base or seconds
        print(f"{label:28s} {seconds * 1000:8.1f} ms  ({seconds / base:,.0f}× hello)")
    if cleanup:
        admin, name = cleanup
        with admin.connect() as conn:
            conn.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))


def _year_ago() -> str:
    from datetime import date

    return (date.today() - timedelta(days=365)).isoformat()


if __name__ == "__main__":
    main()
