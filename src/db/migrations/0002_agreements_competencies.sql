CREATE TYPE "public"."agreement_status" AS ENUM('active', 'expired', 'terminated');--> statement-breakpoint
CREATE TYPE "public"."agreement_type" AS ENUM('partner_network', 'cloud_distributor', 'reseller');--> statement-breakpoint
CREATE TYPE "public"."competency_level" AS ENUM('silver', 'gold');--> statement-breakpoint
CREATE TABLE "agreements" (
	"organization_id" uuid NOT NULL,
	"id" uuid NOT NULL,
	"location_id" uuid,
	"type" "agreement_type" NOT NULL,
	"status" "agreement_status" NOT NULL,
	"valid_from" date NOT NULL,
	"valid_to" date,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "agreements_organization_id_id_pk" PRIMARY KEY("organization_id","id"),
	CONSTRAINT "agreements_dates" CHECK ("agreements"."valid_to" is null or "agreements"."valid_to" >= "agreements"."valid_from")
);
--> statement-breakpoint
CREATE TABLE "competencies" (
	"organization_id" uuid NOT NULL,
	"id" uuid NOT NULL,
	"name" text NOT NULL,
	"level" "competency_level" NOT NULL,
	"valid_from" date NOT NULL,
	"valid_to" date,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "competencies_organization_id_id_pk" PRIMARY KEY("organization_id","id"),
	CONSTRAINT "competencies_dates" CHECK ("competencies"."valid_to" is null or "competencies"."valid_to" >= "competencies"."valid_from")
);
--> statement-breakpoint
ALTER TABLE "agreements" ADD CONSTRAINT "agreements_organization_id_organizations_id_fk" FOREIGN KEY ("organization_id") REFERENCES "public"."organizations"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "agreements" ADD CONSTRAINT "agreements_organization_id_location_id_locations_organization_id_id_fk" FOREIGN KEY ("organization_id","location_id") REFERENCES "public"."locations"("organization_id","id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "competencies" ADD CONSTRAINT "competencies_organization_id_organizations_id_fk" FOREIGN KEY ("organization_id") REFERENCES "public"."organizations"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE UNIQUE INDEX "agreements_natural_key" ON "agreements" USING btree ("organization_id",coalesce("location_id", '00000000-0000-0000-0000-000000000000'::uuid),"type","valid_from");--> statement-breakpoint
CREATE UNIQUE INDEX "competencies_natural_key" ON "competencies" USING btree ("organization_id","name","valid_from");