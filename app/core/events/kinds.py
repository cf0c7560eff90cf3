"""Each event kind's payload, declared once (a TypedDict per kind); `problems` checks a payload.

Consumers rely on these keys; tests run the real services and check every recorded event
against its declaration. Reading never checks: rows written before a key was added stay
readable (consumers use `.get` for keys a kind gained later).
"""

from typing import NotRequired, TypedDict, get_type_hints


class Empty(TypedDict):
    pass


class UserRegistered(TypedDict):
    organization_id: int | None  # placed by email domain, or none (insight reads tier as of the event)
    role: str


# --- Q&A ------------------------------------------------------------------------------------


class Thread(TypedDict):
    question_id: int
    space_id: int


class QuestionEvent(Thread):
    author_id: int | None
    title: str


class QuestionCreated(QuestionEvent):
    status: str


class QuestionEdited(QuestionEvent):
    changed: list


class QuestionMeToo(Thread):
    author_id: int | None
    count: int


class AnswerEvent(Thread):
    author_id: int | None
    answer_id: int


class AnswerCreated(AnswerEvent):
    status: str


class AnswerAccepted(Thread):
    author_id: int | None
    answer_id: int | None
    previous_answer_id: int | None


class CommentEvent(Thread):
    author_id: int | None
    comment_id: int
    post_type: str
    post_id: int
    answer_id: NotRequired[int]  # comments on answers


class VoteChanged(Thread):
    author_id: int | None
    post_type: str
    post_id: int
    score: int
    answer_id: NotRequired[int]  # votes on answers


class PostRef(Thread):
    """A post by ids only (hidden posts, the review queue): never its text."""

    post_type: str
    answer_id: NotRequired[int]


class QuestionFlagField(Thread):
    """Lock, pin, close, reopen: the fields that changed, and the duplicate link when closing."""

    is_locked: NotRequired[bool]
    is_pinned: NotRequired[bool]
    is_closed: NotRequired[bool]
    closed_reason: NotRequired[str | None]
    duplicate_of_id: NotRequired[int | None]


class QuestionMoved(Thread):
    old_space_id: NotRequired[int]


class QuestionMerged(TypedDict):
    question_id: int
    into_question_id: int
    answer_ids: list


class SpaceEvent(TypedDict):
    space_id: int
    name: str


class SimilarClicked(Thread):
    author_id: int | None
    title: str
    position: int | None
    search_id: NotRequired[str]  # the search.suggested it came from, when the box sent one


# --- search analytics (audience staff:analytics) ----------------------------------------------


class SearchPerformed(TypedDict):
    """Payload of `search.performed` (subject: search, no id; actor: the signed-in searcher)."""

    search_id: str
    query: str  # as typed (trimmed, at most 200 characters)
    normalized: str  # folded width/case/script, spaces collapsed: what the report groups by
    language: str  # en, zh_Hans or zh_Hant, guessed from the query's script
    results: int
    filters: dict
    source: str  # "page" or "api"


class SearchClicked(TypedDict):
    """Payload of `search.clicked` (subject: the clicked document)."""

    search_id: str
    rank: int  # 1-based position on the whole result list
    key: str  # "<kind>:<id>", e.g. "question:12"


class SearchSuggested(TypedDict):
    """Payload of `search.suggested`: similar questions shown for a title being typed."""

    search_id: str
    query: str
    normalized: str
    language: str
    results: int
    keys: list[str]


# --- moderation -----------------------------------------------------------------------------


class FlagCreated(PostRef):
    flag_id: int
    reason: str


class ModerationAction(TypedDict):
    action_id: int
    action: str
    question_id: int | None
    target_type: str


class UserRestricted(TypedDict):
    user_id: int
    ends_at: str


# --- tickets --------------------------------------------------------------------------------


class TicketCreated(TypedDict):
    ticket_id: int
    question_id: int | None
    status: str
    priority: str


class TicketMessage(TypedDict):
    ticket_id: int
    message_id: int
    internal: bool
    opening: bool


class TicketStatusChanged(TypedDict):
    ticket_id: int
    old_status: str | None
    status: str
    question_id: int | None


class TicketUpdated(TypedDict):
    ticket_id: int
    field: str
    value: str | int | None


class TicketRated(TypedDict):
    ticket_id: int
    score: int


class ResolutionPublished(TypedDict):
    ticket_id: int
    question_id: int
    answer_id: int


class EscalationStatus(TypedDict):
    question_id: int
    status: str


# --- ideas ----------------------------------------------------------------------------------


class BoardCreated(TypedDict):
    board_id: int
    slug: str
    name: str


class IdeaRef(TypedDict):
    idea_id: int
    board_id: int


class IdeaCreated(IdeaRef):
    title: str
    excerpt: str


class IdeaEdited(IdeaRef):
    title: str


class IdeaCommented(IdeaRef):
    comment_id: int
    excerpt: str


class IdeaVoted(IdeaRef):
    votes: int
    weighted: int
    voted: bool


