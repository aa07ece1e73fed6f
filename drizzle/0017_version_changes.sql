-- Resource versions on the change feed. A gateway keeps catalog entries as the detail page reads
-- them, with their items, provider and versions (src/catalog/entry-cache.ts), and drops them on
-- every change to resources, data items, departments, accounts (a version names who made it) and
-- resource versions. A version is written in the transaction that changes its entry, so the
-- entry's own trigger already reports it; this one also reports a version written by anything else.
CREATE TRIGGER resource_versions_catalog_changed AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON resource_versions
  FOR EACH STATEMENT EXECUTE FUNCTION catalog_changed();
