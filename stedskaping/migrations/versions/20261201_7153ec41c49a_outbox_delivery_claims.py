"""outbox: who holds a message and when it is tried next; an index of unsent messages

Revision ID: 7153ec41c49a
Revises: 5e1c0a7d93b4
Create Date: 2026-12-01 10:00:00.000000

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = '7153ec41c49a'
down_revision = '5e1c0a7d93b4'
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table('outbox_message', schema=None) as batch_op:
        batch_op.add_column(sa.Column('next_attempt_dt', sa.DateTime(timezone=True),
                                      nullable=True))
        batch_op.create_index('ix_outbox_message_unsent', ['id'], unique=False,
                              sqlite_where=sa.text('sent_dt IS NULL'),
                              postgresql_where=sa.text('sent_dt IS NULL'))


def downgrade():
    with op.batch_alter_table('outbox_message', schema=None) as batch_op:
        batch_op.drop_index('ix_outbox_message_unsent',
                            sqlite_where=sa.text('sent_dt IS NULL'),
                            postgresql_where=sa.text('sent_dt IS NULL'))
        batch_op.drop_column('next_attempt_dt')
