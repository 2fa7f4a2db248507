-- The vendor's live feed (Event Streams): one sink per account tree, its deliveries kept as they
-- arrived (the inbox) until a job applies their events through the status ledger, each event once.

-- One sink per tree, named in its URL (/events/{id}) by a random id. Deliveries authenticate by the
-- vendor's signature (an account's auth token) or by the sink's HTTP Basic credentials; only a hash
-- of the generated password is kept (it is shown once, when generated).
create table event_sink (
    id                  varchar(32)  primary key check (id ~ '^[A-Za-z0-9_-]{16,32}$'),
    root_account_id     bigint       not null unique references account (id) on delete cascade,
    basic_user          varchar(64)  not null,
    basic_password_hash varchar(128) not null,
    created_at          timestamptz  not null default now(),
    created_by          varchar(320) not null,
    credentials_set_at  timestamptz  not null default now(),
    refused             bigint       not null default 0,
    last_refused_at     timestamptz
);

-- The vendor's auth token of an account of a tree, which signs the deliveries of that account's
-- sink: encrypted (AES-GCM, the key named by key_id in the portal's configuration), never shown again.
create table account_auth_token (
    account_id bigint       primary key references account (id) on delete cascade,
    key_id     varchar(32)  not null,
    sealed     bytea        not null,
    hint       varchar(8)   not null,
    set_at     timestamptz  not null default now(),
    set_by     varchar(320) not null
);

-- A delivery as it arrived: stored, and acknowledged, before anything else is done with it.
create table event_delivery (
    id                bigserial    primary key,
    sink_id           varchar(32)  not null references event_sink (id) on delete cascade,
    received_at       timestamptz  not null default clock_timestamp(),
    authenticated_by  varchar(16)  not null check (authenticated_by in ('SIGNATURE', 'BASIC')),
    signer_account_id bigint       references account (id) on delete set null,
    body              bytea        not null,
    processed_at      timestamptz,
    events            integer,
    problems          integer
);
create index event_delivery_pending_idx on event_delivery (id) where processed_at is null;
create index event_delivery_sink_idx on event_delivery (sink_id, received_at desc);

-- Every event of a tree once, by its CloudEvents id: what it was and what became of it.
create table event_received (
    root_account_id bigint       not null references account (id) on delete cascade,
    event_id        varchar(200) not null,
    delivery_id     bigint       not null references event_delivery (id) on delete cascade,
    account_id      bigint       references account (id) on delete set null,
    type            varchar(200) not null,
    event_time      timestamptz,
    received_at     timestamptz  not null,
    outcome         varchar(16)  not null
        check (outcome in ('APPLIED', 'UNCHANGED', 'SUPERSEDED', 'REFUSED', 'PROBLEM', 'IGNORED')),
    primary key (root_account_id, event_id)
);
create index event_received_account_idx on event_received (account_id, received_at desc);
create index event_received_root_time_idx on event_received (root_account_id, received_at desc);

-- What the owner should know about the deliveries: refused requests, malformed batches, unknown
-- types, missing fields, events naming an account outside the tree.
create table event_problem (
    id          bigserial    primary key,
    sink_id     varchar(32)  not null references event_sink (id) on delete cascade,
    at          timestamptz  not null default now(),
    kind        varchar(16)  not null
        check (kind in ('REFUSED', 'MALFORMED', 'UNKNOWN_TYPE', 'MISSING_FIELD', 'FOREIGN_ACCOUNT')),
    delivery_id bigint       references event_delivery (id) on delete cascade,
    event_id    varchar(200),
    detail      varchar(1000) not null
);
create index event_problem_sink_idx on event_problem (sink_id, at desc, id desc);

-- What the last applied observation of a number said beyond its status, and where it came from:
-- the vendor's failure reason and error code (events), and the source of the status shown.
alter table phone_number
    add column failure_reason varchar(500),
    add column error_code     integer,
    add column status_source  varchar(8) check (status_source in ('UPLOAD', 'EVENT', 'API'));

-- The vendor's brand and campaign events say when they were last observed, as numbers do.
alter table brand add column status_observed_at timestamptz;
alter table campaign add column status_observed_at timestamptz, add column error_code integer;
