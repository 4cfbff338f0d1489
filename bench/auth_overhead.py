"""What signing in costs: the per-click session check and one password verification.

Every run of the app (every click) resumes the session from its token: one indexed lookup by
sha256 plus the user and its scope (auth.sessions.resume_click). The idle deadline slides with
each click, but the database is written at most once a minute per session; that write (a click a
minute or more after the last recorded one) is measured separately. It is reported as a ratio against the cheapest query a page
makes anyway (the list of plans), measured in the same run. A sign-in verifies an argon2id hash;
that is reported in milliseconds and as a ratio against the session check, to show it is paid
once per sign-in, not per click.

    python -m bench.auth_overhead            # uses a fresh demo database in a temporary folder
"""

from __future__ import annotations

import os
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))


def timeit(fn, n: int) -> float:
    """Median seconds per call over n calls (after one warm-up)."""
    fn()
    samples = []
    for _ in range(n):
        t = time.perf_counter()
        fn()
        samples.append(time.perf_counter() - t)
    return statistics.median(samples)


def main() -> None:
    tmp = Path(tempfile.mkdtemp(prefix="edukpi-bench-"))
    os.environ["EDUKPI_DATABASE_URL"] = f"sqlite:///{tmp / 'bench.db'}"
    from auth import passwords, sessions
    from auth.users import DEMO_PASSWORD
    from db.session import read_session, write_session
    from kpis.catalog import query as catalog_query
    from seed.bootstrap import initialise

    initialise(with_demo=True)
    with write_session() as s:
        token = sessions.sign_in(s, "demo_school", DEMO_PASSWORD, "bench").signed_in.token

    from datetime import timedelta

    def resume():  # a click within a minute of the last recorded one: a read only
        assert sessions.resume_click(token) is not None

    clock = [sessions.now_utc()]

    def resume_with_write():  # every call is a minute after the previous one: read + the slide's write
        clock[0] += timedelta(seconds=61)
        assert sessions.resume_click(token, now=clock[0]) is not None

    def plans():
        with read_session() as s:
            assert catalog_query.plans(s)

    h = passwords.hash_password(DEMO_PASSWORD)
    t_resume = timeit(resume, 300)
    t_plans = timeit(plans, 300)
    t_write = timeit(resume_with_write, 100)
    with read_session() as s:  # the writes really happened
        assert sessions.check(s, token, now=clock[0]).touch_due is False
    t_verify = timeit(lambda: passwords.verify_password(h, DEMO_PASSWORD), 10)
    print(f"会话校验（每次点击）：{t_resume * 1000:.2f} ms；参照（读取计划列表）：{t_plans * 1000:.2f} ms；"
          f"比值 {t_resume / t_plans:.2f}")
    print(f"每分钟至多一次的活动时间写入（读取 + 写入）：{t_write * 1000:.2f} ms；比值 {t_write / t_plans:.2f}")
    print(f"密码校验（每次登录，argon2id）：{t_verify * 1000:.1f} ms；为会话校验的 {t_verify / t_resume:.0f} 倍")


if __name__ == "__main__":
    main()
