"""morning cycle: files the ingest folder handed over, digest subscriptions, the log of mails sent, and each
province office's LINE group

Revision ID: 0005
Revises: 0004
"""
from alembic import op
import sqlalchemy as sa


revision = '0005'
down_revision = '0004'
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table('province_office') as batch:
        batch.add_column(sa.Column('line_group', sa.String(length=40), nullable=True))
    op.create_table('ingest_file',
    sa.Column('sha256', sa.String(length=64), nullable=False),
    sa.Column('file_name', sa.String(length=500), nullable=False),
    sa.Column('size_bytes', sa.BigInteger(), nullable=False),
    sa.Column('fiscal_year', sa.Integer(), nullable=True),
    sa.Column('as_of', sa.Date(), nullable=True),
    sa.Column('state', sa.String(length=20), nullable=False),
    sa.Column('claimed_by', sa.String(length=200), nullable=False),
    sa.Column('claimed_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('finished_at', sa.DateTime(timezone=True), nullable=True),
    sa.Column('snapshot_id', sa.Integer(), nullable=True),
    sa.Column('problem_count', sa.Integer(), nullable=True),
    sa.Column('detail', sa.String(length=2000), nullable=True),
    sa.PrimaryKeyConstraint('sha256')
    )
    op.create_index('ix_ingest_file_claimed_at', 'ingest_file', ['claimed_at'])
    op.create_table('subscription',
    sa.Column('email', sa.String(length=320), nullable=False),
    sa.Column('scope', sa.String(length=8), nullable=False),
    sa.Column('added_by', sa.String(length=320), nullable=True),
    sa.Column('added_at', sa.DateTime(timezone=True), nullable=False),
    sa.PrimaryKeyConstraint('email', 'scope')
    )
    op.create_table('mail_sent',
    sa.Column('day', sa.Date(), nullable=False),
    sa.Column('recipient', sa.String(length=320), nullable=False),
    sa.Column('kind', sa.String(length=20), nullable=False),
    sa.Column('state', sa.String(length=20), nullable=False),
    sa.Column('attempts', sa.Integer(), nullable=False),
    sa.Column('subject', sa.String(length=500), nullable=True),
    sa.Column('message_id', sa.String(length=300), nullable=True),
    sa.Column('error', sa.String(length=500), nullable=True),
    sa.Column('updated_at', sa.DateTime(timezone=True), nullable=False),
    sa.PrimaryKeyConstraint('day', 'recipient', 'kind')
    )


def downgrade() -> None:
    op.drop_table('mail_sent')
    op.drop_table('subscription')
    op.drop_index('ix_ingest_file_claimed_at', table_name='ingest_file')
    op.drop_table('ingest_file')
    with op.batch_alter_table('province_office') as batch:
        batch.drop_column('line_group')
