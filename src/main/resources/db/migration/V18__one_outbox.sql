-- One outbox for every kind of mail: each mail names the decision that sent it by a key of its
-- own (a report's ready mail, one owner's mail about a disabled webhook endpoint...), unique, so
-- that two instances or a retried transaction deciding the same thing store one mail.
alter table mail_outbox add column dedupe_key varchar(300);
update mail_outbox set dedupe_key = 'report:' || report_id || ':' || kind where report_id is not null;
update mail_outbox set dedupe_key = 'mail:' || id where dedupe_key is null;
alter table mail_outbox alter column dedupe_key set not null;
alter table mail_outbox add constraint mail_outbox_dedupe_key_uq unique (dedupe_key);
alter table mail_outbox drop constraint mail_outbox_report_id_kind_key;
