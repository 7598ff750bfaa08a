-- A request is either for a new key or for a bigger budget on an existing one.
alter table key_request add column kind varchar(16) not null default 'NEW_KEY';
alter table key_request add column target_key_id uuid references issued_key (id);
create index key_request_target_key_idx on key_request (target_key_id) where target_key_id is not null;
