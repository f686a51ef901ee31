<?php
// Installs the test site (run by scripts/wordpress.sh): an administrator,
// pretty permalinks, UTC, and an application password for govblog, which is
// printed. Usage: php install.php SITE_DIR URL
[$_, $site, $url] = $argv;
define('WP_INSTALLING', true);
define('ABSPATH', $site . '/');
$_SERVER['HTTP_HOST'] = parse_url($url, PHP_URL_HOST) . ':' . parse_url($url, PHP_URL_PORT);
$_SERVER['REQUEST_URI'] = '/';
require ABSPATH . 'wp-load.php';
require ABSPATH . 'wp-admin/includes/upgrade.php';
$result = wp_install('Test blog', 'admin', 'admin@example.gov.uk', false, '', wp_generate_password(24));
if (is_wp_error($result)) {
    fwrite(STDERR, $result->get_error_message() . "\n");
    exit(1);
}
update_option('permalink_structure', '/%year%/%monthnum%/%day%/%postname%/');
update_option('timezone_string', 'UTC');
update_option('blogdescription', 'A WordPress that govblog follows');
flush_rewrite_rules(false);
[$password] = WP_Application_Passwords::create_new_application_password(1, ['name' => 'govblog']);
echo $password;
