"""data_value: one period-first unique index instead of (org, element, period) + (period, element)

Revision ID: 0311
Revises: 0601
Create Date: 2026-11-23 05:45:00
"""
from typing import Sequence, Union

from alembic import op

revision: str = '0311'
down_revision: Union[str, Sequence[str], None] = '0601'
branch_labels: Union[str, Sequence[str], None] = None
depends_on: Union[str, Sequence[str], None] = None

# SQLite reflects the old unique constraint without a name; batch mode names it by this convention
# so that it can be dropped (PostgreSQL gave it its default name).
_CONVENTION = {"uq": "uq_%(table_name)s_%(column_0_name)s"}


def _old_unique_name() -> str:
    if op.get_bind().dialect.name == "sqlite":
        return "uq_data_value_org_unit_id"
    return "data_value_org_unit_id_element_id_period_key"


def upgrade() -> None:
    with op.batch_alter_table('data_value', schema=None, naming_convention=_CONVENTION) as batch_op:
        batch_op.drop_index('ix_data_value_period_element')
        batch_op.drop_constraint(_old_unique_name(), type_='unique')
        batch_op.create_unique_constraint('uq_data_value_period_org_element', ['period', 'org_unit_id', 'element_id'])


def downgrade() -> None:
    with op.batch_alter_table('data_value', schema=None) as batch_op:
        batch_op.drop_constraint('uq_data_value_period_org_element', type_='unique')
        batch_op.create_unique_constraint("uq_data_value_org_unit_id" if op.get_bind().dialect.name == "sqlite"
                                          else 'data_value_org_unit_id_element_id_period_key',
                                          ['org_unit_id', 'element_id', 'period'])
        batch_op.create_index('ix_data_value_period_element', ['period', 'element_id'], unique=False)
