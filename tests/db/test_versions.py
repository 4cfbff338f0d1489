"""Changing a KPI's definition starts a new version; the old one keeps its periods."""

import copy

from sqlalchemy import select

from db import migrate
from db.models import Kpi
from db.session import read_session, write_session
from kpis.catalog.query import version_at
from kpis.catalog.sync import sync_catalog
from kpis.catalog.files import Catalog, load_catalog


def test_changed_target_starts_a_new_version(empty_engine):
    migrate.upgrade(empty_engine)
    cat = load_catalog()
    with write_session(empty_engine) as s:
        sync_catalog(s, cat, today_period="2025-01")
    changed = copy.deepcopy(cat.plans)
    tz = next(p for p in changed if p["plan"] == "2025-taizhou")
    k = next(k for k in tz["kpis"] if k["code"] == "TZ25-06")
    k["target"] = 80
    with write_session(empty_engine) as s:
        report = sync_catalog(s, Catalog(cat.elements, changed), today_period="2025-07")
    assert report.changed == ["TZ25-06"]
    with read_session(empty_engine) as s:
        kpi = s.scalar(select(Kpi).where(Kpi.code == "TZ25-06"))
        assert [(v.valid_from, v.valid_to, v.target) for v in kpi.versions] == [
            ("2025-01", "2025-06", 75.0), ("2025-07", None, 80.0)]
        assert version_at(kpi, "2025-03").target == 75.0
        assert version_at(kpi, "2025-09").target == 80.0
