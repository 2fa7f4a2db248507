-- A report is a status report (a row per number, as before) or a "what changed" report (a row per
-- status transition recorded in the period [period_from, period_to)). Rows from before are status
-- reports. period_zone is the time zone the period was entered in, kept to show it as entered.
alter table report
    add column kind        varchar(16) not null default 'STATUS',
    add column period_from timestamptz,
    add column period_to   timestamptz,
    add column period_zone varchar(64),
    add constraint report_kind_check check (
        kind = 'STATUS' and period_from is null and period_to is null
        or kind = 'CHANGES' and period_from < period_to);

-- A what-changed report reads the history of a period by when each change was recorded. The history
-- is appended in changed_at order (its default is the writing transaction's time), so a BRIN index
-- finds a period's blocks for the cost of a few pages, and adds next to nothing to each upload.
create index number_status_history_changed_brin on number_status_history using brin (changed_at)
    with (autosummarize = on);
