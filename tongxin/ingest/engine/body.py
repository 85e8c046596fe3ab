"""Find the article body in a scraped page, line by line.

Scraped pages wrap the article in bylines, share buttons, photo captions, teaser lists of other
articles, product ads and comment areas. The rules here look only at the shape of a line (length,
punctuation, dates, truncation marks, the generic words sites use for their own furniture), never at
the topic, so they carry over to pages from other sites.
"""

import re
from dataclasses import dataclass

_CJK = re.compile(r"[\u3400-\u9fff]")
_DATETIME = re.compile(r"\d{4}\s*[-/.年]\s*\d{1,2}\s*[-/.月]\s*\d{1,2}\s*日?|\d{1,2}:\d{2}(?::\d{2})?")
_END_MARK = re.compile(
    r"[(\[【]\s*(?:完|全文完|本文完|终|结束|全文结束)\s*[)\]】]|^\s*[-—]+\s*(?:完|全文完|END)\s*[-—]+\s*$"
)
_BYLINE = re.compile(
    r"^[(\[【]?\s*(?:来源|转自|转载自|编辑|作者|责任编辑|责编|记者|通讯员|撰稿|审核|审校|校对|监制|出品|摄影|摄像|"
    r"图片|图文|文图|文|图|原标题|本文来源|文章来源|稿源|发布时间|发布日期|发布|时间|供稿|整理|策划|统筹|主编|编审|"
    r"值班编辑|编审|初审|复审|终审|制作|来源于)\s*[:/|]"
)
_BYLINE_WORD = re.compile(r"记者|通讯员|编辑|责编|作者|摄影|来源|撰文|特约")
_CAPTION = re.compile(
    r"^(?:资料图|图为|图片|图源|图注|上图|下图|左图|右图|组图|配图|视频截图|截图|图\d|[▲△▼↑↓])"
    r"|(?:^|[\s。.(])\S{0,16}(?:摄|供图|摄影|/图)\)?$"
)
_FURNITURE = re.compile(
    r"分享到|分享至|一键分享|扫一扫|扫码|打开微信|长按识别|点击关注|关注我们|点赞|收藏|打印本页|关闭窗口|返回顶部|"
    r"字号|上一篇|下一篇|阅读原文|(?:阅读|浏览|评论|播放|点击)(?:量|数)?\s*[:]?\s*\d|举报|登录|注册|APP"
)
_COPYRIGHT = re.compile(
    r"版权所有|版权声明|Copyright|©|未经授权|未经许可|不得转载|禁止转载|免责声明|ICP备|备案号|"
    r"违法和不良信息|本文仅代表作者|不代表本(?:站|网)"
)
_CONTACT = re.compile(
    r"^(?:单位地址|通讯地址|地址|邮编|邮政编码|电话|联系电话|传真|邮箱|电子邮箱|E-?mail|网址|技术支持|"
    r"主办|承办|协办|主管|运营|投稿邮箱|新闻热线|热线)\s*[:]"
)
_BREADCRUMB = re.compile(r"^(?:您的位置|当前位置|您当前的位置|所在位置|位置)\s*[:]|[>»›].*[>»›]|^首\s*页\s")
_ONLY_FIGURES = re.compile(r"[¥$]?\s*[\d\s.,:/|·%-]*\s*(?:元|分|起|万|次|人)?")
_SECTION = re.compile(
    r"^(?:相关|推荐|热门|热点|精彩|延伸|猜你|更多|最新|网友|往期|大家都在|为你推荐|今日推荐|排行|编辑推荐|责任编辑|"
    r"责编|专题|看点|阅读下一篇|广告|赞助)"
    r"|^.{0,4}(?:推荐|评论|评论区|留言|阅读|资讯|排行|排行榜|图集|视频|热搜|头条|专题)$"
)
_TEASER = re.compile(r"(?:\.{3}|(?<!…)…)\s*$|\.{3}\s+\S")
_SENTENCE_PUNCT = re.compile(r"[。,;!?]")
_END_WORDS = re.compile(r"完|终|结束|END")  # without one of these no _END_MARK can match


