"""Notifications (issue 16): notify_channel (企业微信/钉钉 robots and email per scope, secrets encrypted),
notify_rule (which messages a bureau sends and when) and notify_outbox (every message, written with
the event that causes it, delivered by `python -m kpis notify worker`, unique by its dedup key).

Revision ID: 1601
Revises: 1902
Create Date: 2026-12-01 10:00:00
"""
from typing import Sequence, Union

from alembic import op
import sqlalchemy as sa


revision: str = '1601'
down_revision: Union[str, Sequence[str], None] = '1902'
branch_labels: Union[str, Sequence[str], None] = None
depends_on: Union[str, Sequence[str], None] = None


def upgrade() -> None:
    op.create_table(
        'notify_channel',
        sa.Column('id', sa.Integer(), nullable=False),
        sa.Column('bureau_id', sa.Integer(), nullable=False),
        sa.Column('name', sa.String(length=100), nullable=False),
        sa.Column('kind', sa.String(length=12), nullable=False),
        sa.Column('scope_level', sa.String(length=12), nullable=False),
        sa.Column('scope_org_id', sa.Integer(), nullable=True),
        sa.Column('department', sa.String(length=50), nullable=True),
        sa.Column('target_encrypted', sa.Text(), nullable=False),
        sa.Column('target_hint', sa.String(length=200), nullable=False),
        sa.Column('secret_encrypted', sa.Text(), nullable=True),
        sa.Column('config', sa.JSON(), nullable=True),
        sa.Column('active', sa.Boolean(), nullable=False),
        sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
        sa.Column('created_by', sa.Integer(), nullable=True),
        sa.ForeignKeyConstraint(['bureau_id'], ['org_unit.id']),
        sa.ForeignKeyConstraint(['scope_org_id'], ['org_unit.id']),
        sa.ForeignKeyConstraint(['created_by'], ['app_user.id']),
        sa.PrimaryKeyConstraint('id'),
        sa.UniqueConstraint('bureau_id', 'name', name='uq_notify_channel_bureau_name'),
    )
    op.create_index('ix_notify_channel_bureau_id', 'notify_channel', ['bureau_id'])
    op.create_index('ix_notify_channel_scope_org_id', 'notify_channel', ['scope_org_id'])
    op.create_table(
        'notify_rule',
        sa.Column('id', sa.Integer(), nullable=False),
        sa.Column('bureau_id', sa.Integer(), nullable=False),
        sa.Column('kind', sa.String(length=20), nullable=False),
        sa.Column('enabled', sa.Boolean(), nullable=False),
        sa.Column('schedule', sa.String(length=60), nullable=False),
        sa.Column('params', sa.JSON(), nullable=True),
        sa.ForeignKeyConstraint(['bureau_id'], ['org_unit.id']),
        sa.PrimaryKeyConstraint('id'),
        sa.UniqueConstraint('bureau_id', 'kind', name='uq_notify_rule_bureau_kind'),
    )
    op.create_index('ix_notify_rule_bureau_id', 'notify_rule', ['bureau_id'])
    op.create_table(
        'notify_outbox',
        sa.Column('id', sa.Integer(), nullable=False),
        sa.Column('bureau_id', sa.Integer(), nullable=False),
        sa.Column('channel_id', sa.Integer(), nullable=False),
        sa.Column('rule', sa.String(length=20), nullable=False),
        sa.Column('scope_code', sa.String(length=60), nullable=False),
        sa.Column('scope_org_id', sa.Integer(), nullable=True),
        sa.Column('period', sa.String(length=7), nullable=True),
        sa.Column('dedup_key', sa.String(length=300), nullable=False),
        sa.Column('subject', sa.String(length=300), nullable=False),
        sa.Column('text', sa.Text(), nullable=False),
        sa.Column('payload', sa.JSON(), nullable=True),
        sa.Column('status', sa.String(length=10), nullable=False),
        sa.Column('attempts', sa.Integer(), nullable=False),
        sa.Column('next_attempt_at', sa.DateTime(timezone=True), nullable=False),
        sa.Column('lease_until', sa.DateTime(timezone=True), nullable=True),
        sa.Column('claimed_by', sa.String(length=80), nullable=True),
        sa.Column('started_at', sa.DateTime(timezone=True), nullable=True),
        sa.Column('sent_at', sa.DateTime(timezone=True), nullable=True),
        sa.Column('last_error', sa.Text(), nullable=True),
        sa.Column('acknowledged_at', sa.DateTime(timezone=True), nullable=True),
        sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(['channel_id'], ['notify_channel.id'], ondelete='CASCADE'),
        sa.PrimaryKeyConstraint('id'),
        sa.UniqueConstraint('dedup_key', name='uq_notify_outbox_dedup_key'),
    )
    op.create_index('ix_notify_outbox_bureau_id', 'notify_outbox', ['bureau_id'])
    op.create_index('ix_notify_outbox_channel_id', 'notify_outbox', ['channel_id'])
    op.create_index('ix_notify_outbox_scope_org_id', 'notify_outbox', ['scope_org_id'])
    op.create_index('ix_notify_outbox_due', 'notify_outbox', ['status', 'next_attempt_at'])
    op.create_index('ix_notify_outbox_channel_started', 'notify_outbox', ['channel_id', 'started_at'])


def downgrade() -> None:
    op.drop_table('notify_outbox')
    op.drop_table('notify_rule')
    op.drop_table('notify_channel')
