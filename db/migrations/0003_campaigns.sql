CREATE TYPE "public"."campaign_status" AS ENUM('draft', 'active', 'closed', 'cancelled');--> statement-breakpoint
CREATE TYPE "public"."policy_target_period" AS ENUM('annual', 'cumulative');--> statement-breakpoint
CREATE TYPE "public"."policy_target_scope" AS ENUM('city', 'district', 'park');--> statement-breakpoint
CREATE TYPE "public"."whitelist_import_status" AS ENUM('previewed', 'committed', 'discarded');--> statement-breakpoint
CREATE TABLE "campaign_bank_products" (
	"campaign_bank_id" uuid NOT NULL,
	"product_id" uuid NOT NULL,
	CONSTRAINT "campaign_bank_products_campaign_bank_id_product_id_pk" PRIMARY KEY("campaign_bank_id","product_id")
);
--> statement-breakpoint
CREATE TABLE "campaign_banks" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"campaign_id" uuid NOT NULL,
	"bank_org_id" uuid NOT NULL,
	"intended_credit_line" bigint,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "campaign_enrolments" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"campaign_id" uuid NOT NULL,
	"enterprise_name" text NOT NULL,
	"uscc" text NOT NULL,
	"org_id" uuid,
	"need_amount" bigint NOT NULL,
	"purpose" text,
	"contact_name" text,
	"contact_phone" text,
	"industry" text,
	"import_id" uuid,
	"added_by" uuid,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "campaign_enrolments_need_ck" CHECK ("campaign_enrolments"."need_amount" > 0)
);
--> statement-breakpoint
CREATE TABLE "campaign_event_banks" (
	"event_id" uuid NOT NULL,
	"bank_org_id" uuid NOT NULL,
	CONSTRAINT "campaign_event_banks_event_id_bank_org_id_pk" PRIMARY KEY("event_id","bank_org_id")
);
--> statement-breakpoint
CREATE TABLE "campaign_event_invitees" (
	"event_id" uuid NOT NULL,
	"enrolment_id" uuid NOT NULL,
	CONSTRAINT "campaign_event_invitees_event_id_enrolment_id_pk" PRIMARY KEY("event_id","enrolment_id")
);
--> statement-breakpoint
CREATE TABLE "campaign_events" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"campaign_id" uuid NOT NULL,
	"title" text NOT NULL,
	"held_at" timestamp with time zone NOT NULL,
	"place" text NOT NULL,
	"notes" text,
	"created_by" uuid,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "campaign_parks" (
	"campaign_id" uuid NOT NULL,
	"park_id" uuid NOT NULL,
	CONSTRAINT "campaign_parks_campaign_id_park_id_pk" PRIMARY KEY("campaign_id","park_id")
);
--> statement-breakpoint
CREATE TABLE "campaigns" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"name" text NOT NULL,
	"description" text,
	"starts_on" date NOT NULL,
	"ends_on" date NOT NULL,
	"target_amount" bigint NOT NULL,
	"target_enterprises" integer NOT NULL,
	"status" "campaign_status" DEFAULT 'draft' NOT NULL,
	"created_by" uuid,
	"launched_at" timestamp with time zone,
	"closed_at" timestamp with time zone,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "campaigns_period_ck" CHECK ("campaigns"."ends_on" >= "campaigns"."starts_on"),
	CONSTRAINT "campaigns_targets_ck" CHECK ("campaigns"."target_amount" >= 0 and "campaigns"."target_enterprises" >= 0)
);
--> statement-breakpoint
CREATE TABLE "event_meetings" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"event_id" uuid NOT NULL,
	"bank_org_id" uuid NOT NULL,
	"enrolment_id" uuid NOT NULL,
	"notes" text,
	"created_by" uuid,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "letters_of_intent" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"campaign_id" uuid NOT NULL,
	"event_id" uuid,
	"bank_org_id" uuid NOT NULL,
	"enrolment_id" uuid NOT NULL,
	"intended_amount" bigint NOT NULL,
	"signed_on" date NOT NULL,
	"application_id" uuid,
	"notes" text,
	"created_by" uuid,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "letters_of_intent_amount_ck" CHECK ("letters_of_intent"."intended_amount" > 0)
);
--> statement-breakpoint
CREATE TABLE "policy_targets" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"code" text NOT NULL,
	"scope" "policy_target_scope" NOT NULL,
	"scope_key" text NOT NULL,
	"label_zh" text NOT NULL,
	"label_en" text NOT NULL,
	"period" "policy_target_period" NOT NULL,
	"from_year" integer NOT NULL,
	"to_year" integer NOT NULL,
	"target_amount" bigint NOT NULL,
	"source" text,
	"updated_by" uuid,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "policy_targets_code_unique" UNIQUE("code"),
	CONSTRAINT "policy_targets_years_ck" CHECK ("policy_targets"."to_year" >= "policy_targets"."from_year"),
	CONSTRAINT "policy_targets_amount_ck" CHECK ("policy_targets"."target_amount" > 0)
);
--> statement-breakpoint
CREATE TABLE "whitelist_imports" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"campaign_id" uuid NOT NULL,
	"file_name" text NOT NULL,
	"status" "whitelist_import_status" DEFAULT 'previewed' NOT NULL,
	"rows" jsonb NOT NULL,
	"errors" jsonb NOT NULL,
	"valid_count" integer NOT NULL,
	"error_count" integer NOT NULL,
	"created_by" uuid,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"committed_at" timestamp with time zone
);
--> statement-breakpoint
ALTER TABLE "campaign_bank_products" ADD CONSTRAINT "campaign_bank_products_campaign_bank_id_campaign_banks_id_fk" FOREIGN KEY ("campaign_bank_id") REFERENCES "public"."campaign_banks"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "campaign_banks" ADD CONSTRAINT "campaign_banks_campaign_id_campaigns_id_fk" FOREIGN KEY ("campaign_id") REFERENCES "public"."campaigns"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "campaign_banks" ADD CONSTRAINT "campaign_banks_bank_org_id_organizations_id_fk" FOREIGN KEY ("bank_org_id") REFERENCES "public"."organizations"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "campaign_enrolments" ADD CONSTRAINT "campaign_enrolments_campaign_id_campaigns_id_fk" FOREIGN KEY ("campaign_id") REFERENCES "public"."campaigns"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "campaign_enrolments" ADD CONSTRAINT "campaign_enrolments_org_id_organizations_id_fk" FOREIGN KEY ("org_id") REFERENCES "public"."organizations"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "campaign_enrolments" ADD CONSTRAINT "campaign_enrolments_import_id_whitelist_imports_id_fk" FOREIGN KEY ("import_id") REFERENCES "public"."whitelist_imports"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "campaign_enrolments" ADD CONSTRAINT "campaign_enrolments_added_by_users_id_fk" FOREIGN KEY ("added_by") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "campaign_event_banks" ADD CONSTRAINT "campaign_event_banks_event_id_campaign_events_id_fk" FOREIGN KEY ("event_id") REFERENCES "public"."campaign_events"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "campaign_event_banks" ADD CONSTRAINT "campaign_event_banks_bank_org_id_organizations_id_fk" FOREIGN KEY ("bank_org_id") REFERENCES "public"."organizations"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "campaign_event_invitees" ADD CONSTRAINT "campaign_event_invitees_event_id_campaign_events_id_fk" FOREIGN KEY ("event_id") REFERENCES "public"."campaign_events"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "campaign_event_invitees" ADD CONSTRAINT "campaign_event_invitees_enrolment_id_campaign_enrolments_id_fk" FOREIGN KEY ("enrolment_id") REFERENCES "public"."campaign_enrolments"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "campaign_events" ADD CONSTRAINT "campaign_events_campaign_id_campaigns_id_fk" FOREIGN KEY ("campaign_id") REFERENCES "public"."campaigns"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "campaign_events" ADD CONSTRAINT "campaign_events_created_by_users_id_fk" FOREIGN KEY ("created_by") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "campaign_parks" ADD CONSTRAINT "campaign_parks_campaign_id_campaigns_id_fk" FOREIGN KEY ("campaign_id") REFERENCES "public"."campaigns"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "campaign_parks" ADD CONSTRAINT "campaign_parks_park_id_parks_id_fk" FOREIGN KEY ("park_id") REFERENCES "public"."parks"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "campaigns" ADD CONSTRAINT "campaigns_created_by_users_id_fk" FOREIGN KEY ("created_by") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "event_meetings" ADD CONSTRAINT "event_meetings_event_id_campaign_events_id_fk" FOREIGN KEY ("event_id") REFERENCES "public"."campaign_events"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "event_meetings" ADD CONSTRAINT "event_meetings_bank_org_id_organizations_id_fk" FOREIGN KEY ("bank_org_id") REFERENCES "public"."organizations"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "event_meetings" ADD CONSTRAINT "event_meetings_enrolment_id_campaign_enrolments_id_fk" FOREIGN KEY ("enrolment_id") REFERENCES "public"."campaign_enrolments"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "event_meetings" ADD CONSTRAINT "event_meetings_created_by_users_id_fk" FOREIGN KEY ("created_by") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "letters_of_intent" ADD CONSTRAINT "letters_of_intent_campaign_id_campaigns_id_fk" FOREIGN KEY ("campaign_id") REFERENCES "public"."campaigns"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "letters_of_intent" ADD CONSTRAINT "letters_of_intent_event_id_campaign_events_id_fk" FOREIGN KEY ("event_id") REFERENCES "public"."campaign_events"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "letters_of_intent" ADD CONSTRAINT "letters_of_intent_bank_org_id_organizations_id_fk" FOREIGN KEY ("bank_org_id") REFERENCES "public"."organizations"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "letters_of_intent" ADD CONSTRAINT "letters_of_intent_enrolment_id_campaign_enrolments_id_fk" FOREIGN KEY ("enrolment_id") REFERENCES "public"."campaign_enrolments"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "letters_of_intent" ADD CONSTRAINT "letters_of_intent_created_by_users_id_fk" FOREIGN KEY ("created_by") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "policy_targets" ADD CONSTRAINT "policy_targets_updated_by_users_id_fk" FOREIGN KEY ("updated_by") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "whitelist_imports" ADD CONSTRAINT "whitelist_imports_campaign_id_campaigns_id_fk" FOREIGN KEY ("campaign_id") REFERENCES "public"."campaigns"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "whitelist_imports" ADD CONSTRAINT "whitelist_imports_created_by_users_id_fk" FOREIGN KEY ("created_by") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "campaign_bank_products_product_id_index" ON "campaign_bank_products" USING btree ("product_id");--> statement-breakpoint
CREATE UNIQUE INDEX "campaign_banks_campaign_id_bank_org_id_index" ON "campaign_banks" USING btree ("campaign_id","bank_org_id");--> statement-breakpoint
CREATE INDEX "campaign_banks_bank_org_id_index" ON "campaign_banks" USING btree ("bank_org_id");--> statement-breakpoint
CREATE UNIQUE INDEX "campaign_enrolments_campaign_id_uscc_index" ON "campaign_enrolments" USING btree ("campaign_id","uscc");--> statement-breakpoint
CREATE INDEX "campaign_enrolments_uscc_index" ON "campaign_enrolments" USING btree ("uscc");--> statement-breakpoint
CREATE INDEX "campaign_enrolments_org_id_index" ON "campaign_enrolments" USING btree ("org_id");--> statement-breakpoint
CREATE INDEX "campaign_enrolments_import_id_index" ON "campaign_enrolments" USING btree ("import_id");--> statement-breakpoint
CREATE INDEX "campaign_enrolments_added_by_index" ON "campaign_enrolments" USING btree ("added_by");--> statement-breakpoint
CREATE INDEX "campaign_event_banks_bank_org_id_index" ON "campaign_event_banks" USING btree ("bank_org_id");--> statement-breakpoint
CREATE INDEX "campaign_event_invitees_enrolment_id_index" ON "campaign_event_invitees" USING btree ("enrolment_id");--> statement-breakpoint
CREATE INDEX "campaign_events_campaign_id_held_at_index" ON "campaign_events" USING btree ("campaign_id","held_at");--> statement-breakpoint
CREATE INDEX "campaign_events_created_by_index" ON "campaign_events" USING btree ("created_by");--> statement-breakpoint
CREATE INDEX "campaign_parks_park_id_index" ON "campaign_parks" USING btree ("park_id");--> statement-breakpoint
CREATE INDEX "campaigns_status_starts_on_index" ON "campaigns" USING btree ("status","starts_on");--> statement-breakpoint
CREATE INDEX "campaigns_created_by_index" ON "campaigns" USING btree ("created_by");--> statement-breakpoint
CREATE UNIQUE INDEX "event_meetings_event_id_bank_org_id_enrolment_id_index" ON "event_meetings" USING btree ("event_id","bank_org_id","enrolment_id");--> statement-breakpoint
CREATE INDEX "event_meetings_bank_org_id_index" ON "event_meetings" USING btree ("bank_org_id");--> statement-breakpoint
CREATE INDEX "event_meetings_enrolment_id_index" ON "event_meetings" USING btree ("enrolment_id");--> statement-breakpoint
CREATE INDEX "event_meetings_created_by_index" ON "event_meetings" USING btree ("created_by");--> statement-breakpoint
CREATE UNIQUE INDEX "letters_of_intent_campaign_id_bank_org_id_enrolment_id_index" ON "letters_of_intent" USING btree ("campaign_id","bank_org_id","enrolment_id");--> statement-breakpoint
CREATE INDEX "letters_of_intent_event_id_index" ON "letters_of_intent" USING btree ("event_id");--> statement-breakpoint
CREATE INDEX "letters_of_intent_bank_org_id_index" ON "letters_of_intent" USING btree ("bank_org_id");--> statement-breakpoint
CREATE INDEX "letters_of_intent_enrolment_id_index" ON "letters_of_intent" USING btree ("enrolment_id");--> statement-breakpoint
CREATE INDEX "letters_of_intent_application_id_index" ON "letters_of_intent" USING btree ("application_id");--> statement-breakpoint
CREATE INDEX "letters_of_intent_created_by_index" ON "letters_of_intent" USING btree ("created_by");--> statement-breakpoint
CREATE INDEX "policy_targets_updated_by_index" ON "policy_targets" USING btree ("updated_by");--> statement-breakpoint
CREATE INDEX "whitelist_imports_campaign_id_created_at_index" ON "whitelist_imports" USING btree ("campaign_id","created_at");--> statement-breakpoint
CREATE INDEX "whitelist_imports_created_by_index" ON "whitelist_imports" USING btree ("created_by");