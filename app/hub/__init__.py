"""The hub: receives device bundles, verifies them, merges them, writes receipts."""
