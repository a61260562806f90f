CREATE TABLE "campaign_totals" (
	"campaign_id" uuid PRIMARY KEY NOT NULL,
	"applied_enterprises" integer DEFAULT 0 NOT NULL,
	"financed_enterprises" integer DEFAULT 0 NOT NULL,
	"first_loan_enterprises" integer DEFAULT 0 NOT NULL,
	"whitelist_count" integer DEFAULT 0 NOT NULL,
	"whitelist_need" bigint DEFAULT 0 NOT NULL
);
--> statement-breakpoint
ALTER TABLE "campaign_industry_totals" ADD COLUMN "financed_enterprises" integer DEFAULT 0 NOT NULL;--> statement-breakpoint
-- The platform dashboard's high-value patent count: live inventions read from one covering index
-- (an index-only scan), and the loans at or above the high-pledge threshold from another.
CREATE INDEX IF NOT EXISTS ip_assets_live_inventions_idx ON ip_assets (expiry_date)
  INCLUDE (filing_date, annuity_paid_through, industry, overseas_family_count, awards, id) WHERE kind = 'invention' AND legal_status = 'valid';
--> statement-breakpoint
CREATE INDEX IF NOT EXISTS pledge_facts_financed_principal_idx ON pledge_facts (principal) INCLUDE (application_id) WHERE disbursed_on IS NOT NULL;
--> statement-breakpoint
-- One enterprise's contribution (s = 1 or -1) to its campaigns' enterprise counts and to the financed
-- enterprises per industry, from its rows of campaign_enterprises (definitions: campaign-progress.server.ts).
CREATE OR REPLACE FUNCTION progress_enterprise_counts(ent uuid, s int) RETURNS void AS $$
BEGIN
  INSERT INTO campaign_totals AS t (campaign_id, applied_enterprises, financed_enterprises, first_loan_enterprises)
  SELECT c.campaign_id, s, s * (min(c.first_here) IS NOT NULL)::int,
    s * coalesce(min(c.first_anywhere) FILTER (WHERE c.first_here IS NOT NULL) >= min(c.first_here), false)::int
  FROM campaign_enterprises c WHERE c.enterprise_org_id = ent GROUP BY c.campaign_id
  ON CONFLICT (campaign_id) DO UPDATE SET applied_enterprises = t.applied_enterprises + excluded.applied_enterprises,
    financed_enterprises = t.financed_enterprises + excluded.financed_enterprises, first_loan_enterprises = t.first_loan_enterprises + excluded.first_loan_enterprises;
  INSERT INTO campaign_industry_totals AS t (campaign_id, industry, financed_enterprises)
  SELECT c.campaign_id, c.industry, s FROM campaign_enterprises c WHERE c.enterprise_org_id = ent AND c.first_here IS NOT NULL
  ON CONFLICT (campaign_id, industry) DO UPDATE SET financed_enterprises = t.financed_enterprises + excluded.financed_enterprises;
END;
$$ LANGUAGE plpgsql;
--> statement-breakpoint
-- As in progress_totals, with the enterprise's counts taken off before its rows change and added after.
CREATE OR REPLACE FUNCTION progress_enterprise_refresh(ent uuid) RETURNS void AS $$
BEGIN
  PERFORM pg_advisory_xact_lock(7210403, hashtext(ent::text));
  PERFORM progress_enterprise_counts(ent, -1);
  INSERT INTO campaign_enterprises AS c (campaign_id, enterprise_org_id, industry, applications, first_here, first_anywhere)
  SELECT f.campaign_id, ent, f.industry, count(*), min(f.disbursed_on),
    (SELECT min(p.disbursed_on) FROM pledge_facts p WHERE p.enterprise_org_id = ent AND p.disbursed_on IS NOT NULL)
  FROM pledge_facts f WHERE f.enterprise_org_id = ent AND f.campaign_id IS NOT NULL AND f.submitted_at IS NOT NULL
  GROUP BY f.campaign_id, f.industry
  ON CONFLICT (campaign_id, enterprise_org_id, industry) DO UPDATE SET
    applications = excluded.applications, first_here = excluded.first_here, first_anywhere = excluded.first_anywhere;
  DELETE FROM campaign_enterprises c WHERE c.enterprise_org_id = ent AND NOT EXISTS (
    SELECT 1 FROM pledge_facts f WHERE f.enterprise_org_id = ent AND f.campaign_id = c.campaign_id AND f.industry = c.industry AND f.submitted_at IS NOT NULL);
  UPDATE campaign_enterprises c SET first_anywhere = (SELECT min(p.disbursed_on) FROM pledge_facts p WHERE p.enterprise_org_id = ent AND p.disbursed_on IS NOT NULL)
  WHERE c.enterprise_org_id = ent AND c.first_anywhere IS DISTINCT FROM (SELECT min(p.disbursed_on) FROM pledge_facts p WHERE p.enterprise_org_id = ent AND p.disbursed_on IS NOT NULL);
  PERFORM progress_enterprise_counts(ent, 1);
