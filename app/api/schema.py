"""One declaration per API operation: pydantic models validate the request and are the OpenAPI document.

Declare an operation with `@operation(...)` under the Flask route; the path comes from the rule
(`app.url_map`), the body and query schemas from the models, so what is checked is what is documented.
"""

import re
from dataclasses import dataclass
from functools import wraps
from typing import Annotated, Any

from flask import request
from flask_babel import lazy_gettext as _l
from flask_login import current_user
from pydantic import AfterValidator, BaseModel, BeforeValidator, ConfigDict, Field
from pydantic import ValidationError as PydanticError
from pydantic_core import PydanticCustomError

from app.core.errors import NotFound, Unauthorized, ValidationError
from app.core.text import display_width

ID_MAX = 2**31 - 1  # the largest id an INTEGER column holds; larger ids name nothing
# C0 controls other than tab and newline: the services drop or refuse them in user text.
NO_CONTROL = r"[^\x00-\x08\x0b\x0c\x0e-\x1f\x7f]"


class Body(BaseModel):
    """Base of JSON request bodies: strict JSON types (no "1" for 1), unknown fields ignored."""

    model_config = ConfigDict(strict=True, extra="ignore", regex_engine="python-re")


class Query(BaseModel):
    """Base of query-string models: the strings are parsed into the declared types."""

    model_config = ConfigDict(extra="ignore", regex_engine="python-re")


def text(max_length: int, *, min_length: int = 1, one_line: bool = False):
    """A non-blank string of `min_length` to `max_length` characters.

    One-line text (titles, names) may hold no control characters; multi-line text (Markdown bodies)
    only has to hold something besides blanks and controls, which the services strip.
    """
    solid = r"[^\s\x00-\x1f\x7f]"
    if not one_line:
        blank = {"pattern": BLANK.pattern}
        return Annotated[
            str,
            AfterValidator(_not_blank),
            Field(min_length=min_length, max_length=max_length, json_schema_extra={"not": blank}),
        ]
    char = r"[^\x00-\x1f\x7f]"
    middle = f"{char}{{{max(min_length - 2, 0)},{max_length - 2}}}"
    pattern = rf"^\s*{solid}({middle}{solid})?\s*$" if min_length < 2 else rf"^\s*{solid}{middle}{solid}\s*$"
    return Annotated[str, Field(min_length=min_length, max_length=max_length, pattern=pattern)]


def title_text(max_length: int, *, min_width: int):
    """A one-line title at least `min_width` wide, where a CJK character counts as two (網格 is 4 wide).

    The document states the character bound (half the width, rounded up); the width rule itself,
    which JSON Schema cannot express, is in the description and checked here.
    """
    base = text(max_length, min_length=(min_width + 1) // 2, one_line=True)
    rule = f"At least {min_width} wide: a CJK character counts as two."
    return Annotated[base, AfterValidator(_wide_enough(min_width)), Field(description=rule)]


def _wide_enough(min_width: int):
    def check(value: str) -> str:
        if display_width(value.strip()) < min_width:
            raise PydanticCustomError("string_too_short", "too short", {"min_length": min_width})
        return value

    return check


BLANK = re.compile(r"^[\s\x00-\x1f\x7f]*$")


def _not_blank(value: str) -> str:
    if BLANK.match(value):
        raise PydanticCustomError("blank", "blank")
    return value


def _whole(value):
    """JSON Schema counts 3.0 as an integer; so does the edge."""
    return int(value) if isinstance(value, float) and value.is_integer() and abs(value) <= ID_MAX else value


Id = Annotated[int, Field(ge=1, le=ID_MAX), BeforeValidator(_whole)]


@dataclass(frozen=True)
class Operation:
    summary: str
    body: type[BaseModel] | None = None
    body_required: bool = True
    query: type[BaseModel] | None = None
    response: type[BaseModel] | None = None
    status: int = 200
    auth: bool = False
    errors: tuple[int, ...] = ()
    headers: tuple[dict, ...] = ()
    description: str = ""


def operation(summary: str, **options: Any):
    """Validate the request against the declared models and record them for the OpenAPI document.

    The view receives `body=` and/or `query=` (validated model instances) besides the path arguments.
    """
    spec = Operation(summary, **options)

    def decorator(view):
        @wraps(view)
        def wrapper(**path_args):
            for value in path_args.values():
                if isinstance(value, int) and value > ID_MAX:
                    raise NotFound()
            if spec.auth and not current_user.is_authenticated:
                raise Unauthorized()
            if spec.query is not None:
                path_args["query"] = _validate(spec.query, _query_args())
            if spec.body is not None:
                path_args["body"] = _validate(spec.body, _json_object(spec.body_required))
            return view(**path_args)

        wrapper.api_operation = spec
        return wrapper

    return decorator


def _query_args() -> dict:
    """The query string as a dict; an empty value counts as absent."""
    return {key: value for key, value in request.args.items() if value != ""}


def _json_object(required: bool) -> dict:
    if not required and not request.get_data():
        return {}
    data = request.get_json(silent=True)
    if not isinstance(data, dict):
        raise ValidationError(_l("Send a JSON object with Content-Type: application/json."), code="invalid_json")
    return data


def _validate(model: type[BaseModel], data: dict) -> BaseModel:
    try:
        return model.model_validate(data)
    except PydanticError as exc:
        fields = {}
        for error in exc.errors(include_url=False, include_input=False):
            name = str(error["loc"][0]) if error["loc"] else "body"  # the field, as the services name it
            fields.setdefault(name, _message(error))
        raise ValidationError(fields=fields) from None


def _message(error: dict):
    """A translatable message for one pydantic error."""
    kind, ctx = error["type"], error.get("ctx") or {}
    if kind == "missing":
        return _l("This field is required.")
    if kind.startswith("string_type"):
        return _l("Must be a string.")
    if kind.startswith(("int_", "float_")):
        return _l("Must be a whole number.")
    if kind.startswith("bool"):
        return _l("Must be true or false.")
    if kind == "string_too_long":
        return _l("Must be at most %(n)s characters.", n=ctx.get("max_length"))
    if kind == "string_too_short":
        return _l("Must be at least %(n)s characters.", n=ctx.get("min_length"))
    if kind == "blank":
        return _l("This field is required.")
    if kind == "string_pattern_mismatch":
        return _l("Not in the expected format.")
    if kind in {"greater_than_equal", "greater_than"}:
        return _l("Must be at least %(n)s.", n=ctx.get("ge", ctx.get("gt")))
    if kind in {"less_than_equal", "less_than"}:
        return _l("Must be at most %(n)s.", n=ctx.get("le", ctx.get("lt")))
    if kind in {"literal_error", "enum"}:
        return _l("Must be one of: %(choices)s.", choices=_choices(ctx.get("expected", "")))
    if kind == "too_long":
        return _l("At most %(n)s items.", n=ctx.get("max_length"))
    if kind == "too_short":
        return _l("At least %(n)s items.", n=ctx.get("min_length"))
    if kind.startswith(("list_type", "dict_type", "model_type")):
        return _l("Not the expected kind of value.")
    return _l("Not a valid value.")


def _choices(expected: str) -> str:
    return ", ".join(re.findall(r"'([^']*)'", expected)) or expected
