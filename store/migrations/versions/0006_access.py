"""access: roles with 审核员, region grants by name chain, login throttle, sessions, settings, observation version

Revision ID: 0006
Revises: 0005
Create Date: 2026-12-04 05:30:00
"""

import sqlalchemy as sa
from alembic import op

revision = "0006"
down_revision = "0005"
branch_labels = None
depends_on = None


def _chain(conn: sa.Connection, region_id: int | None) -> str:
    """The name chain of a region ('' for none: the old 'every region')."""
    if region_id is None:
        return ""
    path = conn.execute(sa.text("SELECT path FROM region WHERE id = :i"), {"i": region_id}).scalar()
    if not path:
        return ""
    ids = [int(i) for i in path.strip("/").split("/")]
    names: dict[int, str] = {int(str(i)): str(n) for i, n in conn.execute(sa.text("SELECT id, name FROM region")).all()}
    return "/".join(names[i] for i in ids)


def upgrade() -> None:
    op.create_table(
        "user_grant",
        sa.Column("id", sa.Integer(), primary_key=True),
        sa.Column("user_id", sa.Integer(), sa.ForeignKey("app_user.id", ondelete="CASCADE"), nullable=False),
        sa.Column("region", sa.String(255), nullable=False),
        sa.UniqueConstraint("user_id", "region", name="uq_user_grant"),
    )
    op.create_index("ix_user_grant_user_id", "user_grant", ["user_id"])
    op.create_table(
        "login_throttle",
        sa.Column("username", sa.String(64), primary_key=True),
        sa.Column("failures", sa.Integer(), nullable=False),
        sa.Column("locked_until", sa.DateTime(), nullable=True),
        sa.Column("last_failure", sa.DateTime(), nullable=True),
    )
    op.create_table(
        "app_session",
        sa.Column("id", sa.Integer(), primary_key=True),
        sa.Column("token_hash", sa.String(64), nullable=False, unique=True),
        sa.Column("user_id", sa.Integer(), sa.ForeignKey("app_user.id", ondelete="CASCADE"), nullable=False),
        sa.Column("rights_version", sa.Integer(), nullable=False),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.Column("last_seen", sa.DateTime(), nullable=False),
        sa.Column("expires_at", sa.DateTime(), nullable=False),
    )
    op.create_index("ix_app_session_user_id", "app_session", ["user_id"])
    op.create_table(
        "app_setting",
        sa.Column("key", sa.String(64), primary_key=True),
        sa.Column("value", sa.JSON(), nullable=False),
    )
    with op.batch_alter_table("observation") as batch:
        batch.add_column(sa.Column("version", sa.Integer(), nullable=False, server_default="1"))
    with op.batch_alter_table("app_user") as batch:
        batch.add_column(sa.Column("disabled", sa.Boolean(), nullable=False, server_default=sa.false()))
        batch.add_column(sa.Column("rights_version", sa.Integer(), nullable=False, server_default="1"))
    conn = op.get_bind()
    # The old single region (None = every region) becomes one grant; roles viewer/clerk/admin keep their
    # names (clerk now imports and submits; reviewing moves to the new reviewer role).
    rows: list[tuple[int, int | None]] = [(r[0], r[1]) for r in conn.execute(sa.text("SELECT id, region_id FROM app_user"))]
    for uid, region_id in rows:
        conn.execute(
            sa.text("INSERT INTO user_grant (user_id, region) VALUES (:u, :r)"), {"u": uid, "r": _chain(conn, region_id)}
        )
    with op.batch_alter_table("app_user") as batch:
        batch.drop_column("region_id")


def downgrade() -> None:
    with op.batch_alter_table("app_user") as batch:
        batch.add_column(sa.Column("region_id", sa.Integer(), sa.ForeignKey("region.id"), nullable=True))
    op.execute("UPDATE app_user SET role = 'clerk' WHERE role = 'reviewer'")
    with op.batch_alter_table("app_user") as batch:
        batch.drop_column("rights_version")
        batch.drop_column("disabled")
    with op.batch_alter_table("observation") as batch:
        batch.drop_column("version")
    op.drop_table("app_setting")
    op.drop_index("ix_app_session_user_id", "app_session")
    op.drop_table("app_session")
    op.drop_table("login_throttle")
    op.drop_index("ix_user_grant_user_id", "user_grant")
    op.drop_table("user_grant")
