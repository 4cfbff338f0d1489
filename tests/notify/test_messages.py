"""The robots' JSON bodies, the 钉钉 signature and texts cut to the robots' limits (pure functions)."""

import base64
import hashlib
import hmac
from urllib.parse import parse_qs, urlsplit

from notify import messages


def test_text_body_is_the_documented_json():
    assert messages.text_body("EduKPI 测试消息") == {"msgtype": "text", "text": {"content": "EduKPI 测试消息"}}


def test_wecom_image_carries_base64_and_md5_of_the_raw_bytes():
    png = b"\x89PNG\r\n\x1a\n" + bytes(range(256))
    body = messages.wecom_image_body(png)
    assert body == {"msgtype": "image", "image": {"base64": base64.b64encode(png).decode(),
                                                  "md5": hashlib.md5(png).hexdigest()}}


def test_dingtalk_signature_follows_the_documented_recipe():
    secret, ts = "SEC0123456789abcdef", 1767830400000
    # 钉钉: string_to_sign = timestamp + "\n" + secret; HMAC-SHA256 keyed by the secret; base64; urlencode.
    expected = base64.b64encode(hmac.new(secret.encode(), f"{ts}\n{secret}".encode(), hashlib.sha256).digest()).decode()
    assert messages.dingtalk_sign(secret, ts) == expected
    url = messages.dingtalk_url("https://oapi.dingtalk.com/robot/send?access_token=abc", secret, ts)
    q = parse_qs(urlsplit(url).query)
    assert q == {"access_token": ["abc"], "timestamp": [str(ts)], "sign": [expected]}
    assert "%2B" in url or "+" not in expected  # the sign is URL-encoded in the address
    assert messages.dingtalk_url("https://x/robot/send?access_token=abc", None, ts) == "https://x/robot/send?access_token=abc"


def test_long_lists_are_cut_to_the_wecom_limit_with_a_count():
    items = [f"温岭市某某街道第{i}实验小学（联系人 张老师 13800000000）" for i in range(200)]
    text = messages.fit_list(["【催报提醒】头"], items, ["填报进度：http://x"], messages.WECOM_TEXT_BYTES)
    assert len(text.encode("utf-8")) <= messages.WECOM_TEXT_BYTES
    assert text.startswith("【催报提醒】头") and text.endswith("填报进度：http://x")
    assert "……等共 200 所，其余见填报进度" in text
    assert messages.fit_list(["头"], ["甲", "乙"], ["尾"], 2048) == "头\n1. 甲\n2. 乙\n尾"
