-- Migration 6: content imported from WordPress. Posts keep their WordPress
-- ID (re-importing updates them), may have an HTML body (then
-- `body_markdown` holds its plain text, for search), a modified time, a
-- search-engine description, a place at the top of the home page, and old
-- slugs that redirect. Categories nest; pages are a kind of content of their
-- own, at their WordPress paths. A comment can be marked as the post
-- author's.
ALTER TABLE posts ADD COLUMN wp_id INTEGER;
CREATE UNIQUE INDEX posts_by_wp_id ON posts (wp_id);
ALTER TABLE posts ADD COLUMN body_html TEXT;
ALTER TABLE posts ADD COLUMN modified_at TEXT;
ALTER TABLE posts ADD COLUMN description TEXT NOT NULL DEFAULT '';
ALTER TABLE posts ADD COLUMN sticky INTEGER NOT NULL DEFAULT 0;

CREATE TABLE post_old_slugs (
    slug    TEXT PRIMARY KEY,
    post_id INTEGER NOT NULL REFERENCES posts (id) ON DELETE CASCADE
);

ALTER TABLE categories ADD COLUMN parent_id INTEGER REFERENCES categories (id);
-- The category's place in the hierarchy, as its address has it: "parent/child".
ALTER TABLE categories ADD COLUMN path TEXT NOT NULL DEFAULT '';
UPDATE categories SET path = slug;
CREATE UNIQUE INDEX categories_by_path ON categories (path);

CREATE TABLE pages (
    id           INTEGER PRIMARY KEY,
    wp_id        INTEGER UNIQUE,
    -- Without slashes at either end: "about", "about/comments-policy".
    path         TEXT NOT NULL UNIQUE,
    title        TEXT NOT NULL,
    body_html    TEXT NOT NULL,
    summary      TEXT NOT NULL DEFAULT '',
    published_at TEXT NOT NULL,
    modified_at  TEXT
);

-- 'post_author' for a reply by one of the post's authors.
ALTER TABLE comments ADD COLUMN author_role TEXT;
