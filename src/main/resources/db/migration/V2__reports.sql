-- db-scheduler's table, as the library documents it for PostgreSQL (version 16).
create table scheduled_tasks (
    task_name            text not null,
    task_instance        text not null,
    task_data            bytea,
    execution_time       timestamp with time zone not null,
    picked               boolean not null,
    picked_by            text,
    last_success         timestamp with time zone,
    last_failure         timestamp with time zone,
    consecutive_failures int,
    last_heartbeat       timestamp with time zone,
    version              bigint not null,
    priority             smallint,
    primary key (task_name, task_instance)
);
create index execution_time_idx on scheduled_tasks (execution_time);
create index last_heartbeat_idx on scheduled_tasks (last_heartbeat);
create index priority_execution_time_idx on scheduled_tasks (priority desc, execution_time asc);

-- A requested CSV status report and what its user sees of it. account_id null: the whole tree.
create table report (
    id              bigserial primary key,
    root_account_id bigint not null references account (id),
    account_id      bigint references account (id),
    statuses        varchar(120),
    -- adds the Diagnosis and Remedy columns after the vendor's five
    include_diagnosis boolean   not null default false,
    requested_by    varchar(320) not null,
    notify_email    varchar(320),
    state           varchar(16) not null check (state in ('QUEUED', 'RUNNING', 'READY', 'FAILED', 'EXPIRED')),
    -- Raised by every worker that claims the report; a worker whose attempt is no longer current
    -- may not write progress, chunks or the result (a fencing token against a presumed-dead worker).
    attempt         int not null default 0,
    worker          varchar(200),
    rows_expected   bigint,
    rows_written    bigint not null default 0,
    csv_bytes       bigint,
    file_bytes      bigint,
    reason          text,
    created_at      timestamptz not null default now(),
    started_at      timestamptz,
    finished_at     timestamptz,
    expires_at      timestamptz,
    check (statuses is null or statuses ~ '^[A-Z_]+(,[A-Z_]+)*$')
);
create index report_root_idx on report (root_account_id, created_at desc, id desc);
create index report_account_idx on report (account_id, created_at desc, id desc);
create index report_active_idx on report (root_account_id) where state in ('QUEUED', 'RUNNING');
create index report_expiry_idx on report (expires_at) where state = 'READY';

-- The gzip-compressed CSV, in chunks so that neither writing nor downloading holds the file in memory.
create table report_file_chunk (
    report_id bigint not null references report (id) on delete cascade,
    attempt   int not null,
    seq       int not null,
    data      bytea not null,
    primary key (report_id, attempt, seq)
);

-- Mails are written here in the transaction that decides them, then sent by a retrying job.
create table mail_outbox (
    id          bigserial primary key,
    report_id   bigint references report (id) on delete cascade,
    kind        varchar(32) not null,
    recipient   varchar(320) not null,
    subject     varchar(300) not null,
    text_body   text not null,
    html_body   text not null,
    link        varchar(500),
    state       varchar(16) not null check (state in ('PENDING', 'SENT')),
    attempts    int not null default 0,
    last_error  text,
    created_at  timestamptz not null default now(),
    sent_at     timestamptz,
    unique (report_id, kind)
);
create index mail_outbox_created_idx on mail_outbox (created_at desc, id desc);
