// Every module's tables, in one place for the query builder and for generating migrations.
export * from '../modules/partners/schema.ts';
