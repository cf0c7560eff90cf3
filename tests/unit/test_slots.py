"""Template slots: pages name a place, domains fill it; an empty slot renders nothing."""

from flask import render_template_string
from jinja2 import ChoiceLoader, DictLoader

from app.core import slots


def _with_partials(app, partials: dict) -> None:
    app.jinja_env.loader = ChoiceLoader([DictLoader(partials), app.jinja_env.loader])


def test_a_slot_renders_its_partials_in_order_with_page_and_passed_variables(app):
    _with_partials(app, {"one.html": "<b>{{ title }}:{{ a }}</b>", "two.html": "<i>{{ a * 2 }}</i>"})
    slots.register_partial(app, "test.place", "one.html")
    slots.register_partial(app, "test.place", "two.html")
    with app.test_request_context():
        html = render_template_string("{% for a in [1, 2] %}{{ slot('test.place', a=a) }}{% endfor %}", title="<T>")
    assert html == "<b>&lt;T&gt;:1</b><i>2</i><b>&lt;T&gt;:2</b><i>4</i>"


def test_an_unfilled_slot_renders_nothing(app):
    with app.test_request_context():
        assert render_template_string("[{{ slot('nobody.here') }}]") == "[]"


def test_the_question_page_slots_are_filled_by_the_domains(app):
    assert slots.partials("question.header", app) == ["tickets/_question_support.html"]
    assert slots.partials("post.controls", app) == ["moderation/_post_controls.html"]
    assert slots.partials("answer.labels", app) == ["tickets/_official_label.html"]
    assert slots.partials("answer.accepted_actions", app) == ["kb/_promote.html"]
