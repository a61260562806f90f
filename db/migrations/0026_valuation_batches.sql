CREATE TABLE "valuation_batches" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"org_id" uuid NOT NULL,
	"requested_by" uuid,
	"purpose" "valuation_purpose" NOT NULL,
	"locale" text DEFAULT 'zh-CN' NOT NULL,
	"request_key" text NOT NULL,
	"total" integer NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"finished_at" timestamp with time zone
);
--> statement-breakpoint
ALTER TABLE "valuations" ADD COLUMN "batch_id" uuid;--> statement-breakpoint
ALTER TABLE "valuation_batches" ADD CONSTRAINT "valuation_batches_org_id_organizations_id_fk" FOREIGN KEY ("org_id") REFERENCES "public"."organizations"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "valuation_batches" ADD CONSTRAINT "valuation_batches_requested_by_users_id_fk" FOREIGN KEY ("requested_by") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE UNIQUE INDEX "valuation_batches_org_id_request_key_index" ON "valuation_batches" USING btree ("org_id","request_key");--> statement-breakpoint
CREATE INDEX "valuation_batches_requested_by_index" ON "valuation_batches" USING btree ("requested_by");--> statement-breakpoint
CREATE INDEX "valuation_batches_org_id_created_at_index" ON "valuation_batches" USING btree ("org_id","created_at");--> statement-breakpoint
ALTER TABLE "valuations" ADD CONSTRAINT "valuations_batch_id_valuation_batches_id_fk" FOREIGN KEY ("batch_id") REFERENCES "public"."valuation_batches"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "valuations_batch_id_status_index" ON "valuations" USING btree ("batch_id","status");