-- Market search reads one table. Substrings of 3+ characters (Chinese or Latin) use trigrams; 1–2
-- character Chinese queries use the bigram lexemes written by the service (pg_trgm makes no trigram
-- from fewer than 3 characters). Partial: the public market only ever searches published listings.
CREATE INDEX listings_search_trgm_idx ON listings USING gin (search_text gin_trgm_ops) WHERE status = 'published';
--> statement-breakpoint
CREATE INDEX listings_search_lexemes_idx ON listings USING gin (search_lexemes) WHERE status = 'published';
--> statement-breakpoint
-- Keyset pagination by price with negotiable listings (no price) last in both directions.
CREATE INDEX listings_published_price_asc_idx ON listings ((coalesce(price_fen, 9223372036854775807)), id) WHERE status = 'published';
--> statement-breakpoint
CREATE INDEX listings_published_price_desc_idx ON listings ((coalesce(price_fen, -1)) DESC, id DESC) WHERE status = 'published';
--> statement-breakpoint
ALTER TABLE listings ADD CONSTRAINT listings_terms_check CHECK (
  (asking_price_fen IS NULL OR asking_price_fen >= 0)
  AND (open_fee_fen IS NULL OR open_fee_fen >= 0)
  AND (royalty_bp IS NULL OR royalty_bp BETWEEN 0 AND 10000)
  AND (term_months IS NULL OR term_months > 0)
  AND (mode <> 'open_licence' OR (term_months IS NOT NULL AND (open_fee_fen IS NOT NULL OR royalty_bp IS NOT NULL)))
);
--> statement-breakpoint
ALTER TABLE deals ADD CONSTRAINT deals_terms_check CHECK (
  price_fen >= 0 AND (royalty_bp IS NULL OR royalty_bp BETWEEN 0 AND 10000) AND (term_months IS NULL OR term_months > 0)
);
--> statement-breakpoint
ALTER TABLE payments ADD CONSTRAINT payments_amounts_check CHECK (
  amount_fen >= 0 AND fee_fen >= 0 AND total_fen = amount_fen + fee_fen
);
