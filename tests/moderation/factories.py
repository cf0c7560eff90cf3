"""Moderation factories other domains can import."""

from app.moderation import flags


class ModerationFactories:
    def __init__(self, factories, qa):
        self.f = factories
        self.qa = qa

    def moderator(self):
        return self.f.user(role="moderator")

    def flag(self, post, user=None, reason="spam", note=None):
        return flags.flag_post(user or self.f.user(), post.post_type, post.id, reason=reason, note=note)
