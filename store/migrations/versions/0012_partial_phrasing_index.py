"""observation's phrasing index only over the figures a learned phrasing read (phrasing_id not null)

Revision ID: 0012
Revises: 0011
Create Date: 2026-12-05 14:00:00

Ledger and submitted figures have no phrasing: a 100,000-row ledger wrote 100,000 NULL entries into the index,
0.04 s of its import's CPU. The one lookup (store.learned: the figures of a phrasing, phrasing_id = :id) implies
not null, so both databases still use the partial index for it.
"""

import sqlalchemy as sa
from alembic import op

revision = "0012"
down_revision = "0011"
branch_labels = None
depends_on = None

_WHERE = sa.text("phrasing_id IS NOT NULL")


def upgrade() -> None:
    op.drop_index("ix_observation_phrasing_id", table_name="observation")
    op.create_index(
        "ix_observation_phrasing_id", "observation", ["phrasing_id"], sqlite_where=_WHERE, postgresql_where=_WHERE
    )


def downgrade() -> None:
    op.drop_index("ix_observation_phrasing_id", table_name="observation")
    op.create_index("ix_observation_phrasing_id", "observation", ["phrasing_id"], unique=False)
