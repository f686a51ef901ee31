-- Moderators working in the browser, and commenters hearing back.

-- Email addresses are stored lower-cased; passwords as Argon2id PHC strings.
CREATE TABLE moderators (
    id            INTEGER PRIMARY KEY,
    email         TEXT NOT NULL UNIQUE,
    password_hash TEXT NOT NULL,
    created_at    TEXT NOT NULL
);

-- Only a hash of the cookie's value is kept: a copy of the database does
-- not let anyone in.
CREATE TABLE moderator_sessions (
    id_hash      TEXT PRIMARY KEY,
    moderator_id INTEGER NOT NULL REFERENCES moderators (id),
    csrf_token   TEXT NOT NULL,
    created_at   TEXT NOT NULL,
    last_seen_at TEXT NOT NULL
);

-- Failed sign-ins, by `account:<email>` and `address:<ip>`, for throttling.
CREATE TABLE sign_in_failures (
    key       TEXT NOT NULL,
    failed_at TEXT NOT NULL
);
CREATE INDEX sign_in_failures_by_key ON sign_in_failures (key, failed_at);

-- Who did what, when: every moderation action.
CREATE TABLE moderation_log (
    id         INTEGER PRIMARY KEY,
    at         TEXT NOT NULL,
    moderator  TEXT NOT NULL,
    action     TEXT NOT NULL,
    comment_id INTEGER,
    post_id    INTEGER,
    detail     TEXT NOT NULL DEFAULT ''
);

-- A commenter who asked to hear when their comment is published or answered.
CREATE TABLE comment_followers (
    comment_id         INTEGER PRIMARY KEY REFERENCES comments (id),
    email              TEXT NOT NULL,
    -- pending (until the emailed link is used), confirmed, unsubscribed
    status             TEXT NOT NULL,
    confirm_token_hash TEXT,
    unsubscribe_token  TEXT NOT NULL UNIQUE
);
CREATE INDEX comment_followers_by_confirm ON comment_followers (confirm_token_hash);

-- Emails written in the same transaction as what caused them, delivered by
-- the server in the background: claimed before sending, removed once sent.
CREATE TABLE mail_queue (
    id              INTEGER PRIMARY KEY,
    recipient       TEXT NOT NULL,
    subject         TEXT NOT NULL,
    body            TEXT NOT NULL,
    unsubscribe_url TEXT,
    queued_at       TEXT NOT NULL,
    send_after      TEXT NOT NULL,
    claimed_at      TEXT,
    attempts        INTEGER NOT NULL DEFAULT 0
);
CREATE INDEX mail_queue_waiting ON mail_queue (claimed_at, send_after);
