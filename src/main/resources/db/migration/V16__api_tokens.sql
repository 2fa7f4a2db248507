-- API tokens (io.a2pportal.api.ApiTokens): each works as the membership of the user who made it, and
-- goes with that membership. Only a hash of the secret is kept; the prefix lets its owner recognise it.
create table api_token (
    id            bigserial primary key,
    membership_id bigint       not null references membership (id) on delete cascade,
    name          varchar(100) not null,
    prefix        varchar(20)  not null,
    secret_hash   char(64)     not null unique,
    read_only     boolean      not null,
    created_at    timestamptz  not null default now(),
    created_by    varchar(320) not null,
    expires_at    timestamptz  not null,
    last_used_at  timestamptz,
    revoked_at    timestamptz,
    revoked_by    varchar(320)
);
create index api_token_membership_idx on api_token (membership_id);
