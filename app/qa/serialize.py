"""JSON shapes of Q&A objects for the API (and the realtime helper)."""

from app.core.sanitize import excerpt
from app.qa.urls import question_url


def author_json(user) -> dict | None:
    if user is None:
        return None
    return {"id": user.id, "username": user.username, "display_name": user.display_name}


def space_json(space) -> dict:
    return {
        "id": space.id,
        "name": space.name,
        "slug": space.slug,
        "description": space.description,
        "position": space.position,
    }


def question_summary(question) -> dict:
    return {
        "id": question.id,
        "title": question.title,
        "slug": question.slug,
        "url": question_url(question),
        "space": {"id": question.space.id, "slug": question.space.slug, "name": question.space.name},
        "tags": [t.name for t in question.tags],
        "author": author_json(question.author),
        "score": question.score,
        "answer_count": question.answer_count,
        "me_too_count": question.me_too_count,
        "solved": question.is_solved,
        "accepted_answer_id": question.accepted_answer_id,
        "status": question.status,
        "excerpt": _excerpt(question.body_text),
        "created_at": question.created_at.isoformat(),
        "last_activity_at": question.last_activity_at.isoformat(),
    }


def _excerpt(text: str) -> str:
    return excerpt(text, 200)


def comment_json(comment) -> dict:
    return {
        "id": comment.id,
        "post_type": comment.post_type,
        "post_id": comment.post_id,
        "question_id": comment.question_id,
        "author": author_json(comment.author),
        "body": comment.body,
        "body_html": comment.body_html,
        "status": comment.status,
        "created_at": comment.created_at.isoformat(),
    }


def answer_json(answer, comments=None, accepted_id=None) -> dict:
    data = {
        "id": answer.id,
        "question_id": answer.question_id,
        "author": author_json(answer.author),
        "body": answer.body,
        "body_html": answer.body_html,
        "score": answer.score,
        "accepted": answer.id == accepted_id,
        "status": answer.status,
        "created_at": answer.created_at.isoformat(),
        "updated_at": answer.updated_at.isoformat() if answer.updated_at else None,
    }
    if comments is not None:
        data["comments"] = [comment_json(c) for c in comments]
    return data


def thread_json(thread) -> dict:
    question = thread.question
    data = question_summary(question)
    data.update(
        {
            "body": question.body,
            "body_html": question.body_html,
            "updated_at": question.updated_at.isoformat() if question.updated_at else None,
            "comments": [comment_json(c) for c in thread.comments_for(question)],
            "answers": [answer_json(a, thread.comments_for(a), question.accepted_answer_id) for a in thread.answers],
        }
    )
    for item in [data, *data["answers"]]:
        if item["author"]:
            item["author"]["reputation"] = thread.reputation_of(item["author"]["id"])
    return data
