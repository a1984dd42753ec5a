"""Meeting minutes can be hidden by moderation

Revision ID: c4a7e2d9b1f3
Revises: 09ff12eed8c1
Create Date: 2026-12-01 13:30:00

"""
import sqlalchemy as sa
from alembic import op

revision = 'c4a7e2d9b1f3'
down_revision = '09ff12eed8c1'
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table('meeting', schema=None) as batch_op:
        batch_op.add_column(sa.Column('minutes_hidden', sa.Boolean(), server_default=sa.false(),
                                      nullable=False))


def downgrade():
    with op.batch_alter_table('meeting', schema=None) as batch_op:
        batch_op.drop_column('minutes_hidden')
