-- The application's PostgreSQL role: everything it needs to serve, and no way to change the past.
--
-- Two roles: the OWNER owns the schema and runs `safeguard migrate` (at installation and at each
-- upgrade); the APP role is what every server instance connects as (DATABASE_URL). The app role
-- may add audit entries but not UPDATE, DELETE or TRUNCATE them, so a stolen app password or an
-- SQL injection cannot rewrite the audit log; the chain and its anchors catch the owner too.
--
-- Run as the owner, in the application's database, after `safeguard migrate`:
--   psql "$OWNER_URL" -v app=safeguard_app -f deploy/postgres/app-role.sql
-- (create the role first: CREATE ROLE safeguard_app LOGIN PASSWORD '…';)

GRANT USAGE ON SCHEMA public TO :"app";
GRANT SELECT, INSERT, UPDATE, DELETE ON ALL TABLES IN SCHEMA public TO :"app";
GRANT USAGE, SELECT ON ALL SEQUENCES IN SCHEMA public TO :"app";
-- Tables a later `safeguard migrate` creates get the same rights.
ALTER DEFAULT PRIVILEGES IN SCHEMA public GRANT SELECT, INSERT, UPDATE, DELETE ON TABLES TO :"app";
ALTER DEFAULT PRIVILEGES IN SCHEMA public GRANT USAGE, SELECT ON SEQUENCES TO :"app";
-- The audit log only grows.
REVOKE UPDATE, DELETE, TRUNCATE ON audit_log FROM :"app";
