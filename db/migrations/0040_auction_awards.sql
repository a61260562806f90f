ALTER TYPE "public"."auction_status" ADD VALUE 'unsold' BEFORE 'cancelled';--> statement-breakpoint
CREATE TABLE "auction_awards" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"auction_id" uuid NOT NULL,
	"rank" integer NOT NULL,
	"bid_id" uuid NOT NULL,
	"org_id" uuid NOT NULL,
	"deal_id" uuid NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
ALTER TABLE "auction_awards" ADD CONSTRAINT "auction_awards_auction_id_auctions_id_fk" FOREIGN KEY ("auction_id") REFERENCES "public"."auctions"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "auction_awards" ADD CONSTRAINT "auction_awards_bid_id_auction_bids_id_fk" FOREIGN KEY ("bid_id") REFERENCES "public"."auction_bids"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "auction_awards" ADD CONSTRAINT "auction_awards_org_id_organizations_id_fk" FOREIGN KEY ("org_id") REFERENCES "public"."organizations"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "auction_awards" ADD CONSTRAINT "auction_awards_deal_id_deals_id_fk" FOREIGN KEY ("deal_id") REFERENCES "public"."deals"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE UNIQUE INDEX "auction_awards_auction_id_rank_index" ON "auction_awards" USING btree ("auction_id","rank");--> statement-breakpoint
CREATE UNIQUE INDEX "auction_awards_auction_id_org_id_index" ON "auction_awards" USING btree ("auction_id","org_id");--> statement-breakpoint
CREATE INDEX "auction_awards_org_id_index" ON "auction_awards" USING btree ("org_id");--> statement-breakpoint
CREATE INDEX "auction_awards_deal_id_index" ON "auction_awards" USING btree ("deal_id");--> statement-breakpoint
CREATE INDEX "auction_awards_bid_id_index" ON "auction_awards" USING btree ("bid_id");--> statement-breakpoint
-- Auctions already settled: their winner is the first award.
INSERT INTO "auction_awards" ("auction_id", "rank", "bid_id", "org_id", "deal_id", "created_at")
SELECT a."id", 1, b."id", b."bidder_org_id", a."deal_id", coalesce(a."closed_at", now())
FROM "auctions" a JOIN "auction_bids" b ON b."id" = a."winning_bid_id"
WHERE a."deal_id" IS NOT NULL;
--> statement-breakpoint
CREATE TRIGGER ipm_public_changed AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON "auction_awards" FOR EACH STATEMENT EXECUTE FUNCTION ipm_public_changed();
