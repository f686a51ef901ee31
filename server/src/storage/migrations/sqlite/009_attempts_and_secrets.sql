-- Every attempt to sign in (or to use the admin token) is recorded before
-- the password is checked, under the attempt's id, and forgotten if it was
-- right: attempts sent at the same moment are all counted.
ALTER TABLE sign_in_failures ADD COLUMN attempt TEXT;
CREATE INDEX sign_in_failures_by_attempt ON sign_in_failures (attempt);

-- Secrets every server of the blog shares, made at first use: the key that
-- signs the sign-in form's tokens.
CREATE TABLE server_secrets (
    name  TEXT PRIMARY KEY,
    value TEXT NOT NULL
);
