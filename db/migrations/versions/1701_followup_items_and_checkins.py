"""督办 (issue 17): followup_item, followup_event, followup_attachment; 科室 check-ins on bureau_update
(needs_coordination, checkin_note)

Revision ID: 1701
Revises: 1401
Create Date: 2026-12-02 10:00:00
"""
from typing import Sequence, Union

from alembic import op
import sqlalchemy as sa


revision: str = '1701'
down_revision: Union[str, Sequence[str], None] = '1401'
branch_labels: Union[str, Sequence[str], None] = None
depends_on: Union[str, Sequence[str], None] = None


def upgrade() -> None:
    op.create_table(
        'followup_item',
        sa.Column('id', sa.Integer(), nullable=False),
        sa.Column('plan_id', sa.Integer(), nullable=False),
        sa.Column('kpi_id', sa.Integer(), nullable=False),
        sa.Column('period', sa.String(length=7), nullable=False),
        sa.Column('scope_org_id', sa.Integer(), nullable=False),
        sa.Column('kpi_status', sa.String(length=10), nullable=False),
        sa.Column('cause', sa.Text(), nullable=False),
        sa.Column('measures', sa.Text(), nullable=False),
        sa.Column('owner_kind', sa.String(length=12), nullable=False),
        sa.Column('owner', sa.String(length=50), nullable=False),
        sa.Column('owner_org_id', sa.Integer(), nullable=True),
        sa.Column('due', sa.Date(), nullable=False),
        sa.Column('state', sa.String(length=10), nullable=False),
        sa.Column('requested_due', sa.Date(), nullable=True),
        sa.Column('created_by', sa.Integer(), nullable=True),
        sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
        sa.Column('updated_at', sa.DateTime(timezone=True), nullable=False),
        sa.Column('closed_at', sa.DateTime(timezone=True), nullable=True),
        sa.ForeignKeyConstraint(['plan_id'], ['plan.id']),
        sa.ForeignKeyConstraint(['kpi_id'], ['kpi.id']),
        sa.ForeignKeyConstraint(['scope_org_id'], ['org_unit.id']),
        sa.ForeignKeyConstraint(['owner_org_id'], ['org_unit.id']),
        sa.ForeignKeyConstraint(['created_by'], ['app_user.id']),
        sa.PrimaryKeyConstraint('id'),
    )
    with op.batch_alter_table('followup_item', schema=None) as batch_op:
        batch_op.create_index('ix_followup_item_plan_state', ['plan_id', 'state'], unique=False)
        batch_op.create_index(batch_op.f('ix_followup_item_kpi_id'), ['kpi_id'], unique=False)
    op.create_table(
        'followup_event',
        sa.Column('id', sa.Integer(), nullable=False),
        sa.Column('item_id', sa.Integer(), nullable=False),
        sa.Column('action', sa.String(length=20), nullable=False),
        sa.Column('note', sa.Text(), nullable=True),
        sa.Column('state', sa.String(length=10), nullable=False),
        sa.Column('due', sa.Date(), nullable=True),
        sa.Column('user_id', sa.Integer(), nullable=True),
        sa.Column('at', sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(['item_id'], ['followup_item.id']),
        sa.ForeignKeyConstraint(['user_id'], ['app_user.id']),
        sa.PrimaryKeyConstraint('id'),
    )
    with op.batch_alter_table('followup_event', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_followup_event_item_id'), ['item_id'], unique=False)
    op.create_table(
        'followup_attachment',
        sa.Column('id', sa.Integer(), nullable=False),
        sa.Column('event_id', sa.Integer(), nullable=False),
        sa.Column('file_name', sa.String(length=200), nullable=False),
        sa.Column('content_type', sa.String(length=100), nullable=False),
        sa.Column('size', sa.Integer(), nullable=False),
        sa.Column('sha256', sa.String(length=64), nullable=False),
        sa.Column('content', sa.LargeBinary(), nullable=False),
        sa.Column('uploaded_by', sa.Integer(), nullable=True),
        sa.Column('uploaded_at', sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(['event_id'], ['followup_event.id']),
        sa.ForeignKeyConstraint(['uploaded_by'], ['app_user.id']),
        sa.PrimaryKeyConstraint('id'),
    )
    with op.batch_alter_table('followup_attachment', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_followup_attachment_event_id'), ['event_id'], unique=False)
    with op.batch_alter_table('bureau_update', schema=None) as batch_op:
        batch_op.add_column(sa.Column('needs_coordination', sa.Boolean(), nullable=True))
        batch_op.add_column(sa.Column('checkin_note', sa.Text(), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table('bureau_update', schema=None) as batch_op:
        batch_op.drop_column('checkin_note')
        batch_op.drop_column('needs_coordination')
    op.drop_table('followup_attachment')
    op.drop_table('followup_event')
    op.drop_table('followup_item')
