ALTER TABLE "review_messages" ADD COLUMN "file_name" text;--> statement-breakpoint
ALTER TABLE "review_messages" ADD COLUMN "stored_name" text;--> statement-breakpoint
ALTER TABLE "review_messages" ADD COLUMN "mime" text;--> statement-breakpoint
ALTER TABLE "review_messages" ADD COLUMN "size" integer;--> statement-breakpoint
ALTER TABLE "review_messages" ADD COLUMN "sha256" text;