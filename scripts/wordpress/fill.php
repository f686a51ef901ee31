<?php
// Fills the test site with generated content for `make bench` (run by
// server/benches/following.rs through scripts/wordpress.sh's site): COUNT
// published posts in 10 categories, each with two paragraphs and a
// comment, then writes the site's export (WXR, as Tools → Export makes it)
// to EXPORT. Usage: php fill.php SITE_DIR URL COUNT EXPORT
[$_, $site, $url, $count, $export] = $argv;
define('ABSPATH', $site . '/');
$_SERVER['HTTP_HOST'] = parse_url($url, PHP_URL_HOST) . ':' . parse_url($url, PHP_URL_PORT);
$_SERVER['REQUEST_URI'] = '/';
require ABSPATH . 'wp-load.php';
require ABSPATH . 'wp-admin/includes/export.php';
wp_set_current_user(1);
wp_defer_term_counting(true);
wp_defer_comment_counting(true);
wp_suspend_cache_addition(true);
$categories = [];
for ($c = 0; $c < 10; $c++) {
    $term = wp_insert_term("Bench topic $c", 'category', ['slug' => "bench-topic-$c"]);
    $categories[] = is_wp_error($term) ? $term->get_error_data('term_exists') : $term['term_id'];
}
$words = explode(' ', 'data service users research design policy open standard government digital team public');
for ($i = 0; $i < (int) $count; $i++) {
    $sentence = function () use ($words, $i) {
        $out = [];
        for ($w = 0; $w < 40; $w++) { $out[] = $words[($i * 7 + $w * 3) % count($words)]; }
        return ucfirst(implode(' ', $out)) . '.';
    };
    $id = wp_insert_post([
        'post_title' => "Bench post $i",
        'post_name' => "bench-post-$i",
        'post_status' => 'publish',
        'post_author' => 1,
        'post_date' => gmdate('Y-m-d H:i:s', 1500000000 + $i * 3600),
        'post_content' => "<!-- wp:paragraph -->\n<p>" . $sentence() . "</p>\n<!-- /wp:paragraph -->\n\n<!-- wp:paragraph -->\n<p>" . $sentence() . "</p>\n<!-- /wp:paragraph -->",
        'post_category' => [$categories[$i % 10]],
    ], true);
    if (is_wp_error($id)) { fwrite(STDERR, $id->get_error_message() . "\n"); exit(1); }
    wp_insert_comment([
        'comment_post_ID' => $id,
        'comment_author' => "Reader $i",
        'comment_author_email' => "reader$i@example.com",
        'comment_content' => "A comment on bench post $i.",
        'comment_approved' => 1,
        'comment_date_gmt' => gmdate('Y-m-d H:i:s', 1500000000 + $i * 3600 + 60),
    ]);
}
wp_defer_term_counting(false);
wp_defer_comment_counting(false);
ob_start();
export_wp(['content' => 'all']);
file_put_contents($export, ob_get_clean());
