"""What operators manage: snapshots, the provinces' offices, digest subscriptions and the mail log."""
