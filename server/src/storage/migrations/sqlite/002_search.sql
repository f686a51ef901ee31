-- Migration 2: full-text search over published text, kept in step with
-- posts by triggers. Porter stemming, so "workshop" finds "workshops".
CREATE VIRTUAL TABLE posts_fts USING fts5 (
    title, summary, body_markdown,
    content = 'posts', content_rowid = 'id',
    tokenize = 'porter unicode61 remove_diacritics 2'
);

CREATE TRIGGER posts_fts_insert AFTER INSERT ON posts BEGIN
    INSERT INTO posts_fts (rowid, title, summary, body_markdown)
    VALUES (new.id, new.title, new.summary, new.body_markdown);
END;

CREATE TRIGGER posts_fts_delete AFTER DELETE ON posts BEGIN
    INSERT INTO posts_fts (posts_fts, rowid, title, summary, body_markdown)
    VALUES ('delete', old.id, old.title, old.summary, old.body_markdown);
END;

CREATE TRIGGER posts_fts_update AFTER UPDATE ON posts BEGIN
    INSERT INTO posts_fts (posts_fts, rowid, title, summary, body_markdown)
    VALUES ('delete', old.id, old.title, old.summary, old.body_markdown);
    INSERT INTO posts_fts (rowid, title, summary, body_markdown)
    VALUES (new.id, new.title, new.summary, new.body_markdown);
END;

INSERT INTO posts_fts (posts_fts) VALUES ('rebuild');
