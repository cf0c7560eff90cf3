"""Ticket pages run a fixed number of queries whatever the conversation's or the queue's size."""

from tests.qa.test_query_count import count_queries


def _page_queries(client, url) -> int:
    client.get(url)  # warm-up
    with count_queries() as statements:
        assert client.get(url).status_code == 200
    return len(statements)


def test_ticket_page_and_queue_do_not_grow(tickets, make_user, client_for):
    agent = tickets.agent()
    small = tickets.ticket(agent=agent)
    big = tickets.ticket(agent=agent)
    for i in range(15):
        tickets.reply(big.requester, big, f"Customer message {i}")
        tickets.reply(make_user(role="moderator"), big, f"Agent message {i}", internal=i % 2 == 0)
    client = client_for(agent)
    page_small, page_big = _page_queries(client, f"/tickets/{small.id}"), _page_queries(client, f"/tickets/{big.id}")
    assert page_small == page_big

    few = _page_queries(client, "/tickets/queue")
    for _ in range(8):
        tickets.ticket(agent=agent, tier="gold")
    many = _page_queries(client, "/tickets/queue")
    assert many == few
    print("ticket page queries:", page_big, "agent queue queries:", many)
