"""Indexes for the order of every paged list

Revision ID: e5b2c8f17a30
Revises: d81f4a6c2e05
Create Date: 2026-12-01 15:00:00

"""
from alembic import op

revision = 'e5b2c8f17a30'
down_revision = 'd81f4a6c2e05'
branch_labels = None
depends_on = None

INDEXES = [
    ('ix_project_created', 'project', ['created_dt', 'id']),
    ('ix_project_member_user', 'project_member', ['user_id', 'project_id']),
    ('ix_notification_user', 'notification', ['user_id', 'id']),
    ('ix_pledge_campaign', 'pledge', ['campaign_id', 'id']),
    ('ix_pledge_backer', 'pledge', ['backer_id', 'id']),
]


def upgrade():
    for name, table, columns in INDEXES:
        op.create_index(name, table, columns)


def downgrade():
    for name, table, _columns in reversed(INDEXES):
        op.drop_index(name, table_name=table)
