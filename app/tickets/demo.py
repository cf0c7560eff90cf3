"""Demo tickets of different tiers, priorities and statuses, with messages."""


def load(users: dict) -> None:
    """Create a few tickets (the Q&A demo content, when present, provides linked questions)."""
    from app.tickets.demo_data import load_tickets

    load_tickets(users)
