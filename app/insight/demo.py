"""Demo data for insight: a partner, account managers, email domains, root causes, and 16 weeks of history.

The history goes through the real services (questions, answers, tickets, ratings, idea votes); each
step's new rows and events are then moved back to the simulated time, so the charts have a shape.
"""

import random
from datetime import timedelta

from sqlalchemy import func, select, update

from app.core.events import Event
from app.core.timeutil import utcnow
from app.extensions import db

WEEKS = 16
ROOT_CAUSES = [
    ("Billing and invoices", "账单与发票", "帳單與發票"),
    ("Sign-in and passwords", "登录与密码", "登入與密碼"),
    ("Integrations", "集成", "整合"),
    ("Reports and exports", "报表与导出", "報表與匯出"),
    ("Performance", "性能", "效能"),
    ("How-to question", "使用方法", "使用方法"),
]
EXTRA_CUSTOMERS = [("dana", "Dana Fox", "Acme Retail"), ("erik", "Erik Lund", "Acme Retail"),
                   ("fang", "方芳", "晨光科技"), ("gina", "Gina Ross", "Globex"), ("hao", "陳浩", "臺北數位"),
                   ("ivan", "Ivan Petrov", "Initech"), ("jun", "李军", "晨光科技")]  # fmt: skip
TOPICS = ["export the monthly report", "reset a forgotten password", "connect the chat integration",
          "change the billing address", "speed up the dashboard", "add a user to our team",
          "下载发票", "設定單一登入", "批量导入联系人", "調整通知頻率"]  # fmt: skip


def load(users: dict) -> None:
    """Set up organizations admin data, then play the history."""
    from app.auth import services as auth

    setup = _setup(users)
    for username, name, org in EXTRA_CUSTOMERS:
        users[username] = auth.register_user(email=f"{username}@example.com", username=username,
                                             password="kith-demo-pass", display_name=name,
                                             organization=setup["orgs"][org])  # fmt: skip
    _history(users, setup)
    from app.insight import ledger

    ledger.rebuild()


def _setup(users: dict) -> dict:
    from app.auth.models import Organization
    from app.auth.services import register_user
    from app.insight import organizations, root_causes

    admin = users["admin"]
    orgs = {o.name: o for o in db.session.scalars(select(Organization))}
    partner = organizations.create_organization(admin, name="Harbor Partners", tier="standard")
    users["partner"] = register_user(email="partner@example.com", username="partner", password="kith-demo-pass",
                                     display_name="Hana Partner", role="partner_manager", organization=partner,
                                     locale="zh_Hant")  # fmt: skip
    for name in ("Globex", "臺北數位"):
        org = orgs.get(name)
        if org is not None:
            organizations.update_organization(admin, org.id, name=org.name, tier=org.tier,
                                              account_manager_id=users["mod"].id, partner_id=partner.id)  # fmt: skip
    if "Acme Retail" in orgs:
        acme = orgs["Acme Retail"]
        organizations.update_organization(admin, acme.id, name=acme.name, tier=acme.tier,
                                          account_manager_id=users["admin"].id)  # fmt: skip
        organizations.add_domain(admin, acme.id, "acme.example")
    causes = [root_causes.create_root_cause(admin, {"name_en": en, "name_zh_hans": hans, "name_zh_hant": hant,
                                                    "position": i}) for i, (en, hans, hant) in enumerate(ROOT_CAUSES)]  # fmt: skip
    return {"orgs": orgs, "causes": causes, "partner": partner}


class _Clock:
    """Move what one step created (rows with larger ids, and its events) back to a simulated time."""

    TABLES = ("question", "answer", "comment", "ticket", "ticket_message", "ticket_change", "idea", "idea_vote")

    def __init__(self):
        self.tables = {t: db.metadata.tables[t] for t in self.TABLES if t in db.metadata.tables}

    def marks(self) -> dict:
        out = {"event": db.session.scalar(select(func.max(Event.id))) or 0}
        for name, table in self.tables.items():
            if "id" in table.c:
                out[name] = db.session.scalar(select(func.max(table.c.id))) or 0
        return out

    def move(self, marks: dict, when) -> None:
        db.session.execute(update(Event).where(Event.id > marks["event"]).values(created_at=when))
        for name, table in self.tables.items():
            if name not in marks:
                continue
            values = {c: when for c in ("created_at", "last_activity_at", "updated_at") if c in table.c}
            db.session.execute(table.update().where(table.c.id > marks[name]).values(**values))
        db.session.commit()

    def run(self, when, action, *args, **kwargs):
        when = min(when, utcnow() - timedelta(minutes=5))  # the history never reaches the future
        marks = self.marks()
        result = action(*args, **kwargs)
        self.move(marks, when)
        return result


