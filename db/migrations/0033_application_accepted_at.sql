ALTER TABLE "pledge_applications" ADD COLUMN "accepted_at" timestamp with time zone;--> statement-breakpoint
-- Applications accepted before the column existed: the time of the audited acceptance, else the accepted review's last change.
UPDATE "pledge_applications" p SET "accepted_at" = coalesce(
  (SELECT min(e."created_at") FROM "audit_events" e WHERE e."entity_type" = 'pledge_application' AND e."entity_id" = p."id"::text AND e."action" = 'financing.offer-accepted'),
  (SELECT r."updated_at" FROM "bank_reviews" r WHERE r."id" = p."accepted_review_id"))
WHERE p."accepted_review_id" IS NOT NULL AND p."accepted_at" IS NULL;
