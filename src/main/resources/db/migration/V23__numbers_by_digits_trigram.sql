-- Search by digits anywhere in the number (Active Numbers, the API's q): `e164 like '%5550%'` could
-- only filter the tree's phone-number index, reading the whole tree when few numbers match (0.1 to
-- 0.4 s at a million numbers, for the page and again for its counts per status). A trigram index
-- answers a pattern of three digits or more from the numbers that contain its trigrams: 2 to 3 ms
-- for the page and its counts at a million numbers (bitmap scan, then the tree's condition and a
-- sort of the matches). Shorter patterns have no trigram to look up: NumberInventory keeps them
-- off this index (they match so many numbers that the walk of the tree's index stops early).
--
-- Written cost: each new number adds its trigrams (about a dozen) to this index; a status change
-- touches no indexed column and stays a heap-only update. 30 MB at a million numbers.
-- pg_trgm is a trusted extension: the database's owner may create it without being a superuser.
create extension if not exists pg_trgm;
create index phone_number_e164_trgm_idx on phone_number using gin (e164 gin_trgm_ops);
