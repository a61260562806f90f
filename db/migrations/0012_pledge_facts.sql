CREATE TABLE "pledge_facts" (
	"application_id" uuid PRIMARY KEY NOT NULL,
	"campaign_id" uuid,
	"enterprise_org_id" uuid NOT NULL,
	"industry" text NOT NULL,
	"district" text,
	"park_id" uuid,
	"submitted_at" timestamp with time zone,
	"applied_amount" bigint NOT NULL,
	"approved_amount" bigint,
	"offers" integer DEFAULT 0 NOT NULL,
	"registered_amount" bigint,
	"registered_on" date,
	"registration_bank_org_id" uuid,
	"loan_id" uuid,
	"loan_bank_org_id" uuid,
	"loan_status" text,
	"disbursed_on" date,
	"principal" bigint,
	"paid_principal" bigint DEFAULT 0 NOT NULL,
	"maturity_date" date,
	"settled_at" timestamp with time zone,
	"refreshed_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "pledge_review_facts" (
	"review_id" uuid PRIMARY KEY NOT NULL,
	"application_id" uuid NOT NULL,
	"campaign_id" uuid,
	"bank_org_id" uuid NOT NULL,
	"status" text NOT NULL,
	"submitted_at" timestamp with time zone,
	"decided_at" timestamp with time zone,
	"offered_amount" bigint
);
--> statement-breakpoint
ALTER TABLE "pledge_facts" ADD CONSTRAINT "pledge_facts_application_id_pledge_applications_id_fk" FOREIGN KEY ("application_id") REFERENCES "public"."pledge_applications"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "pledge_review_facts" ADD CONSTRAINT "pledge_review_facts_review_id_bank_reviews_id_fk" FOREIGN KEY ("review_id") REFERENCES "public"."bank_reviews"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "pledge_facts_campaign_idx" ON "pledge_facts" USING btree ("campaign_id") WHERE submitted_at is not null;--> statement-breakpoint
CREATE INDEX "pledge_facts_registered_idx" ON "pledge_facts" USING btree ("registered_on") WHERE registered_on is not null;--> statement-breakpoint
CREATE INDEX "pledge_facts_disbursed_idx" ON "pledge_facts" USING btree ("enterprise_org_id","disbursed_on") WHERE disbursed_on is not null;--> statement-breakpoint
CREATE INDEX "pledge_review_facts_campaign_idx" ON "pledge_review_facts" USING btree ("campaign_id","bank_org_id") WHERE campaign_id is not null;--> statement-breakpoint
CREATE INDEX "pledge_review_facts_application_id_index" ON "pledge_review_facts" USING btree ("application_id");