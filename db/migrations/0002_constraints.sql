-- audit_events is append-only: history that can be edited is not an audit trail.
CREATE OR REPLACE FUNCTION audit_events_append_only() RETURNS trigger AS $$
BEGIN
  RAISE EXCEPTION 'audit_events is append-only (% refused)', TG_OP USING ERRCODE = 'insufficient_privilege';
END;
$$ LANGUAGE plpgsql;
--> statement-breakpoint
CREATE TRIGGER audit_events_no_update_delete BEFORE UPDATE OR DELETE ON audit_events
  FOR EACH ROW EXECUTE FUNCTION audit_events_append_only();
--> statement-breakpoint
CREATE TRIGGER audit_events_no_truncate BEFORE TRUNCATE ON audit_events
  FOR EACH STATEMENT EXECUTE FUNCTION audit_events_append_only();
--> statement-breakpoint
-- No two exclusive (or sole) licences of one asset may overlap in time.
ALTER TABLE encumbrances ADD CONSTRAINT encumbrances_no_overlapping_exclusive
  EXCLUDE USING gist (asset_id WITH =, period WITH &&)
  WHERE (kind IN ('exclusive_licence', 'sole_licence') AND status IN ('pending', 'active'));
