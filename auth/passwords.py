"""Password hashing (argon2id) and the password policy. Reasons for refusal are Chinese."""

from __future__ import annotations

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError, VerifyMismatchError
from core.errors import Invalid

# argon2-cffi's defaults are argon2id (RFC 9106 low-memory profile: t=3, m=64 MiB, p=4).
_HASHER = PasswordHasher()

MIN_LENGTH = 10
# Passwords people pick first; refused whatever their length (compared case-insensitively).
COMMON = {
    "password", "password1", "password123", "passw0rd", "p@ssw0rd", "p@ssword", "qwerty", "qwertyuiop",
    "1qaz2wsx", "1q2w3e4r", "1q2w3e4r5t", "abc123", "abcd1234", "a123456", "a1234567", "aa123456",
    "admin", "admin123", "admin@123", "administrator", "root", "123456", "12345678", "123456789",
    "1234567890", "0123456789", "987654321", "111111", "000000", "888888", "666666", "iloveyou",
    "woaini", "woaini1314", "5201314", "welcome", "letmein", "changeme", "edukpi", "edukpi123",
    "jiaoyuju", "jiaoyu123", "zxcvbnm", "asdfghjkl", "qwer1234", "asdf1234", "zxcv1234",
}


class WeakPassword(Invalid):
    """str(exc) lists, in Chinese, why the password is refused and how to make a better one."""


def hash_password(password: str) -> str:
    return _HASHER.hash(password)


def verify_password(password_hash: str, password: str) -> bool:
    try:
        return _HASHER.verify(password_hash, password)
    except (VerifyMismatchError, VerificationError, InvalidHashError):
        return False


def needs_rehash(password_hash: str) -> bool:
    try:
        return _HASHER.check_needs_rehash(password_hash)
    except InvalidHashError:
        return True


def problems(password: str, username: str = "") -> list[str]:
    """Every reason the password is too weak (empty when it is acceptable)."""
    out: list[str] = []
    if len(password) < MIN_LENGTH:
        out.append(f"密码太短：至少需要 {MIN_LENGTH} 个字符，当前只有 {len(password)} 个。")
    classes = sum([
        any(c.islower() for c in password),
        any(c.isupper() for c in password),
        any(c.isdigit() for c in password),
        any(not c.isalnum() for c in password) or any(ord(c) > 127 and c.isalpha() for c in password),
    ])
    if classes < 3:
        out.append("密码需要包含以下四类中的至少三类：小写字母、大写字母、数字、符号（或汉字）。")
    low = password.lower()
    if low in COMMON or low.rstrip("!.@#1") in COMMON:
        out.append("这是一个常见密码，很容易被猜中，请换一个。")
    if username and len(username) >= 3 and username.lower() in low:
        out.append("密码不能包含用户名。")
    if password and len(set(password)) <= 3:
        out.append("密码中不同的字符太少，请不要重复同一个字符。")
    if password != password.strip():
        out.append("密码的开头和结尾不能是空格。")
    return out


def check_policy(password: str, username: str = "") -> None:
    found = problems(password, username)
    if found:
        raise WeakPassword("密码不符合要求：" + " ".join(found))
