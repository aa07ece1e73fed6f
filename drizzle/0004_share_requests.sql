CREATE TYPE "public"."request_kind" AS ENUM('SHARE', 'RECLASSIFICATION');--> statement-breakpoint
CREATE TYPE "public"."request_state" AS ENUM('PENDING', 'APPROVED', 'REJECTED', 'ESCALATED', 'CLOSED');--> statement-breakpoint
CREATE TABLE "calendar_days" (
	"day" text PRIMARY KEY NOT NULL,
	"kind" text NOT NULL,
	"name" text,
	"set_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "calendar_years" (
	"year" integer PRIMARY KEY NOT NULL,
	"set_by_account_id" integer,
	"set_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "notifications" (
	"id" serial PRIMARY KEY NOT NULL,
	"department_id" integer NOT NULL,
	"kind" text NOT NULL,
	"request_id" integer,
	"grant_id" integer,
	"message" text NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"read_at" timestamp with time zone
);
--> statement-breakpoint
CREATE TABLE "share_requests" (
	"id" serial PRIMARY KEY NOT NULL,
	"kind" "request_kind" NOT NULL,
	"state" "request_state" DEFAULT 'PENDING' NOT NULL,
	"requester_department_id" integer NOT NULL,
	"requester_account_id" integer NOT NULL,
	"resource_id" integer NOT NULL,
	"purpose" "use_purpose" NOT NULL,
	"purpose_detail" text NOT NULL,
	"items" text[] NOT NULL,
	"clear_items" text[] NOT NULL,
	"valid_until" timestamp with time zone NOT NULL,
	"submitted_at" timestamp with time zone NOT NULL,
	"deadline" timestamp with time zone NOT NULL,
	"deadline_provisional" boolean DEFAULT false NOT NULL,
	"decided_at" timestamp with time zone,
	"decided_by_account_id" integer,
	"decision_reason" text,
	"escalated_at" timestamp with time zone,
	"escalation_reason" text,
	"resolved_at" timestamp with time zone,
	"resolved_by_account_id" integer,
	"resolution_reason" text,
	"grant_id" integer
);
--> statement-breakpoint
ALTER TABLE "grants" ADD COLUMN "request_id" integer;--> statement-breakpoint
ALTER TABLE "calendar_years" ADD CONSTRAINT "calendar_years_set_by_account_id_accounts_id_fk" FOREIGN KEY ("set_by_account_id") REFERENCES "public"."accounts"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "notifications" ADD CONSTRAINT "notifications_department_id_departments_id_fk" FOREIGN KEY ("department_id") REFERENCES "public"."departments"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "notifications" ADD CONSTRAINT "notifications_request_id_share_requests_id_fk" FOREIGN KEY ("request_id") REFERENCES "public"."share_requests"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "notifications" ADD CONSTRAINT "notifications_grant_id_grants_id_fk" FOREIGN KEY ("grant_id") REFERENCES "public"."grants"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "share_requests" ADD CONSTRAINT "share_requests_requester_department_id_departments_id_fk" FOREIGN KEY ("requester_department_id") REFERENCES "public"."departments"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "share_requests" ADD CONSTRAINT "share_requests_requester_account_id_accounts_id_fk" FOREIGN KEY ("requester_account_id") REFERENCES "public"."accounts"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "share_requests" ADD CONSTRAINT "share_requests_resource_id_resources_id_fk" FOREIGN KEY ("resource_id") REFERENCES "public"."resources"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "share_requests" ADD CONSTRAINT "share_requests_decided_by_account_id_accounts_id_fk" FOREIGN KEY ("decided_by_account_id") REFERENCES "public"."accounts"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "share_requests" ADD CONSTRAINT "share_requests_resolved_by_account_id_accounts_id_fk" FOREIGN KEY ("resolved_by_account_id") REFERENCES "public"."accounts"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "share_requests" ADD CONSTRAINT "share_requests_grant_id_grants_id_fk" FOREIGN KEY ("grant_id") REFERENCES "public"."grants"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "notifications_department_idx" ON "notifications" USING btree ("department_id","read_at");--> statement-breakpoint
CREATE UNIQUE INDEX "notifications_once_uq" ON "notifications" USING btree ("request_id","kind","department_id");--> statement-breakpoint
CREATE INDEX "share_requests_requester_idx" ON "share_requests" USING btree ("requester_department_id","state");--> statement-breakpoint
CREATE INDEX "share_requests_resource_idx" ON "share_requests" USING btree ("resource_id","state");