"""多级上报: submission (township × year: draft/submitted/approved/returned) and reminder (催报)

Revision ID: 0010
Revises: 0009
Create Date: 2026-12-04 12:40:00
"""

import sqlalchemy as sa
from alembic import op

revision = "0010"
down_revision = "0009"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "submission",
        sa.Column("id", sa.Integer(), primary_key=True),
        sa.Column("region_id", sa.Integer(), sa.ForeignKey("region.id"), nullable=False),
        sa.Column("year", sa.Integer(), nullable=False),
        sa.Column("status", sa.String(16), nullable=False),
        sa.Column("figures", sa.Integer(), nullable=False),
        sa.Column("submitted_by", sa.String(64), nullable=True),
        sa.Column("submitted_at", sa.DateTime(), nullable=True),
        sa.Column("reviewed_by", sa.String(64), nullable=True),
        sa.Column("reviewed_at", sa.DateTime(), nullable=True),
        sa.Column("reason", sa.Text(), nullable=True),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.UniqueConstraint("region_id", "year", name="uq_submission_region_year"),
    )
    op.create_index("ix_submission_region_id", "submission", ["region_id"])
    op.create_table(
        "reminder",
        sa.Column("id", sa.Integer(), primary_key=True),
        sa.Column("region_id", sa.Integer(), sa.ForeignKey("region.id"), nullable=False),
        sa.Column("year", sa.Integer(), nullable=False),
        sa.Column("sent_by", sa.String(64), nullable=False),
        sa.Column("sent_at", sa.DateTime(), nullable=False),
    )
    op.create_index("ix_reminder_region_year", "reminder", ["region_id", "year"])


def downgrade() -> None:
    op.drop_index("ix_reminder_region_year", "reminder")
    op.drop_table("reminder")
    op.drop_index("ix_submission_region_id", "submission")
    op.drop_table("submission")
