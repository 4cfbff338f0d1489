"""audit_log.bureau_id: the bureau a change concerns, so a bureau admin's 审计日志 also shows what the
CLI, the system and system-wide admins did to the bureau's data. Existing rows are attributed from
what they name (user, submission, 科室 update, KPI, plan, roster, deadline, briefing), else from the
acting user's scope; rows that name no bureau's data stay NULL (only system admins see them).

Revision ID: 0604
Revises: 0603
Create Date: 2026-11-29 17:10:00
"""
from typing import Sequence, Union

from alembic import op
import sqlalchemy as sa


revision: str = '0604'
down_revision: Union[str, Sequence[str], None] = '0603'
branch_labels: Union[str, Sequence[str], None] = None
depends_on: Union[str, Sequence[str], None] = None

BUREAU_OF_O = "CASE WHEN o.level = 'bureau' THEN o.id ELSE o.bureau_id END"
ID = "CAST({} AS VARCHAR(20)) = audit_log.entity_id"
# (entities, scalar subquery giving the bureau of the row's entity_id), as auth.audit.bureau_of_entity.
BY_ENTITY = [
    (("user", "session"), f"SELECT {BUREAU_OF_O} FROM app_user u JOIN org_unit o ON o.id = u.scope_org_id "
                          f"WHERE {ID.format('u.id')}"),
    (("submission",), f"SELECT {BUREAU_OF_O} FROM submission su JOIN org_unit o ON o.id = su.org_unit_id "
                      f"WHERE {ID.format('su.id')}"),
    (("bureau_update",), "SELECT p.bureau_id FROM bureau_update b JOIN kpi k ON k.id = b.kpi_id "
                         f"JOIN plan p ON p.id = k.plan_id WHERE {ID.format('b.id')}"),
    (("kpi", "kpi_version"), "SELECT p.bureau_id FROM kpi k JOIN plan p ON p.id = k.plan_id "
                             "WHERE k.code = audit_log.entity_id"),
    (("plan",), "SELECT p.bureau_id FROM plan p WHERE p.plan_key = audit_log.entity_id"),
    (("org_unit",), f"SELECT {BUREAU_OF_O} FROM org_unit o WHERE o.code = audit_log.entity_id"),
    (("reporting_period",), "SELECT o.id FROM org_unit o WHERE o.level = 'bureau' "
                            "AND audit_log.entity_id LIKE o.code || ':%'"),
    (("briefing",), "SELECT p.bureau_id FROM briefing b JOIN plan p ON p.id = b.plan_id "
                    f"WHERE {ID.format('b.id')}"),
    (("briefing_file",), "SELECT p.bureau_id FROM briefing_file f JOIN briefing b ON b.id = f.briefing_id "
                         f"JOIN plan p ON p.id = b.plan_id WHERE {ID.format('f.id')}"),
]
BY_ACTOR = (f"SELECT {BUREAU_OF_O} FROM app_user u JOIN org_unit o ON o.id = u.scope_org_id "
            "WHERE u.id = audit_log.user_id")


def upgrade() -> None:
    with op.batch_alter_table('audit_log', schema=None) as batch_op:
        batch_op.add_column(sa.Column('bureau_id', sa.Integer(), nullable=True))
        batch_op.create_index(batch_op.f('ix_audit_log_bureau_id'), ['bureau_id'], unique=False)
    for entities, subquery in BY_ENTITY:
        names = ", ".join(f"'{e}'" for e in entities)
        op.execute(f"UPDATE audit_log SET bureau_id = ({subquery}) "
                   f"WHERE bureau_id IS NULL AND entity IN ({names}) AND entity_id IS NOT NULL")
    op.execute(f"UPDATE audit_log SET bureau_id = ({BY_ACTOR}) WHERE bureau_id IS NULL AND user_id IS NOT NULL")


def downgrade() -> None:
    with op.batch_alter_table('audit_log', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_audit_log_bureau_id'))
        batch_op.drop_column('bureau_id')
