"""app_user.is_demo: demo accounts (published password) are flagged, so sign-in can refuse them
outside demo mode. Existing demo_* accounts that still have the published password are flagged.

Revision ID: 0603
Revises: 0323
Create Date: 2026-11-29 16:30:00
"""
from typing import Sequence, Union

from alembic import op
import sqlalchemy as sa


revision: str = '0603'
down_revision: Union[str, Sequence[str], None] = '0323'
branch_labels: Union[str, Sequence[str], None] = None
depends_on: Union[str, Sequence[str], None] = None

# As created by `init --demo` up to this revision (auth.users at the time).
DEMO_USERNAMES = ("demo_admin", "demo_leader", "demo_department", "demo_district", "demo_school")
DEMO_PASSWORD = "Demo-EduKPI-2468"


def _published_password(password_hash: str) -> bool:
    from argon2 import PasswordHasher
    from argon2.exceptions import InvalidHashError, VerificationError

    try:
        return PasswordHasher().verify(password_hash, DEMO_PASSWORD)
    except (VerificationError, InvalidHashError):
        return False


def upgrade() -> None:
    with op.batch_alter_table('app_user', schema=None) as batch_op:
        batch_op.add_column(sa.Column('is_demo', sa.Boolean(), nullable=False, server_default=sa.false()))
    users = sa.table('app_user', sa.column('id', sa.Integer), sa.column('username', sa.String),
                     sa.column('password_hash', sa.String), sa.column('is_demo', sa.Boolean))
    conn = op.get_bind()
    rows = conn.execute(sa.select(users.c.id, users.c.password_hash).where(users.c.username.in_(DEMO_USERNAMES)))
    demo_ids = [i for i, h in rows if h and _published_password(h)]
    if demo_ids:
        conn.execute(users.update().where(users.c.id.in_(demo_ids)).values(is_demo=True))


def downgrade() -> None:
    with op.batch_alter_table('app_user', schema=None) as batch_op:
        batch_op.drop_column('is_demo')
