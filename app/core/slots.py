"""Template slots: named places in a page where domains put their partials.

A page says where (``{{ slot("question.header") }}``, passing loop variables by name:
``{{ slot("answer.labels", a=a) }}``); a domain says what, from its `init_app`:

    slots.register_partial(app, "question.header", "tickets/_question_support.html")

Partials render in registration order with the page's variables plus those passed to `slot`,
as an include would. A slot nobody filled renders nothing, so a page never names a domain.
"""

from flask import Flask
from jinja2 import pass_context
from jinja2.runtime import Context
from markupsafe import Markup

from app.core import registries

_PREFIX = "templates.slot."


def register_partial(app: Flask, slot: str, template: str) -> None:
    """Render `template` wherever a page shows `slot`."""
    if template not in registries.items(_PREFIX + slot, app):
        registries.add(app, _PREFIX + slot, template)


def partials(slot: str, app: Flask | None = None) -> list[str]:
    """The templates registered for `slot`, in registration order."""
    return registries.items(_PREFIX + slot, app)


@pass_context
def render_slot(context: Context, slot: str, **values) -> Markup:
    """The registered partials of `slot`, rendered with the page's variables and `values`."""
    templates = partials(slot)
    if not templates:
        return Markup("")
    variables = {**context.get_all(), **values}
    env = context.environment
    # The partials are autoescaped templates: their output is already safe HTML, as an include's is.
    return Markup("".join(env.get_template(name).render(variables) for name in templates))  # noqa: S704


def init_app(app: Flask) -> None:
    """Make `slot(name, **values)` available to every template."""
    app.jinja_env.globals["slot"] = render_slot
