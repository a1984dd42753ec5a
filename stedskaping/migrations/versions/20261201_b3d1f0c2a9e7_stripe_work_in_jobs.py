"""Stripe work in jobs: refunds with a status, cards released by a job, client secrets kept

Revision ID: b3d1f0c2a9e7
Revises: 7153ec41c49a
Create Date: 2026-12-01 12:00:00.000000

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = 'b3d1f0c2a9e7'
down_revision = '7153ec41c49a'
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table('pledge', schema=None) as batch_op:
        batch_op.add_column(sa.Column('stripe_client_secret', sa.String(length=255),
                                      nullable=True))
        batch_op.add_column(sa.Column('browser_confirmed_dt', sa.DateTime(timezone=True),
                                      nullable=True))
        batch_op.add_column(sa.Column('card_released_dt', sa.DateTime(timezone=True),
                                      nullable=True))
    # Cards of pledges that ended before this revision were released after their commit.
    op.execute("UPDATE pledge SET card_released_dt = updated_dt "
               "WHERE status IN ('released', 'cancelled') AND kind = 'card'")
    with op.batch_alter_table('refund', schema=None) as batch_op:
        batch_op.add_column(sa.Column('number', sa.Integer(), nullable=False,
                                      server_default='1'))
        batch_op.add_column(sa.Column('status', sa.String(length=16), nullable=False,
                                      server_default='sent'))
        batch_op.add_column(sa.Column('idempotency_key', sa.String(length=80), nullable=True))
        batch_op.add_column(sa.Column('attempt', sa.Integer(), nullable=False,
                                      server_default='1'))
        batch_op.add_column(sa.Column('sending_dt', sa.DateTime(timezone=True), nullable=True))
        batch_op.add_column(sa.Column('sent_dt', sa.DateTime(timezone=True), nullable=True))
        batch_op.add_column(sa.Column('failure_message', sa.Text(), nullable=True))
    # Refunds made before this revision were sent to Stripe in their request.
    op.execute("UPDATE refund SET number = (SELECT count(*) FROM refund AS earlier "
               "WHERE earlier.pledge_id = refund.pledge_id AND earlier.id <= refund.id), "
               "sent_dt = created_dt")
    op.execute("UPDATE refund SET idempotency_key = 'pledge-' || CAST(pledge_id AS VARCHAR) "
               "|| '-refund-' || CAST(number AS VARCHAR)")
    with op.batch_alter_table('refund', schema=None) as batch_op:
        batch_op.alter_column('idempotency_key', existing_type=sa.String(length=80),
                              nullable=False)
        batch_op.create_unique_constraint('uq_refund_idempotency_key', ['idempotency_key'])
        batch_op.create_index('ix_refund_status', ['status'], unique=False)


def downgrade():
    with op.batch_alter_table('refund', schema=None) as batch_op:
        batch_op.drop_index('ix_refund_status')
        batch_op.drop_constraint('uq_refund_idempotency_key', type_='unique')
        for column in ('failure_message', 'sent_dt', 'sending_dt', 'attempt',
                       'idempotency_key', 'status', 'number'):
            batch_op.drop_column(column)
    with op.batch_alter_table('pledge', schema=None) as batch_op:
        for column in ('card_released_dt', 'browser_confirmed_dt', 'stripe_client_secret'):
            batch_op.drop_column(column)
