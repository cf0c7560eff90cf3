def load_moderation(users: dict) -> None:
    return None
