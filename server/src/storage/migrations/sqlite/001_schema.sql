-- Migration 1: the content model (sections as categories, taxonomies, posts)
-- and comments. Dates are RFC 3339 UTC text, which sorts in time order.
CREATE TABLE site (
    key   TEXT PRIMARY KEY,
    value TEXT NOT NULL
);

CREATE TABLE authors (
    id   INTEGER PRIMARY KEY,
    slug TEXT NOT NULL UNIQUE,
    name TEXT NOT NULL,
    bio  TEXT NOT NULL DEFAULT ''
);

CREATE TABLE categories (
    id          INTEGER PRIMARY KEY,
    slug        TEXT NOT NULL UNIQUE,
    name        TEXT NOT NULL,
    description TEXT NOT NULL DEFAULT ''
);

CREATE TABLE tags (
    id   INTEGER PRIMARY KEY,
    slug TEXT NOT NULL UNIQUE,
    name TEXT NOT NULL
);

CREATE TABLE posts (
    id            INTEGER PRIMARY KEY,
    slug          TEXT NOT NULL UNIQUE,
    title         TEXT NOT NULL,
    published_at  TEXT NOT NULL,
    summary       TEXT NOT NULL,
    body_markdown TEXT NOT NULL,
    comments_open INTEGER NOT NULL DEFAULT 1,
    image         TEXT
);
CREATE INDEX posts_by_date ON posts (published_at DESC, id DESC);

CREATE TABLE post_authors (
    post_id   INTEGER NOT NULL REFERENCES posts (id) ON DELETE CASCADE,
    author_id INTEGER NOT NULL REFERENCES authors (id),
    position  INTEGER NOT NULL,
    PRIMARY KEY (post_id, author_id)
);
CREATE INDEX post_authors_by_author ON post_authors (author_id, post_id);

CREATE TABLE post_categories (
    post_id     INTEGER NOT NULL REFERENCES posts (id) ON DELETE CASCADE,
    category_id INTEGER NOT NULL REFERENCES categories (id),
    position    INTEGER NOT NULL,
    PRIMARY KEY (post_id, category_id)
);
CREATE INDEX post_categories_by_category ON post_categories (category_id, post_id);

CREATE TABLE post_tags (
    post_id  INTEGER NOT NULL REFERENCES posts (id) ON DELETE CASCADE,
    tag_id   INTEGER NOT NULL REFERENCES tags (id),
    position INTEGER NOT NULL,
    PRIMARY KEY (post_id, tag_id)
);
CREATE INDEX post_tags_by_tag ON post_tags (tag_id, post_id);

CREATE TABLE comments (
    id           INTEGER PRIMARY KEY,
    post_id      INTEGER NOT NULL REFERENCES posts (id) ON DELETE CASCADE,
    parent_id    INTEGER REFERENCES comments (id),
    author_name  TEXT NOT NULL,
    -- Stored so moderators can reach the commenter; never in a public response.
    author_email TEXT NOT NULL,
    body         TEXT NOT NULL,
    posted_at    TEXT NOT NULL,
    status       TEXT NOT NULL CHECK (status IN ('pending', 'approved', 'rejected', 'spam')),
    -- Set for comments that came from content/comments.toml, so a second import adds nothing.
    import_key   TEXT UNIQUE
);
CREATE INDEX comments_by_post ON comments (post_id, status, posted_at);
