"""The page cache's generation: one counter that every write a page can show raises

Revision ID: b7d2e4f6a8c1
Revises: a9c3d5e7f120
Create Date: 2026-12-01 18:00:00.000000

"""

import sqlalchemy as sa
from alembic import op

revision = "b7d2e4f6a8c1"
down_revision = "a9c3d5e7f120"
branch_labels = None
depends_on = None


def upgrade():
    table = op.create_table(
        "cache_generation",
        sa.Column("id", sa.Integer(), autoincrement=False, nullable=False),
        sa.Column("value", sa.BigInteger(), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_cache_generation")),
    )
    op.bulk_insert(table, [{"id": 1, "value": 0}])


def downgrade():
    op.drop_table("cache_generation")
