"""Demo knowledge-base articles (English, Simplified and Traditional Chinese)."""

from app.kb import services

ARTICLES = [
    ("How to export invoices as CSV",
     "1. Open **Billing → Invoices**.\n2. Choose the period.\n3. Press **Export CSV**.\n\n"
     "Large exports run in the background; you get an email when the file is ready."),
    ("Reset a forgotten password",
     "Use **Forgot password?** on the sign-in page. The reset link is valid for one hour. "
     "If no email arrives, check the spam folder or ask an administrator to resend it."),
    ("如何导出客户满意度报表",
     "在 **报表 → 客户满意度** 页面选择时间范围，然后点击 **导出**。导出的文件为 CSV 格式，可以用 Excel 打开。"),
    ("帳單與發票常見問題",
     "帳單每月一日產生。若要修改發票抬頭，請到 **帳戶設定 → 帳單資訊**。登入後即可下載過去十二個月的帳單。"),
]  # fmt: skip


def load(users: dict) -> None:
    """Write the demo articles as the first moderator (or admin) found."""
    from app.core.permissions import Perm, can

    author = next((u for u in users.values() if can(u, Perm.MANAGE_KB)), None)
    if author is None:
        return
    for title, body in ARTICLES:
        services.create_article(author, title=title, body=body)
