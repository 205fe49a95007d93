CREATE TYPE "public"."earning_type" AS ENUM('REBATE', 'COOP', 'ACCELERATOR');--> statement-breakpoint
CREATE TYPE "public"."program_status" AS ENUM('draft', 'open', 'closed', 'discontinued');--> statement-breakpoint
CREATE TABLE "program_rates" (
	"program_id" uuid NOT NULL,
	"version" integer NOT NULL,
	"lever_code" text NOT NULL,
	"earning_type" "earning_type" NOT NULL,
	"product_category" text NOT NULL,
	"rate" numeric(12, 6) NOT NULL,
	"from_month" date NOT NULL,
	"to_month" date,
	CONSTRAINT "program_rates_program_id_version_lever_code_product_category_from_month_pk" PRIMARY KEY("program_id","version","lever_code","product_category","from_month"),
	CONSTRAINT "program_rates_range" CHECK ("program_rates"."rate" >= 0 and "program_rates"."rate" <= 1),
	CONSTRAINT "program_rates_months" CHECK ("program_rates"."to_month" is null or "program_rates"."to_month" >= "program_rates"."from_month")
);
--> statement-breakpoint
CREATE TABLE "program_versions" (
	"program_id" uuid NOT NULL,
	"version" integer NOT NULL,
	"definition" jsonb NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"created_by" text NOT NULL,
	CONSTRAINT "program_versions_program_id_version_pk" PRIMARY KEY("program_id","version")
);
--> statement-breakpoint
CREATE TABLE "programs" (
	"id" uuid PRIMARY KEY NOT NULL,
	"code" text NOT NULL,
	"status" "program_status" NOT NULL,
	"current_version" integer NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "programs_code_unique" UNIQUE("code"),
	CONSTRAINT "programs_code_format" CHECK ("programs"."code" ~ '^[A-Z0-9][A-Z0-9-]{1,39}$')
);
--> statement-breakpoint
ALTER TABLE "program_rates" ADD CONSTRAINT "program_rates_program_id_version_program_versions_program_id_version_fk" FOREIGN KEY ("program_id","version") REFERENCES "public"."program_versions"("program_id","version") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "program_versions" ADD CONSTRAINT "program_versions_program_id_programs_id_fk" FOREIGN KEY ("program_id") REFERENCES "public"."programs"("id") ON DELETE no action ON UPDATE no action;