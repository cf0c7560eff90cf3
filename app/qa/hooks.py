"""Extension points for other domains on the question page, without extra queries per post.

    from app.qa.hooks import register_thread_context
    register_thread_context(app, "tickets", lambda thread: {"official_answer_ids": ...})

Each function receives the loaded Thread (question, answers, comments) and returns template
variables. Do one query for the whole thread here rather than one per answer in a template:
the question page must run a fixed number of queries whatever the thread's size (a test checks).
"""

from collections.abc import Callable

from flask import Flask

from app.core import registries

ThreadContext = Callable[[object], dict]
THREAD_CONTEXT = "qa.thread_context"


def register_thread_context(app: Flask, name: str, fn: ThreadContext) -> None:
    """Add template variables to the question page, computed once per thread (one function per name)."""
    registries.put(app, THREAD_CONTEXT, name, fn)


def thread_context(thread) -> dict:
    """Merged template variables from every registered function."""
    context: dict = {}
    for fn in registries.mapping(THREAD_CONTEXT).values():
        context.update(fn(thread) or {})
    return context
