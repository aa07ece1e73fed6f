-- The access decision's inputs on the change feed. A gateway keeps the statement that loads what
-- an access decision needs (a resource, its items, a department's grants, an account's open-data
-- applications; src/policy/access.context.ts) and drops it on every change to those tables.
-- Resources, data items and departments already notify catalog_changed (0012); grants and
-- applications now do too, with their table's name as the payload, so a gateway can tell that
-- such a change leaves its cached catalog searches valid.
CREATE TRIGGER grants_catalog_changed AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON grants
  FOR EACH STATEMENT EXECUTE FUNCTION catalog_changed();
--> statement-breakpoint
CREATE TRIGGER open_applications_catalog_changed AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON open_applications
  FOR EACH STATEMENT EXECUTE FUNCTION catalog_changed();
