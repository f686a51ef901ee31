-- Migration 5: a post's permalink date is stored beside its time, so a
-- permalink is found by (date, slug) in one indexed lookup; the featured
-- image's size and text alternative are kept for link previews.
ALTER TABLE posts ADD COLUMN path_date TEXT NOT NULL DEFAULT '';
UPDATE posts SET path_date = substr(published_at, 1, 10);
CREATE INDEX posts_by_permalink ON posts (slug, path_date);

ALTER TABLE posts ADD COLUMN image_width INTEGER;
ALTER TABLE posts ADD COLUMN image_height INTEGER;
ALTER TABLE posts ADD COLUMN image_alt TEXT NOT NULL DEFAULT '';
