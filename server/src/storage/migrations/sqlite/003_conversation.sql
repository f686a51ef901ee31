-- Migration 3: threaded comments from readers, flood control, email
-- subscriptions and the record of which post was announced to whom.

-- Each comment knows its thread (top-level comment) and depth, so a page
-- of threads is fetched in two indexed queries.
ALTER TABLE comments ADD COLUMN thread_id INTEGER;
ALTER TABLE comments ADD COLUMN depth INTEGER NOT NULL DEFAULT 1;
-- The sender's address, for flood control.
ALTER TABLE comments ADD COLUMN client_ip TEXT;

WITH RECURSIVE tree (id, root, depth) AS (
    SELECT id, id, 1 FROM comments WHERE parent_id IS NULL
    UNION ALL
    SELECT c.id, tree.root, tree.depth + 1 FROM comments c JOIN tree ON c.parent_id = tree.id
)
UPDATE comments SET
    thread_id = (SELECT root FROM tree WHERE tree.id = comments.id),
    depth = (SELECT depth FROM tree WHERE tree.id = comments.id);

CREATE INDEX comments_by_thread ON comments (thread_id, posted_at);
CREATE INDEX comments_by_client ON comments (client_ip, posted_at);

CREATE TABLE subscriptions (
    id                 INTEGER PRIMARY KEY,
    email              TEXT NOT NULL UNIQUE COLLATE NOCASE,
    status             TEXT NOT NULL CHECK (status IN ('pending', 'confirmed', 'unsubscribed')),
    -- SHA-256 of the single-use confirmation token; NULL once used.
    confirm_token_hash TEXT UNIQUE,
    -- The token in every email's unsubscribe link; it can only unsubscribe.
    unsubscribe_token TEXT NOT NULL UNIQUE,
    created_at         TEXT NOT NULL,
    confirmed_at       TEXT
);

-- One row per post and subscriber, written before the email is sent, so no
-- subscriber gets the same post twice however often `notify` runs.
CREATE TABLE notifications (
    post_id         INTEGER NOT NULL REFERENCES posts (id) ON DELETE CASCADE,
    subscription_id INTEGER NOT NULL REFERENCES subscriptions (id) ON DELETE CASCADE,
    sent_at         TEXT NOT NULL,
    PRIMARY KEY (post_id, subscription_id)
);

-- When every confirmed subscriber had been sent the post.
ALTER TABLE posts ADD COLUMN announced_at TEXT;