END;
$$ LANGUAGE plpgsql;
--> statement-breakpoint
CREATE OR REPLACE FUNCTION progress_enrolment_totals() RETURNS trigger AS $$
BEGIN
  IF TG_OP IN ('UPDATE', 'DELETE') THEN
    INSERT INTO campaign_totals AS t (campaign_id, whitelist_count, whitelist_need) VALUES (OLD.campaign_id, -1, -OLD.need_amount)
    ON CONFLICT (campaign_id) DO UPDATE SET whitelist_count = t.whitelist_count + excluded.whitelist_count, whitelist_need = t.whitelist_need + excluded.whitelist_need;
  END IF;
  IF TG_OP IN ('INSERT', 'UPDATE') THEN
    INSERT INTO campaign_totals AS t (campaign_id, whitelist_count, whitelist_need) VALUES (NEW.campaign_id, 1, NEW.need_amount)
    ON CONFLICT (campaign_id) DO UPDATE SET whitelist_count = t.whitelist_count + excluded.whitelist_count, whitelist_need = t.whitelist_need + excluded.whitelist_need;
  END IF;
  RETURN NULL;
END;
$$ LANGUAGE plpgsql;
--> statement-breakpoint
CREATE TRIGGER progress_totals AFTER INSERT OR UPDATE OF campaign_id, need_amount OR DELETE ON campaign_enrolments FOR EACH ROW EXECUTE FUNCTION progress_enrolment_totals();
--> statement-breakpoint
-- The campaign counts from scratch after the other totals (progress_totals_rebuild, migration progress_totals).
CREATE OR REPLACE FUNCTION progress_campaign_totals_rebuild() RETURNS void AS $$
BEGIN
  DELETE FROM campaign_totals;
  UPDATE campaign_industry_totals SET financed_enterprises = 0 WHERE financed_enterprises <> 0;
  INSERT INTO campaign_totals (campaign_id, applied_enterprises, financed_enterprises, first_loan_enterprises)
  SELECT campaign_id, count(*), count(first_here), count(*) FILTER (WHERE first_anywhere >= first_here)
  FROM (SELECT campaign_id, enterprise_org_id, min(first_here) AS first_here, min(first_anywhere) FILTER (WHERE first_here IS NOT NULL) AS first_anywhere
        FROM campaign_enterprises GROUP BY 1, 2) e GROUP BY campaign_id;
  INSERT INTO campaign_totals AS t (campaign_id, whitelist_count, whitelist_need)
  SELECT campaign_id, count(*), sum(need_amount) FROM campaign_enrolments GROUP BY campaign_id
  ON CONFLICT (campaign_id) DO UPDATE SET whitelist_count = excluded.whitelist_count, whitelist_need = excluded.whitelist_need;
  INSERT INTO campaign_industry_totals AS t (campaign_id, industry, financed_enterprises)
  SELECT campaign_id, industry, count(*) FROM campaign_enterprises WHERE first_here IS NOT NULL GROUP BY 1, 2
  ON CONFLICT (campaign_id, industry) DO UPDATE SET financed_enterprises = excluded.financed_enterprises;
