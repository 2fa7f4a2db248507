-- Numbers per account and status, kept current by statement-level triggers, so that the counts of
-- a tree of a million numbers cost a handful of rows instead of a scan.
create table account_status_count (
    account_id      bigint      not null references account (id) on delete cascade,
    root_account_id bigint      not null,
    status          varchar(32) not null,
    count           bigint      not null,
    primary key (account_id, status)
);
create index account_status_count_root_idx on account_status_count (root_account_id);

insert into account_status_count (account_id, root_account_id, status, count)
select account_id, root_account_id, status, count(*) from phone_number group by account_id, root_account_id, status;

create function account_status_count_apply() returns trigger language plpgsql as $$
begin
    -- rows are locked in (account, status) order so that concurrent writers cannot deadlock
    if tg_op = 'INSERT' then
        insert into account_status_count (account_id, root_account_id, status, count)
        select account_id, root_account_id, status, count(*) from new_rows
        group by account_id, root_account_id, status order by account_id, status
        on conflict (account_id, status) do update set count = account_status_count.count + excluded.count;
    elsif tg_op = 'DELETE' then
        insert into account_status_count (account_id, root_account_id, status, count)
        select account_id, root_account_id, status, -count(*) from old_rows
        group by account_id, root_account_id, status order by account_id, status
        on conflict (account_id, status) do update set count = account_status_count.count + excluded.count;
    else
        insert into account_status_count (account_id, root_account_id, status, count)
        select account_id, root_account_id, status, sum(delta) from (
            select account_id, root_account_id, status, 1 as delta from new_rows
            union all
            select account_id, root_account_id, status, -1 from old_rows
        ) changes
        group by account_id, root_account_id, status having sum(delta) <> 0 order by account_id, status
        on conflict (account_id, status) do update set count = account_status_count.count + excluded.count;
    end if;
    return null;
end $$;

create trigger phone_number_counts_insert after insert on phone_number
    referencing new table as new_rows for each statement execute function account_status_count_apply();
create trigger phone_number_counts_update after update on phone_number
    referencing old table as old_rows new table as new_rows for each statement execute function account_status_count_apply();
create trigger phone_number_counts_delete after delete on phone_number
    referencing old table as old_rows for each statement execute function account_status_count_apply();
