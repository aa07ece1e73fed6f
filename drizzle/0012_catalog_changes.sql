-- The catalog's change feed. Every statement that writes the tables a catalog search reads
-- (resources with their search documents, data items, departments) notifies the channel
-- catalog_changed when it commits; each gateway listens and drops its cached search results
-- (src/catalog/search-cache.ts). Statement-level, so a bulk load or an import notifies once, and
-- PostgreSQL folds identical notifications of one transaction into one.
CREATE OR REPLACE FUNCTION catalog_changed() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
  PERFORM pg_notify('catalog_changed', TG_TABLE_NAME);
  RETURN NULL;
END;
$$;
--> statement-breakpoint
CREATE TRIGGER resources_catalog_changed AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON resources
  FOR EACH STATEMENT EXECUTE FUNCTION catalog_changed();
--> statement-breakpoint
CREATE TRIGGER data_items_catalog_changed AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON data_items
  FOR EACH STATEMENT EXECUTE FUNCTION catalog_changed();
--> statement-breakpoint
CREATE TRIGGER departments_catalog_changed AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON departments
  FOR EACH STATEMENT EXECUTE FUNCTION catalog_changed();
