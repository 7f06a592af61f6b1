"""region summary for the region pages: inexact counts, year-on-year pairs, stated units, townships reporting per year

Revision ID: 0009
Revises: 0008
Create Date: 2026-12-04 13:00:00
"""

import sqlalchemy as sa
from alembic import op

revision = "0009"
down_revision = "0008"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("region_summary", schema=None) as batch_op:
        batch_op.add_column(sa.Column("inexact", sa.Integer(), nullable=False, server_default="0"))
        batch_op.add_column(sa.Column("paired", sa.Integer(), nullable=False, server_default="0"))
        batch_op.add_column(sa.Column("paired_total", sa.Float(), nullable=True))
        batch_op.add_column(sa.Column("paired_prev", sa.Float(), nullable=True))
        batch_op.add_column(sa.Column("unit_min", sa.String(length=16), nullable=True))
        batch_op.add_column(sa.Column("unit_max", sa.String(length=16), nullable=True))
        batch_op.add_column(sa.Column("unit_n", sa.Integer(), nullable=False, server_default="0"))
    op.create_table(
        "township_year",
        sa.Column("region_id", sa.Integer(), nullable=False),
        sa.Column("year", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(["region_id"], ["region.id"]),
        sa.PrimaryKeyConstraint("region_id", "year"),
    )
    # Existing databases: fill both from their observations (the same rules as store.summary.rebuild_summary).
    from store.summary import rebuild_summary

    rebuild_summary(op.get_bind())


def downgrade() -> None:
    op.drop_table("township_year")
    with op.batch_alter_table("region_summary", schema=None) as batch_op:
        for column in ("unit_n", "unit_max", "unit_min", "paired_prev", "paired_total", "paired", "inexact"):
            batch_op.drop_column(column)
