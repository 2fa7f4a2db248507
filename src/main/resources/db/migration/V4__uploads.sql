-- An uploaded file: a status report or an inventory file, validated whole and applied whole.
-- account_id null: uploaded for the whole tree by someone who sees it.
create table upload (
    id              bigserial primary key,
    root_account_id bigint       not null references account (id),
    account_id      bigint references account (id),
    kind            varchar(16)  not null check (kind in ('STATUS_REPORT', 'INVENTORY')),
    file_name       varchar(255) not null,
    size_bytes      bigint       not null,
    sha256          varchar(64)  not null,
    uploaded_by     varchar(320) not null,
    uploaded_at     timestamptz  not null default now(),
    state           varchar(16)  not null check (state in ('QUEUED', 'VALIDATING', 'IMPORTING', 'APPLIED', 'REJECTED', 'FAILED')),
    -- raised by each worker that takes the upload on; only the current attempt may settle it
    attempt         int          not null default 0,
    bytes_read      bigint       not null default 0,
    rows_read       bigint       not null default 0,
    added           bigint       not null default 0,
    updated         bigint       not null default 0,
    unchanged       bigint       not null default 0,
    error_count     bigint       not null default 0,
    message         text,
    finished_at     timestamptz
);
create index upload_root_idx on upload (root_account_id, uploaded_at desc, id desc);
create index upload_account_idx on upload (account_id, uploaded_at desc, id desc);

-- The file as uploaded, gzip-compressed, in chunks so that it is never held whole in memory.
create table upload_file_chunk (
    upload_id bigint not null references upload (id) on delete cascade,
    seq       int    not null,
    data      bytea  not null,
    primary key (upload_id, seq)
);

create table upload_error (
    upload_id   bigint      not null references upload (id) on delete cascade,
    row_no      bigint      not null,
    column_name varchar(64) not null,
    reason      text        not null
);
create index upload_error_idx on upload_error (upload_id, row_no);

-- Rows of a status report that passed the per-row checks, waiting for the whole-file checks and
-- the import. Scratch data: unlogged, and emptied once the upload is settled.
create unlogged table upload_row (
    upload_id    bigint      not null,
    attempt      int         not null,
    row_no       bigint      not null,
    account_sid  varchar(34) not null,
    campaign_sid varchar(34),
    service_sid  varchar(34),
    e164         varchar(16) not null,
    status       varchar(32) not null
);
create index upload_row_idx on upload_row (upload_id, attempt, e164);

-- Every status a number has had: old null for a number first seen. An append-only log written
-- only from rows just read or written in the same transaction, so it carries no foreign keys: a
-- key check per entry would lock each number and the upload a hundred thousand times per report.
create table number_status_history (
    id              bigserial primary key,
    phone_number_id bigint      not null,
    root_account_id bigint      not null,
    old_status      varchar(32),
    new_status      varchar(32) not null,
    changed_at      timestamptz not null default now(),
    upload_id       bigint
);
create index number_status_history_number_idx on number_status_history (phone_number_id, changed_at desc, id desc);
create index number_status_history_upload_idx on number_status_history (upload_id, old_status, new_status);
