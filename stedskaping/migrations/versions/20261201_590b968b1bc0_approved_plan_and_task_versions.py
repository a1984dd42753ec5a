"""approved plan on stage windows, a version counter on task progress

Revision ID: 590b968b1bc0
Revises: 7421857e6622
Create Date: 2026-12-01 08:30:00.000000

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = '590b968b1bc0'
down_revision = '7421857e6622'
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table('stage_window', schema=None) as batch_op:
        batch_op.add_column(sa.Column('approved_starts_on', sa.Date(), nullable=True))
        batch_op.add_column(sa.Column('approved_ends_on', sa.Date(), nullable=True))
    # Every re-plan so far was approved by a facilitator: the current plan is the approved one.
    op.execute("UPDATE stage_window SET approved_starts_on = starts_on, "
               "approved_ends_on = ends_on")
    with op.batch_alter_table('stage_window', schema=None) as batch_op:
        batch_op.alter_column('approved_starts_on', existing_type=sa.Date(), nullable=False)
        batch_op.alter_column('approved_ends_on', existing_type=sa.Date(), nullable=False)

    with op.batch_alter_table('task_progress', schema=None) as batch_op:
        batch_op.add_column(sa.Column('version', sa.Integer(), server_default='1',
                                      nullable=False))


def downgrade():
    with op.batch_alter_table('task_progress', schema=None) as batch_op:
        batch_op.drop_column('version')
    with op.batch_alter_table('stage_window', schema=None) as batch_op:
        batch_op.drop_column('approved_ends_on')
        batch_op.drop_column('approved_starts_on')
