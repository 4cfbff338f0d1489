"""org_unit: a school's contact person and phone (学校名册 联系人/联系电话), for the 催报 list

Revision ID: 1902
Revises: 1301
Create Date: 2026-12-05 19:10:00
"""
from typing import Sequence, Union

import sqlalchemy as sa
from alembic import op

revision: str = '1902'
down_revision: Union[str, Sequence[str], None] = '1301'
branch_labels: Union[str, Sequence[str], None] = None
depends_on: Union[str, Sequence[str], None] = None


def upgrade() -> None:
    with op.batch_alter_table('org_unit', schema=None) as batch_op:
        batch_op.add_column(sa.Column('contact_person', sa.String(length=50), nullable=True))
        batch_op.add_column(sa.Column('contact_phone', sa.String(length=30), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table('org_unit', schema=None) as batch_op:
        batch_op.drop_column('contact_phone')
        batch_op.drop_column('contact_person')
