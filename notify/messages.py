"""What a robot receives: the JSON bodies of 企业微信 and 钉钉 group-robot messages, the 钉钉 signature,
and texts cut to each robot's size limit. Pure functions.

企业微信 群机器人 (developer.work.weixin.qq.com, 群机器人配置说明): text {"msgtype":"text","text":{"content"}},
content at most 2048 bytes of UTF-8; image {"msgtype":"image","image":{"base64","md5"}}, the picture
(JPG/PNG) at most 2 MB before encoding, md5 of the raw bytes. 钉钉 自定义机器人 (open.dingtalk.com, 自定义机器人
发送群消息): text {"msgtype":"text","text":{"content"}}, markdown {"msgtype":"markdown","markdown":{"title",
"text"}}; with 加签, the URL carries timestamp (ms) and sign = urlencode(base64(HMAC-SHA256(key=secret,
msg=f"{timestamp}\\n{secret}")))."""

from __future__ import annotations

import base64
import hashlib
import hmac
from urllib.parse import parse_qsl, urlencode, urlsplit, urlunsplit

from notify.vocab import ChannelKind

WECOM_TEXT_BYTES = 2048
WECOM_IMAGE_BYTES = 2 * 1024 * 1024
DINGTALK_TEXT_BYTES = 20000
TEXT_LIMIT = {ChannelKind.WECOM: WECOM_TEXT_BYTES, ChannelKind.DINGTALK: DINGTALK_TEXT_BYTES}


def text_body(text: str) -> dict:
    """The same for both robots: {"msgtype": "text", "text": {"content": text}}."""
    return {"msgtype": "text", "text": {"content": text}}


def wecom_image_body(png: bytes) -> dict:
    return {"msgtype": "image", "image": {"base64": base64.b64encode(png).decode("ascii"),
                                          "md5": hashlib.md5(png).hexdigest()}}  # noqa: S324 - the robot's checksum


def dingtalk_markdown_body(title: str, text: str) -> dict:
    return {"msgtype": "markdown", "markdown": {"title": title, "text": text}}


def dingtalk_sign(secret: str, timestamp_ms: int) -> str:
    """base64(HMAC-SHA256(secret, "timestamp\\nsecret")), before URL encoding."""
    digest = hmac.new(secret.encode("utf-8"), f"{timestamp_ms}\n{secret}".encode("utf-8"), hashlib.sha256).digest()
    return base64.b64encode(digest).decode("ascii")


def dingtalk_url(webhook: str, secret: str | None, timestamp_ms: int) -> str:
    """The webhook with &timestamp=…&sign=… added (URL-encoded) when the robot signs."""
    if not secret:
        return webhook
    parts = urlsplit(webhook)
    query = [(k, v) for k, v in parse_qsl(parts.query, keep_blank_values=True) if k not in ("timestamp", "sign")]
    query += [("timestamp", str(timestamp_ms)), ("sign", dingtalk_sign(secret, timestamp_ms))]
    return urlunsplit(parts._replace(query=urlencode(query)))


def fit(text: str, max_bytes: int, more: str = "……（内容过长，其余从略）") -> str:
    """The text whole if it fits in max_bytes of UTF-8; else as many whole lines as fit, then `more`."""
    if len(text.encode("utf-8")) <= max_bytes:
        return text
    budget = max_bytes - len(("\n" + more).encode("utf-8"))
    out, used = [], 0
    for line in text.split("\n"):
        size = len(line.encode("utf-8")) + 1
        if used + size > budget:
            break
        out.append(line)
        used += size
    return "\n".join(out + [more])


def fit_list(head: list[str], items: list[str], tail: list[str], max_bytes: int | None) -> str:
    """head + numbered items + tail; when too long for max_bytes, as many items as fit and a line
    "……等共 N 所，其余见填报进度" in place of the rest (the head and tail always stay)."""
    numbered = [f"{i}. {item}" for i, item in enumerate(items, start=1)]
    whole = "\n".join(head + numbered + tail)
    if max_bytes is None or len(whole.encode("utf-8")) <= max_bytes:
        return whole
    for keep in range(len(numbered) - 1, -1, -1):
        text = "\n".join(head + numbered[:keep] + [f"……等共 {len(items)} 所，其余见填报进度"] + tail)
        if len(text.encode("utf-8")) <= max_bytes:
            return text
    return fit("\n".join(head + tail), max_bytes)
