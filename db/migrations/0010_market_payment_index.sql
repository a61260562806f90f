DROP INDEX "payments_one_success_per_deal";--> statement-breakpoint
CREATE UNIQUE INDEX "payments_one_success_per_deal" ON "payments" USING btree ("deal_id") WHERE status = 'succeeded';