-- Notifications (io.a2pportal.notifications): what each user wants to be told about the scope of
-- one of their memberships, and how far the alerts have read.

-- One row per membership that has chosen something; it goes with the membership, so that a user
-- whose access ends is told nothing more. The mails go to email (the login's verified address
-- when the preferences were saved).
create table notification_preference (
    membership_id       bigint       primary key references membership (id) on delete cascade,
    email               varchar(320) not null,
    failure_alerts      boolean      not null default false,
    aging_alerts        boolean      not null default false,
    digest              varchar(8)   not null default 'NONE' check (digest in ('NONE', 'DAILY', 'WEEKLY')),
    zone                varchar(64)  not null default 'UTC',
    -- numbers whose registration became overdue up to this moment have been told of
    aging_checked_until timestamptz  not null default now(),
    -- the end of the period the next digest covers (null: no digest)
    digest_due_at       timestamptz,
    updated_at          timestamptz  not null default now()
);
create index notification_preference_digest_idx on notification_preference (digest_due_at) where digest_due_at is not null;

-- One table for every reader of the status history by (transaction id, entry id)
-- (io.a2pportal.numbers.HistoryCursor): the webhooks' status events, and now the failure alerts.
-- Theirs starts at the present, so that the first alert is about a failure after notifications
-- existed, not about the history before.
alter table webhook_cursor rename to history_cursor;
alter table history_cursor rename constraint webhook_cursor_pkey to history_cursor_pkey;
insert into history_cursor (name, xid, last_id)
values ('failure-alerts', cast(cast(pg_snapshot_xmin(pg_current_snapshot()) as text) as bigint), 0);

-- A mail a user can unsubscribe from names its one-click link (RFC 8058), sent as List-Unsubscribe.
alter table mail_outbox add column unsubscribe_url varchar(2000);
