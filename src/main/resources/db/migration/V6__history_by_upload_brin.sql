-- A status report records a status history entry for every number it changes, 100,000 in a daily
-- report of a million numbers. An upload's entries are written together, so they sit on adjacent
-- pages: a block-range index finds them (for the upload's result page) at a fraction of what a
-- B-tree entry per row costs to keep. Ranges not yet summarised are read whole, which keeps the
-- answers exact; autosummarize has them summarised once filled.
drop index number_status_history_upload_idx;
create index number_status_history_upload_brin on number_status_history using brin (upload_id) with (autosummarize = on);
