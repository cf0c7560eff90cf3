"""Demo Q&A content in English, 简体中文 and 繁體中文."""

from app.extensions import db
from app.notifications import follows
from app.qa import services, spaces, voting

SPACES = [
    ("Getting started", "getting-started", "Accounts, setup and first steps."),
    ("Billing & plans", "billing", "Invoices, payment methods and plan changes."),
    ("Integrations & API", "integrations", "Webhooks, the REST API and connecting other tools."),
    ("Mobile app", "mobile", "The iOS and Android apps."),
    ("数据与报表", "reports", "导出、报表和数据分析。 資料與報表。"),
]

# space, asker, title, body, tags, [(answerer, body)], accepted index or None, [(commenter, body)]
QUESTIONS = [
    ("getting-started", "alice", "How do I invite my team members to our workspace?",
     "I created a workspace for **Acme Retail** and want to invite five colleagues. Where is the invite button?",
     ["invites", "teams"],
     [("bob", "Go to *Settings → Members* and click **Invite**. You can paste several addresses at once."),
      ("mod", "Admins can also upload a CSV of addresses under *Members → Import*.")], 0,
     [("carol", "The CSV import saved me a lot of time.")]),
    ("getting-started", "carol", "Can I change my username after signing up?",
     "I picked a username with a typo. Is there a way to change it without losing my history?",
     ["account"], [("mod", "Yes: *Account → Profile → Username*. Your posts keep their history.")], 0, []),
    ("getting-started", "bob", "Two-factor authentication setup does not accept my code",
     "The six-digit code from my authenticator app is always rejected. My phone clock is correct, I think.",
     ["security", "2fa"],
     [("alice", "Check that the phone's time is set **automatically**; even 30 seconds of drift breaks codes."),
      ("carol", "Also make sure you scanned the newest QR code; older ones stop working.")], 0,
     [("bob", "Automatic time fixed it, thanks!")]),
    ("billing", "alice", "Where can I download past invoices as PDF?",
     "Our accountant needs invoices for the last twelve months. Is there a bulk download?",
     ["invoices"], [("mod", "Open *Billing → Invoices*; each row has a PDF link, and **Download all** makes a zip.")],
     0, []),
    ("billing", "bob", "Are we charged for deactivated users on the gold plan?",
     "We deactivated three accounts mid-month. Will the next invoice still count them?", ["plans", "invoices"],
     [("alice", "Seats are prorated daily, so you pay only for the days they were active.")], None,
     [("carol", "Same question here: does this apply to annual plans?")]),
    ("billing", "carol", "How do I switch from monthly to annual billing?",
     "Annual looks cheaper. Can I switch in the middle of a month?", ["plans"], [], None, []),
    ("integrations", "bob", "Webhook signature verification fails with HMAC SHA-256",
     "I compute the signature like this but it never matches:\n\n```python\nimport hmac, hashlib\n"
     "sig = hmac.new(secret, body, hashlib.sha256).hexdigest()\n```\n\nWhat am I missing?",
     ["webhooks", "python"],
     [("alice", "Sign the **raw request body** bytes, not the parsed JSON re-serialised; key order changes."),
      ("mod", "And compare with `hmac.compare_digest` against the header value without the `sha256=` prefix.")], 1,
     [("bob", "It was the prefix. Thanks!"), ("carol", "Worth adding to the docs.")]),
    ("integrations", "carol", "Rate limits of the REST API for bulk imports?",
     "We want to import 50k contacts. What are the limits and is there a bulk endpoint?", ["api", "import"],
     [("bob", "I hit 429s at about 10 requests per second; batching 100 per request worked.")], None, []),
    ("integrations", "alice", "Connecting the chat tool integration shows a blank page",
     "After authorising, the popup stays white. Browser: Firefox 128.", ["chat", "firefox"], [], None, []),
    ("mobile", "bob", "Push notifications stopped on Android 15",
     "Since the last update I get no push notifications at all. Battery optimisation is off.",
     ["android", "notifications"],
     [("carol", "Sign out and in again; the update rotated the push token."),
      ("alice", "Also check *Settings → Apps → Kith → Notifications* — the update reset the channel.")], 0, []),
    ("mobile", "carol", "Is there an offline mode in the iOS app?",
     "I travel a lot. Can I read threads without a connection?", ["ios"],
     [("mod", "Threads you opened recently are cached; posting needs a connection.")], None, []),
    ("reports", "alice", "Exporting a monthly report as CSV loses accented characters",
     "Names like *José* come out garbled when I open the CSV in Excel.", ["csv", "excel"],
     [("bob", "The file is UTF-8; use *Data → From Text/CSV* in Excel and pick UTF-8 instead of double-clicking.")],
     0, []),
    # 简体中文
    ("getting-started", "wei", "如何邀请同事加入我们的工作区？",
     "我们公司刚开通账号，想邀请十位同事一起使用。请问在哪里设置？", ["邀请", "团队"],
     [("mod", "在 **设置 → 成员** 中点击“邀请”，可以一次粘贴多个邮箱地址。"),
      ("mei", "也可以上傳 CSV 檔案批次邀請，很方便。")], 0, [("wei", "找到了，谢谢！")]),
    ("billing", "wei", "发票抬头写错了可以修改吗？", "上个月的发票抬头填错了公司名称，能否重新开具？", ["发票"],
     [("mod", "可以。请在 **账单 → 发票** 中点击“申请更正”，一般两个工作日内处理。")], 0, []),
    ("integrations", "wei", "调用 API 时返回 401 错误怎么办？",
     "我用 `Authorization: Bearer <token>` 调用接口，但一直返回 401。令牌是刚生成的。", ["api", "认证"],
     [("bob", "Check that there is exactly one space after `Bearer` and no newline at the end of the token."),
      ("mei", "令牌若在修改密碼後生成前就失效了，請重新產生一次。")], 0, [("wei", "确实是复制时多了换行符。")]),
    ("mobile", "wei", "安卓应用无法收到推送通知", "升级到最新版本后就收不到任何推送了，电池优化已经关闭。",
     ["安卓", "通知"], [("carol", "Try signing out and in again — the push token changes after updates.")], None, []),
    ("reports", "wei", "如何导出每个客户的工单统计报表？", "我们想按客户统计上个季度的工单数量和解决时间，有现成的报表吗？",
     ["报表", "导出"], [("pm", "在 **洞察 → 仪表盘** 选择“按客户”，可以导出 CSV 和 JSON。")], 0, []),
    ("reports", "wei", "数据库连接超时导致报表生成失败", "生成大报表时经常提示“数据库连接超时”，有什么办法吗？",
     ["数据库", "报表"], [], None, [("mod", "请问报表大概包含多少行数据？")]),
    # 繁體中文
    ("getting-started", "mei", "如何變更帳號的顯示名稱？", "我想把顯示名稱改成中文，請問在哪裡設定？", ["帳號"],
     [("mod", "請到 **帳號 → 個人資料** 修改顯示名稱，儲存後立即生效。")], 0, []),
    ("billing", "mei", "帳單可以改用新台幣付款嗎？", "我們公司在台北，想用新台幣付款，請問支援嗎？", ["帳單", "付款"],
     [("mod", "目前支援美元與新台幣，請在 **帳單 → 付款方式** 切換幣別。"),
      ("wei", "我们用人民币也可以，应该是按地区开放的。")], 0, []),
    ("integrations", "mei", "Webhook 簽章驗證一直失敗", "我照著文件計算 HMAC，但簽章始終對不上，請問可能是什麼原因？",
     ["webhooks", "簽章"], [("bob", "Use the raw body bytes and strip the `sha256=` prefix before comparing.")], 0,
     [("mei", "原來是前綴的問題，感謝！")]),
    ("mobile", "mei", "iOS 應用程式可以離線閱讀嗎？", "搭捷運時常沒有訊號，想先下載討論串離線閱讀。", ["ios", "離線"],
     [], None, []),
    ("reports", "mei", "軟體匯出的資料庫報表亂碼", "匯出 CSV 後用 Excel 開啟，中文全部變成亂碼，該怎麼處理？",
     ["報表", "excel"], [("wei", "用 Excel 的“从文本/CSV 导入”并选择 UTF-8 编码即可。")], 0, []),
    ("integrations", "carol", "Can webhooks retry failed deliveries automatically?",
     "Our endpoint was down for an hour. Were the events lost?", ["webhooks"],
     [("mod", "Deliveries are retried with backoff for 24 hours; you can also replay them from the admin page.")],
     0, []),
    ("getting-started", "bob", "What is the difference between a space and a tag?",
     "I am new here. When should I pick a space and when a tag?", ["community"],
     [("mod", "A **space** is the product area (one per question); **tags** are free keywords (up to five).")], 0,
     []),
    ("getting-started", "carol", "How do I turn on dark mode in the web app?",
     "My eyes hurt at night. Is there a dark theme?", ["settings"],
     [("bob", "It follows your system setting; switch your OS to dark mode.")], 0, []),
    ("billing", "bob", "Why was my card declined when upgrading to platinum?",
     "The upgrade fails with *card declined* although the card works elsewhere.", ["payments"],
     [("mod", "Some banks block the first charge from abroad; approve it in your banking app and retry.")], None,
     [("bob", "My bank confirmed it, trying again tomorrow.")]),
    ("integrations", "alice", "Does the API support pagination with cursors?",
     "Listing questions returns `page` and `pages`. Is there a cursor option for large exports?", ["api"],
     [("pm", "Not yet: use `page` with `per_page=100`; cursors are on the roadmap.")], 0, []),
    ("mobile", "alice", "Can I attach photos to a question from the phone?",
     "I want to show a screenshot of the error.", ["android", "ios"], [], None, []),
    ("reports", "carol", "Scheduled reports arrive empty on Mondays",
     "The weekly report email has no rows every Monday morning.", ["reports", "email"],
     [("alice", "Check the report's time zone: at 00:00 UTC Monday the week has not started in your zone.")], 0,
     []),
    ("getting-started", "wei", "忘记密码后收不到重置邮件", "点击“忘记密码”后一直没有收到邮件，垃圾箱里也没有。", ["账号", "邮件"],
     [("mod", "请确认邮箱地址没有拼写错误；公司邮箱有时会拦截，可以联系管理员加入白名单。")], 0, []),
    ("integrations", "wei", "Webhook 回调可以配置多个地址吗？", "我们希望同时通知两个系统，是否支持多个回调地址？", ["webhooks"],
     [("bob", "Yes, add several endpoints under *Settings → Webhooks*; each gets every event.")], 0, []),
    ("billing", "mei", "年繳方案可以中途退費嗎？", "我們買了年繳方案，但團隊縮編了，能否退還部分費用？", ["帳單", "方案"],
     [], None, [("mod", "請提供帳號名稱，我們會協助評估。")]),
    ("mobile", "mei", "安卓版登入後一直轉圈圈", "輸入帳號密碼後畫面一直轉圈，等很久也進不去。", ["安卓", "登入"],
     [("carol", "Clear the app cache in Android settings and try again.")], 0, []),
    ("reports", "mei", "如何把儀表板分享給主管？", "主管沒有帳號，可以產生唯讀連結嗎？", ["報表", "分享"],
     [("pm", "目前需要帳號才能檢視；可以匯出 CSV 或 JSON 給主管。")], None, []),
]  # fmt: skip

