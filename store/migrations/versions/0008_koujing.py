"""口径 on every indicator (basis, counting rule, statistics system, official name); the written 说明 that
confirms a figure a continuity or balance check held back (需说明)

Revision ID: 0008
Revises: 0007
Create Date: 2026-12-04 12:50:00
"""

import sqlalchemy as sa
from alembic import op

revision = "0008"
down_revision = "0007"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("indicator", schema=None) as batch_op:
        batch_op.add_column(sa.Column("basis", sa.String(8), nullable=False, server_default="年度"))
        batch_op.add_column(sa.Column("counting_rule", sa.Text(), nullable=False, server_default=""))
        batch_op.add_column(sa.Column("source_system", sa.String(8), nullable=False, server_default="自定"))
        batch_op.add_column(sa.Column("official_name", sa.String(64), nullable=False, server_default=""))
    with op.batch_alter_table("observation", schema=None) as batch_op:
        batch_op.add_column(sa.Column("explanation", sa.Text(), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table("observation", schema=None) as batch_op:
        batch_op.drop_column("explanation")
    with op.batch_alter_table("indicator", schema=None) as batch_op:
        batch_op.drop_column("official_name")
        batch_op.drop_column("source_system")
        batch_op.drop_column("counting_rule")
        batch_op.drop_column("basis")
