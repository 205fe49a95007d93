CREATE TYPE "public"."bank_change_status" AS ENUM('pending', 'confirmed', 'cancelled', 'expired');--> statement-breakpoint
CREATE TYPE "public"."payment_profile_status" AS ENUM('pending_validation', 'approved', 'action_required');--> statement-breakpoint
CREATE TYPE "public"."tax_profile_status" AS ENUM('pending_validation', 'valid', 'action_required', 'expiring_soon', 'expired');--> statement-breakpoint
CREATE TABLE "bank_change_requests" (
	"organization_id" uuid NOT NULL,
	"id" uuid NOT NULL,
	"payment_profile_id" uuid,
	"name" text NOT NULL,
	"bank_country" text NOT NULL,
	"account_holder" text NOT NULL,
	"scheme" text NOT NULL,
	"account_sealed" text NOT NULL,
	"account_last4" text NOT NULL,
	"routing_number" text,
	"bic" text,
	"accepted_currencies" text[] NOT NULL,
	"status" "bank_change_status" NOT NULL,
	"requested_by" uuid NOT NULL,
	"requested_at" timestamp with time zone NOT NULL,
	"token_hash" text,
	"token_expires_at" timestamp with time zone,
	"decided_by" uuid,
	"decided_via" text,
	"decided_at" timestamp with time zone,
	CONSTRAINT "bank_change_requests_organization_id_id_pk" PRIMARY KEY("organization_id","id"),
	CONSTRAINT "bank_change_requests_decided_via" CHECK ("bank_change_requests"."decided_via" is null or "bank_change_requests"."decided_via" in ('admin', 'link', 'requester', 'expiry'))
);
--> statement-breakpoint
CREATE TABLE "hold_changes" (
	"organization_id" uuid NOT NULL,
	"id" uuid NOT NULL,
	"location_id" uuid NOT NULL,
	"program_id" uuid NOT NULL,
	"hold" boolean NOT NULL,
	"effective_from" date NOT NULL,
	"actor_user_id" uuid,
	"actor_label" text NOT NULL,
	"at" timestamp with time zone NOT NULL,
	CONSTRAINT "hold_changes_organization_id_id_pk" PRIMARY KEY("organization_id","id")
);
--> statement-breakpoint
CREATE TABLE "payment_profiles" (
	"organization_id" uuid NOT NULL,
	"id" uuid NOT NULL,
	"name" text NOT NULL,
	"bank_country" text NOT NULL,
	"account_holder" text NOT NULL,
	"scheme" text NOT NULL,
	"account_sealed" text NOT NULL,
	"account_last4" text NOT NULL,
	"routing_number" text,
	"bic" text,
	"accepted_currencies" text[] NOT NULL,
	"status" "payment_profile_status" NOT NULL,
	"status_reason" text,
	"version" integer DEFAULT 1 NOT NULL,
	"reviewed_by" uuid,
	"reviewed_at" timestamp with time zone,
	"archived_at" timestamp with time zone,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "payment_profiles_organization_id_id_pk" PRIMARY KEY("organization_id","id"),
	CONSTRAINT "payment_profiles_scheme" CHECK ("payment_profiles"."scheme" in ('iban', 'aba', 'bic')),
	CONSTRAINT "payment_profiles_country_format" CHECK ("payment_profiles"."bank_country" ~ '^[A-Z]{2}$'),
	CONSTRAINT "payment_profiles_scheme_fields" CHECK (case "payment_profiles"."scheme" when 'iban' then "payment_profiles"."routing_number" is null and "payment_profiles"."bic" is not null
        when 'aba' then "payment_profiles"."routing_number" is not null and "payment_profiles"."bic" is null
        else "payment_profiles"."routing_number" is null and "payment_profiles"."bic" is not null end),
	CONSTRAINT "payment_profiles_currencies" CHECK (cardinality("payment_profiles"."accepted_currencies") > 0)
);
--> statement-breakpoint
CREATE TABLE "payout_assignments" (
	"organization_id" uuid NOT NULL,
	"location_id" uuid NOT NULL,
	"program_id" uuid NOT NULL,
	"payment_profile_id" uuid,
	"payout_currency" text,
	"hold" boolean DEFAULT false NOT NULL,
	"hold_effective_from" date,
	"updated_by" uuid,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "payout_assignments_organization_id_location_id_program_id_pk" PRIMARY KEY("organization_id","location_id","program_id"),
	CONSTRAINT "payout_assignments_currency" CHECK (("payout_assignments"."payment_profile_id" is null) = ("payout_assignments"."payout_currency" is null))
);
--> statement-breakpoint
CREATE TABLE "tax_profiles" (
	"organization_id" uuid NOT NULL,
	"id" uuid NOT NULL,
	"location_id" uuid NOT NULL,
	"form" text NOT NULL,
	"legal_name" text NOT NULL,
	"address" text NOT NULL,
	"country" text NOT NULL,
	"tax_id_sealed" text NOT NULL,
	"tax_id_last4" text NOT NULL,
	"treaty_country" text,
	"treaty_rate" numeric(5, 2),
	"treaty_accepted" boolean,
	"signed_on" date NOT NULL,
	"expires_on" date,
	"status" "tax_profile_status" NOT NULL,
	"status_reason" text,
	"expiry_notice_days" integer,
	"version" integer DEFAULT 1 NOT NULL,
	"submitted_by" uuid,
	"submitted_at" timestamp with time zone NOT NULL,
	"reviewed_by" uuid,
	"reviewed_at" timestamp with time zone,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "tax_profiles_organization_id_id_pk" PRIMARY KEY("organization_id","id"),
	CONSTRAINT "tax_profiles_form" CHECK ("tax_profiles"."form" in ('W-9', 'W-8BEN-E')),
	CONSTRAINT "tax_profiles_country_format" CHECK ("tax_profiles"."country" ~ '^[A-Z]{2}$'),
	CONSTRAINT "tax_profiles_treaty" CHECK (("tax_profiles"."treaty_country" is null) = ("tax_profiles"."treaty_rate" is null) and ("tax_profiles"."treaty_rate" is null or "tax_profiles"."form" = 'W-8BEN-E')),
	CONSTRAINT "tax_profiles_treaty_rate" CHECK ("tax_profiles"."treaty_rate" is null or ("tax_profiles"."treaty_rate" >= 0 and "tax_profiles"."treaty_rate" < 30)),
	CONSTRAINT "tax_profiles_expiry" CHECK (("tax_profiles"."form" = 'W-9') = ("tax_profiles"."expires_on" is null))
);
--> statement-breakpoint
ALTER TABLE "bank_change_requests" ADD CONSTRAINT "bank_change_requests_requested_by_users_id_fk" FOREIGN KEY ("requested_by") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "bank_change_requests" ADD CONSTRAINT "bank_change_requests_decided_by_users_id_fk" FOREIGN KEY ("decided_by") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "bank_change_requests" ADD CONSTRAINT "bank_change_requests_organization_id_organizations_id_fk" FOREIGN KEY ("organization_id") REFERENCES "public"."organizations"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "bank_change_requests" ADD CONSTRAINT "bank_change_requests_organization_id_payment_profile_id_payment_profiles_organization_id_id_fk" FOREIGN KEY ("organization_id","payment_profile_id") REFERENCES "public"."payment_profiles"("organization_id","id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "hold_changes" ADD CONSTRAINT "hold_changes_organization_id_location_id_program_id_payout_assignments_organization_id_location_id_program_id_fk" FOREIGN KEY ("organization_id","location_id","program_id") REFERENCES "public"."payout_assignments"("organization_id","location_id","program_id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "payment_profiles" ADD CONSTRAINT "payment_profiles_reviewed_by_users_id_fk" FOREIGN KEY ("reviewed_by") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "payment_profiles" ADD CONSTRAINT "payment_profiles_organization_id_organizations_id_fk" FOREIGN KEY ("organization_id") REFERENCES "public"."organizations"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "payout_assignments" ADD CONSTRAINT "payout_assignments_program_id_programs_id_fk" FOREIGN KEY ("program_id") REFERENCES "public"."programs"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "payout_assignments" ADD CONSTRAINT "payout_assignments_updated_by_users_id_fk" FOREIGN KEY ("updated_by") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "payout_assignments" ADD CONSTRAINT "payout_assignments_organization_id_location_id_locations_organization_id_id_fk" FOREIGN KEY ("organization_id","location_id") REFERENCES "public"."locations"("organization_id","id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "payout_assignments" ADD CONSTRAINT "payout_assignments_organization_id_payment_profile_id_payment_profiles_organization_id_id_fk" FOREIGN KEY ("organization_id","payment_profile_id") REFERENCES "public"."payment_profiles"("organization_id","id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "tax_profiles" ADD CONSTRAINT "tax_profiles_submitted_by_users_id_fk" FOREIGN KEY ("submitted_by") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "tax_profiles" ADD CONSTRAINT "tax_profiles_reviewed_by_users_id_fk" FOREIGN KEY ("reviewed_by") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "tax_profiles" ADD CONSTRAINT "tax_profiles_organization_id_location_id_locations_organization_id_id_fk" FOREIGN KEY ("organization_id","location_id") REFERENCES "public"."locations"("organization_id","id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE UNIQUE INDEX "bank_change_requests_id" ON "bank_change_requests" USING btree ("id");--> statement-breakpoint
CREATE UNIQUE INDEX "bank_change_requests_token" ON "bank_change_requests" USING btree ("token_hash");--> statement-breakpoint
CREATE UNIQUE INDEX "bank_change_requests_one_pending" ON "bank_change_requests" USING btree ("organization_id","payment_profile_id") WHERE "bank_change_requests"."status" = 'pending' and "bank_change_requests"."payment_profile_id" is not null;--> statement-breakpoint
CREATE INDEX "hold_changes_pair" ON "hold_changes" USING btree ("organization_id","location_id","program_id","effective_from");--> statement-breakpoint
CREATE UNIQUE INDEX "payment_profiles_id" ON "payment_profiles" USING btree ("id");--> statement-breakpoint
CREATE INDEX "payment_profiles_status" ON "payment_profiles" USING btree ("status");--> statement-breakpoint
CREATE INDEX "payout_assignments_profile" ON "payout_assignments" USING btree ("organization_id","payment_profile_id");--> statement-breakpoint
CREATE UNIQUE INDEX "tax_profiles_location" ON "tax_profiles" USING btree ("organization_id","location_id");--> statement-breakpoint
CREATE UNIQUE INDEX "tax_profiles_id" ON "tax_profiles" USING btree ("id");--> statement-breakpoint
CREATE INDEX "tax_profiles_status" ON "tax_profiles" USING btree ("status");--> statement-breakpoint
CREATE FUNCTION "hold_changes_append_only"() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  RAISE EXCEPTION 'hold_changes is append-only: % is not allowed', TG_OP USING ERRCODE = 'insufficient_privilege';
END;
$$;--> statement-breakpoint
CREATE TRIGGER "hold_changes_no_update_delete" BEFORE UPDATE OR DELETE ON "hold_changes"
  FOR EACH ROW EXECUTE FUNCTION "hold_changes_append_only"();
