-- Search ranks every post that matches by reading its `search` vector. Left
-- to TOAST (PostgreSQL's default for a wide row), each was a lookup in the
-- TOAST table: a common word among 10,000 posts read 28,000 pages and took
-- 22 ms to rank. Kept in the row (moved out only if a row could not fit a
-- page), it reads 2,500 and takes 11 ms (`make bench`, 10,000 posts).
ALTER TABLE posts ALTER COLUMN search SET STORAGE MAIN;
-- The setting applies to rows as they are written: rewrite the ones there
-- (the stored vector is computed again, to the same value).
UPDATE posts SET title = title;
