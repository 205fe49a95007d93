CREATE TYPE "public"."export_status" AS ENUM('queued', 'running', 'done', 'failed');--> statement-breakpoint
CREATE TABLE "earning_totals" (
	"organization_id" uuid NOT NULL,
	"location_id" uuid NOT NULL,
	"program_id" uuid NOT NULL,
	"lever_code" text NOT NULL,
	"billed_month" date NOT NULL,
	"currency" text NOT NULL,
	"kind" "earning_kind" NOT NULL,
	"earning" numeric(30, 10) NOT NULL,
	"earnings" bigint NOT NULL,
	CONSTRAINT "earning_totals_pkey" PRIMARY KEY("organization_id","location_id","program_id","lever_code","billed_month","currency","kind")
);
--> statement-breakpoint
CREATE TABLE "earnings_export_chunks" (
	"organization_id" uuid NOT NULL,
	"export_id" uuid NOT NULL,
	"chunk" integer NOT NULL,
	"data" text NOT NULL,
	CONSTRAINT "earnings_export_chunks_organization_id_export_id_chunk_pk" PRIMARY KEY("organization_id","export_id","chunk")
);
--> statement-breakpoint
CREATE TABLE "earnings_exports" (
	"organization_id" uuid NOT NULL,
	"id" uuid NOT NULL,
	"requested_by_user_id" uuid NOT NULL,
	"requested_by" text NOT NULL,
	"pairs" jsonb,
	"filters" jsonb NOT NULL,
	"status" "export_status" NOT NULL,
	"rows_total" integer,
	"rows_written" integer DEFAULT 0 NOT NULL,
	"bytes" bigint DEFAULT 0 NOT NULL,
	"error" text,
	"created_at" timestamp with time zone NOT NULL,
	"started_at" timestamp with time zone,
	"finished_at" timestamp with time zone,
	"expires_at" timestamp with time zone NOT NULL,
	CONSTRAINT "earnings_exports_organization_id_id_pk" PRIMARY KEY("organization_id","id")
);
--> statement-breakpoint
DROP INDEX "earnings_org_month";--> statement-breakpoint
DROP INDEX "earnings_pair_month";--> statement-breakpoint
ALTER TABLE "earnings_export_chunks" ADD CONSTRAINT "earnings_export_chunks_organization_id_export_id_earnings_exports_organization_id_id_fk" FOREIGN KEY ("organization_id","export_id") REFERENCES "public"."earnings_exports"("organization_id","id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "earnings_exports" ADD CONSTRAINT "earnings_exports_organization_id_organizations_id_fk" FOREIGN KEY ("organization_id") REFERENCES "public"."organizations"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE UNIQUE INDEX "earnings_exports_id" ON "earnings_exports" USING btree ("id");--> statement-breakpoint
CREATE INDEX "earnings_exports_requester" ON "earnings_exports" USING btree ("requested_by_user_id","created_at");--> statement-breakpoint
CREATE INDEX "earnings_exports_expiry" ON "earnings_exports" USING btree ("expires_at");--> statement-breakpoint
CREATE INDEX "earnings_org_month" ON "earnings" USING btree ("organization_id","billed_month","id");--> statement-breakpoint
CREATE INDEX "earnings_pair_month" ON "earnings" USING btree ("organization_id","location_id","program_id","billed_month","id");--> statement-breakpoint
CREATE FUNCTION "earning_totals_add"() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  INSERT INTO "earning_totals" AS t ("organization_id", "location_id", "program_id", "lever_code", "billed_month", "currency", "kind", "earning", "earnings")
  SELECT "organization_id", "location_id", "program_id", "lever_code", "billed_month", "currency", "kind", sum("earning"), count(*)
    FROM new_earnings
   GROUP BY "organization_id", "location_id", "program_id", "lever_code", "billed_month", "currency", "kind"
  ON CONFLICT ("organization_id", "location_id", "program_id", "lever_code", "billed_month", "currency", "kind")
  DO UPDATE SET "earning" = t."earning" + excluded."earning", "earnings" = t."earnings" + excluded."earnings";
  RETURN NULL;
END;
$$;--> statement-breakpoint
CREATE TRIGGER "earnings_add_to_totals" AFTER INSERT ON "earnings"
  REFERENCING NEW TABLE AS new_earnings FOR EACH STATEMENT EXECUTE FUNCTION "earning_totals_add"();--> statement-breakpoint
INSERT INTO "earning_totals" ("organization_id", "location_id", "program_id", "lever_code", "billed_month", "currency", "kind", "earning", "earnings")
SELECT "organization_id", "location_id", "program_id", "lever_code", "billed_month", "currency", "kind", sum("earning"), count(*)
  FROM "earnings"
 GROUP BY "organization_id", "location_id", "program_id", "lever_code", "billed_month", "currency", "kind";
