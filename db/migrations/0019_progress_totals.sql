CREATE TABLE "campaign_bank_totals" (
	"campaign_id" uuid NOT NULL,
	"bank_org_id" uuid NOT NULL,
	"routed" integer DEFAULT 0 NOT NULL,
	"offers" integer DEFAULT 0 NOT NULL,
	"offered_amount" bigint DEFAULT 0 NOT NULL,
	"rejected" integer DEFAULT 0 NOT NULL,
	"decisions" integer DEFAULT 0 NOT NULL,
	"disbursed_amount" bigint DEFAULT 0 NOT NULL,
	CONSTRAINT "campaign_bank_totals_campaign_id_bank_org_id_pk" PRIMARY KEY("campaign_id","bank_org_id")
);
--> statement-breakpoint
CREATE TABLE "campaign_enterprises" (
	"campaign_id" uuid NOT NULL,
	"enterprise_org_id" uuid NOT NULL,
	"industry" text NOT NULL,
	"applications" integer DEFAULT 0 NOT NULL,
	"first_here" date,
	"first_anywhere" date,
	CONSTRAINT "campaign_enterprises_campaign_id_enterprise_org_id_industry_pk" PRIMARY KEY("campaign_id","enterprise_org_id","industry")
);
--> statement-breakpoint
CREATE TABLE "campaign_industry_totals" (
	"campaign_id" uuid NOT NULL,
	"industry" text NOT NULL,
	"applied_count" integer DEFAULT 0 NOT NULL,
	"applied_amount" bigint DEFAULT 0 NOT NULL,
	"approved_count" integer DEFAULT 0 NOT NULL,
	"approved_amount" bigint DEFAULT 0 NOT NULL,
	"registered_count" integer DEFAULT 0 NOT NULL,
	"registered_amount" bigint DEFAULT 0 NOT NULL,
	"disbursed_count" integer DEFAULT 0 NOT NULL,
	"disbursed_amount" bigint DEFAULT 0 NOT NULL,
	"settled_count" integer DEFAULT 0 NOT NULL,
	"settled_early_count" integer DEFAULT 0 NOT NULL,
	"defaulted_count" integer DEFAULT 0 NOT NULL,
	"defaulted_amount" bigint DEFAULT 0 NOT NULL,
	"outstanding_amount" bigint DEFAULT 0 NOT NULL,
	CONSTRAINT "campaign_industry_totals_campaign_id_industry_pk" PRIMARY KEY("campaign_id","industry")
);
--> statement-breakpoint
CREATE TABLE "registration_totals" (
	"year" integer NOT NULL,
	"district" text,
	"park_id" uuid,
	"bank_org_id" uuid,
	"industry" text NOT NULL,
	"registrations" integer DEFAULT 0 NOT NULL,
	"amount" bigint DEFAULT 0 NOT NULL,
	CONSTRAINT "registration_totals_key" UNIQUE NULLS NOT DISTINCT("year","district","park_id","bank_org_id","industry")
);
--> statement-breakpoint
CREATE INDEX "campaign_enterprises_enterprise_org_id_index" ON "campaign_enterprises" USING btree ("enterprise_org_id");--> statement-breakpoint
CREATE INDEX "pledge_facts_enterprise_idx" ON "pledge_facts" USING btree ("enterprise_org_id");--> statement-breakpoint
-- The per-bank median decision time reads the middle of this index instead of sorting every decision.
CREATE INDEX pledge_review_facts_decision_idx ON pledge_review_facts (campaign_id, bank_org_id, decision_days)
  WHERE campaign_id IS NOT NULL AND submitted_at IS NOT NULL AND decision_days IS NOT NULL;
--> statement-breakpoint
-- The totals (db/schema/progress.ts) follow the read model by deltas: a fact's old contribution is
-- subtracted and its new one added, in the same transaction. `s` is +1 or -1.
CREATE OR REPLACE FUNCTION progress_fact_add(f pledge_facts, s int) RETURNS void AS $$
DECLARE
  disbursed boolean := f.disbursed_on IS NOT NULL;
