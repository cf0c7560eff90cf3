"""Channels in and out of Kith: signed webhooks, scoped personal API tokens, mail into tickets."""

from datetime import timedelta

from flask import Flask

DEFAULTS = {
    # Tests only: let webhooks reach loopback and private networks.
    "WEBHOOK_ALLOW_PRIVATE": False,
    "WEBHOOK_ALLOWED_HOSTS": (),
    "WEBHOOK_TIMEOUT_SECONDS": 10.0,
    # About a day of retries (Standard Webhooks' suggested schedule), then the delivery fails.
    "WEBHOOK_RETRY_SCHEDULE": tuple(timedelta(seconds=s) for s in (5, 300, 1800, 7200, 18000, 36000, 36000)),
    "WEBHOOK_JITTER": 0.1,
    "WEBHOOK_DISABLE_AFTER_FAILURES": 100,
    "WEBHOOK_ROTATION_OVERLAP": timedelta(hours=24),
    "WEBHOOK_LEASE": timedelta(minutes=5),
    "WEBHOOK_DELIVER_EVERY": timedelta(seconds=20),
    # Mail in: the support address that opens tickets, the domain of reply+<token>@ addresses.
    "MAIL_SUPPORT_ADDRESS": "support@kith.local",
    "MAIL_REPLY_DOMAIN": "kith.local",
    "MAIL_REPLY_TOKEN_DAYS": 90,
    "MAIL_INBOUND_MAX_BYTES": 5 * 1024 * 1024,
    # The support mailbox `flask mail fetch` polls; "ssl" (IMAPS) or "starttls".
    "MAIL_IMAP_HOST": None,
    "MAIL_IMAP_PORT": 993,
    "MAIL_IMAP_SECURITY": "ssl",
    "MAIL_IMAP_USER": None,
    "MAIL_IMAP_PASSWORD": None,
    "MAIL_IMAP_MAILBOX": "INBOX",
    "MAIL_IMAP_CA_FILE": None,
    "MAIL_IMAP_TIMEOUT": 30,
    "MAIL_FETCH_EVERY": timedelta(minutes=1),
}


def init_app(app: Flask) -> None:
    """Register the admin pages, the webhook consumer, the delivery job and the CLI."""
    from app.channels import account_routes, cli, delivery, imap, models, outgoing, routes, scopes, webhooks  # noqa: F401
    from app.core import jobs, registries
    from app.core.events import register_consumer

    for key, value in DEFAULTS.items():
        app.config.setdefault(key, value)
    app.register_blueprint(routes.bp)
    app.before_request(scopes.enforce)
    app.cli.add_command(cli.webhooks_cli)
    _add_mail_commands(cli)
    registries.add(app, "mail.outgoing", outgoing.add_reply_headers)
    register_consumer(webhooks.CONSUMER, webhooks.handle_event)
    jobs.register(app, "webhooks.deliver", every=app.config["WEBHOOK_DELIVER_EVERY"], run=delivery.deliver_due)
    jobs.register(app, "mail.fetch", every=app.config["MAIL_FETCH_EVERY"], run=imap.fetch)


def _add_mail_commands(cli) -> None:
    """Put `receive` beside `send` in the mail domain's `flask mail` group."""
    from app.mail.cli import mail_cli

    for command in (cli.receive_command, cli.fetch_command):
        if command.name not in mail_cli.commands:
            mail_cli.add_command(command)
