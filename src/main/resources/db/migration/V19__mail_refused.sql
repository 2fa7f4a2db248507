-- A mail the SMTP server refuses for good (a permanent 5xx reply: no such mailbox, say) is given
-- up rather than retried for ever; its last error says why.
alter table mail_outbox drop constraint mail_outbox_state_check;
alter table mail_outbox add constraint mail_outbox_state_check check (state in ('PENDING', 'SENT', 'REFUSED'));