BEGIN
  IF f.campaign_id IS NOT NULL AND f.submitted_at IS NOT NULL THEN
    INSERT INTO campaign_industry_totals AS t (campaign_id, industry, applied_count, applied_amount, approved_count, approved_amount,
      registered_count, registered_amount, disbursed_count, disbursed_amount, settled_count, settled_early_count, defaulted_count, defaulted_amount, outstanding_amount)
    VALUES (f.campaign_id, f.industry, s, s * f.applied_amount,
      s * (f.approved_amount IS NOT NULL)::int, s * coalesce(f.approved_amount, 0),
      s * (f.registered_amount IS NOT NULL)::int, s * coalesce(f.registered_amount, 0),
      s * disbursed::int, CASE WHEN disbursed THEN s * coalesce(f.principal, 0) ELSE 0 END,
      s * (disbursed AND f.loan_status = 'settled')::int,
      s * (disbursed AND f.loan_status = 'settled' AND f.settled_at IS NOT NULL AND f.maturity_date IS NOT NULL
        AND (f.settled_at AT TIME ZONE 'Asia/Shanghai')::date < f.maturity_date)::int,
      s * (disbursed AND f.loan_status = 'defaulted')::int, CASE WHEN disbursed AND f.loan_status = 'defaulted' THEN s * coalesce(f.principal, 0) ELSE 0 END,
      CASE WHEN disbursed AND f.loan_status IN ('active', 'overdue') THEN s * (coalesce(f.principal, 0) - f.paid_principal) ELSE 0 END)
    ON CONFLICT (campaign_id, industry) DO UPDATE SET
      applied_count = t.applied_count + excluded.applied_count, applied_amount = t.applied_amount + excluded.applied_amount,
      approved_count = t.approved_count + excluded.approved_count, approved_amount = t.approved_amount + excluded.approved_amount,
      registered_count = t.registered_count + excluded.registered_count, registered_amount = t.registered_amount + excluded.registered_amount,
      disbursed_count = t.disbursed_count + excluded.disbursed_count, disbursed_amount = t.disbursed_amount + excluded.disbursed_amount,
      settled_count = t.settled_count + excluded.settled_count, settled_early_count = t.settled_early_count + excluded.settled_early_count,
      defaulted_count = t.defaulted_count + excluded.defaulted_count, defaulted_amount = t.defaulted_amount + excluded.defaulted_amount,
      outstanding_amount = t.outstanding_amount + excluded.outstanding_amount;
    IF disbursed AND f.loan_bank_org_id IS NOT NULL THEN
      INSERT INTO campaign_bank_totals AS t (campaign_id, bank_org_id, disbursed_amount) VALUES (f.campaign_id, f.loan_bank_org_id, s * coalesce(f.principal, 0))
      ON CONFLICT (campaign_id, bank_org_id) DO UPDATE SET disbursed_amount = t.disbursed_amount + excluded.disbursed_amount;
    END IF;
  END IF;
  IF f.registered_on IS NOT NULL THEN
    INSERT INTO registration_totals AS t (year, district, park_id, bank_org_id, industry, registrations, amount)
    VALUES (extract(year FROM f.registered_on)::int, f.district, f.park_id, f.registration_bank_org_id, f.industry, s, s * coalesce(f.registered_amount, 0))
    ON CONFLICT ON CONSTRAINT registration_totals_key DO UPDATE SET registrations = t.registrations + excluded.registrations, amount = t.amount + excluded.amount;
  END IF;
END;
$$ LANGUAGE plpgsql;
--> statement-breakpoint
-- An enterprise's campaign rows, recomputed from its (few) facts. The advisory lock serialises two
-- transactions changing facts of the same enterprise, so the later one reads the earlier one's rows.
CREATE OR REPLACE FUNCTION progress_enterprise_refresh(ent uuid) RETURNS void AS $$
BEGIN
  PERFORM pg_advisory_xact_lock(7210403, hashtext(ent::text));
  INSERT INTO campaign_enterprises AS c (campaign_id, enterprise_org_id, industry, applications, first_here, first_anywhere)
  SELECT f.campaign_id, ent, f.industry, count(*), min(f.disbursed_on),
    (SELECT min(p.disbursed_on) FROM pledge_facts p WHERE p.enterprise_org_id = ent AND p.disbursed_on IS NOT NULL)
  FROM pledge_facts f WHERE f.enterprise_org_id = ent AND f.campaign_id IS NOT NULL AND f.submitted_at IS NOT NULL
  GROUP BY f.campaign_id, f.industry
  ON CONFLICT (campaign_id, enterprise_org_id, industry) DO UPDATE SET
    applications = excluded.applications, first_here = excluded.first_here, first_anywhere = excluded.first_anywhere;
  DELETE FROM campaign_enterprises c WHERE c.enterprise_org_id = ent AND NOT EXISTS (
    SELECT 1 FROM pledge_facts f WHERE f.enterprise_org_id = ent AND f.campaign_id = c.campaign_id AND f.industry = c.industry AND f.submitted_at IS NOT NULL);
  -- Its first loan anywhere may have moved: every campaign row of the enterprise carries it.
  UPDATE campaign_enterprises c SET first_anywhere = (SELECT min(p.disbursed_on) FROM pledge_facts p WHERE p.enterprise_org_id = ent AND p.disbursed_on IS NOT NULL)
  WHERE c.enterprise_org_id = ent AND c.first_anywhere IS DISTINCT FROM (SELECT min(p.disbursed_on) FROM pledge_facts p WHERE p.enterprise_org_id = ent AND p.disbursed_on IS NOT NULL);
