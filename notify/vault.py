"""Channel secrets (webhook URLs, which carry the robot's key; the 钉钉 signing secret; SMTP passwords)
are stored encrypted with Fernet (cryptography: AES-128-CBC + HMAC-SHA256). The key is a file outside
the database — EDUKPI_NOTIFY_KEY_FILE, default data/notify.key, created with mode 0600 on first use —
so a copy of the database (a backup, a pg_dump) holds no usable secret. Lose the key file and the
channels must be entered again; the admin page says so."""

from __future__ import annotations

import os
from pathlib import Path

from cryptography.fernet import Fernet, InvalidToken

from core import settings
from core.errors import Unavailable

ROOT = Path(__file__).resolve().parent.parent


class KeyUnavailable(Unavailable):
    """The key file is missing, unreadable or not the key the secrets were stored with."""


def key_path() -> Path:
    return settings.get().notify_key_file or ROOT / "data" / "notify.key"


def _key(create: bool) -> bytes:
    path = key_path()
    if not path.exists():
        if not create:
            raise KeyUnavailable(f"找不到通知密钥文件 {path}，已保存的渠道无法解密。请恢复该文件，或删除渠道后重新添加。")
        path.parent.mkdir(parents=True, exist_ok=True)
        fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
        with os.fdopen(fd, "wb") as f:
            f.write(Fernet.generate_key())
    try:
        return path.read_bytes().strip()
    except OSError as exc:
        raise KeyUnavailable(f"无法读取通知密钥文件 {path}（{exc.strerror}）。") from None


def encrypt(text: str) -> str:
    return Fernet(_key(create=True)).encrypt(text.encode("utf-8")).decode("ascii")


def decrypt(token: str) -> str:
    try:
        return Fernet(_key(create=False)).decrypt(token.encode("ascii")).decode("utf-8")
    except (InvalidToken, ValueError):
        raise KeyUnavailable(f"通知密钥文件 {key_path()} 与保存渠道时所用的不一致，无法解密。"
                             "请恢复原来的密钥文件，或删除渠道后重新添加。") from None
