-- Foreign keys between the campaigns and financing contexts, added once both tables exist
-- (drizzle's schema files keep the contexts apart; the database still guards the links).
ALTER TABLE campaign_bank_products ADD CONSTRAINT campaign_bank_products_product_id_bank_products_id_fk
  FOREIGN KEY (product_id) REFERENCES bank_products(id);
--> statement-breakpoint
ALTER TABLE letters_of_intent ADD CONSTRAINT letters_of_intent_application_id_pledge_applications_id_fk
  FOREIGN KEY (application_id) REFERENCES pledge_applications(id) ON DELETE SET NULL;
--> statement-breakpoint
ALTER TABLE pledge_applications ADD CONSTRAINT pledge_applications_campaign_id_campaigns_id_fk
  FOREIGN KEY (campaign_id) REFERENCES campaigns(id);
