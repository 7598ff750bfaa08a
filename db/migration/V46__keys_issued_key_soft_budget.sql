-- The soft budget (alert threshold) a key was created with in LiteLLM. LiteLLM's key list never shows it and
-- /key/update cannot set it, so the portal keeps what it sent on /key/generate (or read from /key/info on import).
alter table issued_key add column soft_budget numeric(12,2);
