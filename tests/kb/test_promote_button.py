"""The question page offers staff a button that turns the accepted answer into an article."""

from tests.qa.factories import QAFactories


def test_moderator_promotes_the_accepted_answer_from_the_question_page(factories, make_user, client_for):
    from app.qa import voting

    qa = QAFactories(factories)
    question = qa.question()
    answer = qa.answer(question, body="Restart the sync service, then clear the cache.")
    voting.accept_answer(question.author, answer)
    moderator, customer = make_user(role="moderator"), make_user()
    url = f"/questions/{question.id}/x"
    staff_page = client_for(moderator).get(url, follow_redirects=True).get_data(as_text=True)
    assert "Promote to the knowledge base" in staff_page
    assert "Promote to the knowledge base" not in client_for(customer).get(url, follow_redirects=True).get_data(
        as_text=True
    )
    done = client_for(moderator).post(f"/kb/promote/{answer.id}", follow_redirects=True)
    assert "Restart the sync service" in done.get_data(as_text=True)
    again = client_for(moderator).get(url, follow_redirects=True).get_data(as_text=True)
    assert "In the knowledge base" in again and "Promote to the knowledge base" not in again
