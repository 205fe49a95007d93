CREATE TYPE "public"."import_kind" AS ENUM('billing', 'fx');--> statement-breakpoint
CREATE TYPE "public"."import_status" AS ENUM('queued', 'loading', 'applying', 'done', 'refused', 'failed');--> statement-breakpoint
CREATE TYPE "public"."calculation_status" AS ENUM('queued', 'running', 'done', 'failed');--> statement-breakpoint
CREATE TYPE "public"."earning_kind" AS ENUM('calculated', 'adjustment');--> statement-breakpoint
CREATE TABLE "billing_line_versions" (
	"organization_id" uuid NOT NULL,
	"line_id" text NOT NULL,
	"version" integer NOT NULL,
	"location_id" uuid NOT NULL,
	"customer_id" text,
	"customer_name" text,
	"product_sku" text,
	"product_category" text NOT NULL,
	"billed_month" date NOT NULL,
	"currency" text NOT NULL,
	"amount" numeric(20, 4) NOT NULL,
	"quantity" numeric(20, 4),
	"import_id" uuid NOT NULL,
	"imported_at" timestamp with time zone NOT NULL,
	CONSTRAINT "billing_line_versions_organization_id_line_id_version_pk" PRIMARY KEY("organization_id","line_id","version")
);
--> statement-breakpoint
CREATE TABLE "billing_lines" (
	"organization_id" uuid NOT NULL,
	"line_id" text NOT NULL,
	"version" integer NOT NULL,
	"location_id" uuid NOT NULL,
	"customer_id" text,
	"customer_name" text,
	"product_sku" text,
	"product_category" text NOT NULL,
	"billed_month" date NOT NULL,
	"currency" text NOT NULL,
	"amount" numeric(20, 4) NOT NULL,
	"quantity" numeric(20, 4),
	"import_id" uuid NOT NULL,
	CONSTRAINT "billing_lines_organization_id_line_id_pk" PRIMARY KEY("organization_id","line_id"),
	CONSTRAINT "billing_lines_month_start" CHECK (extract(day from "billing_lines"."billed_month") = 1)
);
--> statement-breakpoint
CREATE UNLOGGED TABLE "billing_staging" (
	"import_id" uuid NOT NULL,
	"row" integer NOT NULL,
	"line_id" text NOT NULL,
	"location_code" text NOT NULL,
	"customer_id" text,
	"customer_name" text,
	"product_sku" text,
	"product_category" text NOT NULL,
	"billed_month" date NOT NULL,
	"currency" text NOT NULL,
	"amount" numeric(20, 4) NOT NULL,
	"quantity" numeric(20, 4)
);
--> statement-breakpoint
CREATE TABLE "fx_rates" (
	"month" date NOT NULL,
	"currency" text NOT NULL,
	"units_per_usd" numeric(24, 8) NOT NULL,
	"import_id" uuid NOT NULL,
	"updated_at" timestamp with time zone NOT NULL,
	CONSTRAINT "fx_rates_month_currency_pk" PRIMARY KEY("month","currency"),
	CONSTRAINT "fx_rates_positive" CHECK ("fx_rates"."units_per_usd" > 0),
	CONSTRAINT "fx_rates_not_usd" CHECK ("fx_rates"."currency" <> 'USD')
);
--> statement-breakpoint
CREATE TABLE "import_file_chunks" (
	"import_id" uuid NOT NULL,
	"chunk" integer NOT NULL,
	"data" text NOT NULL,
	CONSTRAINT "import_file_chunks_import_id_chunk_pk" PRIMARY KEY("import_id","chunk")
);
--> statement-breakpoint
CREATE TABLE "import_runs" (
	"id" uuid PRIMARY KEY NOT NULL,
	"kind" "import_kind" NOT NULL,
	"file_name" text NOT NULL,
	"status" "import_status" NOT NULL,
	"bytes_total" bigint,
	"bytes_read" bigint DEFAULT 0 NOT NULL,
	"rows_read" integer DEFAULT 0 NOT NULL,
	"inserted" integer DEFAULT 0 NOT NULL,
	"updated" integer DEFAULT 0 NOT NULL,
	"unchanged" integer DEFAULT 0 NOT NULL,
	"problem_count" integer DEFAULT 0 NOT NULL,
	"problems" jsonb DEFAULT '[]'::jsonb NOT NULL,
	"error" text,
	"actor_user_id" uuid,
	"actor_label" text NOT NULL,
	"created_at" timestamp with time zone NOT NULL,
	"started_at" timestamp with time zone,
	"finished_at" timestamp with time zone
);
--> statement-breakpoint
CREATE TABLE "calculations" (
	"id" uuid PRIMARY KEY NOT NULL,
	"status" "calculation_status" NOT NULL,
	"from_month" date,
	"to_month" date,
	"calculated" integer DEFAULT 0 NOT NULL,
	"adjusted" integer DEFAULT 0 NOT NULL,
	"error" text,
	"actor_user_id" uuid,
	"actor_label" text NOT NULL,
	"created_at" timestamp with time zone NOT NULL,
	"started_at" timestamp with time zone,
	"finished_at" timestamp with time zone
);
--> statement-breakpoint
CREATE TABLE "earnings" (
	"organization_id" uuid NOT NULL,
	"id" uuid NOT NULL,
	"location_id" uuid NOT NULL,
	"program_id" uuid NOT NULL,
	"program_version" integer NOT NULL,
	"lever_code" text NOT NULL,
	"earning_type" "earning_type" NOT NULL,
	"line_id" text,
	"line_version" integer,
	"billed_month" date NOT NULL,
	"currency" text NOT NULL,
	"amount" numeric(20, 4),
	"rate" numeric(12, 6),
	"earning" numeric(30, 10) NOT NULL,
	"kind" "earning_kind" NOT NULL,
	"reason" text,
	"comment" text,
	"calculation_id" uuid,
	"created_by_user_id" uuid,
	"created_by" text NOT NULL,
	"created_at" timestamp with time zone NOT NULL,
	CONSTRAINT "earnings_organization_id_id_pk" PRIMARY KEY("organization_id","id"),
	CONSTRAINT "earnings_month_start" CHECK (extract(day from "earnings"."billed_month") = 1),
	CONSTRAINT "earnings_kind_reason" CHECK (("earnings"."kind" = 'calculated') = ("earnings"."reason" is null)),
	CONSTRAINT "earnings_manual_line" CHECK ("earnings"."line_id" is not null or "earnings"."kind" = 'adjustment')
);
--> statement-breakpoint
ALTER TABLE "billing_line_versions" ADD CONSTRAINT "billing_line_versions_organization_id_location_id_locations_organization_id_id_fk" FOREIGN KEY ("organization_id","location_id") REFERENCES "public"."locations"("organization_id","id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "billing_lines" ADD CONSTRAINT "billing_lines_organization_id_location_id_locations_organization_id_id_fk" FOREIGN KEY ("organization_id","location_id") REFERENCES "public"."locations"("organization_id","id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "import_file_chunks" ADD CONSTRAINT "import_file_chunks_import_id_import_runs_id_fk" FOREIGN KEY ("import_id") REFERENCES "public"."import_runs"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "billing_line_versions_line" ON "billing_line_versions" USING btree ("line_id","version");--> statement-breakpoint
CREATE UNIQUE INDEX "billing_lines_line_id" ON "billing_lines" USING btree ("line_id");--> statement-breakpoint
CREATE INDEX "billing_lines_month" ON "billing_lines" USING btree ("billed_month");--> statement-breakpoint
CREATE INDEX "billing_staging_import" ON "billing_staging" USING btree ("import_id","line_id");--> statement-breakpoint
CREATE INDEX "import_runs_recent" ON "import_runs" USING btree ("kind","created_at");--> statement-breakpoint
CREATE INDEX "calculations_recent" ON "calculations" USING btree ("created_at");--> statement-breakpoint
CREATE INDEX "earnings_org_month" ON "earnings" USING btree ("organization_id","billed_month");--> statement-breakpoint
CREATE INDEX "earnings_pair_month" ON "earnings" USING btree ("organization_id","location_id","program_id","billed_month");--> statement-breakpoint
CREATE INDEX "earnings_line" ON "earnings" USING btree ("line_id");--> statement-breakpoint
CREATE FUNCTION "append_only"() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  RAISE EXCEPTION '% is append-only: % is not allowed', TG_TABLE_NAME, TG_OP USING ERRCODE = 'insufficient_privilege';
END;
$$;--> statement-breakpoint
CREATE TRIGGER "earnings_no_update_delete" BEFORE UPDATE OR DELETE ON "earnings"
  FOR EACH ROW EXECUTE FUNCTION "append_only"();--> statement-breakpoint
CREATE TRIGGER "billing_line_versions_no_update_delete" BEFORE UPDATE OR DELETE ON "billing_line_versions"
  FOR EACH ROW EXECUTE FUNCTION "append_only"();
