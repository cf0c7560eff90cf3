"""Demo data: organizations, users of every role and content in English, 简体中文 and 繁體中文.

Each domain adds its own content with `register_loader(app, name, loader)` from its `init_app`;
loaders run in registration order (the order of `app.DOMAINS`).
"""

from collections.abc import Callable

from flask import Flask

from app.core import registries

LOADERS = "demo.loaders"
Loader = Callable[[dict], None]


def register_loader(app: Flask, name: str, loader: Loader) -> None:
    """Add a demo-content loader; it receives the dict of demo users by username."""
    registries.put(app, LOADERS, name, loader)


def loaders(app: Flask | None = None) -> list[tuple[str, Loader]]:
    """The registered loaders of the current app (or `app`), in registration order."""
    return list(registries.mapping(LOADERS, app).items())


def init_app(app: Flask) -> None:
    from app.demo import cli

    app.cli.add_command(cli.demo_cli)
