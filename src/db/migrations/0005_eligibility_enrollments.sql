CREATE TYPE "public"."enrollment_status" AS ENUM('invited', 'action_required', 'validating', 'enrolled', 'ineligible', 'inactive', 'discontinued');--> statement-breakpoint
CREATE TABLE "eligibility_results" (
	"organization_id" uuid NOT NULL,
	"location_id" uuid NOT NULL,
	"program_id" uuid NOT NULL,
	"eligible" boolean NOT NULL,
	"requirements" jsonb NOT NULL,
	"evaluated_on" date NOT NULL,
	"evaluated_at" timestamp with time zone NOT NULL,
	"changed_at" timestamp with time zone NOT NULL,
	CONSTRAINT "eligibility_results_organization_id_location_id_program_id_pk" PRIMARY KEY("organization_id","location_id","program_id")
);
--> statement-breakpoint
CREATE TABLE "location_revenue" (
	"organization_id" uuid NOT NULL,
	"location_id" uuid NOT NULL,
	"month" date NOT NULL,
	"usd" numeric(20, 4) NOT NULL,
	CONSTRAINT "location_revenue_organization_id_location_id_month_pk" PRIMARY KEY("organization_id","location_id","month")
);
--> statement-breakpoint
CREATE TABLE "enrollment_transitions" (
	"organization_id" uuid NOT NULL,
	"id" uuid NOT NULL,
	"enrollment_id" uuid NOT NULL,
	"from_status" "enrollment_status",
	"to_status" "enrollment_status" NOT NULL,
	"event" text NOT NULL,
	"reason" text NOT NULL,
	"actor_user_id" uuid,
	"actor_label" text NOT NULL,
	"at" timestamp with time zone NOT NULL,
	CONSTRAINT "enrollment_transitions_organization_id_id_pk" PRIMARY KEY("organization_id","id")
);
--> statement-breakpoint
CREATE TABLE "enrollments" (
	"organization_id" uuid NOT NULL,
	"id" uuid NOT NULL,
	"location_id" uuid NOT NULL,
	"program_id" uuid NOT NULL,
	"status" "enrollment_status" NOT NULL,
	"earnings_start" date,
	"earnings_end" date,
	"status_reason" text NOT NULL,
	"status_changed_at" timestamp with time zone NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "enrollments_organization_id_id_pk" PRIMARY KEY("organization_id","id"),
	CONSTRAINT "enrollments_earnings_window" CHECK ("enrollments"."earnings_end" is null or ("enrollments"."earnings_start" is not null and "enrollments"."earnings_end" >= "enrollments"."earnings_start"))
);
--> statement-breakpoint
ALTER TABLE "eligibility_results" ADD CONSTRAINT "eligibility_results_program_id_programs_id_fk" FOREIGN KEY ("program_id") REFERENCES "public"."programs"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "eligibility_results" ADD CONSTRAINT "eligibility_results_organization_id_location_id_locations_organization_id_id_fk" FOREIGN KEY ("organization_id","location_id") REFERENCES "public"."locations"("organization_id","id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "location_revenue" ADD CONSTRAINT "location_revenue_organization_id_location_id_locations_organization_id_id_fk" FOREIGN KEY ("organization_id","location_id") REFERENCES "public"."locations"("organization_id","id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "enrollment_transitions" ADD CONSTRAINT "enrollment_transitions_organization_id_enrollment_id_enrollments_organization_id_id_fk" FOREIGN KEY ("organization_id","enrollment_id") REFERENCES "public"."enrollments"("organization_id","id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "enrollments" ADD CONSTRAINT "enrollments_program_id_programs_id_fk" FOREIGN KEY ("program_id") REFERENCES "public"."programs"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "enrollments" ADD CONSTRAINT "enrollments_organization_id_location_id_locations_organization_id_id_fk" FOREIGN KEY ("organization_id","location_id") REFERENCES "public"."locations"("organization_id","id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "enrollment_transitions_enrollment" ON "enrollment_transitions" USING btree ("organization_id","enrollment_id","at");--> statement-breakpoint
CREATE UNIQUE INDEX "enrollments_pair" ON "enrollments" USING btree ("organization_id","location_id","program_id");--> statement-breakpoint
CREATE UNIQUE INDEX "enrollments_id" ON "enrollments" USING btree ("id");--> statement-breakpoint
CREATE INDEX "enrollments_status" ON "enrollments" USING btree ("status","program_id");--> statement-breakpoint
CREATE FUNCTION "enrollment_transitions_append_only"() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  RAISE EXCEPTION 'enrollment_transitions is append-only: % is not allowed', TG_OP USING ERRCODE = 'insufficient_privilege';
END;
$$;--> statement-breakpoint
CREATE TRIGGER "enrollment_transitions_no_update_delete" BEFORE UPDATE OR DELETE ON "enrollment_transitions"
  FOR EACH ROW EXECUTE FUNCTION "enrollment_transitions_append_only"();
