"""Demo content: two boards with ideas, votes from customers of every tier, statuses and responses."""

from app.ideas import services, workflow

BOARDS = [
    ("cloud", "Kith Cloud", "Ideas for the hosted platform: integrations, reporting, admin. 云平台的想法。", None),
    ("mobile", "Mobile app · 手机应用", "The iOS and Android apps. 每人最多 5 票。", 5),
]

# board, author, title, body, voters, (status, response) or None
IDEAS = [
    (
        "cloud",
        "alice",
        "Export reports to Excel on a schedule",
        "We send weekly numbers to our managers. A **scheduled export** (daily / weekly) to email "
        "would save us an hour every Monday.",
        ["alice", "bob", "carol", "wei"],
        ("planned", "Thanks for the clear use case! Scheduled exports are **planned** for the next quarter."),
    ),
    (
        "cloud",
        "wei",
        "支持企业微信单点登录",
        "我们公司所有员工都使用企业微信。希望可以用企业微信账号直接登录社区。",
        ["wei", "mei", "alice"],
        ("in_progress", "我们正在开发企业微信登录，预计下个月上线。"),
    ),
    (
        "cloud",
        "mei",
        "繁體中文的電子郵件通知範本",
        "目前的通知郵件只有英文和簡體中文，希望能提供**繁體中文**範本。",
        ["mei", "carol"],
        ("completed", "已上線！請在帳號設定中選擇繁體中文。"),
    ),
    (
        "cloud",
        "bob",
        "Dark mode for the admin console",
        "Our support team works night shifts. A dark theme would be easier on the eyes.",
        ["bob", "carol"],
        ("under_review", None),
    ),
    (
        "cloud",
        "carol",
        "Webhooks for new ideas",
        "Post new ideas to our Slack channel through a webhook.",
        ["carol"],
        ("declined", "We will not build a separate webhook for this: the general **event webhooks** already cover it."),
    ),
    (
        "cloud",
        "carol",
        "Scheduled Excel export of reports",
        "Same as the weekly report export, I think.",
        ["carol"],
        None,
    ),
    (
        "mobile",
        "alice",
        "Offline mode for the mobile app",
        "Let us read saved threads on flights, and queue answers until we are back online.",
        ["alice", "bob", "wei"],
        ("planned", "Offline reading comes first; queued answers will follow."),
    ),
    (
        "mobile",
        "wei",
        "手机端推送通知可以按空间订阅",
        "希望可以只接收我关注的空间的推送。",
        ["wei", "mei"],
        None,
    ),
    (
        "mobile",
        "bob",
        "Face ID sign-in",
        "Sign in with Face ID / fingerprint instead of typing a password.",
        ["bob"],
        None,
    ),
]


def load(users: dict) -> None:
    """Create the demo boards and ideas (idempotent only on an empty database)."""
    boards = {
        slug: services.create_board(
            None, name=name, slug=slug, description=description, vote_budget=budget, position=i, system=True
        )
        for i, (slug, name, description, budget) in enumerate(BOARDS)
    }
    pm = users["pm"]
    ideas = []
    for slug, author, title, body, voters, status in IDEAS:
        idea = services.create_idea(users[author], boards[slug], title=title, body=body)
        for voter in voters:
            services.set_vote(users[voter], idea, True)
        if status:
            workflow.change_status(pm, idea, status[0], status[1] or "")
        ideas.append(idea)
    workflow.merge(pm, ideas[5], ideas[0].id)
    services.add_comment(users["bob"], ideas[0], "Please include CSV as well as Excel.")
    services.add_comment(users["wei"], ideas[1], "太好了，期待！")
