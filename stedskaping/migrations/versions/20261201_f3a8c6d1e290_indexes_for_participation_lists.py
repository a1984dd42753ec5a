"""Indexes for the order of the paged lists of supporters and proposals

Revision ID: f3a8c6d1e290
Revises: b7d2e4f6a8c1
Create Date: 2026-12-01 21:45:00

"""
import sqlalchemy as sa
from alembic import op

revision = 'f3a8c6d1e290'
down_revision = 'b7d2e4f6a8c1'
branch_labels = None
depends_on = None


def upgrade():
    op.create_index('ix_supporter_project_confirmed', 'supporter',
                    ['project_id', 'confirmed_dt', 'id'])
    op.create_index('ix_proposal_project_support', 'proposal',
                    ['project_id', sa.literal_column('support_count').desc(), 'id'])


def downgrade():
    op.drop_index('ix_proposal_project_support', table_name='proposal')
    op.drop_index('ix_supporter_project_confirmed', table_name='supporter')
