"""bank accounts for offline pledges (municipality, campaign override)

Revision ID: 7421857e6622
Revises: 5c1e0a7d2b90
Create Date: 2026-12-01 09:00:00.000000

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = '7421857e6622'
down_revision = '5c1e0a7d2b90'
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table('municipality', schema=None) as batch_op:
        batch_op.add_column(sa.Column('bank_account', sa.String(length=11), nullable=True))
    with op.batch_alter_table('campaign', schema=None) as batch_op:
        batch_op.add_column(sa.Column('bank_account', sa.String(length=11), nullable=True))


def downgrade():
    with op.batch_alter_table('campaign', schema=None) as batch_op:
        batch_op.drop_column('bank_account')
    with op.batch_alter_table('municipality', schema=None) as batch_op:
        batch_op.drop_column('bank_account')
