-- pg_trgm: trigram search over titles (CJK needs a UTF-8 aware LC_CTYPE).
-- btree_gist: exclusion constraints mixing equality and range overlap (exclusive licences).
CREATE EXTENSION IF NOT EXISTS pg_trgm;
--> statement-breakpoint
CREATE EXTENSION IF NOT EXISTS btree_gist;
