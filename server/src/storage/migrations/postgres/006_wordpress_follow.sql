-- Following a live WordPress: how far each kind of change has been copied
-- (`posts_modified`, `comments_after`, ...), which server polls now
-- (`lease`: one at a time), and a sync asked for by WordPress's plugin.
CREATE TABLE wordpress_follow (
    key   TEXT PRIMARY KEY,
    value TEXT NOT NULL
);
