-- The status report rows were staged here, per upload and attempt, until the status ledger took
-- over the import: it stages the rows in a temporary table of the import's own transaction, which
-- a worker that dies leaves nothing of. Nothing writes or reads this table any more.
drop table upload_row;
