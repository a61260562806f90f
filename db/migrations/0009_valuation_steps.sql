CREATE TYPE "public"."valuation_step" AS ENUM('enrich', 'score', 'value', 'report');--> statement-breakpoint
CREATE TYPE "public"."valuation_step_status" AS ENUM('running', 'completed', 'failed');--> statement-breakpoint
CREATE TABLE "valuation_steps" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"valuation_id" uuid NOT NULL,
	"step" "valuation_step" NOT NULL,
	"status" "valuation_step_status" DEFAULT 'running' NOT NULL,
	"attempt" integer DEFAULT 1 NOT NULL,
	"runs" integer DEFAULT 0 NOT NULL,
	"result" jsonb,
	"error" text,
	"started_at" timestamp with time zone,
	"finished_at" timestamp with time zone
);
--> statement-breakpoint
ALTER TABLE "valuations" ADD COLUMN "asset_key" text DEFAULT '' NOT NULL;--> statement-breakpoint
ALTER TABLE "valuations" ADD COLUMN "attempt" integer DEFAULT 1 NOT NULL;--> statement-breakpoint
ALTER TABLE "valuations" ADD COLUMN "result_hash" text;--> statement-breakpoint
ALTER TABLE "valuations" ADD COLUMN "status_reason" text;--> statement-breakpoint
ALTER TABLE "valuations" ADD COLUMN "closed_at" timestamp with time zone;--> statement-breakpoint
ALTER TABLE "valuations" ADD COLUMN "updated_at" timestamp with time zone DEFAULT now() NOT NULL;--> statement-breakpoint
ALTER TABLE "valuation_steps" ADD CONSTRAINT "valuation_steps_valuation_id_valuations_id_fk" FOREIGN KEY ("valuation_id") REFERENCES "public"."valuations"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
CREATE UNIQUE INDEX "valuation_steps_valuation_id_step_index" ON "valuation_steps" USING btree ("valuation_id","step");--> statement-breakpoint
CREATE INDEX "valuations_asset_key_status_index" ON "valuations" USING btree ("asset_key","status");