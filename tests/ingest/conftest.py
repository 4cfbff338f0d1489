import pytest
from sqlalchemy import select

from auth.principal import Principal
from db.models import OrgUnit
from db.session import read_session
from tests.ingest.helpers import DISTRICT, SCHOOL


@pytest.fixture(scope="session")
def orgs(demo_db) -> dict[str, OrgUnit]:
    with read_session() as s:
        return {o.code: o for o in s.scalars(select(OrgUnit).where(OrgUnit.bureau_id.is_not(None)))}


@pytest.fixture(scope="session")
def school_officer(orgs) -> Principal:
    school = orgs[SCHOOL]
    return Principal(user_id=None, username="taiping1", role="school", bureau_id=school.bureau_id,
                     scope_org_id=school.id, display_name="太平一小填报员")


@pytest.fixture(scope="session")
def district_officer(orgs) -> Principal:
    d = orgs[DISTRICT]
    return Principal(user_id=None, username="taiping", role="district", bureau_id=d.bureau_id,
                     scope_org_id=d.id, display_name="太平街道填报员")
