-- One store for the files the portal keeps (io.a2pportal.files.FileStore): a report's CSV and an
-- upload's stored copy were kept in two tables of chunks, written and read by two copies of the
-- same code. A file is named by its owner's kind ('report', 'upload') and id, and a version: a
-- report's attempt (each writes its own file, so that a worker taken over cannot spoil the file of
-- the one that took over), 0 for an upload's one copy.
create table file_chunk (
    owner    varchar(16) not null,
    owner_id bigint      not null,
    version  int         not null,
    seq      int         not null,
    data     bytea       not null,
    primary key (owner, owner_id, version, seq)
);

insert into file_chunk (owner, owner_id, version, seq, data)
select 'report', report_id, attempt, seq, data from report_file_chunk;
insert into file_chunk (owner, owner_id, version, seq, data)
select 'upload', upload_id, 0, seq, data from upload_file_chunk;

drop table report_file_chunk;
drop table upload_file_chunk;

-- The store knows no owner's table, so a foreign key cannot delete an owner's files with its row,
-- as the two tables' keys did (on delete cascade); these triggers do, once per statement.
create function delete_owned_files() returns trigger language plpgsql as $$
begin
    delete from file_chunk f using deleted_owner d where f.owner = tg_argv[0] and f.owner_id = d.id;
    return null;
end
$$;

create trigger report_files_deleted after delete on report
    referencing old table as deleted_owner for each statement execute function delete_owned_files('report');
create trigger upload_files_deleted after delete on upload
    referencing old table as deleted_owner for each statement execute function delete_owned_files('upload');
