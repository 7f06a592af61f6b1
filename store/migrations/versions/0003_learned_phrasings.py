"""learned phrasings and observation origin

Revision ID: 0003
Revises: 0002
Create Date: 2026-12-04 05:30:00
"""
from alembic import op
import sqlalchemy as sa


revision = '0003'
down_revision = '0002'
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        'learned_phrasing',
        sa.Column('id', sa.Integer(), nullable=False),
        sa.Column('indicator_key', sa.String(length=64), nullable=True),
        sa.Column('side', sa.String(length=8), nullable=False),
        sa.Column('word', sa.String(length=32), nullable=False),
        sa.Column('unit', sa.String(length=8), nullable=False),
        sa.Column('attrs', sa.JSON(), nullable=False),
        sa.Column('status', sa.String(length=16), nullable=False),
        sa.Column('uses', sa.Integer(), nullable=False),
        sa.Column('confirmations', sa.Integer(), nullable=False),
        sa.Column('corrections', sa.Integer(), nullable=False),
        sa.Column('example', sa.Text(), nullable=False),
        sa.Column('created_by', sa.String(length=64), nullable=False),
        sa.Column('created_at', sa.DateTime(), nullable=False),
        sa.Column('updated_at', sa.DateTime(), nullable=False),
        sa.PrimaryKeyConstraint('id'),
        sa.UniqueConstraint('side', 'word', 'unit', name='uq_learned_phrasing'),
    )
    with op.batch_alter_table('learned_phrasing', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_learned_phrasing_indicator_key'), ['indicator_key'], unique=False)
    with op.batch_alter_table('observation', schema=None) as batch_op:
        batch_op.add_column(sa.Column('origin', sa.String(length=16), server_default='extracted', nullable=False))
        batch_op.add_column(sa.Column('phrasing_id', sa.Integer(), nullable=True))
        batch_op.add_column(sa.Column('assigned_by', sa.String(length=64), nullable=True))
        batch_op.create_index(batch_op.f('ix_observation_phrasing_id'), ['phrasing_id'], unique=False)


def downgrade() -> None:
    with op.batch_alter_table('observation', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_observation_phrasing_id'))
        batch_op.drop_column('assigned_by')
        batch_op.drop_column('phrasing_id')
        batch_op.drop_column('origin')
    with op.batch_alter_table('learned_phrasing', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_learned_phrasing_indicator_key'))
    op.drop_table('learned_phrasing')
