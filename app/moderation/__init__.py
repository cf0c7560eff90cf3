"""The moderation domain (not built yet)."""


def init_app(app):
    """Register this domain's blueprints, CLI commands, event consumers and demo loader."""
