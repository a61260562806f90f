CREATE TYPE "public"."demand_status" AS ENUM('draft', 'open', 'closed', 'solved', 'expired');--> statement-breakpoint
CREATE TYPE "public"."demand_visibility" AS ENUM('public', 'verified');--> statement-breakpoint
CREATE TYPE "public"."demand_proposal_feedback" AS ENUM('useful', 'not_useful');--> statement-breakpoint
CREATE TABLE "demand_answers" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"demand_id" uuid NOT NULL,
	"org_id" uuid NOT NULL,
	"user_id" uuid NOT NULL,
	"listing_id" uuid,
	"message" text DEFAULT '' NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "demand_answers_content_ck" CHECK ("demand_answers"."listing_id" is not null or length("demand_answers"."message") > 0)
);
--> statement-breakpoint
CREATE TABLE "demand_proposals" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"demand_id" uuid NOT NULL,
	"listing_id" uuid,
	"asset_id" uuid,
	"owner_org_id" uuid NOT NULL,
	"score" integer NOT NULL,
	"reasons" jsonb NOT NULL,
	"feedback" "demand_proposal_feedback",
	"feedback_by" uuid,
	"feedback_at" timestamp with time zone,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "demand_proposals_target_ck" CHECK (("demand_proposals"."listing_id" is null) <> ("demand_proposals"."asset_id" is null))
);
--> statement-breakpoint
CREATE TABLE "demands" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"org_id" uuid NOT NULL,
	"created_by" uuid,
	"status" "demand_status" DEFAULT 'draft' NOT NULL,
	"visibility" "demand_visibility" DEFAULT 'public' NOT NULL,
	"title" text NOT NULL,
	"title_en" text,
	"problem" text NOT NULL,
	"problem_en" text,
	"industry" text DEFAULT 'other' NOT NULL,
	"ipc_classes" text[] DEFAULT '{}'::text[] NOT NULL,
	"keywords" text[] NOT NULL,
	"budget_fen" bigint,
	"deadline" date NOT NULL,
	"match_version" integer DEFAULT 1 NOT NULL,
	"matched_version" integer DEFAULT 0 NOT NULL,
	"matched_at" timestamp with time zone,
	"campaign_id" uuid,
	"challenge_deadline" date,
	"solver_answer_id" uuid,
	"published_at" timestamp with time zone,
	"closed_at" timestamp with time zone,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "demands_keywords_ck" CHECK (cardinality("demands"."keywords") between 1 and 10),
	CONSTRAINT "demands_budget_ck" CHECK ("demands"."budget_fen" is null or "demands"."budget_fen" >= 0)
);
--> statement-breakpoint
ALTER TABLE "demand_answers" ADD CONSTRAINT "demand_answers_demand_id_demands_id_fk" FOREIGN KEY ("demand_id") REFERENCES "public"."demands"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "demand_answers" ADD CONSTRAINT "demand_answers_org_id_organizations_id_fk" FOREIGN KEY ("org_id") REFERENCES "public"."organizations"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "demand_answers" ADD CONSTRAINT "demand_answers_user_id_users_id_fk" FOREIGN KEY ("user_id") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "demand_answers" ADD CONSTRAINT "demand_answers_listing_id_listings_id_fk" FOREIGN KEY ("listing_id") REFERENCES "public"."listings"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "demand_proposals" ADD CONSTRAINT "demand_proposals_demand_id_demands_id_fk" FOREIGN KEY ("demand_id") REFERENCES "public"."demands"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "demand_proposals" ADD CONSTRAINT "demand_proposals_listing_id_listings_id_fk" FOREIGN KEY ("listing_id") REFERENCES "public"."listings"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "demand_proposals" ADD CONSTRAINT "demand_proposals_asset_id_ip_assets_id_fk" FOREIGN KEY ("asset_id") REFERENCES "public"."ip_assets"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "demand_proposals" ADD CONSTRAINT "demand_proposals_owner_org_id_organizations_id_fk" FOREIGN KEY ("owner_org_id") REFERENCES "public"."organizations"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "demand_proposals" ADD CONSTRAINT "demand_proposals_feedback_by_users_id_fk" FOREIGN KEY ("feedback_by") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "demands" ADD CONSTRAINT "demands_org_id_organizations_id_fk" FOREIGN KEY ("org_id") REFERENCES "public"."organizations"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "demands" ADD CONSTRAINT "demands_created_by_users_id_fk" FOREIGN KEY ("created_by") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "demands" ADD CONSTRAINT "demands_campaign_id_campaigns_id_fk" FOREIGN KEY ("campaign_id") REFERENCES "public"."campaigns"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "demands" ADD CONSTRAINT "demands_solver_answer_id_demand_answers_id_fk" FOREIGN KEY ("solver_answer_id") REFERENCES "public"."demand_answers"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "demand_answers_demand_id_created_at_index" ON "demand_answers" USING btree ("demand_id","created_at");--> statement-breakpoint
CREATE INDEX "demand_answers_org_id_index" ON "demand_answers" USING btree ("org_id");--> statement-breakpoint
CREATE INDEX "demand_answers_user_id_index" ON "demand_answers" USING btree ("user_id");--> statement-breakpoint
CREATE INDEX "demand_answers_listing_id_index" ON "demand_answers" USING btree ("listing_id");--> statement-breakpoint
CREATE UNIQUE INDEX "demand_answers_listing_uq" ON "demand_answers" USING btree ("demand_id","listing_id") WHERE listing_id is not null;--> statement-breakpoint
CREATE UNIQUE INDEX "demand_proposals_listing_uq" ON "demand_proposals" USING btree ("demand_id","listing_id") WHERE listing_id is not null;--> statement-breakpoint
CREATE UNIQUE INDEX "demand_proposals_asset_uq" ON "demand_proposals" USING btree ("demand_id","asset_id") WHERE asset_id is not null;--> statement-breakpoint
CREATE INDEX "demand_proposals_listing_id_index" ON "demand_proposals" USING btree ("listing_id");--> statement-breakpoint
CREATE INDEX "demand_proposals_asset_id_index" ON "demand_proposals" USING btree ("asset_id");--> statement-breakpoint
CREATE INDEX "demand_proposals_owner_org_id_created_at_index" ON "demand_proposals" USING btree ("owner_org_id","created_at");--> statement-breakpoint
CREATE INDEX "demand_proposals_feedback_by_index" ON "demand_proposals" USING btree ("feedback_by");--> statement-breakpoint
CREATE INDEX "demands_org_id_created_at_index" ON "demands" USING btree ("org_id","created_at");--> statement-breakpoint
CREATE INDEX "demands_created_by_index" ON "demands" USING btree ("created_by");--> statement-breakpoint
CREATE INDEX "demands_campaign_id_index" ON "demands" USING btree ("campaign_id");--> statement-breakpoint
CREATE INDEX "demands_solver_answer_id_index" ON "demands" USING btree ("solver_answer_id");--> statement-breakpoint
CREATE INDEX "demands_open_newest_idx" ON "demands" USING btree ("published_at" DESC NULLS LAST,"id" DESC NULLS LAST) WHERE status = 'open';--> statement-breakpoint
-- Hand-written: reverse matchmaking finds universities' unlisted patents by keyword with the same
-- trigram GIN that market search uses (pg_trgm is created by `market_search_indexes`).
CREATE INDEX "ip_assets_match_text_trgm_idx" ON "ip_assets" USING gin ((lower("title" || ' ' || coalesce("title_en", '') || ' ' || coalesce("abstract", '') || ' ' || coalesce("abstract_en", ''))) gin_trgm_ops);
