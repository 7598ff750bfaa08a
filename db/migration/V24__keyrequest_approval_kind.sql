-- approved_by held either a person's LiteLLM user id or the words 'policy' (auto-approved) and 'rotation'.
-- How a request was approved now has a column of its own; approved_by holds only a person's LiteLLM user id
-- (the approver, or the admin who adopted a key from LiteLLM).
alter table key_request add column approval_kind varchar(16);

update key_request set approval_kind = case
        when approved_by = 'policy' then 'POLICY'
        when approved_by = 'rotation' then 'ROTATION'
        when kind = 'IMPORT' then 'IMPORT'
        else 'PERSON'
    end
    where approved_by is not null;

update key_request set approved_by = null where approval_kind in ('POLICY', 'ROTATION');

alter table key_request add constraint key_request_approval_kind_ck
    check (approval_kind in ('POLICY', 'ROTATION', 'PERSON', 'IMPORT'));
alter table key_request add constraint key_request_approved_by_person_ck
    check (approved_by is null or approval_kind in ('PERSON', 'IMPORT'));
