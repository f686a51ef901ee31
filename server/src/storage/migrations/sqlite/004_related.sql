-- Each post's publication time beside its categories and tags, so that
-- "related posts" reads the latest posts of a category from an index
-- instead of every post the category has.
ALTER TABLE post_categories ADD COLUMN published_at TEXT NOT NULL DEFAULT '';
ALTER TABLE post_tags ADD COLUMN published_at TEXT NOT NULL DEFAULT '';
UPDATE post_categories SET published_at = (SELECT p.published_at FROM posts p WHERE p.id = post_id);
UPDATE post_tags SET published_at = (SELECT p.published_at FROM posts p WHERE p.id = post_id);
CREATE INDEX post_categories_by_recency ON post_categories (category_id, published_at DESC);
CREATE INDEX post_tags_by_recency ON post_tags (tag_id, published_at DESC);
