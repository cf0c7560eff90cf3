"""Periodic jobs: domains register them; the scheduler runs each once across all processes.

A job is a plain function called inside an app context. Register it from the domain's
`init_app`::

    jobs.register(app, "tickets.auto_escalate", every=timedelta(minutes=5), run=auto_escalate_due)
"""

from collections.abc import Callable
from dataclasses import dataclass
from datetime import timedelta

from flask import Flask

from app.core import registries

REGISTRY = "jobs"


@dataclass(frozen=True)
class Job:
    name: str
    every: timedelta
    run: Callable[[], object]
    label: str | None = None  # what the admin page says it does (a lazy_gettext string)


def register(app: Flask, name: str, *, every: timedelta, run: Callable[[], object], label: str | None = None) -> Job:
    """Add a periodic job to `app` (a name registered twice is a wiring bug)."""
    return registries.put(app, REGISTRY, name, Job(name=name, every=every, run=run, label=label))


def registered(app: Flask | None = None) -> dict[str, Job]:
    """Every job registered on the app, by name."""
    return registries.mapping(REGISTRY, app)
