-- The status ledger (io.a2pportal.numbers.StatusLedger) applies observations of numbers from
-- several sources: status report uploads now, the vendor's live events and the API next.

-- When a number's current state was last observed, as its source dated the observation: an
-- observation dated earlier (an event delivered late, a report generated before the last event)
-- is superseded and changes nothing. Until now the status was only stamped when it changed, so the
-- state is known to hold since then. Filled before the default is set, so that the table is
-- written once.
alter table phone_number add column status_observed_at timestamptz;
update phone_number set status_observed_at = status_changed_at;
alter table phone_number alter column status_observed_at set not null, alter column status_observed_at set default now();

-- Each history entry says where the change came from: 'UPLOAD' (the reference is the upload's id,
-- also kept in upload_id for the upload's result page), 'EVENT' (the event's id) or 'API'; and
-- when the source observed it, which for a late event is earlier than when it was recorded.
-- Only uploads wrote history so far. The defaults keep the status report import's own inserts
-- working until it goes through the ledger.
alter table number_status_history
    add column source      varchar(8),
    add column source_ref  varchar(200),
    add column observed_at timestamptz;
update number_status_history set source = 'UPLOAD', source_ref = upload_id::text, observed_at = changed_at;
alter table number_status_history
    alter column source set not null,
    alter column source set default 'UPLOAD',
    alter column observed_at set not null,
    alter column observed_at set default now(),
    add constraint number_status_history_source_check check (source in ('UPLOAD', 'EVENT', 'API'));

-- The primary key V7 dropped to save its index's upkeep: an entry of the history is named by its
-- id again (the events' pages and the API refer to entries), and a table without one cannot be
-- replicated logically.
alter table number_status_history add primary key (id);
