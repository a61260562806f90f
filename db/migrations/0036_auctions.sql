CREATE TYPE "public"."auction_kind" AS ENUM('ascending', 'sealed');--> statement-breakpoint
CREATE TYPE "public"."auction_status" AS ENUM('scheduled', 'open', 'closed', 'settled', 'failed_reserve', 'cancelled');--> statement-breakpoint
CREATE TABLE "auction_bids" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"auction_id" uuid NOT NULL,
	"seq" integer NOT NULL,
	"bidder_org_id" uuid NOT NULL,
	"user_id" uuid,
	"amount_fen" bigint NOT NULL,
	"idempotency_key" text NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "auction_data_room_views" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"auction_id" uuid NOT NULL,
	"org_id" uuid NOT NULL,
	"user_id" uuid,
	"document" text NOT NULL,
	"viewed_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "auction_registrations" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"auction_id" uuid NOT NULL,
	"org_id" uuid NOT NULL,
	"user_id" uuid,
	"rules_version" text NOT NULL,
	"accepted_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "auctions" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"listing_id" uuid NOT NULL,
	"seller_org_id" uuid NOT NULL,
	"created_by" uuid,
	"kind" "auction_kind" NOT NULL,
	"status" "auction_status" DEFAULT 'scheduled' NOT NULL,
	"reserve_price_fen" bigint NOT NULL,
	"start_price_fen" bigint NOT NULL,
	"increment_fen" bigint NOT NULL,
	"starts_at" timestamp with time zone NOT NULL,
	"ends_at" timestamp with time zone NOT NULL,
	"scheduled_ends_at" timestamp with time zone NOT NULL,
	"extension_minutes" integer DEFAULT 0 NOT NULL,
	"bid_count" integer DEFAULT 0 NOT NULL,
	"highest_bid_fen" bigint,
	"winning_bid_id" uuid,
	"deal_id" uuid,
	"closed_at" timestamp with time zone,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
ALTER TABLE "auction_bids" ADD CONSTRAINT "auction_bids_auction_id_auctions_id_fk" FOREIGN KEY ("auction_id") REFERENCES "public"."auctions"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "auction_bids" ADD CONSTRAINT "auction_bids_bidder_org_id_organizations_id_fk" FOREIGN KEY ("bidder_org_id") REFERENCES "public"."organizations"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "auction_bids" ADD CONSTRAINT "auction_bids_user_id_users_id_fk" FOREIGN KEY ("user_id") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "auction_data_room_views" ADD CONSTRAINT "auction_data_room_views_auction_id_auctions_id_fk" FOREIGN KEY ("auction_id") REFERENCES "public"."auctions"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "auction_data_room_views" ADD CONSTRAINT "auction_data_room_views_org_id_organizations_id_fk" FOREIGN KEY ("org_id") REFERENCES "public"."organizations"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "auction_data_room_views" ADD CONSTRAINT "auction_data_room_views_user_id_users_id_fk" FOREIGN KEY ("user_id") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "auction_registrations" ADD CONSTRAINT "auction_registrations_auction_id_auctions_id_fk" FOREIGN KEY ("auction_id") REFERENCES "public"."auctions"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "auction_registrations" ADD CONSTRAINT "auction_registrations_org_id_organizations_id_fk" FOREIGN KEY ("org_id") REFERENCES "public"."organizations"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "auction_registrations" ADD CONSTRAINT "auction_registrations_user_id_users_id_fk" FOREIGN KEY ("user_id") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "auctions" ADD CONSTRAINT "auctions_listing_id_listings_id_fk" FOREIGN KEY ("listing_id") REFERENCES "public"."listings"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "auctions" ADD CONSTRAINT "auctions_seller_org_id_organizations_id_fk" FOREIGN KEY ("seller_org_id") REFERENCES "public"."organizations"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "auctions" ADD CONSTRAINT "auctions_created_by_users_id_fk" FOREIGN KEY ("created_by") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "auctions" ADD CONSTRAINT "auctions_deal_id_deals_id_fk" FOREIGN KEY ("deal_id") REFERENCES "public"."deals"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE UNIQUE INDEX "auction_bids_auction_id_seq_index" ON "auction_bids" USING btree ("auction_id","seq");--> statement-breakpoint
CREATE UNIQUE INDEX "auction_bids_auction_id_bidder_org_id_idempotency_key_index" ON "auction_bids" USING btree ("auction_id","bidder_org_id","idempotency_key");--> statement-breakpoint
CREATE INDEX "auction_bids_bidder_org_id_index" ON "auction_bids" USING btree ("bidder_org_id");--> statement-breakpoint
CREATE INDEX "auction_bids_user_id_index" ON "auction_bids" USING btree ("user_id");--> statement-breakpoint
CREATE INDEX "auction_data_room_views_auction_id_viewed_at_index" ON "auction_data_room_views" USING btree ("auction_id","viewed_at");--> statement-breakpoint
CREATE INDEX "auction_data_room_views_org_id_index" ON "auction_data_room_views" USING btree ("org_id");--> statement-breakpoint
CREATE INDEX "auction_data_room_views_user_id_index" ON "auction_data_room_views" USING btree ("user_id");--> statement-breakpoint
CREATE UNIQUE INDEX "auction_registrations_auction_id_org_id_index" ON "auction_registrations" USING btree ("auction_id","org_id");--> statement-breakpoint
CREATE INDEX "auction_registrations_org_id_index" ON "auction_registrations" USING btree ("org_id");--> statement-breakpoint
CREATE INDEX "auction_registrations_user_id_index" ON "auction_registrations" USING btree ("user_id");--> statement-breakpoint
CREATE INDEX "auctions_listing_id_index" ON "auctions" USING btree ("listing_id");--> statement-breakpoint
CREATE INDEX "auctions_seller_org_id_created_at_index" ON "auctions" USING btree ("seller_org_id","created_at");--> statement-breakpoint
CREATE INDEX "auctions_created_by_index" ON "auctions" USING btree ("created_by");--> statement-breakpoint
CREATE INDEX "auctions_deal_id_index" ON "auctions" USING btree ("deal_id");--> statement-breakpoint
CREATE INDEX "auctions_due_idx" ON "auctions" USING btree ("ends_at") WHERE status in ('scheduled', 'open');--> statement-breakpoint
CREATE UNIQUE INDEX "auctions_one_live_per_listing" ON "auctions" USING btree ("listing_id") WHERE status in ('scheduled', 'open', 'closed');