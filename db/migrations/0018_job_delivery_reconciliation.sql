DROP INDEX "outbox_pending_idx";--> statement-breakpoint
ALTER TABLE "outbox" ADD COLUMN "job_id" text;--> statement-breakpoint
ALTER TABLE "outbox" ADD COLUMN "completed_at" timestamp with time zone;--> statement-breakpoint
ALTER TABLE "outbox" ADD COLUMN "failed_at" timestamp with time zone;--> statement-breakpoint
ALTER TABLE "outbox" ADD COLUMN "failure" text;--> statement-breakpoint
ALTER TABLE "valuations" ADD COLUMN "auto_retries" integer DEFAULT 0 NOT NULL;--> statement-breakpoint
-- Rows dispatched before delivery was tracked are taken as delivered (what the relay assumed until now);
-- every row gets the id of the job that closes it (a valuation flow: its report step).
UPDATE "outbox" SET "job_id" = replace("dedupe_key", ':', '.') || CASE WHEN "queue" = 'valuation' AND "name" = 'run' THEN '.report' ELSE '' END;--> statement-breakpoint
UPDATE "outbox" SET "completed_at" = "dispatched_at" WHERE "dispatched_at" IS NOT NULL;--> statement-breakpoint
CREATE INDEX "outbox_open_idx" ON "outbox" USING btree ("dispatched_at") WHERE dispatched_at is not null and completed_at is null and failed_at is null;--> statement-breakpoint
CREATE INDEX "outbox_open_job_idx" ON "outbox" USING btree ("job_id") WHERE completed_at is null and failed_at is null;--> statement-breakpoint
CREATE INDEX "valuations_in_progress_idx" ON "valuations" USING btree ("updated_at") WHERE status in ('queued', 'running');--> statement-breakpoint
CREATE INDEX "outbox_pending_idx" ON "outbox" USING btree ("available_at") WHERE dispatched_at is null and completed_at is null and failed_at is null;