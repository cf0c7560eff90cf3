"""Security headers with a per-response CSP nonce, and safe redirect targets."""

import secrets
from urllib.parse import urlsplit

from flask import Flask, g, request


def csp_nonce() -> str:
    """The nonce for inline <script> tags of this response."""
    if "csp_nonce" not in g:
        g.csp_nonce = secrets.token_urlsafe(16)
    return g.csp_nonce


def safe_next(target: str | None, default: str = "/") -> str:
    """Accept `next=` only as a relative path on this site."""
    if not target:
        return default
    target = target.strip()
    parts = urlsplit(target)
    if parts.scheme or parts.netloc or not target.startswith("/") or target.startswith("//"):
        return default
    if "\\" in target or any(ord(ch) < 32 for ch in target):
        return default
    return target


def cross_site_cookie_request() -> bool:
    """Tell whether an unsafe, cookie-authenticated request came from another site.

    Bearer calls carry no ambient credentials and pass. Browsers send `Origin` (or at least
    `Referer`) on cross-site POSTs, so a request naming another host is refused; one naming
    none comes from a non-browser client, which cannot ride a victim's cookies.
    """
    if request.method in {"GET", "HEAD", "OPTIONS"} or request.headers.get("Authorization"):
        return False
    if not request.cookies:
        return False
    source = request.headers.get("Origin") or request.headers.get("Referer")
    if not source or source == "null":
        return source == "null"
    parts = urlsplit(source)
    return f"{parts.scheme}://{parts.netloc}" != request.host_url.rstrip("/")


def _set_security_headers(response):
    extra_connect = request.environ.get("kith.csp_connect", "")
    nonce = csp_nonce()
    policy = (
        "default-src 'self'; "
        f"script-src 'self' 'nonce-{nonce}'; "
        "style-src 'self'; "
        "img-src 'self' data: https:; "
        f"connect-src 'self' ws: wss: {extra_connect}".rstrip()
        + "; "
        "font-src 'self'; object-src 'none'; base-uri 'self'; "
        "form-action 'self'; frame-ancestors 'none'"
    )
    response.headers.setdefault("Content-Security-Policy", policy)
    response.headers.setdefault("X-Content-Type-Options", "nosniff")
    response.headers.setdefault("X-Frame-Options", "DENY")
    response.headers.setdefault("Referrer-Policy", "strict-origin-when-cross-origin")
    response.headers.setdefault("Permissions-Policy", "camera=(), microphone=(), geolocation=()")
    if request.is_secure:
        response.headers.setdefault("Strict-Transport-Security", "max-age=31536000; includeSubDomains")
    return response


def init_security(app: Flask) -> None:
    app.after_request(_set_security_headers)
    app.jinja_env.globals["csp_nonce"] = csp_nonce
