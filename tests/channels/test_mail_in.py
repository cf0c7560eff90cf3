"""Mail into tickets through the MTA pipe (`flask mail receive < message.eml`)."""

import time

import pytest
from sqlalchemy import select

from app.channels import mailparse, replyaddr
from app.core.events import Event
from app.extensions import db
from app.tickets.models import Ticket, TicketMessage

SUPPORT = "support@kith.local"


def eml(sender, to, body, *, subject="Help", headers="", content_type="text/plain; charset=utf-8", cte="8bit"):
    """A message as an MTA hands it over (bytes, CRLF line ends)."""
    head = (
        f"From: Customer <{sender}>\r\nTo: {to}\r\nSubject: {subject}\r\nMessage-ID: <m{time.time_ns()}@client.example>\r\n"
        f"Date: Tue, 01 Dec 2026 10:00:00 +0000\r\nMIME-Version: 1.0\r\n{headers}"
        f"Content-Type: {content_type}\r\nContent-Transfer-Encoding: {cte}\r\n\r\n"
    )
    data = body if isinstance(body, bytes) else body.replace("\n", "\r\n").encode("utf-8")
    return head.encode() + data


def pipe(app, raw: bytes) -> str:
    result = app.test_cli_runner().invoke(args=["mail", "receive"], input=raw)
    assert result.exit_code == 0, result.output
    return result.stdout.strip()


def refusals() -> list[str]:
    rows = db.session.scalars(select(Event).where(Event.kind == "mail.inbound_refused").order_by(Event.id))
    return [e.payload["reason"] for e in rows]


def messages(ticket_id) -> list[TicketMessage]:
    stmt = select(TicketMessage).where(TicketMessage.ticket_id == ticket_id).order_by(TicketMessage.id)
    return list(db.session.scalars(stmt))


GMAIL_REPLY = """Thanks, the export works now.

On Tue, Dec 1, 2026 at 10:00 AM Kith Support <support@kith.local> wrote:
> Please try the export again.
> It should be fixed.
"""


def test_a_customer_mails_support_then_replies_from_the_mail_client(app, make_user, tickets):
    customer = make_user(email="asha@customer.example")
    out = pipe(
        app, eml("Asha@Customer.example", SUPPORT, "The CSV export fails.\n\n-- \nAsha\nACME", subject="Export broken")
    )
    assert out == "opened"
    ticket = db.session.scalars(select(Ticket)).one()
    assert (ticket.subject, ticket.requester_id, ticket.source) == ("Export broken", customer.id, "email")
    assert [m.body for m in messages(ticket.id)] == ["The CSV export fails."]

    agent = tickets.agent()
    tickets.reply(agent, ticket, "Please try the export again.")
    address = replyaddr.address_for(customer.id, "ticket", ticket.id)
    assert len(address.split("@")[0]) <= 64
    assert pipe(app, eml(customer.email, address, GMAIL_REPLY, subject="Re: Export broken")) == "posted"
    last = messages(ticket.id)[-1]
    assert (last.author_id, last.body) == (customer.id, "Thanks, the export works now.")


def test_forged_expired_and_borrowed_tokens_are_refused_and_logged(app, make_user, tickets):
    customer, stranger = make_user(), make_user()
    ticket = tickets.ticket(customer)
    before = len(messages(ticket.id))
    good = replyaddr.token_for(customer.id, "ticket", ticket.id)
    forged = good[:-4] + ("aaaa" if not good.endswith("aaaa") else "bbbb")
    old = replyaddr.token_for(customer.id, "ticket", ticket.id, now=time.time() - 200 * 86400)
    other_ticket = replyaddr.token_for(stranger.id, "ticket", ticket.id)
    cases = [
        (customer.email, forged, "forged reply token"),
        (customer.email, old, "expired reply token"),
        (stranger.email, good, "reply token used by another sender"),
        (stranger.email, other_ticket, "not allowed"),  # a token for someone who cannot see the ticket
    ]
    for sender, token, _reason in cases:
        assert pipe(app, eml(sender, f"reply+{token}@kith.local", "Let me in")).startswith("refused")
    assert refusals() == [reason for _s, _t, reason in cases]
    assert len(messages(ticket.id)) == before
    from app.mail.models import OutboxEmail

    assert db.session.scalars(select(OutboxEmail)).all() == []  # no bounce, ever


