"""The monthly reporting cycle (issue 14): each school's state for a period and its history, period
locks, and the bureau's cycle settings

Revision ID: 1401
Revises: 1501
Create Date: 2026-12-05 19:10:00
"""
from typing import Sequence, Union

from alembic import op
import sqlalchemy as sa

revision: str = '1401'
down_revision: Union[str, Sequence[str], None] = '1501'
branch_labels: Union[str, Sequence[str], None] = None
depends_on: Union[str, Sequence[str], None] = None


def upgrade() -> None:
    op.create_table(
        'reporting_state',
        sa.Column('id', sa.Integer(), nullable=False),
        sa.Column('org_unit_id', sa.Integer(), nullable=False),
        sa.Column('period', sa.String(length=7), nullable=False),
        sa.Column('bureau_id', sa.Integer(), nullable=False),
        sa.Column('state', sa.String(length=10), nullable=False),
        sa.Column('submission_id', sa.Integer(), nullable=True),
        sa.Column('version', sa.Integer(), nullable=False),
        sa.Column('reason', sa.Text(), nullable=True),
        sa.Column('submitted_at', sa.DateTime(timezone=True), nullable=True),
        sa.Column('changed_at', sa.DateTime(timezone=True), nullable=False),
        sa.Column('changed_by', sa.Integer(), nullable=True),
        sa.Column('changed_by_name', sa.String(length=100), nullable=True),
        sa.ForeignKeyConstraint(['org_unit_id'], ['org_unit.id']),
        sa.ForeignKeyConstraint(['submission_id'], ['submission.id']),
        sa.ForeignKeyConstraint(['changed_by'], ['app_user.id']),
        sa.PrimaryKeyConstraint('id'),
        sa.UniqueConstraint('org_unit_id', 'period', name='uq_reporting_state_org_period'),
    )
    op.create_index('ix_reporting_state_bureau_period', 'reporting_state', ['bureau_id', 'period'])
    op.create_table(
        'reporting_transition',
        sa.Column('id', sa.Integer(), nullable=False),
        sa.Column('org_unit_id', sa.Integer(), nullable=False),
        sa.Column('period', sa.String(length=7), nullable=False),
        sa.Column('bureau_id', sa.Integer(), nullable=False),
        sa.Column('from_state', sa.String(length=10), nullable=False),
        sa.Column('to_state', sa.String(length=10), nullable=False),
        sa.Column('submission_id', sa.Integer(), nullable=True),
        sa.Column('reason', sa.Text(), nullable=True),
        sa.Column('at', sa.DateTime(timezone=True), nullable=False),
        sa.Column('user_id', sa.Integer(), nullable=True),
        sa.Column('user_name', sa.String(length=100), nullable=True),
        sa.PrimaryKeyConstraint('id'),
    )
    op.create_index('ix_reporting_transition_org_period', 'reporting_transition', ['org_unit_id', 'period'])
    op.create_index('ix_reporting_transition_bureau_at', 'reporting_transition', ['bureau_id', 'at'])
    op.create_table(
        'period_lock',
        sa.Column('id', sa.Integer(), nullable=False),
        sa.Column('bureau_id', sa.Integer(), nullable=False),
        sa.Column('period', sa.String(length=7), nullable=False),
        sa.Column('locked', sa.Boolean(), nullable=False),
        sa.Column('at', sa.DateTime(timezone=True), nullable=False),
        sa.Column('user_id', sa.Integer(), nullable=True),
        sa.Column('user_name', sa.String(length=100), nullable=True),
        sa.Column('reason', sa.Text(), nullable=True),
        sa.ForeignKeyConstraint(['bureau_id'], ['org_unit.id']),
        sa.ForeignKeyConstraint(['user_id'], ['app_user.id']),
        sa.PrimaryKeyConstraint('id'),
        sa.UniqueConstraint('bureau_id', 'period', name='uq_period_lock_bureau_period'),
    )
    op.create_table(
        'workflow_setting',
        sa.Column('bureau_id', sa.Integer(), nullable=False),
        sa.Column('district_review', sa.Boolean(), nullable=False),
        sa.Column('auto_lock_days', sa.Integer(), nullable=True),
        sa.Column('confirmers', sa.JSON(), nullable=False),
        sa.ForeignKeyConstraint(['bureau_id'], ['org_unit.id']),
        sa.PrimaryKeyConstraint('bureau_id'),
    )


def downgrade() -> None:
    op.drop_table('workflow_setting')
    op.drop_table('period_lock')
    op.drop_index('ix_reporting_transition_bureau_at', table_name='reporting_transition')
    op.drop_index('ix_reporting_transition_org_period', table_name='reporting_transition')
    op.drop_table('reporting_transition')
    op.drop_index('ix_reporting_state_bureau_period', table_name='reporting_state')
    op.drop_table('reporting_state')
