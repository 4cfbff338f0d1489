"""argon2id hashes and the password policy."""

import pytest

from auth import passwords


def test_hash_is_argon2id_and_verifies_only_the_right_password():
    h = passwords.hash_password("Correct-Horse-9")
    assert h.startswith("$argon2id$")
    assert "Correct-Horse-9" not in h
    assert passwords.verify_password(h, "Correct-Horse-9")
    assert not passwords.verify_password(h, "correct-horse-9")
    assert not passwords.verify_password("not a hash", "Correct-Horse-9")


@pytest.mark.parametrize("pw, reason", [
    ("Ab1!", "至少需要 10 个字符，当前只有 4 个"),
    ("abcdefghijkl", "至少三类"),
    ("Password123", "常见密码"),
    ("Zhang.San-2024", "不能包含用户名"),
    ("aaaaAAAA1111", "不同的字符太少"),
])
def test_weak_passwords_are_refused_with_a_chinese_reason(pw, reason):
    with pytest.raises(passwords.WeakPassword) as exc:
        passwords.check_policy(pw, "zhang.san")
    assert reason in str(exc.value)


def test_strong_passwords_pass():
    for pw in ("Demo-EduKPI-2468", "教育局指标看板2025ok", "x9#Lm2$Qp7Rt"):
        passwords.check_policy(pw, "someone")
