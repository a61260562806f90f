ALTER TABLE "listings" ADD COLUMN "ipc_subclasses" text[] DEFAULT '{}'::text[] NOT NULL;--> statement-breakpoint
-- Existing listings: the subclasses of their assets' IPC codes, as listingDocument() writes them.
UPDATE "listings" l SET "ipc_subclasses" = s.subclasses
FROM (
  SELECT la.listing_id, array_agg(DISTINCT left(c, 4) ORDER BY left(c, 4)) AS subclasses
  FROM "listing_assets" la JOIN "ip_assets" a ON a.id = la.asset_id CROSS JOIN unnest(a.ipc_classes) c
  GROUP BY la.listing_id
) s
WHERE s.listing_id = l.id;--> statement-breakpoint
CREATE INDEX "listings_published_ipc_idx" ON "listings" USING gin ("ipc_subclasses") WHERE status = 'published';
