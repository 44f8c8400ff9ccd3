-- The audit chain takes seq from the column's own sequence from now on (never reused, unlike max + 1).
-- Rows so far were numbered by the application, so the sequence starts after the highest number the
-- chain has used: its newest row or the head pointer, whichever is higher (a tail deleted before
-- this migration must not have its numbers handed out again either).
SELECT setval(
  pg_get_serial_sequence('"AuditEvent"', 'seq'),
  GREATEST(
    COALESCE((SELECT MAX("seq") FROM "AuditEvent"), 0),
    COALESCE((SELECT ("value"->>'seq')::numeric::bigint FROM "Setting" WHERE "key" = 'audit.head' AND jsonb_typeof("value"->'seq') = 'number'), 0)
  ) + 1,
  false
);
