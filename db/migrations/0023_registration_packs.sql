CREATE TYPE "public"."registration_pack_kind" AS ENUM('registration', 'change', 'cancellation');--> statement-breakpoint
CREATE TYPE "public"."registration_pack_status" AS ENUM('draft', 'signed_one', 'signed', 'filed', 'correction_requested', 'resigned_one', 'resubmitted', 'recorded', 'cancelled');--> statement-breakpoint
CREATE TYPE "public"."signing_party" AS ENUM('pledgor', 'pledgee');--> statement-breakpoint
CREATE TABLE "correction_notices" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"pack_id" uuid NOT NULL,
	"revision" integer NOT NULL,
	"received_on" date NOT NULL,
	"items" text NOT NULL,
	"completed_on" date,
	"recorded_by" uuid,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "issued_documents" (
	"sha256" text PRIMARY KEY NOT NULL,
	"kind" text NOT NULL,
	"title" text NOT NULL,
	"entity_type" text NOT NULL,
	"entity_id" uuid NOT NULL,
	"issued_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "pack_documents" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"pack_id" uuid NOT NULL,
	"revision" integer NOT NULL,
	"position" integer NOT NULL,
	"kind" text NOT NULL,
	"title" text NOT NULL,
	"pdf" "bytea" NOT NULL,
	"sha256" text NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "pack_signatures" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"pack_id" uuid NOT NULL,
	"revision" integer NOT NULL,
	"party" "signing_party" NOT NULL,
	"org_id" uuid NOT NULL,
	"user_id" uuid NOT NULL,
	"certificate_serial" text NOT NULL,
	"ip" text,
	"documents" jsonb NOT NULL,
	"signed_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "registration_packs" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"application_id" uuid NOT NULL,
	"kind" "registration_pack_kind" NOT NULL,
	"status" "registration_pack_status" DEFAULT 'draft' NOT NULL,
	"revision" integer DEFAULT 1 NOT NULL,
	"inputs" jsonb NOT NULL,
	"filed_on" date,
	"clock_started_on" date,
	"due_on" date,
	"cnipa_number" text,
	"notice_number" text,
	"recorded_on" date,
	"created_by" uuid,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "signing_authorities" (
	"id" text PRIMARY KEY NOT NULL,
	"cert_pem" text NOT NULL,
	"key_pem" text NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "signing_certificates" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"org_id" uuid NOT NULL,
	"serial" text NOT NULL,
	"cert_pem" text NOT NULL,
	"key_pem" text NOT NULL,
	"not_after" timestamp with time zone NOT NULL,
	"revoked_at" timestamp with time zone,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "signing_certificates_serial_unique" UNIQUE("serial")
);
--> statement-breakpoint
ALTER TABLE "organizations" ADD COLUMN "address" text;--> statement-breakpoint
ALTER TABLE "correction_notices" ADD CONSTRAINT "correction_notices_pack_id_registration_packs_id_fk" FOREIGN KEY ("pack_id") REFERENCES "public"."registration_packs"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "correction_notices" ADD CONSTRAINT "correction_notices_recorded_by_users_id_fk" FOREIGN KEY ("recorded_by") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "pack_documents" ADD CONSTRAINT "pack_documents_pack_id_registration_packs_id_fk" FOREIGN KEY ("pack_id") REFERENCES "public"."registration_packs"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "pack_signatures" ADD CONSTRAINT "pack_signatures_pack_id_registration_packs_id_fk" FOREIGN KEY ("pack_id") REFERENCES "public"."registration_packs"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "pack_signatures" ADD CONSTRAINT "pack_signatures_org_id_organizations_id_fk" FOREIGN KEY ("org_id") REFERENCES "public"."organizations"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "pack_signatures" ADD CONSTRAINT "pack_signatures_user_id_users_id_fk" FOREIGN KEY ("user_id") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "registration_packs" ADD CONSTRAINT "registration_packs_application_id_pledge_applications_id_fk" FOREIGN KEY ("application_id") REFERENCES "public"."pledge_applications"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "registration_packs" ADD CONSTRAINT "registration_packs_created_by_users_id_fk" FOREIGN KEY ("created_by") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "signing_certificates" ADD CONSTRAINT "signing_certificates_org_id_organizations_id_fk" FOREIGN KEY ("org_id") REFERENCES "public"."organizations"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE UNIQUE INDEX "correction_notices_pack_id_revision_index" ON "correction_notices" USING btree ("pack_id","revision");--> statement-breakpoint
CREATE INDEX "correction_notices_recorded_by_index" ON "correction_notices" USING btree ("recorded_by");--> statement-breakpoint
CREATE INDEX "issued_documents_entity_type_entity_id_index" ON "issued_documents" USING btree ("entity_type","entity_id");--> statement-breakpoint
CREATE UNIQUE INDEX "pack_documents_pack_id_revision_kind_index" ON "pack_documents" USING btree ("pack_id","revision","kind");--> statement-breakpoint
CREATE INDEX "pack_documents_sha256_index" ON "pack_documents" USING btree ("sha256");--> statement-breakpoint
CREATE UNIQUE INDEX "pack_signatures_pack_id_revision_party_index" ON "pack_signatures" USING btree ("pack_id","revision","party");--> statement-breakpoint
CREATE INDEX "pack_signatures_org_id_index" ON "pack_signatures" USING btree ("org_id");--> statement-breakpoint
CREATE INDEX "pack_signatures_user_id_index" ON "pack_signatures" USING btree ("user_id");--> statement-breakpoint
CREATE INDEX "registration_packs_application_id_index" ON "registration_packs" USING btree ("application_id");--> statement-breakpoint
CREATE INDEX "registration_packs_created_by_index" ON "registration_packs" USING btree ("created_by");--> statement-breakpoint
CREATE UNIQUE INDEX "registration_packs_one_open" ON "registration_packs" USING btree ("application_id","kind") WHERE status not in ('recorded', 'cancelled');--> statement-breakpoint
CREATE UNIQUE INDEX "signing_certificates_one_current" ON "signing_certificates" USING btree ("org_id") WHERE revoked_at is null;