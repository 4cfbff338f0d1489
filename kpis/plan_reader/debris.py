"""Web-page debris around a plan copied from the internet: site names, ads, share buttons, view
counts, page dates, "相关推荐" lists, elided names (〔...〕) and the signature block.

Judged line by line (and for 〔...〕 inside a line) so that nothing of the plan itself is lost."""

from __future__ import annotations

import re
from functools import cache

# Page furniture: a line holding one of these is debris when it reads like furniture — the word is
# followed by a count or a colon ("浏览次数：1826", "来源：市教育局"), or the line is short and has no full
# stop. A sentence of the plan that happens to contain one ("年人均阅读量不少于20本。", "经费来源：…。") stays.
_DEBRIS_WORDS = (
    "网页版", "二维码", "分享 时间", "分享时间", "以下是网友", "为您整理", "供您参考", "相关范文",
    "来源:", "来源：", "浏览次数", "阅读次数", "阅读量", "点击量", "访问量", "责任编辑", "扫一扫", "分享到",
    "打印本页", "关闭窗口", "版权所有", "上一篇", "下一篇", "字体：", "字号：", "【字体", "Home",
    "首页 >", "首页>", "当前位置", "发布时间", "发布日期", "发文日期", "信息来源", "编辑：", "审核：", "责编",
    "本文链接", "原文链接", "【打印", "【关闭", "【收藏", "【返回",
    "文档页数", "文档格式", "文档大小", "立即下载",
)
# A document site's terms around a plan copied from it (成为VIP后,下载本文档将扣除1次下载权益。…): debris even
# as whole sentences, since no plan speaks of its own download.
_DOC_SITE = re.compile(r"下载本文档|下载权益|文档贡献者|VIP文档|上传文档")
# Words that are also plan vocabulary (人均阅读量, 网站点击量): debris only when a count follows at once.
_COUNTED_WORDS = ("阅读量", "点击量", "访问量")
_COUNT_AFTER = re.compile(r"\s*[:：]?\s*\d")
# A WeChat/portal header or footer: 阅读 2.1万  赞 86  在看 12 — two or more label+count pairs.
_COUNT_PAIR = re.compile(r"(?:阅读|浏览|点击|访问|赞|点赞|在看|分享|收藏|评论|转发)(?:量|次数|数)?\s*[:：]?\s*\d+(?:\.\d+)?万?\+?")
# A timestamped by-line: 原创 … 2025年02月21日 18:02 发表于四川, 2025-02-18 09:30 (no sentence of the plan
# carries a clock time).
_STAMP = re.compile(r"\d{4}\s*[-/.年]\s*\d{1,2}\s*[-/.月]\s*\d{1,2}\s*日?\s+\d{1,2}:\d{2}")
_URL = re.compile(r"https?://|www\.")
# A portal's metadata block and footer, label and colon (the labels often spaced out: 索 引 号：, 文　　号：):
# 索引号：000014349/2026-00815  分类：…, 发布机构：…  成文日期：…, 地址：…  邮编：…  电话：…. A line without a
# full stop that opens with such a label, or holds two, is page furniture — its numbers (00815 分类) are no figures.
_META_LABELS = ("索引号", "发布机构", "发文机关", "主题分类", "信息分类", "体裁分类", "组配分类", "主题词", "成文日期", "发布日期",
                "发文日期", "生效日期", "公开方式", "公开范围", "公开时限", "有效性", "发文字号", "文号", "网站标识码", "主办单位",
                "承办单位", "主办", "承办", "技术支持", "地址", "邮编", "联系电话", "电话", "传真", "分类", "名称")
