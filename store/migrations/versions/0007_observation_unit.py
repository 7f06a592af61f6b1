"""observation unit: the counting unit the source stated when the indicator accepts several (党纪立案2件)

Revision ID: 0007
Revises: 0006
Create Date: 2026-12-04 13:00:00
"""
from alembic import op
import sqlalchemy as sa


revision = '0007'
down_revision = '0006'
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table('observation', schema=None) as batch_op:
        batch_op.add_column(sa.Column('unit', sa.String(length=8), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table('observation', schema=None) as batch_op:
        batch_op.drop_column('unit')
