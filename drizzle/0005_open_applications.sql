CREATE TYPE "public"."application_state" AS ENUM('PENDING', 'APPROVED', 'REJECTED', 'USED', 'RECHECK_REQUESTED', 'CLOSED');--> statement-breakpoint
CREATE TABLE "open_applications" (
	"id" serial PRIMARY KEY NOT NULL,
	"applicant_account_id" integer NOT NULL,
	"resource_id" integer NOT NULL,
	"scope" text NOT NULL,
	"purpose" text NOT NULL,
	"items" text[] NOT NULL,
	"state" "application_state" DEFAULT 'PENDING' NOT NULL,
	"submitted_at" timestamp with time zone NOT NULL,
	"deadline" timestamp with time zone NOT NULL,
	"deadline_provisional" boolean DEFAULT false NOT NULL,
	"decided_at" timestamp with time zone,
	"decided_by_account_id" integer,
	"decision_reason" text,
	"recheck_reason" text,
	"recheck_requested_at" timestamp with time zone,
	"recheck_resolved_at" timestamp with time zone,
	"recheck_resolution" text,
	"used_at" timestamp with time zone,
	"used_request_id" text
);
--> statement-breakpoint
ALTER TABLE "open_applications" ADD CONSTRAINT "open_applications_applicant_account_id_accounts_id_fk" FOREIGN KEY ("applicant_account_id") REFERENCES "public"."accounts"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "open_applications" ADD CONSTRAINT "open_applications_resource_id_resources_id_fk" FOREIGN KEY ("resource_id") REFERENCES "public"."resources"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "open_applications" ADD CONSTRAINT "open_applications_decided_by_account_id_accounts_id_fk" FOREIGN KEY ("decided_by_account_id") REFERENCES "public"."accounts"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "open_applications_applicant_idx" ON "open_applications" USING btree ("applicant_account_id","state");--> statement-breakpoint
CREATE INDEX "open_applications_resource_idx" ON "open_applications" USING btree ("resource_id","state");