VOTERS = ["alice", "bob", "carol", "wei", "mei", "mod", "pm"]

# username → what they follow: (target type, space slug or tag name)
DEMO_FOLLOWS = {
    "alice": [("space", "billing"), ("tag", "api")],
    "wei": [("space", "reports")],
    "mei": [("space", "reports"), ("space", "mobile")],
    "carol": [("space", "getting-started")],
}


def load(users: dict) -> None:
    """Create demo spaces, questions, answers, comments, votes and accepted answers."""
    admin = users["admin"]
    by_slug = {}
    for position, (name, slug, description) in enumerate(SPACES):
        by_slug[slug] = spaces.create_space(admin, name=name, slug=slug, description=description, position=position)
    for index, (slug, asker, title, body, tags, answers, accepted, comments) in enumerate(QUESTIONS):
        question = services.ask_question(users[asker], title=title, body=body, space=by_slug[slug], tags=tags)
        posted = [services.post_answer(users[who], question, body=text) for who, text in answers]
        for who, text in comments:
            services.add_comment(users[who], "question", question.id, body=text)
        _vote(users, "question", question, index)
        for position, answer in enumerate(posted):
            _vote(users, "answer", answer, index + position + 1)
        if accepted is not None:
            voting.accept_answer(users[asker], posted[accepted])
        if index % 4 == 0:
            voting.me_too(users[VOTERS[(index + 2) % len(VOTERS)]], question)
    _follow(users, by_slug)


def _follow(users: dict, by_slug: dict) -> None:
    """The demo follows of spaces and tags, so demo users get notifications once the consumer runs."""
    for username, targets in DEMO_FOLLOWS.items():
        user = users.get(username)
        for target_type, key in targets if user else ():
            target_id = by_slug[key].id if target_type == "space" else key
            follows.add_follow(user.id, target_type, target_id)
    db.session.commit()


def _vote(users: dict, post_type: str, post, seed: int) -> None:
    """A few deterministic votes (never on one's own post)."""
    count = 1 + seed % 4
    for offset in range(count):
        voter = users[VOTERS[(seed + offset) % len(VOTERS)]]
        if voter.id != post.author_id:
            voting.vote(voter, post_type, post.id, -1 if (seed + offset) % 9 == 8 else 1)
