"""Factories for test data: make_user(**kw) and friends. Domains add methods here."""

import itertools

from app.auth import services as auth_services

PASSWORD = "correct horse battery"
_seq = itertools.count(1)


class Factories:
    def __init__(self, app):
        self.app = app

    def organization(self, name=None, tier="standard"):
        from app.extensions import db

        org = auth_services.get_or_create_organization(name or f"Org {next(_seq)}", tier)
        db.session.commit()
        return org

    def user(self, role="customer", *, organization=None, tier=None, password=PASSWORD, **kw):
        n = next(_seq)
        if organization is None and tier:
            organization = self.organization(tier=tier)
        return auth_services.register_user(
            email=kw.pop("email", f"user{n}@example.com"),
            username=kw.pop("username", f"user{n}"),
            password=password,
            display_name=kw.pop("display_name", f"User {n}"),
            role=role,
            organization=organization,
            **kw,
        )
