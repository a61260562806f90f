CREATE TYPE "public"."auction_document_kind" AS ENUM('history', 'title', 'licences', 'encumbrances', 'valuation');--> statement-breakpoint
CREATE TABLE "auction_documents" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"auction_id" uuid NOT NULL,
	"kind" "auction_document_kind" NOT NULL,
	"file_name" text NOT NULL,
	"stored_name" text NOT NULL,
	"mime" text NOT NULL,
	"size" bigint NOT NULL,
	"sha256" text NOT NULL,
	"uploaded_by" uuid,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "auction_documents_storedName_unique" UNIQUE("stored_name")
);
--> statement-breakpoint
ALTER TABLE "auction_documents" ADD CONSTRAINT "auction_documents_auction_id_auctions_id_fk" FOREIGN KEY ("auction_id") REFERENCES "public"."auctions"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "auction_documents" ADD CONSTRAINT "auction_documents_uploaded_by_users_id_fk" FOREIGN KEY ("uploaded_by") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "auction_documents_auction_id_kind_index" ON "auction_documents" USING btree ("auction_id","kind");--> statement-breakpoint
CREATE INDEX "auction_documents_uploaded_by_index" ON "auction_documents" USING btree ("uploaded_by");--> statement-breakpoint
CREATE TRIGGER ipm_public_changed AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON "auction_documents" FOR EACH STATEMENT EXECUTE FUNCTION ipm_public_changed();
