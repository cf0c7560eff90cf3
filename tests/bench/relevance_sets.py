"""Hand-written judgement sets for bench_relevance: regional vocabulary and English paraphrases.

REGIONAL: the same support question phrased as people write it in Taiwan and on the Mainland
(檔案/文件, 資料/数据, 函式/函数, 工具列/工具栏, 螢幕/屏幕, 連結/链接, 登入/登录 …). Kith folds with
OpenCC's tw2sp phrase dictionary only; it has no hand-made vocabulary table, so none of these
pairs is used for folding (if one is added, take its pairs from FOLDING_ONLY, never from here).
PARAPHRASES: an English help article and a question asking for it in other words.
"""

# (Taiwan phrasing, Mainland phrasing) of one question; each side is a document title + body.
REGIONAL = [
    (
        "上傳的檔案太大被拒絕",
        "上传的文件太大被拒绝",
        "附件超過大小上限時會出現錯誤訊息。",
        "附件超过大小上限时会出现错误提示。",
    ),
    ("匯出資料到試算表", "导出数据到电子表格", "可以把報表資料匯出成 Excel。", "可以把报表数据导出成 Excel。"),
    ("自訂函式回傳錯誤的值", "自定义函数返回错误的值", "公式裡呼叫的函式結果不對。", "公式里调用的函数结果不对。"),
    ("工具列不見了", "工具栏不见了", "更新後編輯器上方的工具列消失。", "更新后编辑器上方的工具栏消失。"),
    ("螢幕解析度太低字很糊", "屏幕分辨率太低字很模糊", "在外接螢幕上介面模糊。", "在外接屏幕上界面模糊。"),
    ("分享連結打不開", "分享链接打不开", "別人點我給的連結出現錯誤。", "别人点我给的链接出现错误。"),
    ("無法登入帳號", "无法登录账号", "輸入密碼後一直停在登入頁面。", "输入密码后一直停在登录页面。"),
    ("軟體更新後當機", "软件更新后崩溃", "安裝新版軟體之後程式一直當掉。", "安装新版软件之后程序一直崩溃。"),
    ("資料庫連線逾時", "数据库连接超时", "產生報表時資料庫連線逾時。", "生成报表时数据库连接超时。"),
    ("列印文件時頁面被截斷", "打印文档时页面被截断", "印表機印出來少了右邊。", "打印机打出来少了右边。"),
    ("表格多了一欄空白", "表格多了一栏空白", "匯入後每列最後多一欄。", "导入后每行最后多一栏。"),
    ("影片上傳後沒有聲音", "视频上传后没有声音", "上傳的影片播放時是靜音。", "上传的视频播放时是静音。"),
    (
        "網路不穩定時訊息送不出去",
        "网络不稳定时消息发不出去",
        "行動網路訊號差就傳送失敗。",
        "移动网络信号差就发送失败。",
    ),
    ("如何設定預設的資料夾", "如何设置默认的文件夹", "每次存檔都要重新選資料夾。", "每次保存都要重新选文件夹。"),
    ("滑鼠右鍵選單沒反應", "鼠标右键菜单没反应", "在清單上按右鍵什麼都沒出現。", "在列表上按右键什么都没出现。"),
    ("搜尋結果不包含舊的貼文", "搜索结果不包含旧的帖子", "找不到去年發的文章。", "找不到去年发的文章。"),
    ("記憶體不足導致程式關閉", "内存不足导致程序关闭", "開啟大檔案時出現記憶體不足。", "打开大文件时出现内存不足。"),
    ("伺服器回應很慢", "服务器响应很慢", "尖峰時段伺服器常常逾時。", "高峰时段服务器经常超时。"),
    ("如何刪除帳號的個人資料", "如何删除账号的个人信息", "想把個人資料全部移除。", "想把个人信息全部删除。"),
    ("行事曆同步失敗", "日历同步失败", "手機上的行事曆跟網頁版不同步。", "手机上的日历跟网页版不同步。"),
    ("外掛程式安裝不了", "插件安装不了", "瀏覽器外掛一直安裝失敗。", "浏览器插件一直安装失败。"),
    ("簡訊驗證碼收不到", "短信验证码收不到", "申請驗證碼後沒有收到簡訊。", "申请验证码后没有收到短信。"),
    ("網頁字型顯示成方塊", "网页字体显示成方块", "中文字型變成一格一格的。", "中文字体变成一格一格的。"),
    ("批次匯入聯絡人", "批量导入联系人", "想一次匯入一千筆聯絡人資料。", "想一次导入一千条联系人数据。"),
]

# English help articles and questions asking for them in other words (rank 1–5 is a hit).
PARAPHRASES = [
    (
        "Reset a forgotten password",
        "Use the link on the sign-in page to get a reset email.",
        "I can't remember my login and the recovery mail never shows up",
    ),
    (
        "Export invoices as CSV",
        "Billing → Invoices → Export CSV opens in any spreadsheet.",
        "can I get my bills into excel",
    ),
    (
        "Verify webhook signatures",
        "Compute an HMAC SHA-256 of the raw body and compare it with the header.",
        "how do I check that a webhook request really came from you",
    ),
    (
        "Invite team members",
        "Settings → Members → Invite; paste several addresses at once.",
        "how do I add my colleagues to our workspace",
    ),
    (
        "Turn on two-factor authentication",
        "Scan the QR code with an authenticator app.",
        "how to enable 2fa codes from my phone app",
    ),
    (
        "Change your plan or billing period",
        "Switch between monthly and annual billing at any time.",
        "move from monthly payments to yearly subscription",
    ),
    (
        "Push notifications on Android",
        "Sign out and in again after an update to refresh the push token.",
        "my android phone stopped getting alerts",
    ),
    (
        "API rate limits",
        "About 10 requests per second; batch 100 records per call.",
        "how many requests per second can my script send to the api",
    ),
    (
        "Dark mode",
        "The web app follows your system's dark theme.",
        "is there a night theme, the white screen hurts my eyes",
    ),
    (
        "Delete your account",
        "Account → Privacy → Delete removes your profile and posts.",
        "how do I close my profile permanently and remove my data",
    ),
    (
        "Offline reading in the mobile app",
        "Threads you opened recently are cached for reading without a connection.",
        "can I read threads on the plane without internet",
    ),
    (
        "Attach screenshots to a post",
        "Drag an image into the editor or use the paperclip button.",
        "how to add a picture of the error to my question",
    ),
    (
        "Scheduled report time zones",
        "Reports run at midnight in the report's time zone.",
        "weekly report email comes empty every monday",
    ),
    (
        "Refunds for annual plans",
        "Unused months of an annual plan are refunded on request.",
        "I paid for a year and want my money back",
    ),
    (
        "Single sign-on with SAML",
        "Configure your identity provider under Security → SSO.",
        "log in with our company okta account",
    ),
    (
        "Change the email address on your account",
        "Account → Profile → Email; confirm the new address.",
        "update where my notifications are sent",
    ),
    (
        "Card declined when upgrading",
        "Banks may block the first charge from abroad; approve it and retry.",
        "payment keeps failing when I try to buy the bigger plan",
    ),
    (
        "Import contacts from a spreadsheet",
        "Upload a CSV with a header row under Contacts → Import.",
        "bulk upload my customer list from excel",
    ),
    ("Keyboard shortcuts", "Press ? anywhere to see every shortcut.", "is there a list of hotkeys"),
    (
        "Data retention and backups",
        "Backups are kept for 30 days and stored encrypted.",
        "how long do you keep copies of my information",
    ),
]
