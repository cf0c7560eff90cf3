"""Refuse malformed input at the edge with a clear 400 (or 404), before it can reach the database.

Ids beyond the id columns' range, NUL bytes (PostgreSQL refuses them), lone surrogates (no encoding
takes them) and JSON nested deeper than any real client sends would otherwise surface as 500s.
"""

from flask import Flask, Request, request
from flask_babel import gettext as _
from werkzeug.exceptions import BadRequest
from werkzeug.middleware.proxy_fix import ProxyFix
from werkzeug.routing import IntegerConverter

from app.core.errors import ValidationError

MAX_ID = 2**31 - 1  # ids are INTEGER columns on PostgreSQL (SQLite would take 64 bits)
MAX_JSON_DEPTH = 64


class BoundedIntConverter(IntegerConverter):
    """`<int:...>` that matches only what fits an id column (larger ids are 404)."""

    def __init__(self, map, *args, **kwargs):
        kwargs.setdefault("max", MAX_ID)
        super().__init__(map, *args, **kwargs)


class GuardedRequest(Request):
    """A request whose JSON body may not nest deeper than MAX_JSON_DEPTH."""

    def get_json(self, force=False, silent=False, cache=True):
        try:
            data = super().get_json(force=force, silent=silent, cache=cache)
        except RecursionError:
            data = None
            if not silent:
                raise BadRequest() from None
        if data is not None and _depth(data) > MAX_JSON_DEPTH:
            if silent:
                return None
            raise ValidationError(_("The JSON document is nested too deeply."), code="invalid_json")
        return data


def _depth(value, level: int = 1) -> int:
    if level > MAX_JSON_DEPTH:
        return level
    if isinstance(value, dict):
        return max((_depth(v, level + 1) for v in value.values()), default=level)
    if isinstance(value, list):
        return max((_depth(v, level + 1) for v in value), default=level)
    return level


def _bad_text(value: str) -> bool:
    if "\x00" in value:
        return True
    try:
        value.encode("utf-8")
    except UnicodeEncodeError:
        return True
    return False


def _out_of_range(value) -> bool:
    if isinstance(value, bool):
        return False
    if isinstance(value, int):
        return abs(value) > MAX_ID
    if isinstance(value, str):
        return value.strip().lstrip("-").isdigit() and abs(int(value)) > MAX_ID
    return False


NUMERIC_ARGS = frozenset({"after", "before", "page", "per_page", "limit", "id"})


def _numeric_args() -> list[str]:
    """Query-string values that name an id or a page (free text such as `q` may hold any digits)."""
    return [v for k, v in request.args.items(multi=True) if k in NUMERIC_ARGS or k.endswith("_id")]


def _scalars(value):
    if isinstance(value, str | int | float):
        yield value
    elif isinstance(value, dict):
        for key, item in value.items():
            yield from _scalars(key)
            yield from _scalars(item)
    elif isinstance(value, list):
        for item in value:
            yield from _scalars(item)


def _json_or_none():
    """The body's JSON; too deep raises ValidationError, unparsable is left to the endpoint."""
    try:
        return request.get_json()
    except BadRequest:
        return None


def _refuse_unstorable_input() -> None:
    values = [*request.args.keys(), *request.args.values()]
    if request.method in {"POST", "PUT", "PATCH", "DELETE"}:
        values += [*request.form.keys(), *request.form.values()]
        if request.is_json:
            values += list(_scalars(_json_or_none()))
    if any(isinstance(v, str) and _bad_text(v) for v in values):
        raise ValidationError(_("The request contains characters that cannot be stored (NUL or a lone surrogate)."))
    numbers = _numeric_args()
    if request.is_json and request.method in {"POST", "PUT", "PATCH", "DELETE"}:
        numbers += [v for v in _scalars(_json_or_none()) if isinstance(v, int)]
    if any(_out_of_range(v) for v in numbers):
        raise ValidationError(_("A number in the request is too large."))


def init_request_guards(app: Flask) -> None:
    """Install the guards; call before any blueprint registers its routes."""
    app.url_map.converters["int"] = BoundedIntConverter
    app.request_class = GuardedRequest
    app.before_request(_refuse_unstorable_input)
    proxies = int(app.config.get("TRUSTED_PROXY_COUNT") or 0)
    if proxies > 0:
        app.wsgi_app = ProxyFix(app.wsgi_app, x_for=proxies, x_proto=proxies, x_host=proxies)
