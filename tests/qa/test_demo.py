"""The demo loader fills several spaces with questions in English, 简体中文 and 繁體中文."""

import re

from sqlalchemy import func, select

from app.demo.services import load_demo
from app.extensions import db
from app.qa.models import Answer, Comment, Question, Space, Vote


def test_demo_content_in_three_scripts(client_for):
    load_demo()
    assert db.session.scalar(select(func.count(Space.id))) >= 4
    questions = list(db.session.scalars(select(Question)))
    assert len(questions) >= 30
    titles = " ".join(q.title for q in questions)
    assert re.search(r"[a-zA-Z]{4}", titles) and "数据库" in titles and "帳單" in titles
    assert sum(q.is_solved for q in questions) >= 15
    assert db.session.scalar(select(func.count(Answer.id))) >= 30
    assert db.session.scalar(select(func.count(Comment.id))) >= 10
    assert db.session.scalar(select(func.count(Vote.id))) >= 30
    page = client_for(None).get("/questions", headers={"Accept-Language": "zh-CN"})
    assert page.status_code == 200 and "提问" in page.get_data(as_text=True)
    solved = next(q for q in questions if q.is_solved)
    assert client_for(None).get(f"/questions/{solved.id}/{solved.slug}").status_code == 200
