CREATE TYPE "public"."subsidy_budget_entry_kind" AS ENUM('commit', 'payout');--> statement-breakpoint
CREATE TYPE "public"."loss_claim_payer_kind" AS ENUM('fund', 'insurer');--> statement-breakpoint
CREATE TYPE "public"."loss_claim_status" AS ENUM('filed', 'paid', 'rejected', 'withdrawn');--> statement-breakpoint
CREATE TYPE "public"."insurance_kind" AS ENUM('pledge_loan_guarantee', 'open_licence_deal');--> statement-breakpoint
CREATE TYPE "public"."insurance_product_status" AS ENUM('active', 'paused');--> statement-breakpoint
CREATE TYPE "public"."insurance_policy_status" AS ENUM('requested', 'active', 'declined', 'expired', 'cancelled', 'withdrawn');--> statement-breakpoint
CREATE TYPE "public"."subsidy_programme_status" AS ENUM('draft', 'open', 'closed');--> statement-breakpoint
CREATE TYPE "public"."receivable_pledge_status" AS ENUM('pending', 'active', 'released', 'cancelled');--> statement-breakpoint
CREATE TYPE "public"."royalty_receivable_status" AS ENUM('active', 'settled', 'cancelled');--> statement-breakpoint
CREATE TYPE "public"."subsidy_application_status" AS ENUM('submitted', 'approved', 'rejected', 'paid', 'withdrawn');--> statement-breakpoint
CREATE TYPE "public"."subsidy_kind" AS ENUM('interest', 'valuation_fee', 'premium');--> statement-breakpoint
ALTER TYPE "public"."org_kind" ADD VALUE 'insurer';--> statement-breakpoint
ALTER TYPE "public"."org_kind" ADD VALUE 'fund';--> statement-breakpoint
CREATE TABLE "application_receivables" (
	"application_id" uuid NOT NULL,
	"receivable_id" uuid NOT NULL,
	CONSTRAINT "application_receivables_application_id_receivable_id_pk" PRIMARY KEY("application_id","receivable_id")
);
--> statement-breakpoint
CREATE TABLE "claim_recoveries" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"claim_id" uuid NOT NULL,
	"recovery_id" uuid NOT NULL,
	"amount_fen" bigint NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "domain_events" (
	"id" bigint PRIMARY KEY GENERATED ALWAYS AS IDENTITY (sequence name "domain_events_id_seq" INCREMENT BY 1 MINVALUE 1 MAXVALUE 9223372036854775807 START WITH 1 CACHE 1),
	"type" text NOT NULL,
	"subject_type" text NOT NULL,
	"subject_id" text NOT NULL,
	"org_ids" uuid[] NOT NULL,
	"payload" jsonb NOT NULL,
	"dedupe_key" text NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "domain_events_dedupeKey_unique" UNIQUE("dedupe_key")
);
--> statement-breakpoint
CREATE TABLE "funds" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"code" text NOT NULL,
	"name_zh" text NOT NULL,
	"name_en" text NOT NULL,
	"admin_org_id" uuid,
	"scheme_code" text NOT NULL,
	"rules" jsonb NOT NULL,
	"size_fen" bigint,
	"active" boolean DEFAULT true NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "funds_code_unique" UNIQUE("code")
);
--> statement-breakpoint
CREATE TABLE "insurance_policies" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"product_id" uuid NOT NULL,
	"insurer_org_id" uuid NOT NULL,
	"kind" "insurance_kind" NOT NULL,
	"loan_id" uuid,
	"deal_id" uuid,
	"insured_org_id" uuid NOT NULL,
	"beneficiary_org_id" uuid NOT NULL,
	"status" "insurance_policy_status" DEFAULT 'requested' NOT NULL,
	"requested_cover_fen" bigint NOT NULL,
	"policy_number" text,
	"cover_fen" bigint,
	"premium_fen" bigint,
	"share_bp" integer,
	"starts_on" date,
	"ends_on" date,
	"premium_paid_on" date,
	"decision_reason" text,
	"requested_by" uuid,
	"issued_by" uuid,
	"issued_at" timestamp with time zone,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "insurance_policies_one_subject_ck" CHECK (("insurance_policies"."loan_id" is null) <> ("insurance_policies"."deal_id" is null))
);
--> statement-breakpoint
CREATE TABLE "insurance_products" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"insurer_org_id" uuid NOT NULL,
	"kind" "insurance_kind" NOT NULL,
	"name" text NOT NULL,
	"description" text,
	"premium_rate_bp" integer NOT NULL,
	"share_bp" integer DEFAULT 0 NOT NULL,
	"max_cover_fen" bigint NOT NULL,
	"status" "insurance_product_status" DEFAULT 'active' NOT NULL,
	"created_by" uuid,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "insurance_products_rates_ck" CHECK ("insurance_products"."premium_rate_bp" between 0 and 10000 and "insurance_products"."share_bp" between 0 and 10000 and "insurance_products"."max_cover_fen" > 0)
);
--> statement-breakpoint
CREATE TABLE "loan_recoveries" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"loan_id" uuid NOT NULL,
	"amount_fen" bigint NOT NULL,
	"received_on" date NOT NULL,
	"source" text NOT NULL,
	"source_ref" text NOT NULL,
	"recorded_by" uuid,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "loan_recoveries_amount_ck" CHECK ("loan_recoveries"."amount_fen" > 0)
);
--> statement-breakpoint
CREATE TABLE "loss_claims" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"loan_id" uuid NOT NULL,
	"payer_kind" "loss_claim_payer_kind" NOT NULL,
	"fund_id" uuid,
	"policy_id" uuid,
	"payer_org_id" uuid,
	"bank_org_id" uuid NOT NULL,
	"enterprise_org_id" uuid NOT NULL,
	"status" "loss_claim_status" DEFAULT 'filed' NOT NULL,
	"net_loss_fen" bigint NOT NULL,
	"claimed_fen" bigint NOT NULL,
	"paid_fen" bigint,
	"computation" jsonb NOT NULL,
	"evidence" jsonb NOT NULL,
	"channel" text NOT NULL,
	"reason" text,
	"filed_by" uuid,
	"decided_by" uuid,
	"decided_at" timestamp with time zone,
	"paid_on" date,
	"payment_reference" text,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "loss_claims_one_payer_ck" CHECK (("loss_claims"."fund_id" is null) <> ("loss_claims"."policy_id" is null))
);
--> statement-breakpoint
CREATE TABLE "receivable_instalments" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"receivable_id" uuid NOT NULL,
	"seq" integer NOT NULL,
	"due_on" date NOT NULL,
	"amount_fen" bigint NOT NULL,
	"paid_fen" bigint DEFAULT 0 NOT NULL,
	CONSTRAINT "receivable_instalments_paid_ck" CHECK ("receivable_instalments"."paid_fen" between 0 and "receivable_instalments"."amount_fen")
);
--> statement-breakpoint
CREATE TABLE "receivable_pledges" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"receivable_id" uuid NOT NULL,
	"application_id" uuid NOT NULL,
	"bank_org_id" uuid NOT NULL,
	"status" "receivable_pledge_status" DEFAULT 'pending' NOT NULL,
	"registry_number" text,
	"registered_on" date,
	"released_on" date,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "receivable_receipts" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"receivable_id" uuid NOT NULL,
	"amount_fen" bigint NOT NULL,
	"received_on" date NOT NULL,
	"channel" text NOT NULL,
	"payment_id" uuid,
	"reference" text,
	"allocation" jsonb NOT NULL,
	"recorded_by" uuid,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "receivable_receipts_paymentId_unique" UNIQUE("payment_id")
);
--> statement-breakpoint
CREATE TABLE "royalty_receivables" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"deal_id" uuid NOT NULL,
	"licensor_org_id" uuid NOT NULL,
	"licensee_org_id" uuid NOT NULL,
	"status" "royalty_receivable_status" DEFAULT 'active' NOT NULL,
	"total_fen" bigint NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "royalty_receivables_dealId_unique" UNIQUE("deal_id")
);
--> statement-breakpoint
CREATE TABLE "subsidy_applications" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"programme_id" uuid NOT NULL,
	"enterprise_org_id" uuid NOT NULL,
	"status" "subsidy_application_status" DEFAULT 'submitted' NOT NULL,
	"requested_fen" bigint NOT NULL,
	"approved_fen" bigint,
	"paid_fen" bigint,
	"decision_reason" text,
	"assessment" jsonb NOT NULL,
	"evidence" jsonb NOT NULL,
	"applied_by" uuid,
	"decided_by" uuid,
	"decided_at" timestamp with time zone,
	"paid_on" date,
	"payment_reference" text,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "subsidy_budget_entries" (
	"id" bigint PRIMARY KEY GENERATED ALWAYS AS IDENTITY (sequence name "subsidy_budget_entries_id_seq" INCREMENT BY 1 MINVALUE 1 MAXVALUE 9223372036854775807 START WITH 1 CACHE 1),
	"programme_id" uuid NOT NULL,
	"application_id" uuid NOT NULL,
	"kind" "subsidy_budget_entry_kind" NOT NULL,
	"amount_fen" bigint NOT NULL,
	"created_by" uuid,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "subsidy_programmes" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"code" text NOT NULL,
	"name_zh" text NOT NULL,
	"name_en" text NOT NULL,
	"issuer" text NOT NULL,
	"district" text,
	"kind" "subsidy_kind" NOT NULL,
	"rules" jsonb NOT NULL,
	"documents" text[] DEFAULT '{}'::text[] NOT NULL,
	"period_start" date NOT NULL,
	"period_end" date NOT NULL,
	"opens_on" date NOT NULL,
	"closes_on" date NOT NULL,
	"budget_fen" bigint NOT NULL,
	"status" "subsidy_programme_status" DEFAULT 'draft' NOT NULL,
	"created_by" uuid,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "subsidy_programmes_code_unique" UNIQUE("code"),
	CONSTRAINT "subsidy_programmes_period_ck" CHECK ("subsidy_programmes"."period_end" >= "subsidy_programmes"."period_start" and "subsidy_programmes"."closes_on" >= "subsidy_programmes"."opens_on"),
	CONSTRAINT "subsidy_programmes_budget_ck" CHECK ("subsidy_programmes"."budget_fen" >= 0)
);
--> statement-breakpoint
CREATE TABLE "valuation_fees" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"org_id" uuid NOT NULL,
	"valuation_id" uuid,
	"payee" text NOT NULL,
	"invoice_number" text NOT NULL,
	"amount_fen" bigint NOT NULL,
	"paid_on" date NOT NULL,
	"recorded_by" uuid,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "valuation_fees_amount_ck" CHECK ("valuation_fees"."amount_fen" > 0)
);
--> statement-breakpoint
DROP INDEX "payments_one_success_per_deal";--> statement-breakpoint
ALTER TABLE "bank_products" ADD COLUMN "receivable_ltv_bp" integer;--> statement-breakpoint
ALTER TABLE "deal_offers" ADD COLUMN "instalment_count" integer;--> statement-breakpoint
ALTER TABLE "deal_offers" ADD COLUMN "instalment_months" integer;--> statement-breakpoint
ALTER TABLE "deal_offers" ADD COLUMN "instalment_fen" bigint;--> statement-breakpoint
ALTER TABLE "deals" ADD COLUMN "instalment_count" integer;--> statement-breakpoint
ALTER TABLE "deals" ADD COLUMN "instalment_months" integer;--> statement-breakpoint
ALTER TABLE "deals" ADD COLUMN "instalment_fen" bigint;--> statement-breakpoint
ALTER TABLE "payments" ADD COLUMN "receivable_instalment_id" uuid;--> statement-breakpoint
ALTER TABLE "application_receivables" ADD CONSTRAINT "application_receivables_application_id_pledge_applications_id_fk" FOREIGN KEY ("application_id") REFERENCES "public"."pledge_applications"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "application_receivables" ADD CONSTRAINT "application_receivables_receivable_id_royalty_receivables_id_fk" FOREIGN KEY ("receivable_id") REFERENCES "public"."royalty_receivables"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "claim_recoveries" ADD CONSTRAINT "claim_recoveries_claim_id_loss_claims_id_fk" FOREIGN KEY ("claim_id") REFERENCES "public"."loss_claims"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "claim_recoveries" ADD CONSTRAINT "claim_recoveries_recovery_id_loan_recoveries_id_fk" FOREIGN KEY ("recovery_id") REFERENCES "public"."loan_recoveries"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "funds" ADD CONSTRAINT "funds_admin_org_id_organizations_id_fk" FOREIGN KEY ("admin_org_id") REFERENCES "public"."organizations"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "insurance_policies" ADD CONSTRAINT "insurance_policies_product_id_insurance_products_id_fk" FOREIGN KEY ("product_id") REFERENCES "public"."insurance_products"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "insurance_policies" ADD CONSTRAINT "insurance_policies_insurer_org_id_organizations_id_fk" FOREIGN KEY ("insurer_org_id") REFERENCES "public"."organizations"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "insurance_policies" ADD CONSTRAINT "insurance_policies_loan_id_loans_id_fk" FOREIGN KEY ("loan_id") REFERENCES "public"."loans"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "insurance_policies" ADD CONSTRAINT "insurance_policies_deal_id_deals_id_fk" FOREIGN KEY ("deal_id") REFERENCES "public"."deals"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "insurance_policies" ADD CONSTRAINT "insurance_policies_insured_org_id_organizations_id_fk" FOREIGN KEY ("insured_org_id") REFERENCES "public"."organizations"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "insurance_policies" ADD CONSTRAINT "insurance_policies_beneficiary_org_id_organizations_id_fk" FOREIGN KEY ("beneficiary_org_id") REFERENCES "public"."organizations"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "insurance_policies" ADD CONSTRAINT "insurance_policies_requested_by_users_id_fk" FOREIGN KEY ("requested_by") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "insurance_policies" ADD CONSTRAINT "insurance_policies_issued_by_users_id_fk" FOREIGN KEY ("issued_by") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "insurance_products" ADD CONSTRAINT "insurance_products_insurer_org_id_organizations_id_fk" FOREIGN KEY ("insurer_org_id") REFERENCES "public"."organizations"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "insurance_products" ADD CONSTRAINT "insurance_products_created_by_users_id_fk" FOREIGN KEY ("created_by") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "loan_recoveries" ADD CONSTRAINT "loan_recoveries_loan_id_loans_id_fk" FOREIGN KEY ("loan_id") REFERENCES "public"."loans"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "loan_recoveries" ADD CONSTRAINT "loan_recoveries_recorded_by_users_id_fk" FOREIGN KEY ("recorded_by") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "loss_claims" ADD CONSTRAINT "loss_claims_loan_id_loans_id_fk" FOREIGN KEY ("loan_id") REFERENCES "public"."loans"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "loss_claims" ADD CONSTRAINT "loss_claims_fund_id_funds_id_fk" FOREIGN KEY ("fund_id") REFERENCES "public"."funds"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "loss_claims" ADD CONSTRAINT "loss_claims_policy_id_insurance_policies_id_fk" FOREIGN KEY ("policy_id") REFERENCES "public"."insurance_policies"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "loss_claims" ADD CONSTRAINT "loss_claims_payer_org_id_organizations_id_fk" FOREIGN KEY ("payer_org_id") REFERENCES "public"."organizations"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "loss_claims" ADD CONSTRAINT "loss_claims_bank_org_id_organizations_id_fk" FOREIGN KEY ("bank_org_id") REFERENCES "public"."organizations"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "loss_claims" ADD CONSTRAINT "loss_claims_enterprise_org_id_organizations_id_fk" FOREIGN KEY ("enterprise_org_id") REFERENCES "public"."organizations"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "loss_claims" ADD CONSTRAINT "loss_claims_filed_by_users_id_fk" FOREIGN KEY ("filed_by") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "loss_claims" ADD CONSTRAINT "loss_claims_decided_by_users_id_fk" FOREIGN KEY ("decided_by") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "receivable_instalments" ADD CONSTRAINT "receivable_instalments_receivable_id_royalty_receivables_id_fk" FOREIGN KEY ("receivable_id") REFERENCES "public"."royalty_receivables"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "receivable_pledges" ADD CONSTRAINT "receivable_pledges_receivable_id_royalty_receivables_id_fk" FOREIGN KEY ("receivable_id") REFERENCES "public"."royalty_receivables"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "receivable_pledges" ADD CONSTRAINT "receivable_pledges_application_id_pledge_applications_id_fk" FOREIGN KEY ("application_id") REFERENCES "public"."pledge_applications"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "receivable_pledges" ADD CONSTRAINT "receivable_pledges_bank_org_id_organizations_id_fk" FOREIGN KEY ("bank_org_id") REFERENCES "public"."organizations"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "receivable_receipts" ADD CONSTRAINT "receivable_receipts_receivable_id_royalty_receivables_id_fk" FOREIGN KEY ("receivable_id") REFERENCES "public"."royalty_receivables"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "receivable_receipts" ADD CONSTRAINT "receivable_receipts_payment_id_payments_id_fk" FOREIGN KEY ("payment_id") REFERENCES "public"."payments"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "receivable_receipts" ADD CONSTRAINT "receivable_receipts_recorded_by_users_id_fk" FOREIGN KEY ("recorded_by") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "royalty_receivables" ADD CONSTRAINT "royalty_receivables_deal_id_deals_id_fk" FOREIGN KEY ("deal_id") REFERENCES "public"."deals"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "royalty_receivables" ADD CONSTRAINT "royalty_receivables_licensor_org_id_organizations_id_fk" FOREIGN KEY ("licensor_org_id") REFERENCES "public"."organizations"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "royalty_receivables" ADD CONSTRAINT "royalty_receivables_licensee_org_id_organizations_id_fk" FOREIGN KEY ("licensee_org_id") REFERENCES "public"."organizations"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "subsidy_applications" ADD CONSTRAINT "subsidy_applications_programme_id_subsidy_programmes_id_fk" FOREIGN KEY ("programme_id") REFERENCES "public"."subsidy_programmes"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "subsidy_applications" ADD CONSTRAINT "subsidy_applications_enterprise_org_id_organizations_id_fk" FOREIGN KEY ("enterprise_org_id") REFERENCES "public"."organizations"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "subsidy_applications" ADD CONSTRAINT "subsidy_applications_applied_by_users_id_fk" FOREIGN KEY ("applied_by") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "subsidy_applications" ADD CONSTRAINT "subsidy_applications_decided_by_users_id_fk" FOREIGN KEY ("decided_by") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "subsidy_budget_entries" ADD CONSTRAINT "subsidy_budget_entries_programme_id_subsidy_programmes_id_fk" FOREIGN KEY ("programme_id") REFERENCES "public"."subsidy_programmes"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "subsidy_budget_entries" ADD CONSTRAINT "subsidy_budget_entries_application_id_subsidy_applications_id_fk" FOREIGN KEY ("application_id") REFERENCES "public"."subsidy_applications"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "subsidy_budget_entries" ADD CONSTRAINT "subsidy_budget_entries_created_by_users_id_fk" FOREIGN KEY ("created_by") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "subsidy_programmes" ADD CONSTRAINT "subsidy_programmes_created_by_users_id_fk" FOREIGN KEY ("created_by") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "valuation_fees" ADD CONSTRAINT "valuation_fees_org_id_organizations_id_fk" FOREIGN KEY ("org_id") REFERENCES "public"."organizations"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "valuation_fees" ADD CONSTRAINT "valuation_fees_valuation_id_valuations_id_fk" FOREIGN KEY ("valuation_id") REFERENCES "public"."valuations"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "valuation_fees" ADD CONSTRAINT "valuation_fees_recorded_by_users_id_fk" FOREIGN KEY ("recorded_by") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "application_receivables_receivable_id_index" ON "application_receivables" USING btree ("receivable_id");--> statement-breakpoint
CREATE UNIQUE INDEX "claim_recoveries_claim_id_recovery_id_index" ON "claim_recoveries" USING btree ("claim_id","recovery_id");--> statement-breakpoint
CREATE INDEX "claim_recoveries_recovery_id_index" ON "claim_recoveries" USING btree ("recovery_id");--> statement-breakpoint
CREATE INDEX "domain_events_type_created_at_index" ON "domain_events" USING btree ("type","created_at");--> statement-breakpoint
CREATE INDEX "domain_events_created_at_index" ON "domain_events" USING btree ("created_at");--> statement-breakpoint
CREATE INDEX "funds_admin_org_id_index" ON "funds" USING btree ("admin_org_id");--> statement-breakpoint
CREATE INDEX "funds_scheme_code_index" ON "funds" USING btree ("scheme_code");--> statement-breakpoint
CREATE INDEX "insurance_policies_insurer_org_id_status_index" ON "insurance_policies" USING btree ("insurer_org_id","status");--> statement-breakpoint
CREATE INDEX "insurance_policies_product_id_index" ON "insurance_policies" USING btree ("product_id");--> statement-breakpoint
CREATE INDEX "insurance_policies_loan_id_index" ON "insurance_policies" USING btree ("loan_id");--> statement-breakpoint
CREATE INDEX "insurance_policies_deal_id_index" ON "insurance_policies" USING btree ("deal_id");--> statement-breakpoint
CREATE INDEX "insurance_policies_insured_org_id_index" ON "insurance_policies" USING btree ("insured_org_id");--> statement-breakpoint
CREATE INDEX "insurance_policies_beneficiary_org_id_index" ON "insurance_policies" USING btree ("beneficiary_org_id");--> statement-breakpoint
CREATE INDEX "insurance_policies_requested_by_index" ON "insurance_policies" USING btree ("requested_by");--> statement-breakpoint
CREATE INDEX "insurance_policies_issued_by_index" ON "insurance_policies" USING btree ("issued_by");--> statement-breakpoint
CREATE INDEX "insurance_policies_starts_on_idx" ON "insurance_policies" USING btree ("starts_on");--> statement-breakpoint
CREATE UNIQUE INDEX "insurance_policies_number_uq" ON "insurance_policies" USING btree ("insurer_org_id","policy_number") WHERE policy_number is not null;--> statement-breakpoint
CREATE UNIQUE INDEX "insurance_policies_one_live_per_loan" ON "insurance_policies" USING btree ("loan_id","kind") WHERE loan_id is not null and status in ('requested', 'active');--> statement-breakpoint
CREATE UNIQUE INDEX "insurance_policies_one_live_per_deal" ON "insurance_policies" USING btree ("deal_id","kind") WHERE deal_id is not null and status in ('requested', 'active');--> statement-breakpoint
CREATE INDEX "insurance_products_insurer_org_id_index" ON "insurance_products" USING btree ("insurer_org_id");--> statement-breakpoint
CREATE INDEX "insurance_products_created_by_index" ON "insurance_products" USING btree ("created_by");--> statement-breakpoint
CREATE UNIQUE INDEX "loan_recoveries_loan_id_source_source_ref_index" ON "loan_recoveries" USING btree ("loan_id","source","source_ref");--> statement-breakpoint
CREATE INDEX "loan_recoveries_recorded_by_index" ON "loan_recoveries" USING btree ("recorded_by");--> statement-breakpoint
CREATE INDEX "loss_claims_loan_id_index" ON "loss_claims" USING btree ("loan_id");--> statement-breakpoint
CREATE INDEX "loss_claims_fund_id_status_index" ON "loss_claims" USING btree ("fund_id","status");--> statement-breakpoint
CREATE INDEX "loss_claims_policy_id_index" ON "loss_claims" USING btree ("policy_id");--> statement-breakpoint
CREATE INDEX "loss_claims_payer_org_id_status_index" ON "loss_claims" USING btree ("payer_org_id","status");--> statement-breakpoint
CREATE INDEX "loss_claims_bank_org_id_index" ON "loss_claims" USING btree ("bank_org_id");--> statement-breakpoint
CREATE INDEX "loss_claims_enterprise_org_id_index" ON "loss_claims" USING btree ("enterprise_org_id");--> statement-breakpoint
CREATE INDEX "loss_claims_filed_by_index" ON "loss_claims" USING btree ("filed_by");--> statement-breakpoint
CREATE INDEX "loss_claims_decided_by_index" ON "loss_claims" USING btree ("decided_by");--> statement-breakpoint
CREATE UNIQUE INDEX "loss_claims_one_live_per_fund" ON "loss_claims" USING btree ("loan_id","fund_id") WHERE fund_id is not null and status in ('filed', 'paid');--> statement-breakpoint
CREATE UNIQUE INDEX "loss_claims_one_live_per_policy" ON "loss_claims" USING btree ("loan_id","policy_id") WHERE policy_id is not null and status in ('filed', 'paid');--> statement-breakpoint
CREATE UNIQUE INDEX "receivable_instalments_receivable_id_seq_index" ON "receivable_instalments" USING btree ("receivable_id","seq");--> statement-breakpoint
CREATE INDEX "receivable_instalments_due_on_index" ON "receivable_instalments" USING btree ("due_on");--> statement-breakpoint
CREATE UNIQUE INDEX "receivable_pledges_application_id_receivable_id_index" ON "receivable_pledges" USING btree ("application_id","receivable_id");--> statement-breakpoint
CREATE INDEX "receivable_pledges_bank_org_id_index" ON "receivable_pledges" USING btree ("bank_org_id");--> statement-breakpoint
CREATE UNIQUE INDEX "receivable_pledges_one_live" ON "receivable_pledges" USING btree ("receivable_id") WHERE status in ('pending', 'active');--> statement-breakpoint
CREATE INDEX "receivable_receipts_receivable_id_received_on_index" ON "receivable_receipts" USING btree ("receivable_id","received_on");--> statement-breakpoint
CREATE INDEX "receivable_receipts_recorded_by_index" ON "receivable_receipts" USING btree ("recorded_by");--> statement-breakpoint
CREATE UNIQUE INDEX "receivable_receipts_reference_uq" ON "receivable_receipts" USING btree ("receivable_id","reference") WHERE reference is not null;--> statement-breakpoint
CREATE INDEX "royalty_receivables_licensor_org_id_index" ON "royalty_receivables" USING btree ("licensor_org_id");--> statement-breakpoint
CREATE INDEX "royalty_receivables_licensee_org_id_index" ON "royalty_receivables" USING btree ("licensee_org_id");--> statement-breakpoint
CREATE INDEX "subsidy_applications_programme_id_status_index" ON "subsidy_applications" USING btree ("programme_id","status");--> statement-breakpoint
CREATE INDEX "subsidy_applications_enterprise_org_id_index" ON "subsidy_applications" USING btree ("enterprise_org_id");--> statement-breakpoint
CREATE INDEX "subsidy_applications_applied_by_index" ON "subsidy_applications" USING btree ("applied_by");--> statement-breakpoint
CREATE INDEX "subsidy_applications_decided_by_index" ON "subsidy_applications" USING btree ("decided_by");--> statement-breakpoint
CREATE UNIQUE INDEX "subsidy_applications_one_live" ON "subsidy_applications" USING btree ("programme_id","enterprise_org_id") WHERE status in ('submitted', 'approved', 'paid');--> statement-breakpoint
CREATE UNIQUE INDEX "subsidy_budget_entries_application_id_kind_index" ON "subsidy_budget_entries" USING btree ("application_id","kind");--> statement-breakpoint
CREATE INDEX "subsidy_budget_entries_programme_id_kind_index" ON "subsidy_budget_entries" USING btree ("programme_id","kind");--> statement-breakpoint
CREATE INDEX "subsidy_budget_entries_created_by_index" ON "subsidy_budget_entries" USING btree ("created_by");--> statement-breakpoint
CREATE INDEX "subsidy_programmes_status_index" ON "subsidy_programmes" USING btree ("status");--> statement-breakpoint
CREATE INDEX "subsidy_programmes_created_by_index" ON "subsidy_programmes" USING btree ("created_by");--> statement-breakpoint
CREATE UNIQUE INDEX "valuation_fees_org_id_invoice_number_index" ON "valuation_fees" USING btree ("org_id","invoice_number");--> statement-breakpoint
CREATE INDEX "valuation_fees_valuation_id_index" ON "valuation_fees" USING btree ("valuation_id");--> statement-breakpoint
CREATE INDEX "valuation_fees_recorded_by_index" ON "valuation_fees" USING btree ("recorded_by");--> statement-breakpoint
CREATE INDEX "payments_receivable_instalment_id_index" ON "payments" USING btree ("receivable_instalment_id");--> statement-breakpoint
CREATE UNIQUE INDEX "payments_one_success_per_instalment" ON "payments" USING btree ("receivable_instalment_id") WHERE status = 'succeeded' and receivable_instalment_id is not null;--> statement-breakpoint
CREATE UNIQUE INDEX "payments_one_success_per_deal" ON "payments" USING btree ("deal_id") WHERE status = 'succeeded' and receivable_instalment_id is null;