"""Idea-board test data other domains can reuse: boards, ideas, votes."""

import itertools

from app.core.permissions import Role
from app.ideas import services, workflow

_seq = itertools.count(1)


class IdeaFactories:
    def __init__(self, factories):
        self.factories = factories
        self._admin = None
        self._pm = None

    @property
    def admin(self):
        if self._admin is None:
            self._admin = self.factories.user(role=Role.ADMIN.value)
        return self._admin

    @property
    def pm(self):
        if self._pm is None:
            self._pm = self.factories.user(role=Role.PRODUCT_MANAGER.value)
        return self._pm

    def board(self, name=None, **kw):
        n = next(_seq)
        return services.create_board(self.admin, name=name or f"Board {n}", slug=kw.pop("slug", f"board-{n}"), **kw)

    def idea(self, board=None, author=None, title=None, body="Some **details**.", **kw):
        board = board or self.board()
        author = author or self.factories.user()
        return services.create_idea(author, board, title=title or f"Idea number {next(_seq)}", body=body)

    def vote(self, idea, *users):
        for user in users:
            idea = services.set_vote(user, idea, True)
        return idea

    def status(self, idea, status, response=""):
        return workflow.change_status(self.pm, idea, status, response)
