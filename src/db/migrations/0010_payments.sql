CREATE TYPE "public"."dispute_status" AS ENUM('open', 'answered', 'closed');--> statement-breakpoint
CREATE TYPE "public"."payment_run_status" AS ENUM('upcoming', 'approved', 'discarded');--> statement-breakpoint
CREATE TYPE "public"."payment_status" AS ENUM('upcoming', 'in_progress', 'sent', 'rejected', 'reversed', 'discarded');--> statement-breakpoint
CREATE TABLE "payment_amounts" (
	"organization_id" uuid NOT NULL,
	"payment_id" uuid NOT NULL,
	"currency" text NOT NULL,
	"sum" numeric NOT NULL,
	"units_per_usd" numeric(24, 8) NOT NULL,
	"payout_units_per_usd" numeric(24, 8) NOT NULL,
	"converted" numeric NOT NULL,
	CONSTRAINT "payment_amounts_organization_id_payment_id_currency_pk" PRIMARY KEY("organization_id","payment_id","currency")
);
--> statement-breakpoint
CREATE TABLE "payment_disputes" (
	"organization_id" uuid NOT NULL,
	"id" uuid NOT NULL,
	"payment_id" uuid NOT NULL,
	"status" "dispute_status" NOT NULL,
	"message" text NOT NULL,
	"opened_by_user_id" uuid NOT NULL,
	"opened_by" text NOT NULL,
	"opened_at" timestamp with time zone NOT NULL,
	"answer" text,
	"answered_by_user_id" uuid,
	"answered_by" text,
	"answered_at" timestamp with time zone,
	"closed_by_user_id" uuid,
	"closed_by" text,
	"closed_at" timestamp with time zone,
	CONSTRAINT "payment_disputes_organization_id_id_pk" PRIMARY KEY("organization_id","id"),
	CONSTRAINT "payment_disputes_answer" CHECK (("payment_disputes"."status" = 'open') = ("payment_disputes"."answer" is null) or "payment_disputes"."status" = 'closed')
);
--> statement-breakpoint
CREATE TABLE "payment_earnings" (
	"organization_id" uuid NOT NULL,
	"payment_id" uuid NOT NULL,
	"earning_id" uuid NOT NULL,
	"live" boolean NOT NULL,
	CONSTRAINT "payment_earnings_organization_id_payment_id_earning_id_pk" PRIMARY KEY("organization_id","payment_id","earning_id")
);
--> statement-breakpoint
CREATE TABLE "payment_events" (
	"organization_id" uuid NOT NULL,
	"id" uuid NOT NULL,
	"payment_id" uuid NOT NULL,
	"status" "payment_status" NOT NULL,
	"note" text,
	"actor_user_id" uuid,
	"actor_label" text NOT NULL,
	"at" timestamp with time zone NOT NULL,
	CONSTRAINT "payment_events_organization_id_id_pk" PRIMARY KEY("organization_id","id")
);
--> statement-breakpoint
CREATE TABLE "payment_holds" (
	"organization_id" uuid NOT NULL,
	"run_id" uuid NOT NULL,
	"cycle" date NOT NULL,
	"location_id" uuid NOT NULL,
	"program_id" uuid NOT NULL,
	"reasons" text[] NOT NULL,
	"usd" numeric(24, 2) NOT NULL,
	"threshold_usd" numeric(24, 2) NOT NULL,
	"earnings" integer NOT NULL,
	CONSTRAINT "payment_holds_organization_id_run_id_location_id_program_id_pk" PRIMARY KEY("organization_id","run_id","location_id","program_id"),
	CONSTRAINT "payment_holds_reasons" CHECK (cardinality("payment_holds"."reasons") > 0)
);
--> statement-breakpoint
CREATE TABLE "payment_runs" (
	"id" uuid PRIMARY KEY NOT NULL,
	"cycle" date NOT NULL,
	"run_date" date NOT NULL,
	"status" "payment_run_status" NOT NULL,
	"payments" integer NOT NULL,
	"holds" integer NOT NULL,
	"created_by_user_id" uuid,
	"created_by" text NOT NULL,
	"created_at" timestamp with time zone NOT NULL,
	"approved_by_user_id" uuid,
	"approved_by" text,
	"approved_at" timestamp with time zone,
	"discarded_by_user_id" uuid,
	"discarded_by" text,
	"discarded_at" timestamp with time zone,
	CONSTRAINT "payment_runs_cycle_start" CHECK (extract(day from "payment_runs"."cycle") = 1),
	CONSTRAINT "payment_runs_approver" CHECK ("payment_runs"."approved_by_user_id" is null or "payment_runs"."approved_by_user_id" is distinct from "payment_runs"."created_by_user_id")
);
--> statement-breakpoint
CREATE TABLE "payments" (
	"organization_id" uuid NOT NULL,
	"id" uuid NOT NULL,
	"run_id" uuid NOT NULL,
	"cycle" date NOT NULL,
	"location_id" uuid NOT NULL,
	"program_id" uuid NOT NULL,
	"payment_profile_id" uuid NOT NULL,
	"payout_currency" text NOT NULL,
	"fx_month" date NOT NULL,
	"usd" numeric(24, 2) NOT NULL,
	"gross" numeric NOT NULL,
	"withholding_rate" numeric(7, 4) NOT NULL,
	"withholding" numeric NOT NULL,
	"net" numeric NOT NULL,
	"status" "payment_status" NOT NULL,
	"status_reason" text,
	"sent_on" date,
	"returned_on" date,
	"status_changed_at" timestamp with time zone NOT NULL,
	"created_at" timestamp with time zone NOT NULL,
	CONSTRAINT "payments_organization_id_id_pk" PRIMARY KEY("organization_id","id"),
	CONSTRAINT "payments_net" CHECK ("payments"."net" = "payments"."gross" - "payments"."withholding"),
	CONSTRAINT "payments_withholding_rate" CHECK ("payments"."withholding_rate" >= 0 and "payments"."withholding_rate" < 1)
);
--> statement-breakpoint
ALTER TABLE "payment_amounts" ADD CONSTRAINT "payment_amounts_organization_id_payment_id_payments_organization_id_id_fk" FOREIGN KEY ("organization_id","payment_id") REFERENCES "public"."payments"("organization_id","id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "payment_disputes" ADD CONSTRAINT "payment_disputes_organization_id_payment_id_payments_organization_id_id_fk" FOREIGN KEY ("organization_id","payment_id") REFERENCES "public"."payments"("organization_id","id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "payment_earnings" ADD CONSTRAINT "payment_earnings_organization_id_payment_id_payments_organization_id_id_fk" FOREIGN KEY ("organization_id","payment_id") REFERENCES "public"."payments"("organization_id","id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "payment_events" ADD CONSTRAINT "payment_events_organization_id_payment_id_payments_organization_id_id_fk" FOREIGN KEY ("organization_id","payment_id") REFERENCES "public"."payments"("organization_id","id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "payment_holds" ADD CONSTRAINT "payment_holds_run_id_payment_runs_id_fk" FOREIGN KEY ("run_id") REFERENCES "public"."payment_runs"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "payment_holds" ADD CONSTRAINT "payment_holds_organization_id_location_id_locations_organization_id_id_fk" FOREIGN KEY ("organization_id","location_id") REFERENCES "public"."locations"("organization_id","id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "payments" ADD CONSTRAINT "payments_run_id_payment_runs_id_fk" FOREIGN KEY ("run_id") REFERENCES "public"."payment_runs"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "payments" ADD CONSTRAINT "payments_program_id_programs_id_fk" FOREIGN KEY ("program_id") REFERENCES "public"."programs"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "payments" ADD CONSTRAINT "payments_organization_id_location_id_locations_organization_id_id_fk" FOREIGN KEY ("organization_id","location_id") REFERENCES "public"."locations"("organization_id","id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE UNIQUE INDEX "payment_disputes_id" ON "payment_disputes" USING btree ("id");--> statement-breakpoint
CREATE UNIQUE INDEX "payment_disputes_one_active" ON "payment_disputes" USING btree ("organization_id","payment_id") WHERE "payment_disputes"."status" <> 'closed';--> statement-breakpoint
CREATE INDEX "payment_disputes_status" ON "payment_disputes" USING btree ("status","opened_at");--> statement-breakpoint
CREATE UNIQUE INDEX "payment_earnings_live" ON "payment_earnings" USING btree ("organization_id","earning_id") WHERE "payment_earnings"."live";--> statement-breakpoint
CREATE INDEX "payment_events_payment" ON "payment_events" USING btree ("organization_id","payment_id","at");--> statement-breakpoint
CREATE INDEX "payment_holds_pair" ON "payment_holds" USING btree ("organization_id","location_id","program_id","cycle");--> statement-breakpoint
CREATE UNIQUE INDEX "payment_runs_cycle" ON "payment_runs" USING btree ("cycle") WHERE "payment_runs"."status" <> 'discarded';--> statement-breakpoint
CREATE UNIQUE INDEX "payments_id" ON "payments" USING btree ("id");--> statement-breakpoint
CREATE UNIQUE INDEX "payments_run_pair" ON "payments" USING btree ("run_id","organization_id","location_id","program_id");--> statement-breakpoint
CREATE INDEX "payments_pair" ON "payments" USING btree ("organization_id","location_id","program_id","cycle");--> statement-breakpoint
CREATE INDEX "payments_status" ON "payments" USING btree ("status");--> statement-breakpoint
-- A payment's amounts and its timeline are written once.
CREATE TRIGGER "payment_amounts_no_update_delete" BEFORE UPDATE OR DELETE ON "payment_amounts"
  FOR EACH ROW EXECUTE FUNCTION "append_only"();--> statement-breakpoint
CREATE TRIGGER "payment_events_no_update_delete" BEFORE UPDATE OR DELETE ON "payment_events"
  FOR EACH ROW EXECUTE FUNCTION "append_only"();
