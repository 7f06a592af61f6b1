"""region_version: a token the database changes with every write to region, so the region tree can be cached

Revision ID: 0011
Revises: 0010
Create Date: 2026-12-04 15:20:00

Every INSERT, UPDATE or DELETE on region sets region_version.token to a new random number in the same
transaction (triggers: per statement on PostgreSQL, per row on SQLite), whatever wrote it (the ORM, bulk
Core inserts, a migration). store.queries.region_tree keeps the tree per engine with the token it was read
under and reads it again only when the token differs. A random token rather than a counter: a restored
backup brings back its own token with its own regions, so it can never equal a token of another state.
"""

import sqlalchemy as sa
from alembic import op

revision = "0011"
down_revision = "0010"
branch_labels = None
depends_on = None

_PG_FUNCTION = """
CREATE FUNCTION region_version_bump() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    UPDATE region_version SET token = CAST(floor(random() * 9.0e18) AS BIGINT);
    RETURN NULL;
END $$"""
_PG_TRIGGER = """
CREATE TRIGGER region_version_bump AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON region
FOR EACH STATEMENT EXECUTE FUNCTION region_version_bump()"""
_SQLITE_EVENTS = ("INSERT", "UPDATE", "DELETE")


def upgrade() -> None:
    op.create_table(
        "region_version",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("token", sa.BigInteger(), nullable=False),
        sa.PrimaryKeyConstraint("id"),
    )
    if op.get_bind().dialect.name == "postgresql":
        op.execute("INSERT INTO region_version (id, token) VALUES (1, CAST(floor(random() * 9.0e18) AS BIGINT))")
        op.execute(_PG_FUNCTION)
        op.execute(_PG_TRIGGER)
    else:
        op.execute("INSERT INTO region_version (id, token) VALUES (1, random())")
        for event in _SQLITE_EVENTS:
            op.execute(
                f"CREATE TRIGGER region_version_{event.lower()} AFTER {event} ON region "
                "BEGIN UPDATE region_version SET token = random(); END"
            )


def downgrade() -> None:
    if op.get_bind().dialect.name == "postgresql":
        op.execute("DROP TRIGGER IF EXISTS region_version_bump ON region")
        op.execute("DROP FUNCTION IF EXISTS region_version_bump()")
    else:
        for event in _SQLITE_EVENTS:
            op.execute(f"DROP TRIGGER IF EXISTS region_version_{event.lower()}")
    op.drop_table("region_version")