_META = re.compile("(?:" + "|".join(_META_LABELS) + ")[:：]")
# A line starting one of these ends the plan: everything after it is the page's footer.
_FOOTER_STARTS = ("相关推荐", "热门标签", "相关阅读", "相关文章", "推荐阅读", "猜你喜欢", "延伸阅读", "相关链接")
_ELIDED = re.compile(r"[〔\[【]\s*(?:\.{2,}|…+|\.\s*\.\s*\.)\s*[〕\]】]")
_PAGE_DATE = re.compile(r"^\d{4}[-/.]\d{1,2}[-/.]\d{1,2}(?:\s+\d{1,2}:\d{2}(?::\d{2})?)?$")
_SIGN_DATE = re.compile(r"^\d{4}\s*年\s*\d{1,2}\s*月\s*\d{1,2}\s*日$")
_SIGNER = re.compile(r"^[\u4e00-\u9fff（）()]{2,30}(?:局|委员会|委|厅|政府|办公室)$")
# A page number a PDF copy leaves between the lines of a sentence: — 2 —, - 2 -, ·2·, 2, 第2页, 第2页/共9页, 2/9
_PAGE_NUMBER = re.compile(r"^[\s—\-－–·•]*(?:第\s*)?\d{1,3}\s*页?(?:\s*[/／]\s*共?\s*\d{1,3}\s*页?)?[\s—\-－–·•]*$")
# A breadcrumb: short names joined by > (闽南网 > 漳州 > 漳州教育 > 正文, 首页>新闻中心>教育动态), two joins or more.
_BREADCRUMB = re.compile(r"^\s*[^>›»，,。；;:：]{1,15}(?:\s*[>›»]\s*[^>›»，,。；;:：]{1,15}){2,}\s*[>›»]?\s*$")
# A line of the site's buttons and names only (注册, 登录 注册, 手机版, 央视网|中国网络电视台|网站地图, ·网上投稿·主任信箱).
_NAV_WORD = (r"(?:注册|登录|登陆|首页|手机版|手机|客户端|网站地图|关注我们|无障碍|无障碍浏览|长者模式|老年模式|设为首页|加入收藏|"
             r"English|EN|APP|网上投稿|主任信箱|局长信箱|站内搜索|搜索|返回|返回列表|[\u4e00-\u9fff]{1,8}(?:网|电视台|新闻网|日报|晚报))")
_NAV_LINE = re.compile(rf"^[\s|｜·•/]*{_NAV_WORD}(?:[\s|｜·•/]+{_NAV_WORD})*[\s|｜·•/]*$")
# A related story a page lists under its text: a bulleted headline ending in its date (- 福州推出13条措施…2024-03-04).
_LISTED_STORY = re.compile(r"^[-•·*]\s*[^。]{2,80}?\s*[(（\[]?\d{4}[-/.]\d{1,2}[-/.]\d{1,2}[)）\]]?$")
_JUNK = re.compile(r"^[\W\d_a-zA-Z]*$")  # digits, punctuation, code scraps: ");  23 4522141
# An attachment's link under a page's text: a file name and its extension on a line of its own (…指标表.xlsx).
_ATTACHMENT = re.compile(r"^(?:附件\s*\d*\s*[:：]?\s*)?[^。；;，,]{1,80}\.(?:xlsx?|docx?|pdf|wps|et|ofd|zip|rar)$", re.I)


@cache
def _debris_words() -> tuple[str, ...]:
    """The words as `normalise` writes them (its full-width colon is ':')."""
    from kpis.plan_reader.numbers import normalise
    return tuple(dict.fromkeys(normalise(w) for w in _DEBRIS_WORDS))


def remove_elided(line: str) -> str:
    """'深化〔...〕市“阳光思政”' → '深化市“阳光思政”' (the web copy's elided names)."""
    return _ELIDED.sub("", line)


def is_debris(line: str) -> bool:
    s = line.strip()
    if not s:
        return False
    from kpis.plan_reader.numbers import PINYIN, normalise
    n = PINYIN.sub("", normalise(s))  # 當(dāng)前位置: the furniture's words with a page's pinyin taken out
    furniture_shaped = "。" not in n and len(n) <= 80
    for w in _debris_words():
        at = n.find(w)
        if at < 0:
            continue
        counted = _COUNT_AFTER.match(n, at + len(w)) is not None
        if counted or (furniture_shaped and w not in _COUNTED_WORDS):
            return True
    if furniture_shaped and (len(_COUNT_PAIR.findall(n)) >= 2 or _STAMP.search(n) or _URL.search(n)):
        return True
    if _DOC_SITE.search(n):
        return True
    tight = re.sub(r"\s+", "", n)
    if "。" not in n and len(tight) <= 80 and (_META.match(tight) or len(_META.findall(tight)) >= 2):
        return True
    if _PAGE_DATE.match(s) or _SIGN_DATE.match(s.replace(" ", "")) or _ATTACHMENT.match(s) or _LISTED_STORY.match(n):
        return True
    if _JUNK.match(s) and not re.search(r"[\u4e00-\u9fff]", s):
        return True
    if not furniture_shaped:
        return False
    # (a copy that lost its › to a ? keeps the spaces around it: 首頁  ?  教育  ?  教育資訊)
    crumbs = re.sub(r"\s+\?\s+", " > ", n)
    return _BREADCRUMB.match(crumbs) is not None or _NAV_LINE.match(n) is not None


