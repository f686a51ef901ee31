#!/usr/bin/env bash
# A throwaway WordPress for tests, from Debian's `wordpress`, `mariadb-server`
# and `php-cli` packages (scripts/setup.sh installs them); no system service,
# nothing written outside a temporary directory.
#
#   scripts/wordpress.sh run CMD...   start MariaDB and WordPress (`php -S` on a
#                                     free loopback port), install a site with
#                                     an administrator and an application
#                                     password, run CMD with
#                                     GOVBLOG_TEST_WORDPRESS_URL, _USER,
#                                     _APP_PASSWORD and _DIR set, then stop
#                                     both and remove the directory
#
# The site is WordPress as Debian ships it, with pretty permalinks (as GOV.UK
# blogs have), in UTC, `WP_ENVIRONMENT_TYPE` `local` (which allows
# application passwords over plain HTTP), and govblog's plugin
# (wordpress/govblog-sync.php) installed but not active: a test activates it.
set -euo pipefail
cd "$(dirname "$0")/.."
here=$PWD

[ -x /usr/sbin/mariadbd ] && [ -d /usr/share/wordpress ] && command -v php >/dev/null ||
  { echo "wordpress.sh: WordPress, MariaDB or PHP is not installed (run scripts/setup.sh)" >&2; exit 1; }

free_port() {
  node -e "const s=require('net').createServer();s.listen(0,'127.0.0.1',()=>{console.log(s.address().port);s.close()})"
}

case "${1:-}" in
  run)
    shift
    dir=$(mktemp -d "${TMPDIR:-/tmp}/govblog-wp-XXXXXX")
    export GOVBLOG_TEST_WORDPRESS_DIR="$dir"
    pids=()
    stop() {
      # `php -S` runs its workers as children: they go first.
      for pid in "${pids[@]}"; do pkill -TERM -P "$pid" 2>/dev/null || true; kill "$pid" 2>/dev/null || true; done
      wait 2>/dev/null || true
      rm -rf "$dir"
    }
    trap stop EXIT

    # MariaDB on a socket only, owned by whoever runs this.
    mariadb-install-db --no-defaults --datadir="$dir/db" --user="$(id -un)" \
      --auth-root-authentication-method=normal --skip-test-db >"$dir/mariadb-install.log" 2>&1
    /usr/sbin/mariadbd --no-defaults --datadir="$dir/db" --socket="$dir/mysql.sock" \
      --skip-networking --user="$(id -un)" --pid-file="$dir/mariadb.pid" \
      --innodb-flush-log-at-trx-commit=0 >"$dir/mariadb.log" 2>&1 &
    pids+=($!)
    for _ in $(seq 1 100); do [ -S "$dir/mysql.sock" ] && break; sleep 0.1; done
    [ -S "$dir/mysql.sock" ] || { cat "$dir/mariadb.log" >&2; exit 1; }
    mariadb --no-defaults --socket="$dir/mysql.sock" -uroot \
      -e "CREATE DATABASE wordpress; CREATE USER wordpress@localhost IDENTIFIED BY 'wordpress'; GRANT ALL ON wordpress.* TO wordpress@localhost;"

    # WordPress: Debian's files linked into a site directory of its own,
    # with its own configuration and wp-content.
    site="$dir/site"
    mkdir -p "$site"
    cp -rs /usr/share/wordpress/. "$site/"
    rm -f "$site/wp-config.php" "$site/.htaccess"
    rm -rf "$site/wp-content"
    mkdir -p "$site/wp-content/plugins" "$site/wp-content/uploads"
    ln -s /usr/share/wordpress/wp-content/themes "$site/wp-content/themes"
    ln -s "$here/wordpress/govblog-sync.php" "$site/wp-content/plugins/govblog-sync.php"
    port=$(free_port)
    url="http://127.0.0.1:$port"
    cat >"$site/wp-config.php" <<PHP
<?php
define('DB_NAME', 'wordpress');
define('DB_USER', 'wordpress');
define('DB_PASSWORD', 'wordpress');
define('DB_HOST', 'localhost:$dir/mysql.sock');
define('DB_CHARSET', 'utf8mb4');
define('DB_COLLATE', '');
\$table_prefix = 'wp_';
define('WP_HOME', '$url');
define('WP_SITEURL', '$url');
define('WP_CONTENT_DIR', '$site/wp-content');
define('WP_CONTENT_URL', '$url/wp-content');
define('WP_ENVIRONMENT_TYPE', 'local');
define('DISABLE_WP_CRON', true);
define('AUTOMATIC_UPDATER_DISABLED', true);
define('WP_HTTP_BLOCK_EXTERNAL', false);
foreach (['AUTH', 'SECURE_AUTH', 'LOGGED_IN', 'NONCE'] as \$k) {
    define(\$k . '_KEY', '$(head -c 24 /dev/urandom | base64)');
    define(\$k . '_SALT', '$(head -c 24 /dev/urandom | base64)');
}
if (!defined('ABSPATH')) { define('ABSPATH', '$site/'); }
require_once ABSPATH . 'wp-settings.php';
PHP
    export GOVBLOG_TEST_WORDPRESS_SITE="$site"
    PHP_CLI_SERVER_WORKERS=4 php -S "127.0.0.1:$port" -t "$site" "$here/scripts/wordpress/router.php" \
      >"$dir/php.log" 2>&1 &
    pids+=($!)
    for _ in $(seq 1 100); do
      curl -s -o /dev/null "$url/wp-includes/js/wp-embed.min.js" && break
      sleep 0.1
    done
    # (WordPress mails the new administrator: there is no sendmail here, and
    # what it says about that goes to the log.)
    password=$(php "$here/scripts/wordpress/install.php" "$site" "$url" 2>>"$dir/install.log") ||
      { cat "$dir/install.log" >&2; exit 1; }
    export GOVBLOG_TEST_WORDPRESS_URL="$url"
    export GOVBLOG_TEST_WORDPRESS_USER=admin
    export GOVBLOG_TEST_WORDPRESS_APP_PASSWORD="$password"
    "$@"
    ;;
  *) echo "usage: scripts/wordpress.sh run CMD..." >&2; exit 2 ;;
esac
