-- Two aggregates the pages read instead of scanning a tree's numbers on every request.
--
-- tree_version: a counter per account tree, moved on by every statement that writes the tree's
-- numbers, brands, campaigns or messaging services. What is computed from a whole tree (the
-- troubleshooting summary, the counts of numbers that need attention) is kept by the portal for the
-- version it was computed at, and computed again once the version has moved on.
--
-- service_number_count: the numbers in each messaging service's pool, which the advice on every
-- page of numbers states ("service MG... holds 2,000 numbers"); counting them on the service index
-- took 0.5 s per page at 10 million numbers.
--
-- Both are kept by the statement-level triggers that already kept account_status_count, now one
-- function. A statement locks its tree's version row first, then the counts in (account, status)
-- and then (service) order, so that two writers of one tree wait for each other rather than deadlock.
-- Versions come from a sequence, which a rollback does not take back: a version is never given twice,
-- so counts computed inside a transaction that then rolled back are never taken for another's.
create sequence tree_version_seq;
create table tree_version (
    root_id bigint primary key references account (id) on delete cascade,
    version bigint not null
);

create table service_number_count (
    messaging_service_id bigint primary key references messaging_service (id) on delete cascade,
    count                bigint not null
);

insert into tree_version (root_id, version) select id, nextval('tree_version_seq') from account where parent_id is null;
insert into service_number_count (messaging_service_id, count)
select messaging_service_id, count(*) from phone_number where messaging_service_id is not null group by messaging_service_id;

drop trigger phone_number_counts_insert on phone_number;
drop trigger phone_number_counts_update on phone_number;
drop trigger phone_number_counts_delete on phone_number;
drop function account_status_count_apply();

create function tree_version_moved(roots bigint[]) returns void language sql as $$
    insert into tree_version (root_id, version)
    select root_id, nextval('tree_version_seq') from unnest(roots) as r (root_id) order by root_id
    on conflict (root_id) do update set version = excluded.version;
$$;

create function phone_number_aggregates() returns trigger language plpgsql as $$
begin
    if tg_op = 'INSERT' then
        perform tree_version_moved(array(select distinct root_account_id from new_rows));
        insert into account_status_count (account_id, root_account_id, status, count)
        select account_id, root_account_id, status, count(*) from new_rows
        group by account_id, root_account_id, status order by account_id, status
        on conflict (account_id, status) do update set count = account_status_count.count + excluded.count;
        insert into service_number_count (messaging_service_id, count)
        select messaging_service_id, count(*) from new_rows where messaging_service_id is not null
        group by messaging_service_id order by messaging_service_id
        on conflict (messaging_service_id) do update set count = service_number_count.count + excluded.count;
    elsif tg_op = 'DELETE' then
        perform tree_version_moved(array(select distinct root_account_id from old_rows));
        insert into account_status_count (account_id, root_account_id, status, count)
        select account_id, root_account_id, status, -count(*) from old_rows
        group by account_id, root_account_id, status order by account_id, status
        on conflict (account_id, status) do update set count = account_status_count.count + excluded.count;
        insert into service_number_count (messaging_service_id, count)
        select messaging_service_id, -count(*) from old_rows where messaging_service_id is not null
        group by messaging_service_id order by messaging_service_id
        on conflict (messaging_service_id) do update set count = service_number_count.count + excluded.count;
    else
        perform tree_version_moved(array(select root_account_id from new_rows union select root_account_id from old_rows));
        insert into account_status_count (account_id, root_account_id, status, count)
        select account_id, root_account_id, status, sum(delta) from (
            select account_id, root_account_id, status, 1 as delta from new_rows
            union all
            select account_id, root_account_id, status, -1 from old_rows
        ) changes
        group by account_id, root_account_id, status having sum(delta) <> 0 order by account_id, status
        on conflict (account_id, status) do update set count = account_status_count.count + excluded.count;
        insert into service_number_count (messaging_service_id, count)
        select messaging_service_id, sum(delta) from (
            select messaging_service_id, 1 as delta from new_rows where messaging_service_id is not null
            union all
            select messaging_service_id, -1 from old_rows where messaging_service_id is not null
        ) changes
        group by messaging_service_id having sum(delta) <> 0 order by messaging_service_id
        on conflict (messaging_service_id) do update set count = service_number_count.count + excluded.count;
    end if;
    return null;
end $$;

create trigger phone_number_aggregates_insert after insert on phone_number
    referencing new table as new_rows for each statement execute function phone_number_aggregates();
create trigger phone_number_aggregates_update after update on phone_number
    referencing old table as old_rows new table as new_rows for each statement execute function phone_number_aggregates();
create trigger phone_number_aggregates_delete after delete on phone_number
    referencing old table as old_rows for each statement execute function phone_number_aggregates();

-- brands, campaigns and messaging services name their account; the tree is the account's
create function tree_version_of_accounts() returns trigger language plpgsql as $$
begin
    if tg_op = 'INSERT' then
        perform tree_version_moved(array(select distinct a.root_id from new_rows r join account a on a.id = r.account_id));
    elsif tg_op = 'DELETE' then
        perform tree_version_moved(array(select distinct a.root_id from old_rows r join account a on a.id = r.account_id));
    else
        perform tree_version_moved(array(select a.root_id from new_rows r join account a on a.id = r.account_id
                                         union select a.root_id from old_rows r join account a on a.id = r.account_id));
    end if;
    return null;
end $$;

-- (a trigger with transition tables takes one event, hence three per table)
do $$
declare
    t text;
begin
    foreach t in array array['brand', 'campaign', 'messaging_service'] loop
        execute format('create trigger %1$s_tree_version_insert after insert on %1$s referencing new table as new_rows'
                       ' for each statement execute function tree_version_of_accounts()', t);
        execute format('create trigger %1$s_tree_version_update after update on %1$s referencing old table as old_rows'
                       ' new table as new_rows for each statement execute function tree_version_of_accounts()', t);
        execute format('create trigger %1$s_tree_version_delete after delete on %1$s referencing old table as old_rows'
                       ' for each statement execute function tree_version_of_accounts()', t);
    end loop;
end $$;
