"""Demo moderation content: a few flags and a held post."""


def load(users: dict) -> None:
    from app.moderation.demo_data import load_moderation

    load_moderation(users)
