"""notification: the notice's name and parameters, rendered when read in the reader's
language; the rendered title and body only for notices made before

Revision ID: 3f6d2b8e91c4
Revises: 50b33fcb733e
Create Date: 2026-12-01 12:00:00.000000

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = '3f6d2b8e91c4'
down_revision = '50b33fcb733e'
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table('notification', schema=None) as batch_op:
        batch_op.add_column(sa.Column('message', sa.String(length=60), nullable=True))
        batch_op.add_column(sa.Column('params', sa.JSON(), nullable=True))
        batch_op.alter_column('title', existing_type=sa.String(length=300), nullable=True)
        batch_op.alter_column('body', existing_type=sa.Text(), nullable=True)


def downgrade():
    # Notices made since keep no text: they go back as their kind, untitled.
    op.execute("UPDATE notification SET title = kind WHERE title IS NULL")
    op.execute("UPDATE notification SET body = '' WHERE body IS NULL")
    with op.batch_alter_table('notification', schema=None) as batch_op:
        batch_op.alter_column('body', existing_type=sa.Text(), nullable=False)
        batch_op.alter_column('title', existing_type=sa.String(length=300), nullable=False)
        batch_op.drop_column('params')
        batch_op.drop_column('message')
