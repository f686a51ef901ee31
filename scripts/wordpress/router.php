<?php
// `php -S`'s router for a WordPress site with pretty permalinks: files are
// served as they are, everything else goes to WordPress's index.php, as
// Apache's rewrite rules would do.
$site = $_SERVER['DOCUMENT_ROOT'];
$path = parse_url($_SERVER['REQUEST_URI'], PHP_URL_PATH);
if ($path !== '/' && is_file($site . $path) && substr($path, -4) !== '.php') {
    return false;
}
// Debian's files are links into /usr/share/wordpress: WordPress must find
// this site's wp-config.php, not the one beside the linked files.
define('ABSPATH', $site . '/');
if ($path !== '/' && is_file($site . $path)) {
    $_SERVER['SCRIPT_NAME'] = $path;
    $_SERVER['SCRIPT_FILENAME'] = $site . $path;
    $_SERVER['PHP_SELF'] = $path;
    chdir(dirname($site . $path));
    require $site . $path;
    return;
}
$_SERVER['SCRIPT_NAME'] = '/index.php';
$_SERVER['SCRIPT_FILENAME'] = $site . '/index.php';
$_SERVER['PHP_SELF'] = '/index.php';
require $site . '/index.php';
