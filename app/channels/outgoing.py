"""Reply and threading headers on notification mail about tickets and followed questions.

Each recipient gets their own signed Reply-To (reply+<token>@…), so a reply from the mail client
is posted as them; Message-ID / In-Reply-To / References thread the mails of one ticket or
question together in the recipient's client.
"""

from flask import current_app

from app.channels import replyaddr

THREADED = {"ticket", "question"}


def thread_id(kind: str, target_id: int) -> str:
    """The synthetic Message-ID every mail of one thread refers to."""
    return f"<kith.{kind}.{target_id}@{current_app.config['MAIL_REPLY_DOMAIN']}>"


def add_reply_headers(mail, context: dict) -> None:
    """mail.outgoing hook: give notification mail of a ticket or question a reply address."""
    notification, user = context.get("notification"), context.get("user")
    if notification is None or user is None or notification.target_type not in THREADED:
        return
    if not str(notification.target_id or "").isdigit():
        return
    kind, target_id = notification.target_type, int(notification.target_id)
    root = thread_id(kind, target_id)
    domain = current_app.config["MAIL_REPLY_DOMAIN"]
    mail.headers = {
        **(mail.headers or {}),
        "Reply-To": replyaddr.address_for(user.id, kind, target_id),
        "Message-ID": f"<kith.n{notification.id}.{user.id}@{domain}>",
        "In-Reply-To": root,
        "References": root,
    }
