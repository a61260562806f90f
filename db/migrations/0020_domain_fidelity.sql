CREATE TYPE "public"."policy_target_metric" AS ENUM('pledge_registered', 'ip_trading', 'ip_insurance', 'high_value_patents', 'high_value_per_10k');--> statement-breakpoint
CREATE TYPE "public"."day_count" AS ENUM('monthly', 'actual_360');--> statement-breakpoint
CREATE TYPE "public"."precheck_agreement_rule" AS ENUM('sameDayApplication', 'noInvalidation');--> statement-breakpoint
ALTER TYPE "public"."repayment_method" ADD VALUE 'quarterly_interest_bullet';--> statement-breakpoint
CREATE TABLE "populations" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"scope" "policy_target_scope" NOT NULL,
	"scope_key" text NOT NULL,
	"year" integer NOT NULL,
	"people" bigint NOT NULL,
	"source" text,
	"updated_by" uuid,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "populations_people_ck" CHECK ("populations"."people" > 0)
);
--> statement-breakpoint
CREATE TABLE "precheck_agreements" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"application_id" uuid NOT NULL,
	"asset_id" uuid NOT NULL,
	"rule" "precheck_agreement_rule" NOT NULL,
	"org_id" uuid NOT NULL,
	"user_id" uuid,
	"facts" jsonb DEFAULT '{}'::jsonb NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
ALTER TABLE "policy_targets" ALTER COLUMN "target_amount" DROP NOT NULL;--> statement-breakpoint
ALTER TABLE "ip_assets" ADD COLUMN "same_day_applications" text[] DEFAULT '{}'::text[] NOT NULL;--> statement-breakpoint
ALTER TABLE "policy_targets" ADD COLUMN "metric" "policy_target_metric" DEFAULT 'pledge_registered' NOT NULL;--> statement-breakpoint
ALTER TABLE "policy_targets" ADD COLUMN "target_value" bigint;--> statement-breakpoint
ALTER TABLE "policy_targets" ADD COLUMN "baseline_year" integer;--> statement-breakpoint
ALTER TABLE "policy_targets" ADD COLUMN "baseline_value" bigint;--> statement-breakpoint
ALTER TABLE "loan_offers" ADD COLUMN "day_count" "day_count" DEFAULT 'monthly' NOT NULL;--> statement-breakpoint
ALTER TABLE "loans" ADD COLUMN "day_count" "day_count" DEFAULT 'monthly' NOT NULL;--> statement-breakpoint
ALTER TABLE "populations" ADD CONSTRAINT "populations_updated_by_users_id_fk" FOREIGN KEY ("updated_by") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "precheck_agreements" ADD CONSTRAINT "precheck_agreements_application_id_pledge_applications_id_fk" FOREIGN KEY ("application_id") REFERENCES "public"."pledge_applications"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "precheck_agreements" ADD CONSTRAINT "precheck_agreements_asset_id_ip_assets_id_fk" FOREIGN KEY ("asset_id") REFERENCES "public"."ip_assets"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "precheck_agreements" ADD CONSTRAINT "precheck_agreements_org_id_organizations_id_fk" FOREIGN KEY ("org_id") REFERENCES "public"."organizations"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "precheck_agreements" ADD CONSTRAINT "precheck_agreements_user_id_users_id_fk" FOREIGN KEY ("user_id") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE UNIQUE INDEX "populations_scope_scope_key_year_index" ON "populations" USING btree ("scope","scope_key","year");--> statement-breakpoint
CREATE INDEX "populations_updated_by_index" ON "populations" USING btree ("updated_by");--> statement-breakpoint
CREATE UNIQUE INDEX "precheck_agreements_application_id_asset_id_rule_org_id_index" ON "precheck_agreements" USING btree ("application_id","asset_id","rule","org_id");--> statement-breakpoint
CREATE INDEX "precheck_agreements_asset_id_index" ON "precheck_agreements" USING btree ("asset_id");--> statement-breakpoint
CREATE INDEX "precheck_agreements_org_id_index" ON "precheck_agreements" USING btree ("org_id");--> statement-breakpoint
CREATE INDEX "precheck_agreements_user_id_index" ON "precheck_agreements" USING btree ("user_id");--> statement-breakpoint
ALTER TABLE "policy_targets" ADD CONSTRAINT "policy_targets_value_ck" CHECK ("policy_targets"."target_value" > 0);--> statement-breakpoint
ALTER TABLE "policy_targets" ADD CONSTRAINT "policy_targets_unit_ck" CHECK (("policy_targets"."metric" in ('pledge_registered', 'ip_trading')) = ("policy_targets"."target_amount" is not null)
      and ("policy_targets"."target_amount" is null) = ("policy_targets"."target_value" is not null));--> statement-breakpoint
