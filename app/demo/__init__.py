"""Demo data: organizations, users of every role and content in English, 简体中文 and 繁體中文.

Each domain adds its own content with `register_loader`; loaders run in registration order.
"""

from collections.abc import Callable

from flask import Flask

_loaders: list[tuple[str, Callable[[dict], None]]] = []


def register_loader(name: str, loader: Callable[[dict], None]) -> None:
    """Add a demo-content loader; it receives the dict of demo users by username."""
    if name not in {n for n, _ in _loaders}:
        _loaders.append((name, loader))


def loaders() -> list[tuple[str, Callable[[dict], None]]]:
    return list(_loaders)


def init_app(app: Flask) -> None:
    from app.demo import cli

    app.cli.add_command(cli.demo_cli)
