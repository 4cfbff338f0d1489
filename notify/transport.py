"""One delivery: a JSON POST to a robot (httpx) or a message to an SMTP server (smtplib).

Every failure becomes `Transient` (network errors, timeouts, HTTP 5xx, HTTP 429 and the robots'
own "too many requests" codes: try again later) or `Permanent` (any other 4xx, any other robot error
code, an SMTP address or authentication refusal: trying again cannot help). Their messages are
Chinese and never hold the webhook URL or a secret: `redact` takes them out of anything quoted."""

from __future__ import annotations

import smtplib
import ssl
from dataclasses import dataclass
from email.message import EmailMessage
from email.utils import formatdate, make_msgid

import httpx

# The robots' own "sent too often" codes: 企业微信 45009 (api freq out of limit), 钉钉 130101 (send too fast).
RATE_LIMIT_CODES = {45009, 130101}
# What the robots' common error codes mean, in Chinese (their own errmsg is English).
KNOWN_CODES = {
    93000: "机器人地址无效或机器人已被移出群聊",
    40008: "消息类型不受支持",
    40058: "消息内容不合规或超长",
    45009: "发送过于频繁",
    300001: "机器人地址中的 access_token 无效",
    310000: "安全设置校验未通过（加签密钥、关键词或 IP 白名单不符）",
    130101: "发送过于频繁",
}
MAX_ERROR_CHARS = 300


class DeliveryError(Exception):
    def __init__(self, message: str, retry_after: float | None = None) -> None:
        super().__init__(message)
        self.message = message
        self.retry_after = retry_after


class Transient(DeliveryError):
    """Try again later."""


class Permanent(DeliveryError):
    """Trying again cannot help."""


def redact(text: str, secrets: list[str | None]) -> str:
    for s in secrets:
        if s and len(s) >= 4:
            text = text.replace(s, "***")
    return text[:MAX_ERROR_CHARS]


def _retry_after(response: httpx.Response) -> float | None:
    try:
        return max(0.0, float(response.headers.get("retry-after", "")))
    except ValueError:
        return None


def post_json(client: httpx.Client, url: str, body: dict) -> None:
    """POST the robot message; return when the robot answered errcode 0, raise otherwise."""
    try:
        response = client.post(url, json=body)
    except httpx.TimeoutException:
        raise Transient("连接机器人超时") from None
    except httpx.TransportError as exc:
        raise Transient(f"网络错误，无法连接机器人（{type(exc).__name__}）") from None
    code = response.status_code
    if code == 429:
        raise Transient("HTTP 429：发送过于频繁，稍后重试", _retry_after(response))
    if code >= 500:
        raise Transient(f"HTTP {code}：机器人服务暂时不可用，稍后重试")
    if code >= 400:
        raise Permanent(f"HTTP {code}：请求被拒绝，请检查机器人地址")
    try:
        answer = response.json()
    except ValueError:
        raise Permanent(f"HTTP {code}：机器人的应答不是 JSON，请检查地址是否为群机器人的 Webhook") from None
    errcode = answer.get("errcode", 0) if isinstance(answer, dict) else 0
    if errcode in (0, "0", None):
        return
    try:
        errcode = int(errcode)
    except (TypeError, ValueError):
        pass
    meaning = KNOWN_CODES.get(errcode, "请对照机器人文档检查设置")
    if errcode in RATE_LIMIT_CODES:
        raise Transient(f"机器人返回错误码 {errcode}（{meaning}），稍后重试")
    raise Permanent(f"机器人返回错误码 {errcode}（{meaning}）")


@dataclass(frozen=True)
class SmtpServer:
    host: str
    port: int
    starttls: bool
    sender: str
    username: str | None = None
    password: str | None = None


def build_email(server: SmtpServer, to: list[str], subject: str, text: str,
                attachments: list[tuple[str, bytes, str]] = ()) -> EmailMessage:
    """attachments: (file name, bytes, MIME type such as application/pdf)."""
    msg = EmailMessage()
    msg["From"] = server.sender
    msg["To"] = ", ".join(to)
    msg["Subject"] = subject
    msg["Date"] = formatdate(localtime=False)
    msg["Message-ID"] = make_msgid(domain=server.sender.rsplit("@", 1)[-1] if "@" in server.sender else None)
    msg.set_content(text)
    for name, data, mime in attachments:
        maintype, subtype = mime.split("/", 1)
        msg.add_attachment(data, maintype=maintype, subtype=subtype, filename=name)
    return msg


def send_email(server: SmtpServer, message: EmailMessage, timeout: float) -> None:
    try:
        with smtplib.SMTP(server.host, server.port, timeout=timeout) as smtp:
            if server.starttls:
                smtp.starttls(context=ssl.create_default_context())
            if server.username:
                smtp.login(server.username, server.password or "")
            refused = smtp.send_message(message)
    except smtplib.SMTPAuthenticationError as exc:
        raise Permanent(f"邮件服务器拒绝登录（{exc.smtp_code}），请检查用户名和密码") from None
    except smtplib.SMTPRecipientsRefused:
        raise Permanent("邮件服务器拒收全部收件人，请检查收件地址") from None
    except smtplib.SMTPNotSupportedError:
        raise Permanent("邮件服务器不支持 STARTTLS，请关闭 STARTTLS 或换用支持的端口") from None
    except smtplib.SMTPResponseException as exc:
        what = f"邮件服务器答复 {exc.smtp_code}"
        if 400 <= exc.smtp_code < 500:
            raise Transient(what + "（暂时失败），稍后重试") from None
        raise Permanent(what + "，发送被拒绝") from None
    except ssl.SSLError:
        raise Permanent("与邮件服务器建立加密连接失败，请检查 STARTTLS 设置和服务器证书") from None
    except (smtplib.SMTPException, OSError) as exc:
        raise Transient(f"无法连接邮件服务器（{type(exc).__name__}），稍后重试") from None
    if refused:
        raise Permanent(f"邮件服务器拒收部分收件人：{', '.join(refused)}")
