"""`flask mail fetch` against a real IMAP server: Debian's Dovecot on a loopback port, IMAPS and STARTTLS."""

import imaplib
import os
import pwd
import shutil
import socket
import ssl
import subprocess
import tempfile
import time
from pathlib import Path

import pytest
from sqlalchemy import select

from app.channels import replyaddr
from app.extensions import db
from app.tickets.models import Ticket, TicketMessage
from tests.channels.test_mail_in import SUPPORT, eml
from tests.conftest import need_service

USER, PASSWORD = "support", "imap-test-pass"


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _mail_owner() -> pwd.struct_passwd:
    """Dovecot will not open mailboxes as root: as root use its own `dovecot` account."""
    me = pwd.getpwuid(os.getuid())
    return pwd.getpwnam("dovecot") if me.pw_uid == 0 else me


CONFIG = """
base_dir = {tmp}/run
state_dir = {tmp}/state
log_path = {tmp}/dovecot.log
protocols = imap
listen = 127.0.0.1
ssl = yes
ssl_cert = <{tmp}/cert.pem
ssl_key = <{tmp}/key.pem
disable_plaintext_auth = yes
auth_mechanisms = plain
default_internal_user = {owner}
default_internal_group = {group}
default_login_user = {owner}
first_valid_uid = {uid}
passdb {{
  driver = passwd-file
  args = scheme=PLAIN username_format=%u {tmp}/passwd
}}
userdb {{
  driver = static
  args = uid={uid} gid={gid} home={tmp}/home/%u
}}
mail_location = maildir:{tmp}/mail/%u
service imap-login {{
  inet_listener imap {{
    address = 127.0.0.1
    port = {imap_port}
  }}
  inet_listener imaps {{
    address = 127.0.0.1
    port = {imaps_port}
    ssl = yes
  }}
}}
service anvil {{
  chroot =
}}
service imap-login {{
  chroot =
}}
"""


@pytest.fixture
def dovecot_dir():
    """A throwaway directory the mail owner can enter (pytest's own tmp tree is private to root)."""
    owner = _mail_owner()
    path = Path(tempfile.mkdtemp(prefix="kith-dovecot-"))
    path.chmod(0o755)
    os.chown(path, owner.pw_uid, owner.pw_gid)
    yield path
    shutil.rmtree(path, ignore_errors=True)


@pytest.fixture
def dovecot(dovecot_dir):
    tmp_path = dovecot_dir
    binary = shutil.which("dovecot") or ("/usr/sbin/dovecot" if os.path.exists("/usr/sbin/dovecot") else None)
    if not binary:
        need_service("Dovecot", "install it with `apt-get install dovecot-imapd` (make test does it as root)")
    owner = _mail_owner()
    subprocess.run(
        ["openssl", "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-days", "1", "-subj", "/CN=127.0.0.1",
         "-addext", "subjectAltName=IP:127.0.0.1", "-keyout", str(tmp_path / "key.pem"), "-out", str(tmp_path / "cert.pem")],
        check=True, capture_output=True,
    )  # fmt: skip
    (tmp_path / "passwd").write_text(f"{USER}:{{PLAIN}}{PASSWORD}\n")
    ports = {"imap_port": _free_port(), "imaps_port": _free_port()}
    conf = tmp_path / "dovecot.conf"
    conf.write_text(
        CONFIG.format(
            tmp=tmp_path, owner=owner.pw_name, group=owner.pw_name, uid=owner.pw_uid, gid=owner.pw_gid, **ports
        )
    )
    for sub in ("mail", "home"):
        (tmp_path / sub).mkdir()
        os.chown(tmp_path / sub, owner.pw_uid, owner.pw_gid)
    proc = subprocess.Popen([binary, "-F", "-c", str(conf)], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    deadline = time.monotonic() + 20
    while True:
        try:
            socket.create_connection(("127.0.0.1", ports["imaps_port"]), timeout=0.5).close()
            break
        except OSError:
            if proc.poll() is not None or time.monotonic() > deadline:
                proc.kill()
                log = (tmp_path / "dovecot.log").read_text() if (tmp_path / "dovecot.log").exists() else ""
                pytest.fail(f"dovecot did not start: {log[-2000:]}")
            time.sleep(0.1)
    yield {"ca": str(tmp_path / "cert.pem"), "log": tmp_path / "dovecot.log", **ports}
    proc.terminate()
    proc.wait(timeout=10)


def _append(dovecot, raw: bytes) -> None:
    conn = imaplib.IMAP4_SSL(
        "127.0.0.1", dovecot["imaps_port"], ssl_context=ssl.create_default_context(cafile=dovecot["ca"])
    )
    conn.login(USER, PASSWORD)
    conn.append("INBOX", None, None, raw)
    conn.logout()


def _configure(app, dovecot, security: str) -> None:
    port = dovecot["imaps_port"] if security == "ssl" else dovecot["imap_port"]
    app.config.update(
        MAIL_IMAP_HOST="127.0.0.1", MAIL_IMAP_PORT=port, MAIL_IMAP_SECURITY=security,
        MAIL_IMAP_USER=USER, MAIL_IMAP_PASSWORD=PASSWORD, MAIL_IMAP_CA_FILE=dovecot["ca"],
    )  # fmt: skip


@pytest.mark.parametrize("security", ["ssl", "starttls"])
def test_fetch_opens_tickets_and_posts_replies_once(app, dovecot, make_user, tickets, security):
    customer = make_user(email="mei@customer.example")
    ticket = tickets.ticket(customer)
    _append(dovecot, eml(customer.email, SUPPORT, "帳單金額不對。", subject="帳單問題"))
    reply_to = replyaddr.address_for(customer.id, "ticket", ticket.id)
    _append(dovecot, eml(customer.email, reply_to, "Still broken.\n\nOn Tue, Kith wrote:\n> Try again"))
    _append(dovecot, eml(customer.email, SUPPORT, "Out of office", headers="Auto-Submitted: auto-replied\r\n"))
    _configure(app, dovecot, security)

    result = app.test_cli_runner().invoke(args=["mail", "fetch"])
    assert result.exit_code == 0, result.output
    assert result.stdout.strip() == "ignored 1, opened 1, posted 1"
    opened = db.session.scalars(select(Ticket).where(Ticket.source == "email")).one()
    assert opened.subject == "帳單問題" and opened.requester_id == customer.id
    last = db.session.scalars(
        select(TicketMessage).where(TicketMessage.ticket_id == ticket.id).order_by(TicketMessage.id.desc())
    ).first()
    assert last.body == "Still broken."
    again = app.test_cli_runner().invoke(args=["mail", "fetch"])
    assert again.stdout.strip() == "nothing to read"  # messages are marked seen


def test_a_wrong_certificate_is_refused(app, dovecot):
    _configure(app, dovecot, "ssl")
    app.config["MAIL_IMAP_CA_FILE"] = None  # the self-signed test certificate is not trusted then
    result = app.test_cli_runner().invoke(args=["mail", "fetch"])
    assert result.exit_code != 0 and isinstance(result.exception, ssl.SSLError)