class IdeaStatusChanged(IdeaRef):
    status: str
    previous_status: str | None
    status_change_id: int
    title: str
    response_excerpt: str


class IdeaMerged(IdeaRef):
    into_id: int
    into_board_id: int
    merge_id: int


class IdeaUnmerged(IdeaRef):
    into_id: int
    merge_id: int
    status: str


class IdeaLinked(IdeaRef):
    link_id: int
    question_id: NotRequired[int]
    ticket_id: NotRequired[int]


class IdeaUnlinked(IdeaRef):
    link_id: int


# --- knowledge base, notifications ----------------------------------------------------------


class ArticleEvent(TypedDict):
    article_id: int
    title: str
    source_answer_id: int | None
    question_id: NotRequired[int]


class NotificationCreated(TypedDict):
    notification_id: int
    unread_count: int


class NotificationRead(TypedDict):
    unread_count: int


KINDS: dict[str, type] = {
    "question.created": QuestionCreated,
    "question.edited": QuestionEdited,
    "question.deleted": QuestionEvent,
    "question.restored": QuestionEvent,
    "question.approved": QuestionEvent,
    "question.me_too": QuestionMeToo,
    "question.hidden": PostRef,
    "question.locked": QuestionFlagField,
    "question.unlocked": QuestionFlagField,
    "question.pinned": QuestionFlagField,
    "question.unpinned": QuestionFlagField,
    "question.closed": QuestionFlagField,
    "question.reopened": QuestionFlagField,
    "question.moved": QuestionMoved,
    "question.merged": QuestionMerged,
    "question.escalated": EscalationStatus,
    "question.escalation_changed": EscalationStatus,
    "answer.created": AnswerCreated,
    "answer.edited": AnswerEvent,
    "answer.deleted": AnswerEvent,
    "answer.restored": AnswerEvent,
    "answer.approved": AnswerEvent,
    "answer.accepted": AnswerAccepted,
    "answer.hidden": PostRef,
    "comment.created": CommentEvent,
    "comment.deleted": CommentEvent,
    "comment.restored": CommentEvent,
    "vote.changed": VoteChanged,
    "space.created": SpaceEvent,
    "space.updated": SpaceEvent,
    "similar.clicked": SimilarClicked,
    "search.performed": SearchPerformed,
    "search.clicked": SearchClicked,
    "search.suggested": SearchSuggested,
    "flag.created": FlagCreated,
    "moderation.action": ModerationAction,
    "moderation.queue_changed": PostRef,
    "user.suspended": UserRestricted,
    "user.silenced": UserRestricted,
    "user.registered": UserRegistered,
    "user.logged_in": Empty,
    "user.logged_out": Empty,
    "user.password_changed": Empty,
    "user.password_reset_requested": Empty,
    "user.password_reset": Empty,
    "user.token_issued": Empty,
    "ticket.created": TicketCreated,
    "ticket.message_created": TicketMessage,
    "ticket.status_changed": TicketStatusChanged,
    "ticket.updated": TicketUpdated,
    "ticket.rated": TicketRated,
    "ticket.resolution_published": ResolutionPublished,
    "board.created": BoardCreated,
    "idea.created": IdeaCreated,
    "idea.edited": IdeaEdited,
    "idea.commented": IdeaCommented,
    "idea.voted": IdeaVoted,
    "idea.status_changed": IdeaStatusChanged,
    "idea.merged": IdeaMerged,
    "idea.unmerged": IdeaUnmerged,
    "idea.linked": IdeaLinked,
    "idea.unlinked": IdeaUnlinked,
    "kb.created": ArticleEvent,
    "kb.edited": ArticleEvent,
    "notification.created": NotificationCreated,
    "notification.read": NotificationRead,
}


def problems(kind: str, payload) -> list[str]:
    """What is wrong with `payload` for `kind`: undeclared kind, missing, unknown or mistyped keys."""
    declared = KINDS.get(kind)
    if declared is None:
        return ["kind is not declared"]
    if not isinstance(payload, dict):
        return ["payload is not an object"]
    hints = get_type_hints(declared)
    found = [f"missing {key}" for key in sorted(declared.__required_keys__ - payload.keys())]
    found += [f"undeclared {key}" for key in sorted(payload.keys() - hints.keys())]
    for key, value in payload.items():
        if key in hints and not _fits(value, hints[key]):
            found.append(f"{key} is {type(value).__name__}, declared {hints[key]}")
    return found


def _fits(value, hint) -> bool:
    allowed = getattr(hint, "__args__", None) if getattr(hint, "__args__", None) and not _is_generic(hint) else None
    options = allowed or (hint,)
    for option in options:
        option = type(None) if option is None else getattr(option, "__origin__", option)
        if option is int and isinstance(value, bool):
            continue  # a bool is not a count
        if isinstance(value, option):
            return True
    return False


def _is_generic(hint) -> bool:
    return getattr(hint, "__origin__", None) in (list, dict)
