CREATE TYPE "public"."pledge_application_status" AS ENUM('draft', 'submitted', 'valuating', 'matching', 'matched', 'under_review', 'info_requested', 'offered', 'accepted', 'registering', 'registered', 'disbursed', 'settled', 'rejected', 'withdrawn', 'defaulted', 'in_disposal', 'closed');--> statement-breakpoint
CREATE TYPE "public"."bank_review_status" AS ENUM('new', 'under_review', 'info_requested', 'offered', 'accepted', 'rejected', 'closed');--> statement-breakpoint
CREATE TYPE "public"."loan_status" AS ENUM('pending', 'active', 'overdue', 'settled', 'defaulted');--> statement-breakpoint
CREATE TYPE "public"."bank_product_status" AS ENUM('active', 'paused');--> statement-breakpoint
CREATE TYPE "public"."pledge_registration_status" AS ENUM('pending', 'registered', 'released', 'cancelled');--> statement-breakpoint
CREATE TYPE "public"."repayment_method" AS ENUM('equal_principal', 'equal_instalment', 'interest_only_bullet');--> statement-breakpoint
CREATE TABLE "application_assets" (
	"application_id" uuid NOT NULL,
	"asset_id" uuid NOT NULL,
	CONSTRAINT "application_assets_application_id_asset_id_pk" PRIMARY KEY("application_id","asset_id")
);
--> statement-breakpoint
CREATE TABLE "bank_products" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"bank_org_id" uuid NOT NULL,
	"name" text NOT NULL,
	"description" text,
	"min_amount_fen" bigint NOT NULL,
	"max_amount_fen" bigint NOT NULL,
	"min_term_months" integer NOT NULL,
	"max_term_months" integer NOT NULL,
	"spread_bp" integer NOT NULL,
	"max_ltv_bp" jsonb NOT NULL,
	"accepted_kinds" "asset_kind"[] NOT NULL,
	"eligible_industries" text[] DEFAULT '{}'::text[] NOT NULL,
	"eligible_park_ids" uuid[] DEFAULT '{}'::uuid[] NOT NULL,
	"accepts_platform_valuation" boolean DEFAULT true NOT NULL,
	"insurance_required" boolean DEFAULT false NOT NULL,
	"risk_schemes" text[] DEFAULT '{}'::text[] NOT NULL,
	"repayment_methods" "repayment_method"[] DEFAULT '{equal_instalment}'::repayment_method[] NOT NULL,
	"status" "bank_product_status" DEFAULT 'active' NOT NULL,
	"version" integer DEFAULT 1 NOT NULL,
	"created_by" uuid,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "bank_reviews" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"application_id" uuid NOT NULL,
	"bank_org_id" uuid NOT NULL,
	"product_id" uuid NOT NULL,
	"status" "bank_review_status" DEFAULT 'new' NOT NULL,
	"reject_reason" text,
	"routed_at" timestamp with time zone DEFAULT now() NOT NULL,
	"decided_at" timestamp with time zone,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "collateral_disposals" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"application_id" uuid NOT NULL,
	"asset_id" uuid NOT NULL,
	"bank_org_id" uuid NOT NULL,
	"listing_id" uuid,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "loan_instalments" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"loan_id" uuid NOT NULL,
	"seq" integer NOT NULL,
	"due_date" date NOT NULL,
	"principal_fen" bigint NOT NULL,
	"interest_fen" bigint NOT NULL,
	"paid_principal_fen" bigint DEFAULT 0 NOT NULL,
	"paid_interest_fen" bigint DEFAULT 0 NOT NULL
);
--> statement-breakpoint
CREATE TABLE "loan_offers" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"review_id" uuid NOT NULL,
	"application_id" uuid NOT NULL,
	"bank_org_id" uuid NOT NULL,
	"product_id" uuid NOT NULL,
	"amount_fen" bigint NOT NULL,
	"term_months" integer NOT NULL,
	"lpr_bp" integer NOT NULL,
	"spread_bp" integer NOT NULL,
	"rate_bp" integer NOT NULL,
	"repayment_method" "repayment_method" NOT NULL,
	"risk_scheme_code" text,
	"conditions" text,
	"created_by" uuid,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "loans" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"application_id" uuid NOT NULL,
	"offer_id" uuid NOT NULL,
	"bank_org_id" uuid NOT NULL,
	"enterprise_org_id" uuid NOT NULL,
	"status" "loan_status" DEFAULT 'pending' NOT NULL,
	"principal_fen" bigint NOT NULL,
	"rate_bp" integer NOT NULL,
	"term_months" integer NOT NULL,
	"repayment_method" "repayment_method" NOT NULL,
	"risk_scheme_code" text,
	"disbursed_on" date,
	"maturity_date" date,
	"bank_reference" text,
	"settled_at" timestamp with time zone,
	"defaulted_at" timestamp with time zone,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "loss_splits" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"loan_id" uuid NOT NULL,
	"scheme_code" text,
	"loss_fen" bigint NOT NULL,
	"first_loan" boolean NOT NULL,
	"parts" jsonb NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "matches" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"application_id" uuid NOT NULL,
	"product_id" uuid NOT NULL,
	"bank_org_id" uuid NOT NULL,
	"product_version" integer NOT NULL,
	"eligible" boolean NOT NULL,
	"score" integer NOT NULL,
	"rank" integer,
	"ltv_cap_fen" bigint,
	"reasons" jsonb NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "monitoring_alerts" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"dedupe_key" text NOT NULL,
	"kind" text NOT NULL,
	"application_id" uuid,
	"loan_id" uuid,
	"asset_id" uuid,
	"params" jsonb DEFAULT '{}'::jsonb NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "monitoring_alerts_dedupeKey_unique" UNIQUE("dedupe_key")
);
--> statement-breakpoint
CREATE TABLE "pledge_applications" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"enterprise_org_id" uuid NOT NULL,
	"created_by" uuid,
	"amount_fen" bigint NOT NULL,
	"term_months" integer NOT NULL,
	"purpose" text NOT NULL,
	"campaign_id" uuid,
	"valuation_id" uuid,
	"status" "pledge_application_status" DEFAULT 'draft' NOT NULL,
	"status_reason" text,
	"submitted_at" timestamp with time zone,
	"matched_at" timestamp with time zone,
	"accepted_review_id" uuid,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "pledge_registrations" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"application_id" uuid NOT NULL,
	"bank_org_id" uuid NOT NULL,
	"status" "pledge_registration_status" DEFAULT 'pending' NOT NULL,
	"cnipa_number" text,
	"registered_on" date,
	"released_on" date,
	"recorded_by" uuid,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "prechecks" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"application_id" uuid NOT NULL,
	"stage" text NOT NULL,
	"ok" boolean NOT NULL,
	"as_of" date NOT NULL,
	"results" jsonb NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "repayments" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"loan_id" uuid NOT NULL,
	"amount_fen" bigint NOT NULL,
	"paid_on" date NOT NULL,
	"reference" text,
	"channel" text NOT NULL,
	"allocation" jsonb NOT NULL,
	"recorded_by" uuid,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "review_messages" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"review_id" uuid NOT NULL,
	"author_org_id" uuid NOT NULL,
	"author_user_id" uuid,
	"kind" text NOT NULL,
	"body" text NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "risk_sharing_schemes" (
	"code" text PRIMARY KEY NOT NULL,
	"name_zh" text NOT NULL,
	"name_en" text NOT NULL,
	"config" jsonb NOT NULL,
	"active" boolean DEFAULT true NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
ALTER TABLE "application_assets" ADD CONSTRAINT "application_assets_application_id_pledge_applications_id_fk" FOREIGN KEY ("application_id") REFERENCES "public"."pledge_applications"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "application_assets" ADD CONSTRAINT "application_assets_asset_id_ip_assets_id_fk" FOREIGN KEY ("asset_id") REFERENCES "public"."ip_assets"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "bank_products" ADD CONSTRAINT "bank_products_bank_org_id_organizations_id_fk" FOREIGN KEY ("bank_org_id") REFERENCES "public"."organizations"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "bank_products" ADD CONSTRAINT "bank_products_created_by_users_id_fk" FOREIGN KEY ("created_by") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "bank_reviews" ADD CONSTRAINT "bank_reviews_application_id_pledge_applications_id_fk" FOREIGN KEY ("application_id") REFERENCES "public"."pledge_applications"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "bank_reviews" ADD CONSTRAINT "bank_reviews_bank_org_id_organizations_id_fk" FOREIGN KEY ("bank_org_id") REFERENCES "public"."organizations"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "bank_reviews" ADD CONSTRAINT "bank_reviews_product_id_bank_products_id_fk" FOREIGN KEY ("product_id") REFERENCES "public"."bank_products"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "collateral_disposals" ADD CONSTRAINT "collateral_disposals_application_id_pledge_applications_id_fk" FOREIGN KEY ("application_id") REFERENCES "public"."pledge_applications"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "collateral_disposals" ADD CONSTRAINT "collateral_disposals_asset_id_ip_assets_id_fk" FOREIGN KEY ("asset_id") REFERENCES "public"."ip_assets"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "collateral_disposals" ADD CONSTRAINT "collateral_disposals_bank_org_id_organizations_id_fk" FOREIGN KEY ("bank_org_id") REFERENCES "public"."organizations"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "loan_instalments" ADD CONSTRAINT "loan_instalments_loan_id_loans_id_fk" FOREIGN KEY ("loan_id") REFERENCES "public"."loans"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "loan_offers" ADD CONSTRAINT "loan_offers_review_id_bank_reviews_id_fk" FOREIGN KEY ("review_id") REFERENCES "public"."bank_reviews"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "loan_offers" ADD CONSTRAINT "loan_offers_application_id_pledge_applications_id_fk" FOREIGN KEY ("application_id") REFERENCES "public"."pledge_applications"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "loan_offers" ADD CONSTRAINT "loan_offers_bank_org_id_organizations_id_fk" FOREIGN KEY ("bank_org_id") REFERENCES "public"."organizations"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "loan_offers" ADD CONSTRAINT "loan_offers_product_id_bank_products_id_fk" FOREIGN KEY ("product_id") REFERENCES "public"."bank_products"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "loan_offers" ADD CONSTRAINT "loan_offers_created_by_users_id_fk" FOREIGN KEY ("created_by") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "loans" ADD CONSTRAINT "loans_application_id_pledge_applications_id_fk" FOREIGN KEY ("application_id") REFERENCES "public"."pledge_applications"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "loans" ADD CONSTRAINT "loans_offer_id_loan_offers_id_fk" FOREIGN KEY ("offer_id") REFERENCES "public"."loan_offers"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "loans" ADD CONSTRAINT "loans_bank_org_id_organizations_id_fk" FOREIGN KEY ("bank_org_id") REFERENCES "public"."organizations"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "loans" ADD CONSTRAINT "loans_enterprise_org_id_organizations_id_fk" FOREIGN KEY ("enterprise_org_id") REFERENCES "public"."organizations"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "loss_splits" ADD CONSTRAINT "loss_splits_loan_id_loans_id_fk" FOREIGN KEY ("loan_id") REFERENCES "public"."loans"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "loss_splits" ADD CONSTRAINT "loss_splits_scheme_code_risk_sharing_schemes_code_fk" FOREIGN KEY ("scheme_code") REFERENCES "public"."risk_sharing_schemes"("code") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "matches" ADD CONSTRAINT "matches_application_id_pledge_applications_id_fk" FOREIGN KEY ("application_id") REFERENCES "public"."pledge_applications"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "matches" ADD CONSTRAINT "matches_product_id_bank_products_id_fk" FOREIGN KEY ("product_id") REFERENCES "public"."bank_products"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "matches" ADD CONSTRAINT "matches_bank_org_id_organizations_id_fk" FOREIGN KEY ("bank_org_id") REFERENCES "public"."organizations"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "monitoring_alerts" ADD CONSTRAINT "monitoring_alerts_application_id_pledge_applications_id_fk" FOREIGN KEY ("application_id") REFERENCES "public"."pledge_applications"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "monitoring_alerts" ADD CONSTRAINT "monitoring_alerts_loan_id_loans_id_fk" FOREIGN KEY ("loan_id") REFERENCES "public"."loans"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "monitoring_alerts" ADD CONSTRAINT "monitoring_alerts_asset_id_ip_assets_id_fk" FOREIGN KEY ("asset_id") REFERENCES "public"."ip_assets"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "pledge_applications" ADD CONSTRAINT "pledge_applications_enterprise_org_id_organizations_id_fk" FOREIGN KEY ("enterprise_org_id") REFERENCES "public"."organizations"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "pledge_applications" ADD CONSTRAINT "pledge_applications_created_by_users_id_fk" FOREIGN KEY ("created_by") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "pledge_applications" ADD CONSTRAINT "pledge_applications_valuation_id_valuations_id_fk" FOREIGN KEY ("valuation_id") REFERENCES "public"."valuations"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "pledge_registrations" ADD CONSTRAINT "pledge_registrations_application_id_pledge_applications_id_fk" FOREIGN KEY ("application_id") REFERENCES "public"."pledge_applications"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "pledge_registrations" ADD CONSTRAINT "pledge_registrations_bank_org_id_organizations_id_fk" FOREIGN KEY ("bank_org_id") REFERENCES "public"."organizations"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "pledge_registrations" ADD CONSTRAINT "pledge_registrations_recorded_by_users_id_fk" FOREIGN KEY ("recorded_by") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "prechecks" ADD CONSTRAINT "prechecks_application_id_pledge_applications_id_fk" FOREIGN KEY ("application_id") REFERENCES "public"."pledge_applications"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "repayments" ADD CONSTRAINT "repayments_loan_id_loans_id_fk" FOREIGN KEY ("loan_id") REFERENCES "public"."loans"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "repayments" ADD CONSTRAINT "repayments_recorded_by_users_id_fk" FOREIGN KEY ("recorded_by") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "review_messages" ADD CONSTRAINT "review_messages_review_id_bank_reviews_id_fk" FOREIGN KEY ("review_id") REFERENCES "public"."bank_reviews"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "review_messages" ADD CONSTRAINT "review_messages_author_org_id_organizations_id_fk" FOREIGN KEY ("author_org_id") REFERENCES "public"."organizations"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "review_messages" ADD CONSTRAINT "review_messages_author_user_id_users_id_fk" FOREIGN KEY ("author_user_id") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "application_assets_asset_id_index" ON "application_assets" USING btree ("asset_id");--> statement-breakpoint
CREATE INDEX "bank_products_bank_org_id_index" ON "bank_products" USING btree ("bank_org_id");--> statement-breakpoint
CREATE INDEX "bank_products_status_index" ON "bank_products" USING btree ("status");--> statement-breakpoint
CREATE INDEX "bank_products_created_by_index" ON "bank_products" USING btree ("created_by");--> statement-breakpoint
CREATE UNIQUE INDEX "bank_reviews_application_id_bank_org_id_index" ON "bank_reviews" USING btree ("application_id","bank_org_id");--> statement-breakpoint
CREATE INDEX "bank_reviews_bank_org_id_status_index" ON "bank_reviews" USING btree ("bank_org_id","status");--> statement-breakpoint
CREATE INDEX "bank_reviews_product_id_index" ON "bank_reviews" USING btree ("product_id");--> statement-breakpoint
CREATE UNIQUE INDEX "collateral_disposals_application_id_asset_id_index" ON "collateral_disposals" USING btree ("application_id","asset_id");--> statement-breakpoint
CREATE INDEX "collateral_disposals_asset_id_index" ON "collateral_disposals" USING btree ("asset_id");--> statement-breakpoint
CREATE INDEX "collateral_disposals_bank_org_id_index" ON "collateral_disposals" USING btree ("bank_org_id");--> statement-breakpoint
CREATE INDEX "collateral_disposals_listing_id_index" ON "collateral_disposals" USING btree ("listing_id");--> statement-breakpoint
CREATE UNIQUE INDEX "loan_instalments_loan_id_seq_index" ON "loan_instalments" USING btree ("loan_id","seq");--> statement-breakpoint
CREATE INDEX "loan_instalments_due_date_index" ON "loan_instalments" USING btree ("due_date");--> statement-breakpoint
CREATE UNIQUE INDEX "loan_offers_review_id_index" ON "loan_offers" USING btree ("review_id");--> statement-breakpoint
CREATE INDEX "loan_offers_application_id_index" ON "loan_offers" USING btree ("application_id");--> statement-breakpoint
CREATE INDEX "loan_offers_bank_org_id_index" ON "loan_offers" USING btree ("bank_org_id");--> statement-breakpoint
CREATE INDEX "loan_offers_product_id_index" ON "loan_offers" USING btree ("product_id");--> statement-breakpoint
CREATE INDEX "loan_offers_created_by_index" ON "loan_offers" USING btree ("created_by");--> statement-breakpoint
CREATE UNIQUE INDEX "loans_application_id_index" ON "loans" USING btree ("application_id");--> statement-breakpoint
CREATE INDEX "loans_offer_id_index" ON "loans" USING btree ("offer_id");--> statement-breakpoint
CREATE INDEX "loans_bank_org_id_status_index" ON "loans" USING btree ("bank_org_id","status");--> statement-breakpoint
CREATE INDEX "loans_enterprise_org_id_index" ON "loans" USING btree ("enterprise_org_id");--> statement-breakpoint
CREATE UNIQUE INDEX "loss_splits_loan_id_index" ON "loss_splits" USING btree ("loan_id");--> statement-breakpoint
CREATE INDEX "loss_splits_scheme_code_index" ON "loss_splits" USING btree ("scheme_code");--> statement-breakpoint
CREATE UNIQUE INDEX "matches_application_id_product_id_index" ON "matches" USING btree ("application_id","product_id");--> statement-breakpoint
CREATE INDEX "matches_bank_org_id_index" ON "matches" USING btree ("bank_org_id");--> statement-breakpoint
CREATE INDEX "matches_product_id_index" ON "matches" USING btree ("product_id");--> statement-breakpoint
CREATE INDEX "monitoring_alerts_application_id_index" ON "monitoring_alerts" USING btree ("application_id");--> statement-breakpoint
CREATE INDEX "monitoring_alerts_loan_id_index" ON "monitoring_alerts" USING btree ("loan_id");--> statement-breakpoint
CREATE INDEX "monitoring_alerts_asset_id_index" ON "monitoring_alerts" USING btree ("asset_id");--> statement-breakpoint
CREATE INDEX "monitoring_alerts_kind_created_at_index" ON "monitoring_alerts" USING btree ("kind","created_at");--> statement-breakpoint
CREATE INDEX "pledge_applications_enterprise_org_id_created_at_index" ON "pledge_applications" USING btree ("enterprise_org_id","created_at");--> statement-breakpoint
CREATE INDEX "pledge_applications_status_index" ON "pledge_applications" USING btree ("status");--> statement-breakpoint
CREATE INDEX "pledge_applications_valuation_id_index" ON "pledge_applications" USING btree ("valuation_id");--> statement-breakpoint
CREATE INDEX "pledge_applications_created_by_index" ON "pledge_applications" USING btree ("created_by");--> statement-breakpoint
CREATE INDEX "pledge_applications_campaign_id_index" ON "pledge_applications" USING btree ("campaign_id");--> statement-breakpoint
CREATE UNIQUE INDEX "pledge_registrations_application_id_index" ON "pledge_registrations" USING btree ("application_id");--> statement-breakpoint
CREATE INDEX "pledge_registrations_bank_org_id_index" ON "pledge_registrations" USING btree ("bank_org_id");--> statement-breakpoint
CREATE INDEX "pledge_registrations_recorded_by_index" ON "pledge_registrations" USING btree ("recorded_by");--> statement-breakpoint
CREATE UNIQUE INDEX "pledge_registrations_cnipa_number_uq" ON "pledge_registrations" USING btree ("cnipa_number") WHERE cnipa_number is not null;--> statement-breakpoint
CREATE INDEX "prechecks_application_id_created_at_index" ON "prechecks" USING btree ("application_id","created_at");--> statement-breakpoint
CREATE INDEX "repayments_loan_id_paid_on_index" ON "repayments" USING btree ("loan_id","paid_on");--> statement-breakpoint
CREATE INDEX "repayments_recorded_by_index" ON "repayments" USING btree ("recorded_by");--> statement-breakpoint
CREATE UNIQUE INDEX "repayments_loan_reference_uq" ON "repayments" USING btree ("loan_id","reference") WHERE reference is not null;--> statement-breakpoint
CREATE INDEX "review_messages_review_id_created_at_index" ON "review_messages" USING btree ("review_id","created_at");--> statement-breakpoint
CREATE INDEX "review_messages_author_org_id_index" ON "review_messages" USING btree ("author_org_id");--> statement-breakpoint
CREATE INDEX "review_messages_author_user_id_index" ON "review_messages" USING btree ("author_user_id");