-- The advice of a page of numbers looks up, for each Sole Proprietor service among them, the service's
-- first registered number: min(e164) of its numbers with status REGISTERED. On the index of the
-- service alone that read every number of the service (2,000 each at a million numbers, 20,000 at
-- ten million), about 7 ms of the database per Active Numbers page. With the phone number in the
-- service's index, the minimum is a walk of the service's numbers in order up to the first
-- registered one. The status stays out of the index, so a status change is still a heap-only update.
create index phone_number_service_e164_idx on phone_number (messaging_service_id, e164);
drop index phone_number_service_idx;

-- The accounts of a tree (the Active Numbers account filter, its parent first and then by name) were
-- read by a scan of every tenant's accounts and sorted for every page; this index gives them in order.
create index account_root_idx on account (root_id, (parent_id is not null), name);