def _history(users: dict, setup: dict) -> None:
    from app.qa import services as qa
    from app.qa import voting
    from app.qa.models import Space

    spaces = list(db.session.scalars(select(Space).order_by(Space.position)))
    if not spaces:
        return
    from flask import current_app

    # Tests load the demo several times: two weeks of history keep them quick.
    weeks = current_app.config.get("INSIGHT_DEMO_WEEKS") or (2 if current_app.testing else WEEKS)
    rng = random.Random(11)
    clock = _Clock()
    customers = [u for u in users.values() if u.role == "customer"]
    start = utcnow() - timedelta(weeks=weeks)
    for week in range(weeks):
        for n in range(3 + week // 3 + rng.randint(0, 2)):
            when = start + timedelta(weeks=week, hours=rng.randint(0, 160))
            asker = rng.choice(customers)
            title = f"How do I {rng.choice(TOPICS)}? ({week + 1}.{n + 1})"
            question = clock.run(when, qa.ask_question, asker, title=title, space=rng.choice(spaces),
                                 body="We tried the steps in the guide but it still does not work for us.")  # fmt: skip
            _thread(users, customers, question, when, rng, clock, qa, voting, setup)


def _thread(users, customers, question, when, rng, clock, qa, voting, setup) -> None:
    """Answers from the community and staff, an accepted answer, sometimes a ticket."""
    helpers = [c for c in customers if c.id != question.author_id]
    answers = []
    if rng.random() < 0.8:
        delay = timedelta(hours=rng.choice([1, 2, 3, 5, 8, 20, 30, 60]))
        answers.append(clock.run(when + delay, qa.post_answer, rng.choice(helpers), question,
                                 body="This worked for us: open Settings, then Integrations, and reconnect."))  # fmt: skip
    if rng.random() < 0.4:
        delay = timedelta(hours=rng.choice([2, 4, 6, 12, 26]))
        answers.append(clock.run(when + delay, qa.post_answer, users["mod"], question,
                                 body="Thanks for asking. The steps are in the knowledge base article."))  # fmt: skip
    if answers and rng.random() < 0.55:
        clock.run(when + timedelta(hours=70), voting.accept_answer, question.author, rng.choice(answers))
    if rng.random() < 0.3:
        _ticket(users, question, when + timedelta(hours=rng.choice([6, 24, 50])), rng, clock, setup)


def _ticket(users, question, when, rng, clock, setup) -> None:
    from app.insight import root_causes
    from app.tickets import escalation
    from app.tickets import services as tickets

    agent = users["mod"]
    priority = rng.choice(["low", "normal", "normal", "high", "urgent"])
    ticket = clock.run(when, escalation.escalate_question, agent, question.id, priority=priority)
    reply_at = min(when + timedelta(hours=rng.choice([1, 2, 3, 6, 10, 30])), utcnow() - timedelta(minutes=5))
    clock.run(reply_at, tickets.add_message, agent, ticket.id, "Thanks, we are looking into it.")
    db.session.execute(update(ticket.__class__).where(ticket.__class__.id == ticket.id)
                       .values(first_response_at=reply_at, first_response_paused_seconds=0))  # fmt: skip
    if rng.random() < 0.85:
        solved_at = reply_at + timedelta(hours=rng.choice([2, 5, 12, 30, 70]))
        clock.run(solved_at, root_causes.assign, agent, "ticket", ticket.id, rng.choice(setup["causes"]).id)
        clock.run(solved_at, tickets.update_ticket, agent, ticket.id, status="solved")
        solved_at = min(solved_at, utcnow() - timedelta(minutes=5))
        db.session.execute(update(ticket.__class__).where(ticket.__class__.id == ticket.id).values(solved_at=solved_at))
        db.session.commit()
        if rng.random() < 0.7:
            score = rng.choice([5, 5, 4, 4, 3, 2])
            clock.run(solved_at + timedelta(hours=4), tickets.rate, question.author, ticket.id, score)
