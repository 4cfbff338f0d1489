"""school_values: one row per (period, school) holding its figures as JSON text; data_value is dropped

A district workbook of 10,000 schools × 20 elements wrote 200,000 data_value rows, which alone took
longer than reading the file (issue 3's budget is 3× the read). One row per school and period is
10,000 rows, and the dashboards read a period's figures in a twentieth of the rows. Every existing
value is carried over: rows are grouped by (period, school) in key order, in batches, and the newest
submission that wrote any of a school's values becomes the row's provenance. Downgrade splits them
back.

Revision ID: 0323
Revises: 0304
Create Date: 2026-11-23 12:10:00
"""
import json
from typing import Sequence, Union

import sqlalchemy as sa
from alembic import op

revision: str = '0323'
down_revision: Union[str, Sequence[str], None] = '0304'
branch_labels: Union[str, Sequence[str], None] = None
depends_on: Union[str, Sequence[str], None] = None

_BATCH = 20_000


def _encode(values: dict[int, float]) -> str:  # the format of db.models.encode_values, frozen here
    return json.dumps({str(k): float(values[k]) for k in sorted(values)}, separators=(",", ":"))


def upgrade() -> None:
    op.create_table(
        'school_values',
        sa.Column('period', sa.String(length=7), nullable=False),
        sa.Column('org_unit_id', sa.Integer(), nullable=False),
        sa.Column('values_json', sa.Text(), nullable=False),
        sa.Column('submission_id', sa.Integer(), nullable=True),
        sa.ForeignKeyConstraint(['org_unit_id'], ['org_unit.id'], name=op.f('fk_school_values_org_unit_id_org_unit')),
        sa.ForeignKeyConstraint(['submission_id'], ['submission.id'], name=op.f('fk_school_values_submission_id_submission')),
        sa.PrimaryKeyConstraint('period', 'org_unit_id', name='pk_school_values'),
        sqlite_with_rowid=False,
    )
    conn = op.get_bind()
    new = sa.table('school_values', sa.column('period'), sa.column('org_unit_id'), sa.column('values_json'),
                   sa.column('submission_id'))
    # One period at a time (a province's period is 200,000 values): memory stays bounded on both databases.
    for (period,) in conn.execute(sa.text("SELECT DISTINCT period FROM data_value ORDER BY period")).all():
        rows = conn.execute(sa.text("SELECT org_unit_id, element_id, value, submission_id FROM data_value "
                                    "WHERE period = :p ORDER BY org_unit_id, element_id"), {"p": period}).all()
        schools: dict[int, tuple[dict, int | None]] = {}
        for org, el, value, sid in rows:
            values, sub = schools.setdefault(org, ({}, None))
            values[el] = value
            if sid is not None and (sub is None or sid > sub):
                schools[org] = (values, sid)
        batch = [{"period": period, "org_unit_id": org, "values_json": _encode(values), "submission_id": sub}
                 for org, (values, sub) in schools.items()]
        for i in range(0, len(batch), _BATCH):
            conn.execute(new.insert(), batch[i:i + _BATCH])
    op.drop_table('data_value')


def downgrade() -> None:
    op.create_table(
        'data_value',
        sa.Column('org_unit_id', sa.Integer(), nullable=False),
        sa.Column('element_id', sa.Integer(), nullable=False),
        sa.Column('period', sa.String(length=7), nullable=False),
        sa.Column('value', sa.Float(), nullable=False),
        sa.Column('submission_id', sa.Integer(), nullable=True),
        sa.ForeignKeyConstraint(['element_id'], ['data_element.id'], name=op.f('fk_data_value_element_id_data_element')),
        sa.ForeignKeyConstraint(['org_unit_id'], ['org_unit.id'], name=op.f('fk_data_value_org_unit_id_org_unit')),
        sa.ForeignKeyConstraint(['submission_id'], ['submission.id'], name=op.f('fk_data_value_submission_id_submission')),
        sa.PrimaryKeyConstraint('period', 'org_unit_id', 'element_id', name='pk_data_value'),
        sqlite_with_rowid=False,
    )
    conn = op.get_bind()
    old = sa.table('data_value', sa.column('period'), sa.column('org_unit_id'), sa.column('element_id'),
                   sa.column('value'), sa.column('submission_id'))
    for (period,) in conn.execute(sa.text("SELECT DISTINCT period FROM school_values ORDER BY period")).all():
        batch = [{"period": period, "org_unit_id": org, "element_id": int(el), "value": value, "submission_id": sid}
                 for org, text, sid in conn.execute(sa.text(
                     "SELECT org_unit_id, values_json, submission_id FROM school_values WHERE period = :p "
                     "ORDER BY org_unit_id"), {"p": period}).all()
                 for el, value in sorted(json.loads(text).items(), key=lambda kv: int(kv[0]))]
        for i in range(0, len(batch), _BATCH):
            conn.execute(old.insert(), batch[i:i + _BATCH])
    op.drop_table('school_values')
