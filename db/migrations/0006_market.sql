CREATE TYPE "public"."asset_import_status" AS ENUM('previewed', 'confirmed', 'discarded');--> statement-breakpoint
CREATE TYPE "public"."deal_side" AS ENUM('buyer', 'seller');--> statement-breakpoint
CREATE TYPE "public"."deal_status" AS ENUM('offered', 'countered', 'accepted', 'pending_approval', 'approved', 'paid', 'completed', 'declined', 'cancelled', 'rejected', 'refunded');--> statement-breakpoint
CREATE TYPE "public"."licence_kind" AS ENUM('exclusive', 'sole', 'non_exclusive');--> statement-breakpoint
CREATE TYPE "public"."listing_mode" AS ENUM('exclusive_licence', 'sole_licence', 'non_exclusive_licence', 'open_licence', 'transfer');--> statement-breakpoint
CREATE TYPE "public"."listing_status" AS ENUM('draft', 'pending_review', 'published', 'paused', 'closed', 'rejected', 'withdrawn');--> statement-breakpoint
CREATE TYPE "public"."payment_provider" AS ENUM('stripe', 'offline');--> statement-breakpoint
CREATE TYPE "public"."payment_status" AS ENUM('pending', 'succeeded', 'refund_pending', 'refunded', 'expired', 'failed');--> statement-breakpoint
CREATE TABLE "asset_imports" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"org_id" uuid NOT NULL,
	"created_by" uuid,
	"file_name" text NOT NULL,
	"status" "asset_import_status" DEFAULT 'previewed' NOT NULL,
	"rows" jsonb NOT NULL,
	"valid_count" integer NOT NULL,
	"error_count" integer NOT NULL,
	"imported_count" integer,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"confirmed_at" timestamp with time zone
);
--> statement-breakpoint
CREATE TABLE "deal_offers" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"deal_id" uuid NOT NULL,
	"side" "deal_side" NOT NULL,
	"by_user_id" uuid,
	"price_fen" bigint NOT NULL,
	"royalty_bp" integer,
	"term_months" integer,
	"start_date" date,
	"message" text,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "deals" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"listing_id" uuid NOT NULL,
	"buyer_org_id" uuid NOT NULL,
	"seller_org_id" uuid NOT NULL,
	"created_by" uuid,
	"mode" "listing_mode" NOT NULL,
	"status" "deal_status" DEFAULT 'offered' NOT NULL,
	"open_licence" boolean DEFAULT false NOT NULL,
	"price_fen" bigint NOT NULL,
	"royalty_bp" integer,
	"term_months" integer,
	"start_date" date,
	"territory" text,
	"last_offer_by" "deal_side" DEFAULT 'buyer' NOT NULL,
	"round" integer DEFAULT 1 NOT NULL,
	"decision_reason" text,
	"decided_by" uuid,
	"decided_at" timestamp with time zone,
	"payment_attempt" integer DEFAULT 0 NOT NULL,
	"accepted_at" timestamp with time zone,
	"paid_at" timestamp with time zone,
	"completed_at" timestamp with time zone,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "licences" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"deal_id" uuid NOT NULL,
	"asset_id" uuid NOT NULL,
	"licensor_org_id" uuid NOT NULL,
	"licensee_org_id" uuid NOT NULL,
	"kind" "licence_kind" NOT NULL,
	"period" daterange NOT NULL,
	"fee_fen" bigint NOT NULL,
	"royalty_bp" integer,
	"territory" text,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "listing_assets" (
	"listing_id" uuid NOT NULL,
	"asset_id" uuid NOT NULL,
	CONSTRAINT "listing_assets_listing_id_asset_id_pk" PRIMARY KEY("listing_id","asset_id")
);
--> statement-breakpoint
CREATE TABLE "listings" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"seller_org_id" uuid NOT NULL,
	"disposing_org_id" uuid,
	"created_by" uuid,
	"mode" "listing_mode" NOT NULL,
	"status" "listing_status" DEFAULT 'draft' NOT NULL,
	"title" text NOT NULL,
	"title_en" text,
	"description" text,
	"asking_price_fen" bigint,
	"open_fee_fen" bigint,
	"royalty_bp" integer,
	"term_months" integer,
	"territory" text,
	"evaluation_report" boolean DEFAULT false NOT NULL,
	"kinds" "asset_kind"[] NOT NULL,
	"industry" text DEFAULT 'other' NOT NULL,
	"park_id" uuid,
	"high_value" boolean DEFAULT false NOT NULL,
	"price_fen" bigint,
	"search_text" text DEFAULT '' NOT NULL,
	"search_lexemes" "tsvector" DEFAULT ''::tsvector NOT NULL,
	"review_reason" text,
	"reviewed_by" uuid,
	"reviewed_at" timestamp with time zone,
	"submitted_at" timestamp with time zone,
	"published_at" timestamp with time zone,
	"closed_at" timestamp with time zone,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "payments" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"deal_id" uuid NOT NULL,
	"provider" "payment_provider" NOT NULL,
	"status" "payment_status" DEFAULT 'pending' NOT NULL,
	"attempt" integer DEFAULT 1 NOT NULL,
	"amount_fen" bigint NOT NULL,
	"fee_fen" bigint NOT NULL,
	"total_fen" bigint NOT NULL,
	"currency" text DEFAULT 'cny' NOT NULL,
	"idempotency_key" text NOT NULL,
	"checkout_session_id" text,
	"checkout_url" text,
	"payment_intent_id" text,
	"refund_id" text,
	"reference" text,
	"confirmed_by" uuid,
	"confirmed_at" timestamp with time zone,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "payments_idempotencyKey_unique" UNIQUE("idempotency_key"),
	CONSTRAINT "payments_checkoutSessionId_unique" UNIQUE("checkout_session_id")
);
--> statement-breakpoint
CREATE TABLE "stripe_events" (
	"id" text PRIMARY KEY NOT NULL,
	"type" text NOT NULL,
	"payload" jsonb NOT NULL,
	"received_at" timestamp with time zone DEFAULT now() NOT NULL,
	"processed_at" timestamp with time zone,
	"result" text
);
--> statement-breakpoint
ALTER TABLE "asset_imports" ADD CONSTRAINT "asset_imports_org_id_organizations_id_fk" FOREIGN KEY ("org_id") REFERENCES "public"."organizations"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "asset_imports" ADD CONSTRAINT "asset_imports_created_by_users_id_fk" FOREIGN KEY ("created_by") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "deal_offers" ADD CONSTRAINT "deal_offers_deal_id_deals_id_fk" FOREIGN KEY ("deal_id") REFERENCES "public"."deals"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "deal_offers" ADD CONSTRAINT "deal_offers_by_user_id_users_id_fk" FOREIGN KEY ("by_user_id") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "deals" ADD CONSTRAINT "deals_listing_id_listings_id_fk" FOREIGN KEY ("listing_id") REFERENCES "public"."listings"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "deals" ADD CONSTRAINT "deals_buyer_org_id_organizations_id_fk" FOREIGN KEY ("buyer_org_id") REFERENCES "public"."organizations"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "deals" ADD CONSTRAINT "deals_seller_org_id_organizations_id_fk" FOREIGN KEY ("seller_org_id") REFERENCES "public"."organizations"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "deals" ADD CONSTRAINT "deals_created_by_users_id_fk" FOREIGN KEY ("created_by") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "deals" ADD CONSTRAINT "deals_decided_by_users_id_fk" FOREIGN KEY ("decided_by") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "licences" ADD CONSTRAINT "licences_deal_id_deals_id_fk" FOREIGN KEY ("deal_id") REFERENCES "public"."deals"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "licences" ADD CONSTRAINT "licences_asset_id_ip_assets_id_fk" FOREIGN KEY ("asset_id") REFERENCES "public"."ip_assets"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "licences" ADD CONSTRAINT "licences_licensor_org_id_organizations_id_fk" FOREIGN KEY ("licensor_org_id") REFERENCES "public"."organizations"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "licences" ADD CONSTRAINT "licences_licensee_org_id_organizations_id_fk" FOREIGN KEY ("licensee_org_id") REFERENCES "public"."organizations"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "listing_assets" ADD CONSTRAINT "listing_assets_listing_id_listings_id_fk" FOREIGN KEY ("listing_id") REFERENCES "public"."listings"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "listing_assets" ADD CONSTRAINT "listing_assets_asset_id_ip_assets_id_fk" FOREIGN KEY ("asset_id") REFERENCES "public"."ip_assets"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "listings" ADD CONSTRAINT "listings_seller_org_id_organizations_id_fk" FOREIGN KEY ("seller_org_id") REFERENCES "public"."organizations"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "listings" ADD CONSTRAINT "listings_disposing_org_id_organizations_id_fk" FOREIGN KEY ("disposing_org_id") REFERENCES "public"."organizations"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "listings" ADD CONSTRAINT "listings_created_by_users_id_fk" FOREIGN KEY ("created_by") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "listings" ADD CONSTRAINT "listings_park_id_parks_id_fk" FOREIGN KEY ("park_id") REFERENCES "public"."parks"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "listings" ADD CONSTRAINT "listings_reviewed_by_users_id_fk" FOREIGN KEY ("reviewed_by") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "payments" ADD CONSTRAINT "payments_deal_id_deals_id_fk" FOREIGN KEY ("deal_id") REFERENCES "public"."deals"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "payments" ADD CONSTRAINT "payments_confirmed_by_users_id_fk" FOREIGN KEY ("confirmed_by") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "asset_imports_org_id_created_at_index" ON "asset_imports" USING btree ("org_id","created_at");--> statement-breakpoint
CREATE INDEX "asset_imports_created_by_index" ON "asset_imports" USING btree ("created_by");--> statement-breakpoint
CREATE INDEX "deal_offers_deal_id_created_at_index" ON "deal_offers" USING btree ("deal_id","created_at");--> statement-breakpoint
CREATE INDEX "deal_offers_by_user_id_index" ON "deal_offers" USING btree ("by_user_id");--> statement-breakpoint
CREATE INDEX "deals_listing_id_index" ON "deals" USING btree ("listing_id");--> statement-breakpoint
CREATE INDEX "deals_buyer_org_id_updated_at_index" ON "deals" USING btree ("buyer_org_id","updated_at");--> statement-breakpoint
CREATE INDEX "deals_seller_org_id_updated_at_index" ON "deals" USING btree ("seller_org_id","updated_at");--> statement-breakpoint
CREATE INDEX "deals_created_by_index" ON "deals" USING btree ("created_by");--> statement-breakpoint
CREATE INDEX "deals_decided_by_index" ON "deals" USING btree ("decided_by");--> statement-breakpoint
CREATE INDEX "deals_status_idx" ON "deals" USING btree ("status","updated_at");--> statement-breakpoint
CREATE UNIQUE INDEX "deals_one_live_per_buyer" ON "deals" USING btree ("listing_id","buyer_org_id") WHERE status in ('offered', 'countered', 'accepted', 'pending_approval', 'approved', 'paid');--> statement-breakpoint
CREATE UNIQUE INDEX "deals_one_transfer_per_listing" ON "deals" USING btree ("listing_id") WHERE mode = 'transfer' and status in ('accepted', 'pending_approval', 'approved', 'paid', 'completed');--> statement-breakpoint
CREATE UNIQUE INDEX "licences_deal_id_asset_id_index" ON "licences" USING btree ("deal_id","asset_id");--> statement-breakpoint
CREATE INDEX "licences_asset_id_index" ON "licences" USING btree ("asset_id");--> statement-breakpoint
CREATE INDEX "licences_licensor_org_id_index" ON "licences" USING btree ("licensor_org_id");--> statement-breakpoint
CREATE INDEX "licences_licensee_org_id_created_at_index" ON "licences" USING btree ("licensee_org_id","created_at");--> statement-breakpoint
CREATE INDEX "listing_assets_asset_id_index" ON "listing_assets" USING btree ("asset_id");--> statement-breakpoint
CREATE INDEX "listings_seller_org_id_created_at_index" ON "listings" USING btree ("seller_org_id","created_at");--> statement-breakpoint
CREATE INDEX "listings_disposing_org_id_index" ON "listings" USING btree ("disposing_org_id");--> statement-breakpoint
CREATE INDEX "listings_created_by_index" ON "listings" USING btree ("created_by");--> statement-breakpoint
CREATE INDEX "listings_park_id_index" ON "listings" USING btree ("park_id");--> statement-breakpoint
CREATE INDEX "listings_reviewed_by_index" ON "listings" USING btree ("reviewed_by");--> statement-breakpoint
CREATE INDEX "listings_review_queue_idx" ON "listings" USING btree ("submitted_at") WHERE status = 'pending_review';--> statement-breakpoint
CREATE INDEX "listings_published_newest_idx" ON "listings" USING btree ("published_at" DESC NULLS LAST,"id" DESC NULLS LAST) WHERE status = 'published';--> statement-breakpoint
CREATE INDEX "listings_published_price_idx" ON "listings" USING btree ("price_fen","id") WHERE status = 'published';--> statement-breakpoint
CREATE INDEX "payments_deal_id_index" ON "payments" USING btree ("deal_id");--> statement-breakpoint
CREATE INDEX "payments_confirmed_by_index" ON "payments" USING btree ("confirmed_by");--> statement-breakpoint
CREATE UNIQUE INDEX "payments_one_success_per_deal" ON "payments" USING btree ("deal_id") WHERE status in ('succeeded', 'refund_pending', 'refunded');--> statement-breakpoint
CREATE INDEX "stripe_events_unprocessed_idx" ON "stripe_events" USING btree ("received_at") WHERE processed_at is null;