def names_the_page(line: str) -> bool:
    """Whether a line, whatever its shape, speaks of the page rather than the plan: it holds a furniture word
    (以下是网友为您整理分享的…, 来源：…) or is debris."""
    from kpis.plan_reader.numbers import PINYIN, normalise
    n = PINYIN.sub("", normalise(line.strip()))
    return is_debris(line) or any(w in n for w in _debris_words())


def is_footer_start(line: str) -> bool:
    from kpis.plan_reader.numbers import normalise
    return normalise(line.strip()).startswith(_FOOTER_STARTS)


def is_signer(line: str, next_line: str | None) -> bool:
    """'诸暨市教育体育局' on its own line, followed by the signing date (or nothing)."""
    s = line.strip().replace(" ", "")
    if not _SIGNER.match(s) or len(s) > 30:
        return False
    nxt = (next_line or "").strip().replace(" ", "")
    return not nxt or bool(_SIGN_DATE.match(nxt))


def _goes_on_figure(before: str, line: str) -> bool:
    """Whether `line`, junk-shaped as it may be, carries on the sentence of `before` across a fixed-width line break:
    the rest of a figure cut in two (…学位27 / 00个, …查处率100 / %。, …带宽提升至100 / G。) or a whole figure closing a
    sentence the line above left open (…事故发生率下降 / 10%。, …占比达到 / 55%；). Never a bare number (a page number, a
    table's 2022.12) nor a list number (2、, 3.加强…)."""
    s, b = line.strip(), before.rstrip()
    if re.match(r"[0-9０-９]{1,2}\s*[、.．)）](?![0-9０-９])", s) or re.fullmatch(r"[0-9０-９.．]+", s):
        return False
    if re.search(r"[0-9０-９.．]$", b):
        return bool(re.match(r"[0-9０-９.．]*\s*[A-Za-z]{1,4}\s*(?:[。；;，,、]|$)|[0-9０-９.．]+\s*[%％‰\u4e00-\u9fff]|[%％‰]",
                             s))
    return (bool(re.search(r"[\u4e00-\u9fff]$", b))
            and bool(re.fullmatch(r"[0-9０-９.．]+\s*(?:[%％‰]\s*[。；;，,、]?|[。；;])", s)))


def clean_lines(text: str) -> list[str]:
    """The plan's lines without debris and blank lines, an empty line standing where debris stood (a paragraph ends
    there); stops at a page footer."""
    raw = text.replace("\r\n", "\n").replace("\r", "\n").split("\n")
    nonblank = [i for i, l in enumerate(raw) if l.strip()]
    out: list[str] = []
    kept = 0  # lines of text kept so far (the first may be a headline)
    for pos, i in enumerate(nonblank):
        line = raw[i]
        if is_footer_start(line):
            # (a story with a figure, not a column's blurb above it: …关注微山西，便捷生活随身携带!)
            if any(re.search(r"[。；;！!？?]", x) and re.search(r"\d", x) for x in out):
                break
            # 相关推荐 above the story (a page that lists its links under the headline): a line of furniture, no footer
            if out and out[-1] != "":
                out.append("")
            continue
        nxt = raw[nonblank[pos + 1]] if pos + 1 < len(nonblank) else None
        if out and _goes_on_figure(out[-1], line):
            out.append(line)  # …查处率100 / %。: the rest of a figure a fixed-width copy cut, however junk-shaped
            kept += 1
            continue
        if _PAGE_NUMBER.match(line.strip()):
            continue  # a page break, not a paragraph's end: the sentence goes on on the next page
        if is_debris(line) or is_signer(line, nxt):
            if out and out[-1] != "":
                out.append("")  # a paragraph ends where furniture stood (a headline, its date line, the story)
            continue
        out.append(remove_elided(line))
        kept += 1
        # a headline — the first line kept, short and no sentence — ends before the story a blank line sets apart
        # (沈阳今年改造136所幼儿园 其中扩增学位改造40所 / 今年沈阳将改造136所幼儿园。); further down, a blank line may fall
        # inside a paragraph a PDF copy wrapped, and is no end
        if (kept == 1 and nxt is not None and i + 1 < len(raw) and not raw[i + 1].strip()
                and len(line.strip()) <= 40 and not re.search(r"[。；;！!？?，,：:]", line)):
            out.append("")
    return out
