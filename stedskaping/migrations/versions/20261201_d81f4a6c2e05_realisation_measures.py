"""Realisation: the plan's physical measures

Revision ID: d81f4a6c2e05
Revises: c4a7e2d9b1f3
Create Date: 2026-12-01 14:40:00

"""
import sqlalchemy as sa
from alembic import op

revision = 'd81f4a6c2e05'
down_revision = 'c4a7e2d9b1f3'
branch_labels = None
depends_on = None


def upgrade():
    op.create_table(
        'realisation_measure',
        sa.Column('id', sa.Integer(), nullable=False),
        sa.Column('project_id', sa.Integer(), nullable=False),
        sa.Column('title', sa.String(length=160), nullable=False),
        sa.Column('description', sa.Text(), nullable=False),
        sa.Column('will_build', sa.Boolean(), nullable=False),
        sa.Column('position', sa.Integer(), nullable=False),
        sa.Column('created_dt', sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(['project_id'], ['project.id'],
                                name=op.f('fk_realisation_measure_project_id_project'),
                                ondelete='CASCADE'),
        sa.PrimaryKeyConstraint('id', name=op.f('pk_realisation_measure')),
    )
    with op.batch_alter_table('realisation_measure', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_realisation_measure_project_id'), ['project_id'],
                              unique=False)


def downgrade():
    with op.batch_alter_table('realisation_measure', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_realisation_measure_project_id'))
    op.drop_table('realisation_measure')
