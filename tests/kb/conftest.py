import pytest

from tests.qa.factories import QAFactories


@pytest.fixture(autouse=True)
def _request_context(app):
    with app.test_request_context():
        yield


@pytest.fixture
def qa(factories) -> QAFactories:
    return QAFactories(factories)


@pytest.fixture
def moderator(make_user):
    return make_user(role="moderator")


@pytest.fixture
def article(moderator):
    from app.kb import services

    return services.create_article(moderator, title="Export your invoices", body="Go to **Billing** → Export.")


@pytest.fixture
def accepted_answer(qa, make_user):
    from app.qa import voting

    question = qa.question(title="How do I export all my invoices?")
    answer = qa.answer(question, body="Use the **Export** button on the billing page.")
    voting.accept_answer(question.author, answer)
    return answer