@pytest.mark.parametrize(
    "headers, content_type",
    [
        ("Auto-Submitted: auto-replied\r\n", "text/plain; charset=utf-8"),
        ("Precedence: bulk\r\n", "text/plain; charset=utf-8"),
        ("X-Autoreply: yes\r\n", "text/plain; charset=utf-8"),
        ("", 'multipart/report; report-type=delivery-status; boundary="b"'),
    ],
    ids=["auto-submitted", "precedence", "x-autoreply", "dsn"],
)
def test_auto_replies_and_bounces_never_post(app, make_user, tickets, headers, content_type):
    customer = make_user()
    ticket = tickets.ticket(customer)
    before = len(messages(ticket.id))
    address = replyaddr.address_for(customer.id, "ticket", ticket.id)
    body = (
        "--b\r\nContent-Type: text/plain\r\n\r\nI am out of office.\r\n--b--\r\n"
        if "multipart" in content_type
        else "I am out of office."
    )
    assert pipe(app, eml(customer.email, address, body, headers=headers, content_type=content_type)).startswith(
        "ignored"
    )
    assert pipe(app, eml(customer.email, SUPPORT, body, headers=headers, content_type=content_type)).startswith(
        "ignored"
    )
    assert len(messages(ticket.id)) == before
    assert db.session.scalars(select(Ticket)).all() == [ticket]


@pytest.mark.config(MAIL_INBOUND_MAX_BYTES=2000)
def test_unknown_senders_and_oversized_mail_are_refused(app, make_user):
    make_user(email="known@example.com")
    assert pipe(app, eml("nobody@example.com", SUPPORT, "Hello")) == "refused: unknown sender"
    assert pipe(app, eml("known@example.com", SUPPORT, "x" * 3000)) == "refused: too large"
    assert db.session.scalars(select(Ticket)).first() is None
    assert refusals() == ["unknown sender", "too large"]


OUTLOOK = """Yes, please close it.=0D
=0D
________________________________=0D
From: Kith Support <support@kith.local>=0D
Sent: Tuesday, December 1, 2026 10:00 AM=0D
To: Customer=0D
Subject: Your ticket=0D
=0D
Is the issue solved?=0D
"""
APPLE = """It happens on iPad only.

Sent from my iPad

On 1 Dec 2026, at 10:00, Kith Support <support@kith.local>
wrote:

> Which device?
"""
QQ = '已经可以了，谢谢！\n\n------------------ 原始邮件 ------------------\n发件人: "Kith"<support@kith.local>;\n请再试一次。\n'
FOXMAIL = "问题依旧。\n\n-----原始邮件-----\n发件人：Kith Support\n主题：您的工单\n"
GMAIL_ZH = "我明天再试。\n\n在 2026年12月1日周二 10:00，Kith Support <support@kith.local> 写道：\n> 请再试一次。\n"
BIG5 = "帳單已經正確了。\n\n在 2026年12月1日 週二 10:00，Kith 客服 寫道：\n> 請檢查帳單。\n"
HTML = (
    "<html><head><style>p{color:red}</style></head><body><p>Fixed <b>now</b>, thanks.</p>"
    "<script>alert(1)</script><div class='gmail_quote'>On Tue wrote:<blockquote>old text</blockquote></div></body></html>"
)


@pytest.mark.parametrize(
    "body, content_type, cte, expected",
    [
        (GMAIL_REPLY, "text/plain; charset=utf-8", "8bit", "Thanks, the export works now."),
        (OUTLOOK, "text/plain; charset=utf-8", "quoted-printable", "Yes, please close it."),
        (APPLE, "text/plain; charset=utf-8", "8bit", "It happens on iPad only."),
        (QQ.encode("gb18030"), "text/plain; charset=GB18030", "8bit", "已经可以了，谢谢！"),
        (FOXMAIL.encode("gbk"), "text/plain; charset=gbk", "8bit", "问题依旧。"),
        (GMAIL_ZH, "text/plain; charset=utf-8", "8bit", "我明天再试。"),
        (BIG5.encode("big5"), "text/plain; charset=big5", "8bit", "帳單已經正確了。"),
        (HTML, "text/html; charset=utf-8", "8bit", "Fixed now, thanks."),
    ],
    ids=["gmail", "outlook-qp", "apple-mail", "qq-gb18030", "foxmail-gbk", "gmail-zh", "big5", "html"],
)
def test_real_world_shapes_parse_to_the_new_text(body, content_type, cte, expected):
    raw = eml("a@example.com", SUPPORT, body, content_type=content_type, cte=cte)
    assert mailparse.parse(raw).text == expected


def test_html_mail_is_posted_as_escaped_text(app, make_user, tickets):
    customer = make_user()
    ticket = tickets.ticket(customer)
    address = replyaddr.address_for(customer.id, "ticket", ticket.id)
    html = "<p>Try &lt;img src=x onerror=alert(1)&gt; and <a href='javascript:alert(1)'>this</a></p>"
    assert pipe(app, eml(customer.email, address, html, content_type="text/html; charset=utf-8")) == "posted"
    last = messages(ticket.id)[-1]
    assert "<img" not in last.body_html and "javascript:" not in last.body_html
    assert "&lt;img" in last.body_html
