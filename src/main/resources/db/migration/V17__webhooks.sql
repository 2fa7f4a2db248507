-- Webhooks (io.a2pportal.api.webhooks): endpoints an owner registers, the events of their scope,
-- and each delivery of an event to an endpoint with its attempts.

-- account_id null: the whole tree's endpoint (registered by its owner); else a subaccount's.
-- The signing secret is sealed with the portal's key (io.a2pportal.secrets.SecretBox).
create table webhook_endpoint (
    id              bigserial primary key,
    root_account_id bigint        not null references account (id),
    account_id      bigint references account (id),
    url             varchar(2000) not null,
    -- comma-separated event types, such as 'report.ready,upload.applied'
    event_types     varchar(300)  not null,
    secret_key_id   varchar(32)   not null,
    secret_sealed   bytea         not null,
    enabled         boolean       not null default true,
    disabled_reason text,
    -- the first failed attempt since the last delivered one: a day of failures disables the endpoint
    failing_since   timestamptz,
    created_at      timestamptz   not null default now(),
    created_by      varchar(320)  not null
);
create index webhook_endpoint_root_idx on webhook_endpoint (root_account_id);

-- One event of a tree, as every endpoint that wants it receives it: its id is the Webhook-Id a
-- receiver de-duplicates by; the payload is the exact body signed and sent.
create table webhook_event (
    id              varchar(40)  primary key,
    type            varchar(40)  not null,
    root_account_id bigint       not null references account (id),
    account_id      bigint references account (id),
    payload         text         not null,
    created_at      timestamptz  not null default now()
);
create index webhook_event_created_idx on webhook_event (created_at);

create table webhook_delivery (
    id           bigserial primary key,
    event_id     varchar(40) not null references webhook_event (id) on delete cascade,
    endpoint_id  bigint      not null references webhook_endpoint (id) on delete cascade,
    state        varchar(16) not null default 'PENDING' check (state in ('PENDING', 'DELIVERED', 'FAILED')),
    attempts     int         not null default 0,
    created_at   timestamptz not null default now(),
    settled_at   timestamptz,
    unique (event_id, endpoint_id)
);
create index webhook_delivery_endpoint_idx on webhook_delivery (endpoint_id, state);

-- Each attempt as the owner's delivery log shows it: the HTTP status or the error, the start of
-- the response (bounded), and when the next attempt is due (null: none).
create table webhook_attempt (
    id               bigserial primary key,
    delivery_id      bigint      not null references webhook_delivery (id) on delete cascade,
    endpoint_id      bigint      not null references webhook_endpoint (id) on delete cascade,
    at               timestamptz not null default now(),
    http_status      int,
    error            text,
    response_excerpt text,
    next_retry_at    timestamptz
);
create index webhook_attempt_endpoint_idx on webhook_attempt (endpoint_id, at desc, id desc);

-- Where the webhook events stand in each source, so that every change becomes an event once.
--
-- Reports and uploads settle by an update of their row: a flag on the row, set in the transaction
-- that writes the event, says that it has been seen. Rows settled before webhooks existed count as
-- seen (the column is added with the default true, then the default becomes false for new rows).
alter table report add column webhooks_emitted boolean not null default true;
alter table report alter column webhooks_emitted set default false;
create index report_webhooks_pending_idx on report (id) where not webhooks_emitted;
alter table upload add column webhooks_emitted boolean not null default true;
alter table upload alter column webhooks_emitted set default false;
create index upload_webhooks_pending_idx on upload (id) where not webhooks_emitted;

-- The status history is append-only and large, too large to flag row by row. Each entry records
-- the transaction that wrote it (its 64-bit id, as a bigint so that a BRIN index can follow it:
-- ids grow as entries are appended); entries are read in (xid, id) order, and only those of
-- transactions older than every transaction still running (pg_snapshot_xmin), which are final:
-- an entry committed late belongs to a transaction that was still running, so it is read once it
-- ends, never skipped. Entries written before webhooks existed have no xid and are never read.
-- Added without a default first, so that the table is not rewritten.
alter table number_status_history add column xid bigint;
alter table number_status_history alter column xid set default cast(cast(pg_current_xact_id() as text) as bigint);
create index number_status_history_xid_brin on number_status_history using brin (xid) with (autosummarize = on);

create table webhook_cursor (
    name    varchar(32) primary key,
    xid     bigint      not null,
    last_id bigint      not null
);
insert into webhook_cursor (name, xid, last_id) values ('status-history', 0, 0);