END;
$$ LANGUAGE plpgsql;
--> statement-breakpoint
-- The totals from scratch (as in progress_totals), now with the campaign counts.
CREATE OR REPLACE FUNCTION progress_totals_rebuild() RETURNS void AS $$
BEGIN
  DELETE FROM campaign_industry_totals;
  DELETE FROM campaign_bank_totals;
  DELETE FROM campaign_enterprises;
  DELETE FROM registration_totals;
  INSERT INTO campaign_industry_totals (campaign_id, industry, applied_count, applied_amount, approved_count, approved_amount,
    registered_count, registered_amount, disbursed_count, disbursed_amount, settled_count, settled_early_count, defaulted_count, defaulted_amount, outstanding_amount)
  SELECT campaign_id, industry, count(*), sum(applied_amount), count(approved_amount), coalesce(sum(approved_amount), 0),
    count(registered_amount), coalesce(sum(registered_amount), 0),
    count(disbursed_on), coalesce(sum(principal) FILTER (WHERE disbursed_on IS NOT NULL), 0),
    count(*) FILTER (WHERE disbursed_on IS NOT NULL AND loan_status = 'settled'),
    count(*) FILTER (WHERE disbursed_on IS NOT NULL AND loan_status = 'settled' AND settled_at IS NOT NULL AND maturity_date IS NOT NULL
      AND (settled_at AT TIME ZONE 'Asia/Shanghai')::date < maturity_date),
    count(*) FILTER (WHERE disbursed_on IS NOT NULL AND loan_status = 'defaulted'),
    coalesce(sum(principal) FILTER (WHERE disbursed_on IS NOT NULL AND loan_status = 'defaulted'), 0),
    coalesce(sum(coalesce(principal, 0) - paid_principal) FILTER (WHERE disbursed_on IS NOT NULL AND loan_status IN ('active', 'overdue')), 0)
  FROM pledge_facts WHERE campaign_id IS NOT NULL AND submitted_at IS NOT NULL GROUP BY campaign_id, industry;
  INSERT INTO campaign_bank_totals (campaign_id, bank_org_id, routed, offers, offered_amount, rejected, decisions)
  SELECT campaign_id, bank_org_id, count(*), count(offered_amount), coalesce(sum(offered_amount), 0), count(*) FILTER (WHERE status = 'rejected'), count(decision_days)
  FROM pledge_review_facts WHERE campaign_id IS NOT NULL AND submitted_at IS NOT NULL GROUP BY campaign_id, bank_org_id;
  INSERT INTO campaign_bank_totals AS t (campaign_id, bank_org_id, disbursed_amount)
  SELECT campaign_id, loan_bank_org_id, coalesce(sum(principal), 0) FROM pledge_facts
  WHERE campaign_id IS NOT NULL AND submitted_at IS NOT NULL AND disbursed_on IS NOT NULL AND loan_bank_org_id IS NOT NULL GROUP BY campaign_id, loan_bank_org_id
  ON CONFLICT (campaign_id, bank_org_id) DO UPDATE SET disbursed_amount = excluded.disbursed_amount;
  INSERT INTO campaign_enterprises (campaign_id, enterprise_org_id, industry, applications, first_here, first_anywhere)
  SELECT f.campaign_id, f.enterprise_org_id, f.industry, count(*), min(f.disbursed_on), a.first_loan
  FROM pledge_facts f LEFT JOIN (SELECT enterprise_org_id, min(disbursed_on) AS first_loan FROM pledge_facts WHERE disbursed_on IS NOT NULL GROUP BY 1) a
    ON a.enterprise_org_id = f.enterprise_org_id
  WHERE f.campaign_id IS NOT NULL AND f.submitted_at IS NOT NULL GROUP BY f.campaign_id, f.enterprise_org_id, f.industry, a.first_loan;
  INSERT INTO registration_totals (year, district, park_id, bank_org_id, industry, registrations, amount)
  SELECT extract(year FROM registered_on)::int, district, park_id, registration_bank_org_id, industry, count(*), coalesce(sum(registered_amount), 0)
  FROM pledge_facts WHERE registered_on IS NOT NULL GROUP BY 1, 2, 3, 4, 5;
  PERFORM progress_campaign_totals_rebuild();
END;
$$ LANGUAGE plpgsql;
--> statement-breakpoint
SELECT progress_campaign_totals_rebuild();
