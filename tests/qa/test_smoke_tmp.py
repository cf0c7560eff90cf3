def test_smoke(qa, make_user, client_for):
    alice = make_user()
    bob = make_user()
    q = qa.question(alice, tags=["python", "数据库"], title="我的数据库连接失败怎么办？")
    a = qa.answer(q, bob)
    qa.comment(q, bob)
    qa.comment(a, alice)
    c = client_for(alice)
    r = c.get(f"/questions/{q.id}")
    assert r.status_code == 301, r.status_code
    r = c.get(r.headers["Location"])
    assert r.status_code == 200, r.get_data(as_text=True)
    print(r.headers)
    assert c.get("/questions").status_code == 200
    assert c.get("/").status_code == 200
    assert c.get("/questions/ask").status_code == 200
    assert c.get(f"/questions/{q.id}/revisions").status_code == 200
