"""Bring a database to a usable state: migrate, load the catalog, optionally create demo data."""

from __future__ import annotations

from dataclasses import dataclass, field

from sqlalchemy import Engine, func, select

from db import migrate
from seed import demo_cycle, demo_followup
from db.models import OrgUnit
from db.session import get_engine, write_session
from kpis.catalog.sync import SyncReport, sync_catalog
from kpis.periods import current_period
from seed import demo
from kpis.catalog.files import load_catalog


@dataclass
class InitReport:
    catalog: SyncReport
    demo: dict[str, demo.DemoSummary] = field(default_factory=dict)
    accounts: list = field(default_factory=list)  # auth.users.DemoAccount, only with demo data


def demo_mode_default() -> bool:
    """Demo data on the embedded SQLite file unless told otherwise; never by default on a server DB.
    The same switch lets demo accounts sign in (auth.identity.demo_mode)."""
    from auth.identity import demo_mode

    return demo_mode()


def initialise(engine: Engine | None = None, with_demo: bool = False, schools: int | None = None,
               months: int = 12) -> InitReport:
    engine = engine or get_engine()
    migrate.upgrade(engine)
    catalog = load_catalog()
    with write_session(engine) as s:
        report = InitReport(catalog=sync_catalog(s, catalog, today_period=current_period()))
    if with_demo:
        for doc in catalog.plans:
            with write_session(engine) as s:
                report.demo[doc["plan"]] = demo.generate(s, doc["plan"], schools_total=schools, months=months)
        # Demo accounts exist only where demo data does (never on a production database).
        from auth.principal import SYSTEM
        from auth.users import ensure_demo_accounts
        with write_session(engine) as s:
            report.accounts = ensure_demo_accounts(s, SYSTEM)
            demo_cycle.prepare_demo_accounts(s)
        with write_session(engine) as s:
            demo_followup.open_items(s)
    return report


_initialised: set[str] = set()  # database URLs this process has brought up (initialise_once)


def initialise_once(with_demo: bool) -> None:
    """initialise() for the configured database, once per process: app.py calls it before the server
    answers and again from the first page run, which then has nothing left to do."""
    url = get_engine().url.render_as_string(hide_password=False)
    if url not in _initialised:
        initialise(with_demo=with_demo)
        _initialised.add(url)


def not_ready(engine: Engine | None = None) -> str | None:
    """Why this database cannot serve the commands yet, in one Chinese line (None when it can)."""
    engine = engine or get_engine()
    current, head = migrate.current_revision(engine), migrate.head_revision()
    if current is None:
        return "数据库尚未初始化，请先运行：python -m kpis init --demo"
    if current != head:
        return (f"数据库的结构版本（{current}）比程序旧，需要迁移到 {head}："
                "请先运行 python -m kpis init（会保留已有数据），再重试。")
    from db.session import read_session
    with read_session(engine) as s:
        from db.models import Plan
        if not s.scalar(select(func.count()).select_from(Plan)):
            return "数据库尚未初始化，请先运行：python -m kpis init --demo"
    return None


def is_initialised(engine: Engine | None = None) -> bool:
    return not_ready(engine) is None


def has_schools(engine: Engine | None = None) -> bool:
    from db.session import read_session
    with read_session(engine or get_engine()) as s:
        return bool(s.scalar(select(func.count()).select_from(OrgUnit).where(OrgUnit.level == "school")))
