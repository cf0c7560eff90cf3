"""Poll a support mailbox over IMAP (IMAPS or STARTTLS) and hand each new message to the inbound router."""

import imaplib
import logging
import ssl

from flask import current_app

from app.channels import inbound

log = logging.getLogger(__name__)


def _context() -> ssl.SSLContext:
    """Verify the server's certificate (MAIL_IMAP_CA_FILE adds a private CA, e.g. in tests)."""
    return ssl.create_default_context(cafile=current_app.config.get("MAIL_IMAP_CA_FILE"))


def connect() -> imaplib.IMAP4:
    """Open and log in to the configured mailbox; plain IMAP is refused unless STARTTLS upgrades it."""
    cfg = current_app.config
    host, port, security = cfg["MAIL_IMAP_HOST"], cfg["MAIL_IMAP_PORT"], cfg["MAIL_IMAP_SECURITY"]
    timeout = cfg["MAIL_IMAP_TIMEOUT"]
    if security == "ssl":
        conn = imaplib.IMAP4_SSL(host, port, ssl_context=_context(), timeout=timeout)
    elif security == "starttls":
        conn = imaplib.IMAP4(host, port, timeout=timeout)
        conn.starttls(ssl_context=_context())
    else:
        raise ValueError("MAIL_IMAP_SECURITY must be 'ssl' or 'starttls'")
    conn.login(cfg["MAIL_IMAP_USER"], cfg["MAIL_IMAP_PASSWORD"])
    return conn


def fetch(limit: int = 100) -> dict[str, int]:
    """Read unseen messages, route each, mark it seen; return counts by outcome."""
    if not current_app.config.get("MAIL_IMAP_HOST"):
        return {}
    counts: dict[str, int] = {}
    conn = connect()
    try:
        conn.select(current_app.config["MAIL_IMAP_MAILBOX"])
        _status, data = conn.uid("SEARCH", None, "UNSEEN")
        for uid in (data[0] or b"").split()[:limit]:
            _status, parts = conn.uid("FETCH", uid, "(BODY.PEEK[])")
            raw = next((p[1] for p in parts if isinstance(p, tuple)), b"")
            with current_app.test_request_context(base_url=current_app.config["SITE_URL"]):
                outcome = inbound.receive(raw)
            counts[outcome.status] = counts.get(outcome.status, 0) + 1
            conn.uid("STORE", uid, "+FLAGS", "(\\Seen)")  # after routing: a crash re-reads it
    finally:
        try:
            conn.logout()
        except (imaplib.IMAP4.error, OSError):
            log.warning("IMAP logout failed")
    return counts
