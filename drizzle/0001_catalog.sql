CREATE TYPE "public"."data_type" AS ENUM('C', 'N', 'Y', 'D', 'T', 'L', 'M', 'G', 'B', 'I', 'F');--> statement-breakpoint
CREATE TYPE "public"."department_kind" AS ENUM('COORDINATOR', 'CONSTITUENT', 'AFFILIATED');--> statement-breakpoint
CREATE TYPE "public"."masking_strategy" AS ENUM('NONE', 'ID_CARD', 'MOBILE', 'NAME', 'BANK_CARD', 'EMAIL', 'ADDRESS', 'DATE_TO_YEAR', 'KEYED_HASH', 'REDACT', 'NULLIFY');--> statement-breakpoint
CREATE TYPE "public"."open_type" AS ENUM('UNCONDITIONAL', 'CONDITIONAL', 'NOT_OPEN');--> statement-breakpoint
CREATE TYPE "public"."resource_category" AS ENUM('BASE', 'THEME', 'DEPARTMENT');--> statement-breakpoint
CREATE TYPE "public"."resource_format" AS ENUM('ELECTRONIC_FILE', 'SPREADSHEET', 'DATABASE', 'IMAGE', 'STREAMING', 'SELF_DESCRIBING', 'SERVICE_API');--> statement-breakpoint
CREATE TYPE "public"."resource_status" AS ENUM('DRAFT', 'SUBMITTED', 'PUBLISHED', 'RETIRED');--> statement-breakpoint
CREATE TYPE "public"."role" AS ENUM('PROVIDER', 'CONSUMER', 'COORDINATOR', 'AUDITOR', 'ANALYST', 'PUBLIC_USER');--> statement-breakpoint
CREATE TYPE "public"."sensitivity" AS ENUM('L1', 'L2', 'L3', 'L4');--> statement-breakpoint
CREATE TYPE "public"."share_type" AS ENUM('UNCONDITIONAL', 'CONDITIONAL', 'NOT_SHARED');--> statement-breakpoint
CREATE TYPE "public"."update_cycle" AS ENUM('REALTIME', 'DAILY', 'WEEKLY', 'MONTHLY', 'QUARTERLY', 'HALF_YEARLY', 'YEARLY', 'IRREGULAR');--> statement-breakpoint
CREATE TABLE "accounts" (
	"id" serial PRIMARY KEY NOT NULL,
	"login" text NOT NULL,
	"name" text NOT NULL,
	"department_id" integer,
	"roles" "role"[] NOT NULL,
	"active" boolean DEFAULT true NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "accounts_login_unique" UNIQUE("login")
);
--> statement-breakpoint
CREATE TABLE "data_items" (
	"id" serial PRIMARY KEY NOT NULL,
	"resource_id" integer NOT NULL,
	"position" integer NOT NULL,
	"code" text NOT NULL,
	"name" text NOT NULL,
	"data_type" "data_type" NOT NULL,
	"length" integer,
	"sensitivity" "sensitivity" NOT NULL,
	"masking_strategy" "masking_strategy" NOT NULL,
	"description" text
);
--> statement-breakpoint
CREATE TABLE "departments" (
	"id" serial PRIMARY KEY NOT NULL,
	"code" text NOT NULL,
	"seq" integer NOT NULL,
	"name" text NOT NULL,
	"short_name" text NOT NULL,
	"kind" "department_kind" NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "departments_code_unique" UNIQUE("code"),
	CONSTRAINT "departments_seq_unique" UNIQUE("seq"),
	CONSTRAINT "departments_name_unique" UNIQUE("name")
);
--> statement-breakpoint
CREATE TABLE "gateway_meta" (
	"key" text PRIMARY KEY NOT NULL,
	"value" text NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "records" (
	"resource_id" integer NOT NULL,
	"key" text NOT NULL,
	"data" jsonb NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "records_resource_id_key_pk" PRIMARY KEY("resource_id","key")
);
--> statement-breakpoint
CREATE TABLE "resources" (
	"id" serial PRIMARY KEY NOT NULL,
	"code" text NOT NULL,
	"name" text NOT NULL,
	"summary" text NOT NULL,
	"category" "resource_category" NOT NULL,
	"theme" text,
	"format" "resource_format" NOT NULL,
	"update_cycle" "update_cycle" NOT NULL,
	"share_type" "share_type" NOT NULL,
	"share_condition" text,
	"share_methods" text[] DEFAULT '{}'::text[] NOT NULL,
	"legal_basis" text,
	"open_type" "open_type" NOT NULL,
	"open_condition" text,
	"department_id" integer NOT NULL,
	"status" "resource_status" DEFAULT 'PUBLISHED' NOT NULL,
	"source_system" text,
	"use_requirements" text,
	"related_codes" text[] DEFAULT '{}'::text[] NOT NULL,
	"published_at" timestamp with time zone,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	"data_updated_at" timestamp with time zone,
	"search_doc" text DEFAULT '' NOT NULL,
	"search_grams" text[] DEFAULT '{}'::text[] NOT NULL,
	CONSTRAINT "resources_code_unique" UNIQUE("code")
);
--> statement-breakpoint
ALTER TABLE "accounts" ADD CONSTRAINT "accounts_department_id_departments_id_fk" FOREIGN KEY ("department_id") REFERENCES "public"."departments"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "data_items" ADD CONSTRAINT "data_items_resource_id_resources_id_fk" FOREIGN KEY ("resource_id") REFERENCES "public"."resources"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "records" ADD CONSTRAINT "records_resource_id_resources_id_fk" FOREIGN KEY ("resource_id") REFERENCES "public"."resources"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "resources" ADD CONSTRAINT "resources_department_id_departments_id_fk" FOREIGN KEY ("department_id") REFERENCES "public"."departments"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE UNIQUE INDEX "data_items_resource_code_uq" ON "data_items" USING btree ("resource_id","code");--> statement-breakpoint
CREATE INDEX "data_items_resource_pos_idx" ON "data_items" USING btree ("resource_id","position");--> statement-breakpoint
CREATE INDEX "resources_department_idx" ON "resources" USING btree ("department_id");--> statement-breakpoint
CREATE INDEX "resources_status_idx" ON "resources" USING btree ("status","open_type");--> statement-breakpoint
CREATE INDEX "resources_search_grams_idx" ON "resources" USING gin ("search_grams");--> statement-breakpoint
CREATE INDEX "resources_name_trgm_idx" ON "resources" USING gin ("name" gin_trgm_ops);