"""Flags from the community, hiding a post after enough trusted flags, and the review queue."""

from flask import current_app
from flask_babel import lazy_gettext as _l
from sqlalchemy import func, select
from sqlalchemy.exc import IntegrityError

from app.core import events
from app.core.errors import Conflict, Forbidden, NotFound, ValidationError
from app.core.permissions import Perm, is_staff, require
from app.core.uow import transactional
from app.extensions import db
from app.moderation.audit import log_action
from app.moderation.models import Flag, FlagReason
from app.moderation.queue import review_queue as build
from app.qa import models as qa_models
from app.qa import moderation as qa_posts
from app.qa.reputation import reputation

NOTE_MAX = 500

REASON_LABELS = {
    "spam": _l("Spam"),
    "offensive": _l("Offensive"),
    "off_topic": _l("Off-topic"),
    "needs_staff": _l("Needs staff attention"),
    "other": _l("Other"),
}


def reason_label(code: str) -> str:
    return str(REASON_LABELS.get(code, code))


def is_trusted(user) -> bool:
    """Staff, or reputation at MODERATION_TRUSTED_REPUTATION or above."""
    if is_staff(user):
        return True
    return reputation(user.id) >= current_app.config["MODERATION_TRUSTED_REPUTATION"]


@transactional
def flag_post(actor, post_type: str, post_id, *, reason, note=None) -> Flag:
    """Flag a visible post once; enough trusted flags hide it until a moderator reviews it."""
    require(actor, Perm.POST)
    if reason not in {r.value for r in FlagReason}:
        raise ValidationError(fields={"reason": _l("Choose spam, offensive, off_topic, needs_staff or other.")})
    if note is not None and not isinstance(note, str):
        raise ValidationError(fields={"note": _l("Must be a string.")})
    note = (note or "").strip() or None
    if note and len(note) > NOTE_MAX:
        raise ValidationError(fields={"note": _l("Must be at most %(n)s characters.", n=NOTE_MAX)})
    if reason == "other" and not note:
        raise ValidationError(fields={"note": _l("Tell the moderators what is wrong.")})
    post = qa_posts.get_post(post_type, post_id)
    if post.status == qa_models.DELETED or (
        post.status == qa_models.HELD and post.author_id != actor.id and not is_staff(actor)
    ):
        raise NotFound(_l("Post not found."))
    if post.author_id == actor.id:
        raise Forbidden(_l("You cannot flag your own post."))
    flag = Flag(
        post_type=post_type,
        post_id=post.id,
        question_id=qa_posts.question_of(post).id,
        post_author_id=post.author_id,
        user_id=actor.id,
        reason=reason,
        note=note,
        trusted=is_trusted(actor),
    )
    db.session.add(flag)
    try:
        db.session.flush()
    except IntegrityError:
        db.session.rollback()  # the failed flush dooms the whole action; the error's text needs the session
        raise Conflict(_l("You have already flagged this post."), code="already_flagged") from None
    events.record(
        "flag.created",
        actor=actor,
        subject_type=post_type,
        subject_id=post.id,
        audience=events.STAFF,
        payload=qa_posts.payload(post, flag_id=flag.id, reason=reason),
    )
    _hide_if_flagged(post)
    return flag


def _hide_if_flagged(post) -> None:
    if post.status != qa_models.VISIBLE:
        return
    trusted = db.session.scalar(
        select(func.count(Flag.id)).where(
            Flag.post_type == post.post_type, Flag.post_id == post.id, Flag.status == "open", Flag.trusted.is_(True)
        )
    )
    if trusted >= current_app.config["MODERATION_HIDE_FLAG_THRESHOLD"]:
        log_action(
            None,
            "flag_hide",
            post.post_type,
            post.id,
            question_id=qa_posts.question_of(post).id,
            before=qa_posts.snapshot(post),
            after={"status": qa_models.HELD},
        )
        qa_posts.set_status(None, post, qa_models.HELD)


# --- the review queue ------------------------------------------------------------------------


def review_queue(actor, limit: int = 50):
    """Flagged and held posts, oldest first, with their flags and the author's history."""
    return build(actor, limit)
