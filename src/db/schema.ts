// Every module's tables, in one place for the query builder and for generating migrations.
export * from '../modules/partners/schema.ts';
export * from '../modules/identity/schema.ts';
export * from '../modules/mail/schema.ts';
export * from '../modules/audit/schema.ts';
export * from '../modules/programs/schema.ts';
export * from '../modules/jobs/schema.ts';
export * from '../modules/eligibility/schema.ts';
export * from '../modules/enrollments/schema.ts';
export * from '../modules/profiles/schema.ts';
export * from '../modules/billing/schema.ts';
export * from '../modules/earnings/schema.ts';
export * from '../modules/payments/schema.ts';
