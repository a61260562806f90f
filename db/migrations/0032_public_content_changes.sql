-- Public pages (the market, listing pages, the public listings API) are rendered once per change and kept by each
-- web process (app/utils/page-cache.server.ts). Every statement that writes a table those pages may read tells the
-- processes on channel ipm_public at commit (PostgreSQL folds a transaction's notifications into one).
-- Bookkeeping tables no public page reads are left out: they change on every request or job step. A table added
-- later needs its own trigger: tests/integration/page-cache.test.ts fails for a table with neither.
CREATE FUNCTION ipm_public_changed() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  PERFORM pg_notify('ipm_public', '');
  RETURN NULL;
END $$;
--> statement-breakpoint
DO $$
DECLARE t text;
BEGIN
  FOR t IN SELECT tablename FROM pg_tables WHERE schemaname = current_schema() AND tablename NOT IN (
    'audit_events', 'domain_events', 'outbox', 'sessions', 'login_attempts', 'rate_limits', 'idempotency_keys',
    'notifications', 'notification_preferences', 'email_messages', 'user_tokens', 'api_keys', 'stripe_events',
    'webhook_attempts', 'webhook_deliveries', 'webhook_endpoints', 'webhook_secrets', 'valuation_steps',
    'deal_messages', 'deal_thread_reads', 'review_messages', 'saved_searches', 'saved_search_hits', 'join_requests'
  ) LOOP
    EXECUTE format('CREATE TRIGGER ipm_public_changed AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON %I FOR EACH STATEMENT EXECUTE FUNCTION ipm_public_changed()', t);
  END LOOP;
END $$;
