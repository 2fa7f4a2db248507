-- The accounts of a tree (the Active Numbers account filter, its parent first and then by name) were
-- read by a scan of every tenant's accounts and sorted for every page; this index gives them in order.
create index account_root_idx on account (root_id, (parent_id is not null), name);
