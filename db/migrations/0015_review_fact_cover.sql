-- Per-bank campaign figures read only this index (an index-only scan), and the median decision time
-- sorts a stored number instead of computing an interval per row.
CREATE INDEX pledge_review_facts_campaign_cover_idx ON pledge_review_facts (campaign_id, bank_org_id)
  INCLUDE (status, offered_amount, submitted_at, decision_days) WHERE campaign_id IS NOT NULL;
--> statement-breakpoint
CREATE OR REPLACE FUNCTION pledge_review_days(status text, submitted timestamptz, decided timestamptz) RETURNS double precision AS $$
  SELECT CASE WHEN decided IS NOT NULL AND submitted IS NOT NULL AND decided >= submitted AND status IN ('offered', 'accepted', 'rejected', 'closed')
    THEN extract(epoch FROM (decided - submitted)) / 86400.0 END;
$$ LANGUAGE sql IMMUTABLE;
--> statement-breakpoint
CREATE OR REPLACE FUNCTION pledge_review_fact_upsert(rid uuid) RETURNS void AS $$
BEGIN
  INSERT INTO pledge_review_facts AS f (review_id, application_id, campaign_id, bank_org_id, status, submitted_at, decided_at, decision_days, offered_amount)
  SELECT r.id, r.application_id, a.campaign_id, r.bank_org_id, r.status::text, a.submitted_at, r.decided_at,
    pledge_review_days(r.status::text, a.submitted_at, r.decided_at),
    (SELECT max(o.amount_fen) FROM loan_offers o WHERE o.review_id = r.id)
  FROM bank_reviews r JOIN pledge_applications a ON a.id = r.application_id
  WHERE r.id = rid
  ON CONFLICT (review_id) DO UPDATE SET
    application_id = excluded.application_id, campaign_id = excluded.campaign_id, bank_org_id = excluded.bank_org_id,
    status = excluded.status, submitted_at = excluded.submitted_at, decided_at = excluded.decided_at,
    decision_days = excluded.decision_days, offered_amount = excluded.offered_amount;
END;
$$ LANGUAGE plpgsql;
--> statement-breakpoint
CREATE OR REPLACE FUNCTION pledge_facts_sync() RETURNS trigger AS $$
BEGIN
  IF TG_TABLE_NAME = 'pledge_applications' THEN
    PERFORM pledge_fact_upsert(NEW.id);
    UPDATE pledge_review_facts SET campaign_id = NEW.campaign_id, submitted_at = NEW.submitted_at,
        decision_days = pledge_review_days(status, NEW.submitted_at, decided_at)
      WHERE application_id = NEW.id AND (campaign_id IS DISTINCT FROM NEW.campaign_id OR submitted_at IS DISTINCT FROM NEW.submitted_at);
  ELSIF TG_TABLE_NAME = 'bank_reviews' THEN
    PERFORM pledge_review_fact_upsert(NEW.id);
  ELSIF TG_TABLE_NAME = 'loan_offers' THEN
    PERFORM pledge_fact_upsert(NEW.application_id);
    PERFORM pledge_review_fact_upsert(NEW.review_id);
  ELSIF TG_TABLE_NAME IN ('pledge_registrations', 'loans') THEN
    PERFORM pledge_fact_upsert(NEW.application_id);
  ELSIF TG_TABLE_NAME = 'loan_instalments' THEN
    PERFORM pledge_fact_upsert((SELECT l.application_id FROM loans l WHERE l.id = NEW.loan_id));
  END IF;
  RETURN NULL;
END;
$$ LANGUAGE plpgsql;
--> statement-breakpoint
UPDATE pledge_review_facts SET decision_days = pledge_review_days(status, submitted_at, decided_at) WHERE decided_at IS NOT NULL;
