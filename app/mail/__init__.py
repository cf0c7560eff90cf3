"""The email outbox: every mail is a row first, delivered by SMTP when configured."""


def init_app(app):
    from app.mail import cli, routes

    app.register_blueprint(routes.bp)
    app.cli.add_command(cli.mail_cli)