ALTER TABLE "policy_targets" ADD CONSTRAINT "policy_targets_baseline_ck" CHECK (("policy_targets"."baseline_year" is null) = ("policy_targets"."baseline_value" is null));--> statement-breakpoint
-- The annuity rule of app/domain/annuity.ts (`nextAnnuity`, `graceEndsOf`) for SQL aggregations: a paid-through
-- date closes a patent year (its last day counted as a term is: the day before the anniversary, or the month's
-- last day for a 29 February filing); the next annuity is due ON the anniversary that begins the next year; the
-- late-payment period ends six months after the due date. PostgreSQL's date + interval clamps to the month's end
-- exactly as addMonths does. tests/integration/annuity-sql.test.ts holds this to the TypeScript rule.
CREATE OR REPLACE FUNCTION annuity_due_date(filing date, paid_through date) RETURNS date
LANGUAGE sql IMMUTABLE STRICT PARALLEL SAFE AS $$
  select case when paid_through < filing then filing else (
    select (filing + make_interval(years => k))::date
    from generate_series(
      greatest(1, extract(year from paid_through)::int - extract(year from filing)::int - 1),
      extract(year from paid_through)::int - extract(year from filing)::int + 2) as k
    where (case when extract(day from (filing + make_interval(years => k))::date) = extract(day from filing)
                then (filing + make_interval(years => k))::date - 1
                else (filing + make_interval(years => k))::date end) >= paid_through
    order by k limit 1) end
$$;--> statement-breakpoint
CREATE OR REPLACE FUNCTION annuity_grace_ends(filing date, paid_through date) RETURNS date
LANGUAGE sql IMMUTABLE STRICT PARALLEL SAFE AS $$
  select (annuity_due_date(filing, paid_through) + make_interval(months => 6))::date
$$;--> statement-breakpoint
-- The three targets of the Shanghai and Xuhui plans (seeds/) that are not money registered as pledges. ON CONFLICT
-- keeps an admin's edits if this ever runs again.
INSERT INTO policy_targets (code, scope, scope_key, label_zh, label_en, metric, period, from_year, to_year, target_amount, target_value, baseline_year, baseline_value, source)
VALUES
  ('xuhui-ip-trading-2022-2025', 'district', '徐汇区', '徐汇区各类知识产权交易总额', 'Xuhui IP trading, all kinds, cumulative',
   'ip_trading', 'cumulative', 2022, 2025, 1000000000000, NULL, NULL, NULL,
   '《徐汇区关于创建国家知识产权强市建设试点城区的工作方案（2022年—2025年）》：各类知识产权交易总额达100亿元'),
  ('xuhui-ip-insurance-growth-2022-2025', 'district', '徐汇区', '徐汇区知识产权保险金额年均增幅', 'Xuhui IP insurance amount, average yearly growth',
   'ip_insurance', 'cumulative', 2022, 2025, NULL, 2000, NULL, NULL,
   '《徐汇区关于创建国家知识产权强市建设试点城区的工作方案（2022年—2025年）》：知识产权保险金额年均增幅超20%'),
  ('shanghai-high-value-per-10k-2025', 'city', '上海市', '上海市每万人口高价值发明专利拥有量', 'Shanghai high-value invention patents per 10,000 people',
   'high_value_per_10k', 'annual', 2025, 2025, NULL, 3000, 2020, 2000,
   '沪府发〔2021〕25号《上海市知识产权保护和运用“十四五”规划》：每万人口高价值发明专利拥有量 2020年20件，2025年30件左右')
ON CONFLICT (code) DO NOTHING;
