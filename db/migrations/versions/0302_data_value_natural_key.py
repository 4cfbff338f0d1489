"""data_value: (period, org_unit_id, element_id) is the primary key; no surrogate id; WITHOUT ROWID on SQLite

Revision ID: 0302
Revises: 0313
Create Date: 2026-11-23 07:40:00

Every insert used to maintain two B-trees (the rowid table and the unique index). With the natural
key as primary key PostgreSQL keeps one index instead of two, and SQLite stores the rows in the key's
B-tree itself. Existing rows are carried over unchanged (SQLite: batch mode copies the table;
PostgreSQL: ALTER TABLE in place). Nothing referenced data_value.id.
"""
from typing import Sequence, Union

import sqlalchemy as sa
from alembic import op

revision: str = '0302'
down_revision: Union[str, Sequence[str], None] = '0313'
branch_labels: Union[str, Sequence[str], None] = None
depends_on: Union[str, Sequence[str], None] = None

_KEY = ['period', 'org_unit_id', 'element_id']


def upgrade() -> None:
    if op.get_bind().dialect.name == "sqlite":
        # Recreate the table WITHOUT ROWID with the key as primary key; batch mode copies every row.
        with op.batch_alter_table('data_value', recreate='always', table_kwargs={'sqlite_with_rowid': False}) as batch_op:
            batch_op.drop_constraint('uq_data_value_period_org_element', type_='unique')
            batch_op.drop_column('id')
            batch_op.create_primary_key('pk_data_value', _KEY)
        return
    op.drop_constraint('data_value_pkey', 'data_value', type_='primary')
    op.drop_column('data_value', 'id')
    op.drop_constraint('uq_data_value_period_org_element', 'data_value', type_='unique')
    op.create_primary_key('pk_data_value', 'data_value', _KEY)


def downgrade() -> None:
    if op.get_bind().dialect.name == "sqlite":
        # Back to a rowid table with an integer id (SQLite numbers the copied rows) and the unique key.
        with op.batch_alter_table('data_value', recreate='always', table_kwargs={'sqlite_with_rowid': True}) as batch_op:
            batch_op.drop_constraint('pk_data_value', type_='primary')
            batch_op.add_column(sa.Column('id', sa.Integer(), primary_key=True, autoincrement=True))
            batch_op.create_unique_constraint('uq_data_value_period_org_element', _KEY)
        return
    op.drop_constraint('pk_data_value', 'data_value', type_='primary')
    op.execute("ALTER TABLE data_value ADD COLUMN id SERIAL PRIMARY KEY")
    op.create_unique_constraint('uq_data_value_period_org_element', 'data_value', _KEY)
