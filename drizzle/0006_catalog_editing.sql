CREATE TABLE "duty_changes" (
	"id" serial PRIMARY KEY NOT NULL,
	"department_id" integer NOT NULL,
	"description" text NOT NULL,
	"recorded_at" timestamp with time zone NOT NULL,
	"due_at" timestamp with time zone NOT NULL,
	"recorded_by_account_id" integer
);
--> statement-breakpoint
CREATE TABLE "resource_versions" (
	"id" serial PRIMARY KEY NOT NULL,
	"resource_id" integer NOT NULL,
	"version" integer NOT NULL,
	"kind" text NOT NULL,
	"changed_by_account_id" integer,
	"changed_at" timestamp with time zone NOT NULL,
	"diff" jsonb NOT NULL,
	"snapshot" jsonb NOT NULL,
	"note" text
);
--> statement-breakpoint
ALTER TABLE "data_items" ADD COLUMN "element" text;--> statement-breakpoint
ALTER TABLE "data_items" ADD COLUMN "is_source" boolean DEFAULT false NOT NULL;--> statement-breakpoint
ALTER TABLE "resources" ADD COLUMN "pending_change" jsonb;--> statement-breakpoint
ALTER TABLE "resources" ADD COLUMN "review_note" text;--> statement-breakpoint
ALTER TABLE "duty_changes" ADD CONSTRAINT "duty_changes_department_id_departments_id_fk" FOREIGN KEY ("department_id") REFERENCES "public"."departments"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "duty_changes" ADD CONSTRAINT "duty_changes_recorded_by_account_id_accounts_id_fk" FOREIGN KEY ("recorded_by_account_id") REFERENCES "public"."accounts"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "resource_versions" ADD CONSTRAINT "resource_versions_resource_id_resources_id_fk" FOREIGN KEY ("resource_id") REFERENCES "public"."resources"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "resource_versions" ADD CONSTRAINT "resource_versions_changed_by_account_id_accounts_id_fk" FOREIGN KEY ("changed_by_account_id") REFERENCES "public"."accounts"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE UNIQUE INDEX "resource_versions_uq" ON "resource_versions" USING btree ("resource_id","version");