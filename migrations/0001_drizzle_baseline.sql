-- drizzle-kit baseline (no-op). The tables of the leads, negotiation and reconciliation layers were
-- written by hand in 0010, 0020 and 0030 (FTS5 tables and triggers, CHECK constraints drizzle cannot
-- express). This entry only moves drizzle-kit's snapshot (meta/0001_snapshot.json) up to
-- src/db/schema/, so the next `npm run db:generate` diffs against what those files created.
-- Checked when it was made: every table's columns (name, type, not null, primary key) are identical
-- between drizzle's own DDL for src/db/schema/ and 0000 + 0010 + 0020 + 0030.
SELECT 1;
