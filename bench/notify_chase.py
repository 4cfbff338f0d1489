"""Benchmark: 10,000 schools in 200 districts, the day before a deadline. Every district's 催报 is
queued (rules evaluated, non-submitters found, texts cut to the robot limit) and delivered to a
loopback 企业微信 robot, one channel per district; the budget is 10 s for both, with the 20/minute
limit honoured per channel. Measured in the same run: the same 200 POSTs made by a bare httpx loop
(the floor set by HTTP on this machine) and the classification alone.

    python -m bench.notify_chase [--schools 10000] [--districts 200] [--database URL]
"""

from __future__ import annotations

import argparse
import collections
import os
import sys
import tempfile
import time
from datetime import datetime, timedelta, timezone
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
CHINA = timezone(timedelta(hours=8))
PERIOD = "2026-01"
AT = datetime(2026, 2, 9, 9, 30, tzinfo=CHINA)  # the day before the default deadline (2026-02-10 23:59)


def setup(n_schools: int, n_districts: int, robot) -> None:  # noqa: ANN001
    from sqlalchemy import insert

    from auth.principal import SYSTEM
    from db.models import OrgUnit, Plan, Submission
    from db.models import NotifyChannel
    from db.session import refresh_statistics, write_session
    from notify import vault
    from notify.channels import hint
    from notify.vocab import ChannelKind
    from seed.bootstrap import initialise

    initialise()
    with write_session() as s:
        bureau = OrgUnit(code="980000", name="基准测试教育局", level="bureau")
        s.add(bureau)
        s.flush()
        s.add(Plan(plan_key="bench-notify", bureau_id=bureau.id, year=2026, title="基准测试工作要点"))
        districts = [OrgUnit(code=f"980000{i:03d}", name=f"基准片区{i}", level="district", parent_id=bureau.id,
                             bureau_id=bureau.id) for i in range(n_districts)]
        s.add_all(districts)
        s.flush()
        rows = [dict(code=f"21{9800 + i // 10000:04d}{i % 10000:04d}", name=f"基准第{i}小学", level="school",
                     parent_id=districts[i % n_districts].id, bureau_id=bureau.id, school_type="21",
                     ownership="公办", inclusive=False) for i in range(n_schools)]
        s.execute(insert(OrgUnit), rows)
        ids = [i for (i,) in s.execute(OrgUnit.__table__.select().with_only_columns(OrgUnit.id)
                                       .where(OrgUnit.level == "school", OrgUnit.bureau_id == bureau.id))]
        # Four schools in seven have submitted (7 and 200 share no factor: every district has some to chase).
        subs = [dict(org_unit_id=org, period=PERIOD, uploaded_at=datetime(2026, 2, 3, 10, tzinfo=CHINA),
                     filename="x.csv", content=b"", sha256="0" * 64, status="accepted", on_time=True)
                for n, org in enumerate(ids) if n % 7 < 4]
        s.execute(insert(Submission), subs)
        refresh_statistics(s, ["org_unit", "submission"])  # as the demo generator does after a bulk load
        for d in districts:
            url = robot.url(f"bench-{d.code}")
            s.add(NotifyChannel(bureau_id=bureau.id, name=f"{d.name}群", kind=ChannelKind.WECOM.value,
                                scope_level="district", scope_org_id=d.id, target_encrypted=vault.encrypt(url),
                                target_hint=hint(ChannelKind.WECOM, url), active=True))
    del SYSTEM


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--schools", type=int, default=10_000)
    ap.add_argument("--districts", type=int, default=200)
    ap.add_argument("--database", help="默认为临时 SQLite 文件；可给 PostgreSQL 地址（会清空其 public 模式）")
    args = ap.parse_args()
    tmp = Path(tempfile.mkdtemp(prefix="edukpi-bench-notify-"))
    url = args.database or f"sqlite:///{tmp / 'bench.db'}"
    os.environ["EDUKPI_DATABASE_URL"] = url
    os.environ["EDUKPI_NOTIFY_KEY_FILE"] = str(tmp / "notify.key")
    if url.startswith("postgresql"):
        from sqlalchemy import create_engine, text

        e = create_engine(url, isolation_level="AUTOCOMMIT")
        with e.connect() as c:
            c.execute(text("DROP SCHEMA public CASCADE"))
            c.execute(text("CREATE SCHEMA public"))
        e.dispose()
    from tests.notify.robot import start_robot

    robot = start_robot()
    t = time.perf_counter()
    setup(args.schools, args.districts, robot)
    print(f"数据准备：{time.perf_counter() - t:.1f} s（{args.schools} 所学校，{args.districts} 个片区，各一个企业微信渠道）")

    from sqlalchemy import select

    from db.models import OrgUnit
    from db.session import read_session, write_session
    from notify import chase, rules, worker

    with read_session() as s:
        bureau = s.scalar(select(OrgUnit.id).where(OrgUnit.code == "980000"))
        t = time.perf_counter()
        _, missing = chase.outstanding(s, bureau, PERIOD, AT)
        t_classify = time.perf_counter() - t
    t0 = time.perf_counter()
    with write_session() as s:
        queued = rules.evaluate(s, AT)
    t_queue = time.perf_counter() - t0
    d = worker.Deliverer()
    t1 = time.perf_counter()
    done = d.drain(wait=0)
    t_deliver = time.perf_counter() - t1
    d.close()
    total = time.perf_counter() - t0
    sent = sum(o.status.value == "sent" for o in done.values())
    per_channel = collections.Counter(r.query["key"] for r in robot.received)
    import httpx

    with httpx.Client() as client:
        t2 = time.perf_counter()
        for i in range(len(queued)):
            client.post(robot.url(f"floor-{i}"), json={"msgtype": "text", "text": {"content": "x"}})
        t_floor = time.perf_counter() - t2
    print(f"数据库：{url.split('://')[0]}")
    print(f"未报送学校：{sum(map(len, missing.values()))} 所（仅分类 {t_classify:.2f} s）")
    print(f"排队：{len(queued)} 条，{t_queue:.2f} s")
    print(f"投递：{sent} 条已送达，{t_deliver:.2f} s（同一机器上裸 httpx 逐条发送 {len(queued)} 次：{t_floor:.2f} s）")
    print(f"合计：{total:.2f} s（预算 10 s）；每个渠道收到的消息数最多 {max(per_channel.values())} 条（上限每分钟 20 条）")
    robot.server.shutdown()


if __name__ == "__main__":
    main()
