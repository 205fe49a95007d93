ALTER TABLE "location_revenue" ALTER COLUMN "usd" SET DATA TYPE numeric(30, 4);--> statement-breakpoint
ALTER TABLE "earning_totals" ALTER COLUMN "earning" SET DATA TYPE numeric(38, 10);