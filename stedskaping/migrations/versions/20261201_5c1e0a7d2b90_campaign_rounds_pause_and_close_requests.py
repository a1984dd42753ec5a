"""campaign rounds, pausing with the project, early close requests

Revision ID: 5c1e0a7d2b90
Revises: 8aaa9392ac37
Create Date: 2026-12-01 09:00:00

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = '5c1e0a7d2b90'
down_revision = '8aaa9392ac37'
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table('campaign', schema=None) as batch_op:
        batch_op.add_column(sa.Column('round', sa.Integer(), nullable=False,
                                      server_default='1'))
        batch_op.add_column(sa.Column('paused_days_left', sa.Integer(), nullable=True))
        batch_op.add_column(sa.Column('close_requested_by_id', sa.Integer(), nullable=True))
        batch_op.add_column(sa.Column('close_reason', sa.Text(), nullable=True))
        batch_op.add_column(sa.Column('counted_amount', sa.Integer(), nullable=True))
        batch_op.drop_constraint('uq_campaign_project_id', type_='unique')
        batch_op.create_unique_constraint(batch_op.f('uq_campaign_project_id_round'),
                                          ['project_id', 'round'])
        batch_op.create_index(batch_op.f('ix_campaign_project_id'), ['project_id'],
                              unique=False)
        batch_op.create_foreign_key(batch_op.f('fk_campaign_close_requested_by_id_user'),
                                    'user', ['close_requested_by_id'], ['id'],
                                    ondelete='SET NULL')
    with op.batch_alter_table('campaign', schema=None) as batch_op:
        batch_op.alter_column('round', server_default=None)


def downgrade():
    with op.batch_alter_table('campaign', schema=None) as batch_op:
        batch_op.drop_constraint(batch_op.f('fk_campaign_close_requested_by_id_user'),
                                 type_='foreignkey')
        batch_op.drop_index(batch_op.f('ix_campaign_project_id'))
        batch_op.drop_constraint(batch_op.f('uq_campaign_project_id_round'), type_='unique')
        batch_op.create_unique_constraint('uq_campaign_project_id', ['project_id'])
        batch_op.drop_column('counted_amount')
        batch_op.drop_column('close_reason')
        batch_op.drop_column('close_requested_by_id')
        batch_op.drop_column('paused_days_left')
        batch_op.drop_column('round')
