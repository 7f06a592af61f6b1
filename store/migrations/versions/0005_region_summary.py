"""region summary: headline township figures aggregated per region above township

Revision ID: 0005
Revises: 0004
Create Date: 2026-12-04 06:40:00
"""
from alembic import op
import sqlalchemy as sa


revision = '0005'
down_revision = '0004'
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        'region_summary',
        sa.Column('region_id', sa.Integer(), nullable=False),
        sa.Column('indicator_id', sa.Integer(), nullable=False),
        sa.Column('attrs_key', sa.String(length=255), nullable=False),
        sa.Column('is_target', sa.Boolean(), nullable=False),
        sa.Column('year', sa.Integer(), nullable=False),
        sa.Column('total', sa.Float(), nullable=True),
        sa.Column('reporting', sa.Integer(), nullable=False),
        sa.Column('townships', sa.Integer(), nullable=False),
        sa.Column('masked', sa.Integer(), nullable=False),
        sa.Column('min_value', sa.Float(), nullable=True),
        sa.Column('max_value', sa.Float(), nullable=True),
        sa.ForeignKeyConstraint(['indicator_id'], ['indicator.id']),
        sa.ForeignKeyConstraint(['region_id'], ['region.id']),
        sa.PrimaryKeyConstraint('region_id', 'indicator_id', 'attrs_key', 'is_target', 'year'),
    )
    with op.batch_alter_table('region_summary', schema=None) as batch_op:
        batch_op.create_index('ix_region_summary_indicator_year', ['indicator_id', 'year'], unique=False)
    # Existing databases: fill it once from their observations.
    op.execute(
        "INSERT INTO region_summary (region_id, indicator_id, attrs_key, is_target, year, total, reporting,"
        " townships, masked, min_value, max_value)"
        " SELECT a.id, o.indicator_id, o.attrs_key, o.is_target, o.year, SUM(o.value), COUNT(o.value), COUNT(*),"
        " SUM(CASE WHEN o.masked THEN 1 ELSE 0 END), MIN(o.value), MAX(o.value)"
        " FROM observation o JOIN region t ON t.id = o.region_id AND t.level = 'township'"
        " JOIN region a ON a.level <> 'township' AND t.path LIKE a.path || '%'"
        " WHERE o.is_headline"
        " GROUP BY a.id, o.indicator_id, o.attrs_key, o.is_target, o.year"
    )


def downgrade() -> None:
    with op.batch_alter_table('region_summary', schema=None) as batch_op:
        batch_op.drop_index('ix_region_summary_indicator_year')
    op.drop_table('region_summary')