# Lines kept above the first paragraph: headline, deck, sub-headline; earlier ones are navigation.
_MAX_HEAD_LINES = 3


@dataclass(frozen=True)
class BodyLine:
    """One kept line of the clean text: ``role`` is ``title``, ``heading`` or ``para``."""

    start: int
    end: int
    role: str


def boilerplate_kind(line: str) -> str | None:
    """Why a stripped line is page furniture rather than article text, or None."""
    if not line:
        return "empty"
    if _ONLY_FIGURES.fullmatch(line) or line in ("¥", "$"):
        return "figures"
    if _BYLINE.match(line):
        return "byline"
    short = len(line) <= 40 and "。" not in line
    if len(line) < 120 and _COPYRIGHT.search(line):
        return "copyright"
    if _CONTACT.match(line):
        return "contact"
    if len(line) <= 80 and _BREADCRUMB.search(line):
        return "breadcrumb"
    if len(line) <= 120 and _CAPTION.search(line[-24:] if line[-1] in "摄图)" else line[:6]):
        return "caption"
    if short and _FURNITURE.search(line):
        return "furniture"
    if _DATETIME.search(line):
        rest = _DATETIME.sub("", line)
        if len(_CJK.findall(rest)) < 15 and "。" not in rest:
            return "dateline"
    if len(line) <= 25 and not _SENTENCE_PUNCT.search(line) and _BYLINE_WORD.search(line):
        return "byline"
    return None


def is_prose(line: str) -> bool:
    """A paragraph of running text: long enough and punctuated as sentences."""
    if not _SENTENCE_PUNCT.search(line):
        return False
    return len(line) >= 40 or (len(line) >= 16 and line[-1] in '。!?”"')


def is_terminator(line: str) -> bool:
    """Lines that open the page furniture after an article: teaser lists, section headings."""
    if ("…" in line or "..." in line) and _TEASER.search(line):  # the test first: the regex is slow
        return True
    return len(line) <= 12 and not _SENTENCE_PUNCT.search(line) and bool(_SECTION.search(line))


def find_body(text: str) -> list[BodyLine]:
    """The headline, sub-headlines and paragraphs of the article, up to its end mark."""
    lines: list[tuple[int, int, str]] = []
    pos = 0
    for raw in text.split("\n"):
        lead = len(raw) - len(raw.lstrip())
        stripped = raw.strip()
        lines.append((pos + lead, pos + lead + len(stripped), stripped))
        pos += len(raw) + 1
    kinds: dict[int, str | None] = {}  # each line is judged once, and only if it is reached

    def kind(i: int) -> str | None:
        if i not in kinds:
            kinds[i] = boilerplate_kind(lines[i][2])
        return kinds[i]

    first_prose = next((i for i, (_, _, s) in enumerate(lines) if is_prose(s) and not kind(i)), None)
    out: list[BodyLine] = []
    head: list[int] = [
        i
        for i, (_, _, s) in enumerate(lines[: first_prose or 0])
        if s and not kind(i) and not is_terminator(s)
    ]
    keep_head = set(head[-_MAX_HEAD_LINES:])
    for i, (start, end, s) in enumerate(lines):
        if not s:
            continue
        in_body = first_prose is not None and i >= first_prose
        mark = _END_MARK.search(s) if _END_WORDS.search(s) else None
        if mark and in_body:
            if mark.start() > 0 and s[: mark.start()].strip():
                out.append(BodyLine(start, start + mark.start(), "para"))
            break
        if in_body and i > first_prose and (is_terminator(s) or kind(i) == "copyright"):
            break
        if kind(i) or (not in_body and i not in keep_head and first_prose is not None):
            continue
        if not out:
            role = "title" if not is_prose(s) or first_prose is None or i < first_prose else "para"
        else:
            role = "para" if is_prose(s) else "heading"
        out.append(BodyLine(start, end, role))
    while len(out) > 1 and out[-1].role == "heading" and any(b.role == "para" for b in out):
        out.pop()
    return out
