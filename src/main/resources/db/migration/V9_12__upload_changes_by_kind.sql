-- What a status report changed that its users see, counted by kind: numbers whose status changed,
-- whose campaign (through their messaging service) changed, whose messaging service changed, and
-- numbers moved to another account. "updated" counts the numbers with any of these; a number whose
-- reported SIDs alone changed counts as unchanged.
alter table upload
    add column status_changes   bigint not null default 0,
    add column campaign_changes bigint not null default 0,
    add column service_changes  bigint not null default 0,
    add column account_changes  bigint not null default 0;

-- The phone number a bad row gave, as it was written, for the downloadable list of problems.
alter table upload_error add column phone_number text;
