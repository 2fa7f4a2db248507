-- The events' inbox as the processing job drains it (io.a2pportal.events.EventInbox).

-- A delivery whose processing fails unexpectedly is tried again a few times, then set aside as
-- processed with a problem, so that it never blocks the inbox.
alter table event_delivery
    add column attempts   integer not null default 0,
    add column last_error varchar(1000);

-- The record of an event (which makes a redelivery apply nothing) and the owner's problems outlive
-- the raw delivery they came in, which the retention job deletes sooner.
alter table event_received
    alter column delivery_id drop not null,
    drop constraint event_received_delivery_id_fkey,
    add constraint event_received_delivery_id_fkey foreign key (delivery_id) references event_delivery (id) on delete set null;
alter table event_problem
    drop constraint event_problem_delivery_id_fkey,
    add constraint event_problem_delivery_id_fkey foreign key (delivery_id) references event_delivery (id) on delete set null,
    drop constraint event_problem_kind_check,
    add constraint event_problem_kind_check
        check (kind in ('REFUSED', 'MALFORMED', 'UNKNOWN_TYPE', 'MISSING_FIELD', 'FOREIGN_ACCOUNT', 'FAILED'));

-- The retention job deletes by age; rows are appended in time order, which a BRIN index follows cheaply.
create index event_delivery_received_brin on event_delivery using brin (received_at);
create index event_received_received_brin on event_received using brin (received_at);
create index event_problem_at_brin on event_problem using brin (at);
