-- The home page's order (sticky posts first, then newest), as an index, so a
-- page of the list is read in order rather than sorted from every post.
CREATE INDEX posts_home ON posts (sticky DESC, published_at DESC, id DESC);
