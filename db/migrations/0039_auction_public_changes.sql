-- The auction tables are read by public listing pages (a listing at auction links it): they tell the page cache (0032) like the others.
-- The data-room log is written on reads and shown to no public page (UNWATCHED_TABLES).
CREATE TRIGGER ipm_public_changed AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON "auctions" FOR EACH STATEMENT EXECUTE FUNCTION ipm_public_changed();
--> statement-breakpoint
CREATE TRIGGER ipm_public_changed AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON "auction_registrations" FOR EACH STATEMENT EXECUTE FUNCTION ipm_public_changed();
--> statement-breakpoint
CREATE TRIGGER ipm_public_changed AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON "auction_bids" FOR EACH STATEMENT EXECUTE FUNCTION ipm_public_changed();
