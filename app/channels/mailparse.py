"""Read an incoming RFC 822 message: who sent it, is it automatic, and the new text without quotes."""

import re
from dataclasses import dataclass, field
from email import policy
from email.message import EmailMessage
from email.parser import BytesParser
from email.utils import getaddresses, parseaddr
from html.parser import HTMLParser

# A line that opens the quoted original, in the shapes English and Chinese clients write.
QUOTE_HEADERS = [
    re.compile(r"^\s*On .{3,300}wrote:\s*$", re.I | re.S),  # Gmail, Apple Mail, Thunderbird
    re.compile(r"^\s*在.{2,300}写道[:：]\s*$", re.S),  # Gmail / Apple Mail in Chinese
    re.compile(r"^\s*在.{2,300}寫道[:：]\s*$", re.S),
    re.compile(r"^\s*-{2,}\s*(原始邮件|原始郵件|Original Message)\s*-{2,}\s*$", re.I),  # QQ, Foxmail, Outlook
    re.compile(r"^\s*_{10,}\s*$"),  # Outlook's rule above its header block
    re.compile(r"^\s*(From|发件人|寄件者)\s*[:：].+$", re.I),  # Outlook header block
]
SIGNATURE = re.compile(r"^(-- ?|—— ?|Sent from my .+|发自我的.+|從我的.+傳送)$")
BLOCK_TAGS = {"p", "div", "li", "tr", "h1", "h2", "h3", "h4", "h5", "h6", "pre", "table"}
VOID_TAGS = {"br", "img", "hr", "meta", "link", "input", "wbr", "col", "area", "base", "source"}
SKIP_TAGS = {"script", "style", "blockquote", "head", "title"}


@dataclass
class Incoming:
    sender: str
    recipients: list[str]
    subject: str
    message_id: str
    automatic: str | None  # why it is an auto-reply or bounce, or None
    text: str
    headers: dict = field(default_factory=dict)


class _Text(HTMLParser):
    """HTML to plain lines; quoted originals (blockquote, Gmail's quote div) and scripts dropped."""

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.out: list[str] = []
        self.open: list[tuple[str, bool]] = []  # (tag, starts a skipped region)

    def _skipping(self) -> bool:
        return any(flag for _tag, flag in self.open)

    def handle_starttag(self, tag, attrs):
        if tag in VOID_TAGS:
            if tag == "br" and not self._skipping():
                self.out.append("\n")
            return
        classes = dict(attrs).get("class") or ""
        self.open.append((tag, tag in SKIP_TAGS or "gmail_quote" in classes))
        if tag in BLOCK_TAGS and not self._skipping():
            self.out.append("\n")

    def handle_endtag(self, tag):
        for index in range(len(self.open) - 1, -1, -1):
            if self.open[index][0] == tag:
                del self.open[index:]
                break
        if tag in BLOCK_TAGS and not self._skipping():
            self.out.append("\n")

    def handle_data(self, data):
        if not self._skipping():
            self.out.append(data)


def html_to_text(html: str) -> str:
    parser = _Text()
    parser.feed(html)
    return "".join(parser.out)


def automatic_reason(msg: EmailMessage) -> str | None:
    """Why a message was sent by a machine (auto-reply, list, bounce), or None."""
    auto = (msg.get("Auto-Submitted") or "no").strip().lower()
    if auto != "no":
        return "auto-submitted"
    if (msg.get("Precedence") or "").strip().lower() in {"bulk", "junk", "list", "auto_reply"}:
        return "precedence"
    if msg.get("X-Autoreply") or msg.get("X-Autorespond") or msg.get("X-Auto-Response-Suppress", "").lower() == "all":
        return "auto-reply header"
    if msg.get_content_type() == "multipart/report" or msg.get("Return-Path", "").strip() == "<>":
        return "delivery report"
    sender = parseaddr(msg.get("From", ""))[1].lower()
    if sender.split("@")[0] in {"mailer-daemon", "postmaster"}:
        return "delivery report"
    return None


def body_text(msg: EmailMessage) -> str:
    """The message's text: the plain part when there is one, else its HTML made plain."""
    part = msg.get_body(preferencelist=("plain", "html"))
    if part is None:
        return ""
    try:
        content = part.get_content()
    except (LookupError, UnicodeDecodeError):
        content = part.get_payload(decode=True).decode("utf-8", "replace")
    return html_to_text(content) if part.get_content_type() == "text/html" else content


def strip_quotes(text: str) -> str:
    """Keep what the sender wrote: cut at the quoted original, drop `>` lines and the signature."""
    lines = text.replace("\r\n", "\n").split("\n")
    kept: list[str] = []
    for index, line in enumerate(lines):
        two = (line + " " + lines[index + 1]) if index + 1 < len(lines) else line
        if any(p.match(line) for p in QUOTE_HEADERS) or any(p.match(two) for p in QUOTE_HEADERS[:3]):
            break
        if SIGNATURE.match(line.rstrip()):
            break
        if line.lstrip().startswith(">"):
            continue
        kept.append(line.rstrip())
    return re.sub(r"\n{3,}", "\n\n", "\n".join(kept)).strip()


def parse(raw: bytes) -> Incoming:
    """Parse raw RFC 822 bytes into what the inbound router needs."""
    msg = BytesParser(policy=policy.default).parsebytes(raw)
    recipients = [
        a.lower()
        for _n, a in getaddresses(msg.get_all("To", []) + msg.get_all("Cc", []) + msg.get_all("Delivered-To", []))
        if a
    ]
    return Incoming(
        sender=parseaddr(str(msg.get("From", "")))[1].lower(),
        recipients=recipients,
        subject=str(msg.get("Subject", "")).strip(),
        message_id=str(msg.get("Message-ID", "")).strip(),
        automatic=automatic_reason(msg),
        text=strip_quotes(body_text(msg)),
    )
