import click
from flask.cli import AppGroup

from app.tickets import escalation

tickets_cli = AppGroup("tickets", help="Support tickets.")


@tickets_cli.command("auto-escalate")
def auto_escalate_command():
    """Escalate questions that stayed unanswered longer than TICKETS_AUTO_ESCALATE_HOURS."""
    tickets = escalation.auto_escalate()
    click.echo(f"Escalated {len(tickets)} unanswered question(s).")
