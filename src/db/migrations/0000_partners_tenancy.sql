CREATE TYPE "public"."partner_type" AS ENUM('direct_seller', 'indirect_provider', 'indirect_reseller');--> statement-breakpoint
CREATE SEQUENCE "public"."location_number_seq" INCREMENT BY 1 MINVALUE 1 MAXVALUE 9223372036854775807 START WITH 2000000 CACHE 1;--> statement-breakpoint
CREATE SEQUENCE "public"."organization_number_seq" INCREMENT BY 1 MINVALUE 1 MAXVALUE 9223372036854775807 START WITH 1000000 CACHE 1;--> statement-breakpoint
CREATE TABLE "locations" (
	"organization_id" uuid NOT NULL,
	"id" uuid NOT NULL,
	"location_id" text NOT NULL,
	"name" text NOT NULL,
	"country" text NOT NULL,
	"address" text DEFAULT '' NOT NULL,
	"partner_type" "partner_type" NOT NULL,
	"archived_at" timestamp with time zone,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "locations_organization_id_id_pk" PRIMARY KEY("organization_id","id"),
	CONSTRAINT "locations_location_id_unique" UNIQUE("location_id"),
	CONSTRAINT "locations_location_id_format" CHECK ("locations"."location_id" ~ '^L-[0-9]{1,12}$'),
	CONSTRAINT "locations_country_format" CHECK ("locations"."country" ~ '^[A-Z]{2}$')
);
--> statement-breakpoint
CREATE TABLE "organizations" (
	"id" uuid PRIMARY KEY NOT NULL,
	"partner_id" text NOT NULL,
	"legal_name" text NOT NULL,
	"country" text NOT NULL,
	"language" text NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "organizations_partner_id_unique" UNIQUE("partner_id"),
	CONSTRAINT "organizations_partner_id_format" CHECK ("organizations"."partner_id" ~ '^P-[0-9]{1,12}$'),
	CONSTRAINT "organizations_country_format" CHECK ("organizations"."country" ~ '^[A-Z]{2}$'),
	CONSTRAINT "organizations_language" CHECK ("organizations"."language" in ('en', 'zh-TW', 'ko-KR'))
);
--> statement-breakpoint
ALTER TABLE "locations" ADD CONSTRAINT "locations_organization_id_organizations_id_fk" FOREIGN KEY ("organization_id") REFERENCES "public"."organizations"("id") ON DELETE no action ON UPDATE no action;