CREATE TYPE "public"."saved_search_frequency" AS ENUM('instant', 'daily', 'weekly');--> statement-breakpoint
CREATE TABLE "saved_search_hits" (
	"saved_search_id" uuid NOT NULL,
	"listing_id" uuid NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "saved_search_hits_saved_search_id_listing_id_pk" PRIMARY KEY("saved_search_id","listing_id")
);
--> statement-breakpoint
CREATE TABLE "saved_searches" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"user_id" uuid NOT NULL,
	"org_id" uuid NOT NULL,
	"name" text NOT NULL,
	"query" text NOT NULL,
	"frequency" "saved_search_frequency" NOT NULL,
	"checked_up_to" timestamp with time zone DEFAULT now() NOT NULL,
	"last_notified_at" timestamp with time zone,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "deal_messages" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"deal_id" uuid NOT NULL,
	"author_user_id" uuid NOT NULL,
	"author_org_id" uuid NOT NULL,
	"body" text NOT NULL,
	"file_name" text,
	"stored_name" text,
	"mime" text,
	"size" bigint,
	"sha256" text,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "deal_messages_storedName_unique" UNIQUE("stored_name")
);
--> statement-breakpoint
CREATE TABLE "deal_thread_reads" (
	"deal_id" uuid NOT NULL,
	"org_id" uuid NOT NULL,
	"read_at" timestamp with time zone NOT NULL,
	CONSTRAINT "deal_thread_reads_deal_id_org_id_pk" PRIMARY KEY("deal_id","org_id")
);
--> statement-breakpoint
ALTER TABLE "saved_search_hits" ADD CONSTRAINT "saved_search_hits_saved_search_id_saved_searches_id_fk" FOREIGN KEY ("saved_search_id") REFERENCES "public"."saved_searches"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "saved_search_hits" ADD CONSTRAINT "saved_search_hits_listing_id_listings_id_fk" FOREIGN KEY ("listing_id") REFERENCES "public"."listings"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "saved_searches" ADD CONSTRAINT "saved_searches_user_id_users_id_fk" FOREIGN KEY ("user_id") REFERENCES "public"."users"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "saved_searches" ADD CONSTRAINT "saved_searches_org_id_organizations_id_fk" FOREIGN KEY ("org_id") REFERENCES "public"."organizations"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "deal_messages" ADD CONSTRAINT "deal_messages_deal_id_deals_id_fk" FOREIGN KEY ("deal_id") REFERENCES "public"."deals"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "deal_messages" ADD CONSTRAINT "deal_messages_author_user_id_users_id_fk" FOREIGN KEY ("author_user_id") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "deal_messages" ADD CONSTRAINT "deal_messages_author_org_id_organizations_id_fk" FOREIGN KEY ("author_org_id") REFERENCES "public"."organizations"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "deal_thread_reads" ADD CONSTRAINT "deal_thread_reads_deal_id_deals_id_fk" FOREIGN KEY ("deal_id") REFERENCES "public"."deals"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "deal_thread_reads" ADD CONSTRAINT "deal_thread_reads_org_id_organizations_id_fk" FOREIGN KEY ("org_id") REFERENCES "public"."organizations"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "saved_search_hits_listing_id_index" ON "saved_search_hits" USING btree ("listing_id");--> statement-breakpoint
CREATE UNIQUE INDEX "saved_searches_user_id_query_index" ON "saved_searches" USING btree ("user_id","query");--> statement-breakpoint
CREATE INDEX "saved_searches_org_id_index" ON "saved_searches" USING btree ("org_id");--> statement-breakpoint
CREATE INDEX "saved_searches_frequency_checked_up_to_index" ON "saved_searches" USING btree ("frequency","checked_up_to");--> statement-breakpoint
CREATE INDEX "deal_messages_deal_id_created_at_index" ON "deal_messages" USING btree ("deal_id","created_at");--> statement-breakpoint
CREATE INDEX "deal_messages_author_user_id_index" ON "deal_messages" USING btree ("author_user_id");--> statement-breakpoint
CREATE INDEX "deal_messages_author_org_id_index" ON "deal_messages" USING btree ("author_org_id");--> statement-breakpoint
CREATE INDEX "deal_thread_reads_org_id_index" ON "deal_thread_reads" USING btree ("org_id");--> statement-breakpoint
-- A negotiation thread is append-only: what was said stays said (an attachment's row too).
CREATE OR REPLACE FUNCTION deal_messages_append_only() RETURNS trigger AS $$
BEGIN
  RAISE EXCEPTION 'deal_messages is append-only (% refused)', TG_OP USING ERRCODE = 'insufficient_privilege';
END;
$$ LANGUAGE plpgsql;--> statement-breakpoint
CREATE TRIGGER deal_messages_no_update_delete BEFORE UPDATE OR DELETE ON "deal_messages"
  FOR EACH ROW EXECUTE FUNCTION deal_messages_append_only();--> statement-breakpoint
CREATE TRIGGER deal_messages_no_truncate BEFORE TRUNCATE ON "deal_messages"
  FOR EACH STATEMENT EXECUTE FUNCTION deal_messages_append_only();
