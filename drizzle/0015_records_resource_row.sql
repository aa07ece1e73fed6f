-- A records page is a resource's rows in row order (src/records/records.service.ts: every page
-- ends its order with row_id, and the default order is row_id alone). With row_id unique on its
-- own, PostgreSQL read every row of the resource and sorted them for each page (2,400 rows for a
-- 101-row page of the demo register); unique on (resource_id, row_id), the same number of keys to
-- keep, it reads the page's rows from the index in order and stops. row_id stays unique: the
-- sequence gives every row its own.
ALTER TABLE "records" DROP CONSTRAINT "records_row_id_unique";--> statement-breakpoint
ALTER TABLE "records" ADD CONSTRAINT "records_resource_row_unique" UNIQUE("resource_id","row_id");