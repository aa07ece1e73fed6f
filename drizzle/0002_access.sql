CREATE TYPE "public"."use_purpose" AS ENUM('ADMINISTRATIVE_BASIS', 'WORK_REFERENCE', 'DATA_VERIFICATION', 'BUSINESS_COLLABORATION');--> statement-breakpoint
CREATE TABLE "audit_events" (
	"id" bigserial PRIMARY KEY NOT NULL,
	"at" timestamp with time zone NOT NULL,
	"account_id" integer,
	"login" text,
	"department_code" text,
	"roles" text[] NOT NULL,
	"operation" text NOT NULL,
	"resource_code" text,
	"purpose" text,
	"purpose_detail" text,
	"items_clear" text[] NOT NULL,
	"items_masked" text[] NOT NULL,
	"items_withheld" text[] NOT NULL,
	"filters" jsonb NOT NULL,
	"row_count" integer NOT NULL,
	"grant_ids" integer[] NOT NULL,
	"outcome" text NOT NULL,
	"reason" text,
	"request_id" text,
	"client_address" text,
	"prev_hash" text NOT NULL,
	"hash" text NOT NULL
);
--> statement-breakpoint
CREATE TABLE "grants" (
	"id" serial PRIMARY KEY NOT NULL,
	"department_id" integer NOT NULL,
	"resource_id" integer NOT NULL,
	"purpose" "use_purpose" NOT NULL,
	"items" text[] NOT NULL,
	"clear_items" text[] DEFAULT '{}'::text[] NOT NULL,
	"valid_from" timestamp with time zone NOT NULL,
	"valid_until" timestamp with time zone NOT NULL,
	"revoked_at" timestamp with time zone,
	"revoked_reason" text,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
ALTER TABLE "records" ADD COLUMN "row_id" bigserial NOT NULL;--> statement-breakpoint
ALTER TABLE "grants" ADD CONSTRAINT "grants_department_id_departments_id_fk" FOREIGN KEY ("department_id") REFERENCES "public"."departments"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "grants" ADD CONSTRAINT "grants_resource_id_resources_id_fk" FOREIGN KEY ("resource_id") REFERENCES "public"."resources"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "audit_events_at_idx" ON "audit_events" USING btree ("at");--> statement-breakpoint
CREATE INDEX "audit_events_resource_idx" ON "audit_events" USING btree ("resource_code","at");--> statement-breakpoint
CREATE INDEX "audit_events_login_idx" ON "audit_events" USING btree ("login","at");--> statement-breakpoint
CREATE INDEX "grants_lookup_idx" ON "grants" USING btree ("department_id","resource_id","purpose");--> statement-breakpoint
ALTER TABLE "records" ADD CONSTRAINT "records_row_id_unique" UNIQUE("row_id");