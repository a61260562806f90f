-- The progress dashboards' read model (pledge_facts, pledge_review_facts) is kept current by
-- triggers on the financing tables, in the same transaction as each change. Each function
-- recomputes one application's (or one review's) row from the source tables, so running it
-- again changes nothing: the model can always be rebuilt with pledge_facts_rebuild().
CREATE OR REPLACE FUNCTION pledge_fact_upsert(app uuid) RETURNS void AS $$
BEGIN
  INSERT INTO pledge_facts AS f (
    application_id, campaign_id, enterprise_org_id, industry, district, park_id, submitted_at, applied_amount,
    approved_amount, offers, registered_amount, registered_on, registration_bank_org_id,
    loan_id, loan_bank_org_id, loan_status, disbursed_on, principal, paid_principal, maturity_date, settled_at, refreshed_at)
  SELECT a.id, a.campaign_id, a.enterprise_org_id, coalesce(e.industry, 'other'), coalesce(e.district, p.district), e.park_id,
    a.submitted_at, a.amount_fen,
    CASE WHEN om.n > 0 THEN coalesce(acc.amount_fen, om.mx) END, coalesce(om.n, 0),
    CASE WHEN r.status IN ('registered', 'released') AND r.registered_on IS NOT NULL THEN coalesce(lo.amount_fen, acc.amount_fen, a.amount_fen) END,
    CASE WHEN r.status IN ('registered', 'released') THEN r.registered_on END,
    CASE WHEN r.status IN ('registered', 'released') THEN r.bank_org_id END,
    l.id, l.bank_org_id, l.status::text, l.disbursed_on, l.principal_fen, coalesce(paid.s, 0), l.maturity_date, l.settled_at, now()
  FROM pledge_applications a
  JOIN organizations e ON e.id = a.enterprise_org_id
  LEFT JOIN parks p ON p.id = e.park_id
  LEFT JOIN LATERAL (SELECT count(*)::int AS n, max(o.amount_fen) AS mx FROM loan_offers o WHERE o.application_id = a.id) om ON true
  LEFT JOIN loan_offers acc ON acc.review_id = a.accepted_review_id
  LEFT JOIN pledge_registrations r ON r.application_id = a.id
  LEFT JOIN loans l ON l.application_id = a.id
  LEFT JOIN loan_offers lo ON lo.id = l.offer_id
  LEFT JOIN LATERAL (SELECT sum(i.paid_principal_fen) AS s FROM loan_instalments i WHERE i.loan_id = l.id) paid ON true
  WHERE a.id = app
  ON CONFLICT (application_id) DO UPDATE SET
    campaign_id = excluded.campaign_id, enterprise_org_id = excluded.enterprise_org_id, industry = excluded.industry,
    district = excluded.district, park_id = excluded.park_id, submitted_at = excluded.submitted_at,
    applied_amount = excluded.applied_amount, approved_amount = excluded.approved_amount, offers = excluded.offers,
    registered_amount = excluded.registered_amount, registered_on = excluded.registered_on,
    registration_bank_org_id = excluded.registration_bank_org_id, loan_id = excluded.loan_id,
    loan_bank_org_id = excluded.loan_bank_org_id, loan_status = excluded.loan_status, disbursed_on = excluded.disbursed_on,
    principal = excluded.principal, paid_principal = excluded.paid_principal, maturity_date = excluded.maturity_date,
    settled_at = excluded.settled_at, refreshed_at = excluded.refreshed_at;
END;
$$ LANGUAGE plpgsql;
--> statement-breakpoint
CREATE OR REPLACE FUNCTION pledge_review_fact_upsert(rid uuid) RETURNS void AS $$
BEGIN
  INSERT INTO pledge_review_facts AS f (review_id, application_id, campaign_id, bank_org_id, status, submitted_at, decided_at, offered_amount)
  SELECT r.id, r.application_id, a.campaign_id, r.bank_org_id, r.status::text, a.submitted_at, r.decided_at,
    (SELECT max(o.amount_fen) FROM loan_offers o WHERE o.review_id = r.id)
  FROM bank_reviews r JOIN pledge_applications a ON a.id = r.application_id
  WHERE r.id = rid
  ON CONFLICT (review_id) DO UPDATE SET
    application_id = excluded.application_id, campaign_id = excluded.campaign_id, bank_org_id = excluded.bank_org_id,
    status = excluded.status, submitted_at = excluded.submitted_at, decided_at = excluded.decided_at, offered_amount = excluded.offered_amount;
END;
$$ LANGUAGE plpgsql;
--> statement-breakpoint
CREATE OR REPLACE FUNCTION pledge_facts_sync() RETURNS trigger AS $$
BEGIN
  IF TG_TABLE_NAME = 'pledge_applications' THEN
    PERFORM pledge_fact_upsert(NEW.id);
    UPDATE pledge_review_facts SET campaign_id = NEW.campaign_id, submitted_at = NEW.submitted_at
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
CREATE TRIGGER pledge_facts_sync AFTER INSERT OR UPDATE ON pledge_applications FOR EACH ROW EXECUTE FUNCTION pledge_facts_sync();
--> statement-breakpoint
CREATE TRIGGER pledge_facts_sync AFTER INSERT OR UPDATE ON bank_reviews FOR EACH ROW EXECUTE FUNCTION pledge_facts_sync();
--> statement-breakpoint
CREATE TRIGGER pledge_facts_sync AFTER INSERT OR UPDATE ON loan_offers FOR EACH ROW EXECUTE FUNCTION pledge_facts_sync();
--> statement-breakpoint
CREATE TRIGGER pledge_facts_sync AFTER INSERT OR UPDATE ON pledge_registrations FOR EACH ROW EXECUTE FUNCTION pledge_facts_sync();
--> statement-breakpoint
CREATE TRIGGER pledge_facts_sync AFTER INSERT OR UPDATE ON loans FOR EACH ROW EXECUTE FUNCTION pledge_facts_sync();
--> statement-breakpoint
CREATE TRIGGER pledge_facts_sync AFTER INSERT OR UPDATE ON loan_instalments FOR EACH ROW EXECUTE FUNCTION pledge_facts_sync();
--> statement-breakpoint
-- Rebuilds the whole read model from the source tables (after a bulk load with triggers disabled).
CREATE OR REPLACE FUNCTION pledge_facts_rebuild() RETURNS void AS $$
BEGIN
  PERFORM pledge_fact_upsert(a.id) FROM pledge_applications a;
  PERFORM pledge_review_fact_upsert(r.id) FROM bank_reviews r;
END;
$$ LANGUAGE plpgsql;
--> statement-breakpoint
SELECT pledge_facts_rebuild();
