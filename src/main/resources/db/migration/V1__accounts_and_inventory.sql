-- Accounts: a parent account (root) and its subaccounts, one level deep.
create table account (
    id                 bigserial primary key,
    sid                varchar(34) not null unique check (sid ~ '^AC[0-9a-f]{32}$'),
    name               varchar(200) not null check (length(btrim(name)) > 0),
    parent_id          bigint references account (id),
    root_id            bigint generated always as (coalesce(parent_id, id)) stored,
    notification_email varchar(320),
    created_at         timestamptz not null default now(),
    unique (id, root_id)
);
create index account_parent_idx on account (parent_id, name);

-- A subaccount's parent must itself be a parent account.
create function account_parent_is_root() returns trigger language plpgsql as $$
begin
    if new.parent_id is not null and exists (select 1 from account where id = new.parent_id and parent_id is not null) then
        raise exception 'a subaccount cannot have subaccounts' using errcode = '23514';
    end if;
    return new;
end $$;
create trigger account_parent_is_root before insert or update on account
    for each row execute function account_parent_is_root();

create table membership (
    id         bigserial primary key,
    account_id bigint not null references account (id) on delete cascade,
    email      varchar(320),
    subject    varchar(255),
    role       varchar(16) not null check (role in ('OWNER', 'MEMBER')),
    created_at timestamptz not null default now(),
    created_by varchar(320) not null,
    check (email is not null or subject is not null),
    check (email is null or email = lower(email))
);
create unique index membership_account_email_uq on membership (account_id, email) where email is not null;
create unique index membership_account_subject_uq on membership (account_id, subject) where subject is not null;
create index membership_email_idx on membership (email);
create index membership_subject_idx on membership (subject);

create table audit_entry (
    id              bigserial primary key,
    at              timestamptz not null default now(),
    actor           varchar(320) not null,
    root_account_id bigint not null references account (id),
    account_id      bigint not null references account (id),
    action          varchar(64) not null,
    detail          text not null
);
create index audit_entry_root_idx on audit_entry (root_account_id, at desc, id desc);
create index audit_entry_account_idx on audit_entry (account_id, at desc, id desc);

-- The registration chain.
create table customer_profile (
    id         bigserial primary key,
    sid        varchar(34) not null unique check (sid ~ '^BU[0-9a-f]{32}$'),
    account_id bigint not null references account (id),
    name       varchar(200) not null,
    type       varchar(16) not null check (type in ('STARTER', 'STANDARD')),
    status     varchar(32) not null check (status in ('DRAFT', 'PENDING_REVIEW', 'IN_REVIEW', 'TWILIO_REJECTED', 'TWILIO_APPROVED'))
);
create index customer_profile_account_idx on customer_profile (account_id);

create table brand (
    id                  bigserial primary key,
    sid                 varchar(34) not null unique check (sid ~ '^BN[0-9a-f]{32}$'),
    account_id          bigint not null references account (id),
    customer_profile_id bigint references customer_profile (id),
    name                varchar(200) not null,
    brand_type          varchar(16) not null check (brand_type in ('SOLE_PROPRIETOR', 'STANDARD')),
    low_volume          boolean not null default false,
    status              varchar(32) not null check (status in ('PENDING', 'APPROVED', 'FAILED', 'IN_REVIEW', 'DELETION_PENDING', 'DELETION_FAILED', 'SUSPENDED')),
    check (brand_type = 'STANDARD' or not low_volume),
    unique (id, brand_type)
);
create index brand_account_idx on brand (account_id);

create table campaign (
    id          bigserial primary key,
    -- an inventory file may name a campaign by either SID, so one of the two may be unknown
    sid         varchar(34) unique check (sid ~ '^QE[0-9a-f]{32}$'),
    console_sid varchar(34) unique check (console_sid ~ '^CM[0-9a-f]{32}$'),
    account_id  bigint not null references account (id),
    brand_id    bigint not null,
    brand_type  varchar(16) not null,
    use_case    varchar(40) not null check (use_case in ('2FA', 'ACCOUNT_NOTIFICATION', 'AGENTS_FRANCHISES', 'CHARITY',
        'CUSTOMER_CARE', 'DELIVERY_NOTIFICATION', 'EMERGENCY', 'FRAUD_ALERT', 'HIGHER_EDUCATION', 'LOW_VOLUME', 'MARKETING',
        'MIXED', 'POLITICAL', 'POLLING_VOTING', 'PROXY', 'PUBLIC_SERVICE_ANNOUNCEMENT', 'SECURITY_ALERT', 'SOCIAL',
        'SOLE_PROPRIETOR', 'SWEEPSTAKE')),
    status      varchar(16) not null check (status in ('IN_PROGRESS', 'VERIFIED', 'FAILED', 'SUSPENDED')),
    -- the brand type is copied so that the database can hold the Sole Proprietor rules
    foreign key (brand_id, brand_type) references brand (id, brand_type) on update cascade,
    check (sid is not null or console_sid is not null),
    check ((brand_type = 'SOLE_PROPRIETOR') = (use_case = 'SOLE_PROPRIETOR'))
);
create unique index campaign_one_per_sole_proprietor_brand on campaign (brand_id) where brand_type = 'SOLE_PROPRIETOR';
create index campaign_brand_idx on campaign (brand_id);
create index campaign_account_idx on campaign (account_id);

create table messaging_service (
    id          bigserial primary key,
    sid         varchar(34) not null unique check (sid ~ '^MG[0-9a-f]{32}$'),
    account_id  bigint not null references account (id),
    campaign_id bigint references campaign (id),
    name        varchar(200) not null
);
create index messaging_service_account_idx on messaging_service (account_id);
create index messaging_service_campaign_idx on messaging_service (campaign_id);

-- A number belongs to one account and to at most one messaging service (a single column). Each
-- account tree keeps its own record of a number, so one customer's data never collides with
-- another's. Its PN SID is unknown when the number was learned from a status report.
create table phone_number (
    id                   bigserial primary key,
    sid                  varchar(34) unique check (sid ~ '^PN[0-9a-f]{32}$'),
    e164                 varchar(16) not null check (e164 ~ '^\+[1-9][0-9]{6,14}$'),
    account_id           bigint not null,
    root_account_id      bigint not null,
    messaging_service_id bigint references messaging_service (id),
    status               varchar(32) not null check (status in ('UNREGISTERED', 'PENDING_REGISTRATION', 'REGISTERED',
        'PENDING_DEREGISTRATION', 'FAILURE')),
    joined_service_at    timestamptz,
    status_changed_at    timestamptz not null default now(),
    created_at           timestamptz not null default now(),
    foreign key (account_id, root_account_id) references account (id, root_id),
    -- the campaign and service SIDs the last status report gave, known to the portal or not
    reported_campaign_sid varchar(34) check (reported_campaign_sid ~ '^(CM|QE)[0-9a-f]{32}$'),
    reported_service_sid  varchar(34) check (reported_service_sid ~ '^MG[0-9a-f]{32}$'),
    check (messaging_service_id is not null or joined_service_at is null)
) with (fillfactor = 85);
-- Keyset pagination by number, within a whole account tree or one account. The status is left out
-- of every index, and pages keep free space, so that a status change (what a daily status report
-- brings by the hundred thousand) is a heap-only update that touches no index.
create unique index phone_number_root_e164_uq on phone_number (root_account_id, e164);
create index phone_number_account_e164_idx on phone_number (account_id, e164);
create index phone_number_service_idx on phone_number (messaging_service_id);
