DROP INDEX "pledge_review_facts_campaign_idx";--> statement-breakpoint
ALTER TABLE "pledge_review_facts" ADD COLUMN "decision_days" double precision;