END;
$$ LANGUAGE plpgsql;
--> statement-breakpoint
CREATE OR REPLACE FUNCTION progress_facts_totals() RETURNS trigger AS $$
BEGIN
  IF current_setting('ipm.progress_rebuild', true) = 'on' THEN RETURN NULL; END IF;
  -- pledge_fact_upsert rewrites the row on every source change; most leave the figures as they were.
  IF TG_OP = 'UPDATE' AND ROW(OLD.campaign_id, OLD.submitted_at, OLD.enterprise_org_id, OLD.industry, OLD.district, OLD.park_id, OLD.applied_amount,
      OLD.approved_amount, OLD.registered_amount, OLD.registered_on, OLD.registration_bank_org_id, OLD.loan_bank_org_id, OLD.loan_status,
      OLD.disbursed_on, OLD.principal, OLD.paid_principal, OLD.maturity_date, OLD.settled_at)
    IS NOT DISTINCT FROM ROW(NEW.campaign_id, NEW.submitted_at, NEW.enterprise_org_id, NEW.industry, NEW.district, NEW.park_id, NEW.applied_amount,
      NEW.approved_amount, NEW.registered_amount, NEW.registered_on, NEW.registration_bank_org_id, NEW.loan_bank_org_id, NEW.loan_status,
      NEW.disbursed_on, NEW.principal, NEW.paid_principal, NEW.maturity_date, NEW.settled_at) THEN
    RETURN NULL;
  END IF;
  IF TG_OP IN ('UPDATE', 'DELETE') THEN PERFORM progress_fact_add(OLD, -1); END IF;
  IF TG_OP IN ('INSERT', 'UPDATE') THEN PERFORM progress_fact_add(NEW, 1); END IF;
  IF TG_OP = 'INSERT' THEN
    PERFORM progress_enterprise_refresh(NEW.enterprise_org_id);
  ELSIF TG_OP = 'DELETE' THEN
    PERFORM progress_enterprise_refresh(OLD.enterprise_org_id);
  ELSIF ROW(OLD.campaign_id, OLD.submitted_at, OLD.enterprise_org_id, OLD.industry, OLD.disbursed_on)
      IS DISTINCT FROM ROW(NEW.campaign_id, NEW.submitted_at, NEW.enterprise_org_id, NEW.industry, NEW.disbursed_on) THEN
    PERFORM progress_enterprise_refresh(NEW.enterprise_org_id);
    IF OLD.enterprise_org_id <> NEW.enterprise_org_id THEN PERFORM progress_enterprise_refresh(OLD.enterprise_org_id); END IF;
  END IF;
  RETURN NULL;
END;
$$ LANGUAGE plpgsql;
--> statement-breakpoint
CREATE TRIGGER progress_totals AFTER INSERT OR UPDATE OR DELETE ON pledge_facts FOR EACH ROW EXECUTE FUNCTION progress_facts_totals();
--> statement-breakpoint
CREATE OR REPLACE FUNCTION progress_review_add(r pledge_review_facts, s int) RETURNS void AS $$
BEGIN
  IF r.campaign_id IS NULL OR r.submitted_at IS NULL THEN RETURN; END IF;
  INSERT INTO campaign_bank_totals AS t (campaign_id, bank_org_id, routed, offers, offered_amount, rejected, decisions)
  VALUES (r.campaign_id, r.bank_org_id, s, s * (r.offered_amount IS NOT NULL)::int, s * coalesce(r.offered_amount, 0),
    s * (r.status = 'rejected')::int, s * (r.decision_days IS NOT NULL)::int)
  ON CONFLICT (campaign_id, bank_org_id) DO UPDATE SET routed = t.routed + excluded.routed, offers = t.offers + excluded.offers,
    offered_amount = t.offered_amount + excluded.offered_amount, rejected = t.rejected + excluded.rejected, decisions = t.decisions + excluded.decisions;
END;
$$ LANGUAGE plpgsql;
--> statement-breakpoint
CREATE OR REPLACE FUNCTION progress_review_totals() RETURNS trigger AS $$
BEGIN
  IF current_setting('ipm.progress_rebuild', true) = 'on' THEN RETURN NULL; END IF;
  IF TG_OP IN ('UPDATE', 'DELETE') THEN PERFORM progress_review_add(OLD, -1); END IF;
  IF TG_OP IN ('INSERT', 'UPDATE') THEN PERFORM progress_review_add(NEW, 1); END IF;
  RETURN NULL;
END;
$$ LANGUAGE plpgsql;
--> statement-breakpoint
CREATE TRIGGER progress_totals AFTER INSERT OR UPDATE OR DELETE ON pledge_review_facts FOR EACH ROW EXECUTE FUNCTION progress_review_totals();
--> statement-breakpoint
-- The totals from scratch, by GROUP BY over the read model (what the triggers keep them equal to).
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
END;
$$ LANGUAGE plpgsql;
--> statement-breakpoint
CREATE OR REPLACE FUNCTION pledge_facts_rebuild() RETURNS void AS $$
BEGIN
  PERFORM set_config('ipm.progress_rebuild', 'on', true);
  PERFORM pledge_fact_upsert(a.id) FROM pledge_applications a;
  PERFORM pledge_review_fact_upsert(r.id) FROM bank_reviews r;
  PERFORM set_config('ipm.progress_rebuild', 'off', true);
  PERFORM progress_totals_rebuild();
END;
$$ LANGUAGE plpgsql;
--> statement-breakpoint
SELECT progress_totals_rebuild();
