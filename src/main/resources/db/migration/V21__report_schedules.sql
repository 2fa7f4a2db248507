-- A CSV report an owner has scheduled: what it covers (as a report does), when it runs (a local
-- time in an IANA zone, daily, weekly on a day of the week or monthly on a day of the month, the
-- last day in shorter months), and who is mailed. account_id null: the whole tree.
create table report_schedule (
    id                bigserial primary key,
    root_account_id   bigint not null references account (id),
    account_id        bigint references account (id),
    statuses          varchar(120),
    include_diagnosis boolean not null default false,
    frequency         varchar(16) not null check (frequency in ('DAILY', 'WEEKLY', 'MONTHLY')),
    day_of_week       varchar(16) check (day_of_week in ('MONDAY', 'TUESDAY', 'WEDNESDAY', 'THURSDAY', 'FRIDAY',
                          'SATURDAY', 'SUNDAY')),
    day_of_month      int check (day_of_month between 1 and 31),
    local_time        time not null,
    zone              varchar(64) not null,
    -- comma-separated emails of members of the scope; checked again at each run
    recipients        text not null,
    enabled           boolean not null default true,
    created_by        varchar(320) not null,
    created_at        timestamptz not null default now(),
    -- the instant of the next run; the run's report is made for exactly this instant
    next_run_at       timestamptz not null,
    check (statuses is null or statuses ~ '^[A-Z_]+(,[A-Z_]+)*$'),
    check ((frequency = 'WEEKLY') = (day_of_week is not null)),
    check ((frequency = 'MONTHLY') = (day_of_month is not null))
);
create index report_schedule_root_idx on report_schedule (root_account_id, id);
create index report_schedule_due_idx on report_schedule (next_run_at) where enabled;

-- A scheduled run is an ordinary report that names its schedule and the instant it was due; one
-- report per schedule and instant, however often or wherever the run is tried. Its extra
-- recipients (comma-separated emails) are mailed beside notify_email.
alter table report add column schedule_id bigint references report_schedule (id) on delete set null;
alter table report add column scheduled_for timestamptz;
alter table report add column recipients text;
alter table report add constraint report_schedule_run_uq unique (schedule_id, scheduled_for);
