<?php
/**
 * Plugin Name: govblog sync
 * Description: Tells govblog at once when a post, page, comment, category, tag or user changes, so the blog it serves is in step within seconds rather than at its next poll; adds a "View on govblog" link to each published post and page, and a "Preview on govblog" link to drafts for those who may edit them.
 * Version: 1.0.0
 * Requires at least: 5.7
 * Requires PHP: 7.4
 * License: MIT
 *
 * Settings (constants in wp-config.php win over the options, which are under
 * Settings → General and in the REST API's /wp/v2/settings for administrators):
 *   GOVBLOG_SYNC_URL     govblog's public address, e.g. https://gds.blog.gov.uk
 *   GOVBLOG_SYNC_SECRET  the secret govblog has as GOVBLOG_WORDPRESS_SECRET
 *
 * Each call is `POST {url}/api/v1/wordpress/changed` with a JSON body
 * ({"changed":"post"}, {"changed":"comment","id":12}, {"changed":"term"},
 * {"changed":"deleted"}, each with a "nonce" of its own), `X-Govblog-Timestamp` (Unix seconds) and
 * `X-Govblog-Signature: sha256=` the hex HMAC-SHA256 of "{timestamp}.{body}".
 * govblog never writes to WordPress's content; if it cannot be reached the
 * call is dropped and govblog's own polling finds the change.
 *
 * Previews: for users who may edit a post or page that is not published, a
 * "Preview on govblog" link (in the lists of posts and pages, and as the
 * REST field `govblog_preview` with context=edit) opens
 * `{url}/preview/{id}/?expires=…&signature=…`: signed with the secret as the
 * hex HMAC-SHA256 of "{expires}.preview:{id}", good for 10 minutes.
 */

defined('ABSPATH') || exit;

function govblog_sync_setting($name) {
    $constant = 'GOVBLOG_SYNC_' . strtoupper($name);
    return defined($constant) ? constant($constant) : (string) get_option('govblog_sync_' . $name, '');
}

add_action('init', function () {
    // The key govblog gives each reader's comment it hands over, so that a
    // comment is never handed over twice.
    register_meta('comment', 'govblog_key', [
        'type' => 'string',
        'single' => true,
        'show_in_rest' => true,
        'auth_callback' => function () {
            return current_user_can('moderate_comments');
        },
    ]);
    foreach (['url' => 'esc_url_raw', 'secret' => 'sanitize_text_field'] as $name => $clean) {
        register_setting('general', 'govblog_sync_' . $name, [
            'type' => 'string',
            'default' => '',
            'show_in_rest' => true,
            'sanitize_callback' => $clean,
        ]);
    }
});

add_action('admin_init', function () {
    foreach (['url' => 'govblog address', 'secret' => 'govblog secret'] as $name => $label) {
        add_settings_field('govblog_sync_' . $name, $label, function () use ($name) {
            printf(
                '<input class="regular-text" type="%s" name="govblog_sync_%s" value="%s">',
                $name === 'secret' ? 'password' : 'url',
                esc_attr($name),
                esc_attr(get_option('govblog_sync_' . $name, ''))
            );
        }, 'general');
    }
});

/** Tells govblog what changed; quietly does nothing when it is not set up. */
function govblog_sync_call(array $change) {
    $url = rtrim(govblog_sync_setting('url'), '/');
    $secret = govblog_sync_setting('secret');
    if ($url === '' || $secret === '') {
        return;
    }
    // Each call its own: two changes in one second must not look like one
    // call made twice (govblog takes each signature once).
    $change['nonce'] = wp_generate_uuid4();
    $body = wp_json_encode($change);
    $timestamp = (string) time();
    wp_remote_post($url . '/api/v1/wordpress/changed', [
        'timeout' => 2,
        'redirection' => 0,
        'headers' => [
            'Content-Type' => 'application/json',
            'X-Govblog-Timestamp' => $timestamp,
            'X-Govblog-Signature' => 'sha256=' . hash_hmac('sha256', $timestamp . '.' . $body, $secret),
        ],
        'body' => $body,
    ]);
}

function govblog_sync_is_content($post) {
    $post = get_post($post);
    return $post && in_array($post->post_type, ['post', 'page'], true);
}

// Published, edited, scheduled, unpublished, binned, restored.
add_action('transition_post_status', function ($new, $old, $post) {
    if (govblog_sync_is_content($post) && ($new === 'publish' || $old === 'publish' || $new === 'future' || $old === 'future')) {
        govblog_sync_call(['changed' => 'post']);
    }
}, 10, 3);

// Deleted for good: no modified time tells govblog, so it checks every ID.
add_action('after_delete_post', function ($post_id, $post) {
    if ($post && in_array($post->post_type, ['post', 'page'], true)) {
        govblog_sync_call(['changed' => 'deleted']);
    }
}, 10, 2);

// A comment posted, approved, held back, marked as spam, binned, edited or deleted.
foreach (['comment_post', 'edit_comment', 'deleted_comment', 'trashed_comment', 'spammed_comment'] as $hook) {
    add_action($hook, function ($comment_id) {
        govblog_sync_call(['changed' => 'comment', 'id' => (int) $comment_id]);
    });
}
add_action('wp_set_comment_status', function ($comment_id) {
    govblog_sync_call(['changed' => 'comment', 'id' => (int) $comment_id]);
});

// Categories, tags and people's names.
foreach (['created_term', 'edited_term', 'delete_term', 'profile_update'] as $hook) {
    add_action($hook, function () {
        govblog_sync_call(['changed' => 'term']);
    });
}

// "View on govblog" beside "View" in the lists of posts and pages.
function govblog_sync_view_link($actions, $post) {
    $url = rtrim(govblog_sync_setting('url'), '/');
    if ($url !== '' && $post->post_status === 'publish') {
        $path = wp_make_link_relative(get_permalink($post));
        $actions['govblog'] = sprintf(
            '<a href="%s" rel="noopener">%s</a>',
            esc_url($url . $path),
            esc_html__('View on govblog')
        );
    }
    return $actions;
}
add_filter('post_row_actions', 'govblog_sync_view_link', 10, 2);

/** A signed link to govblog's preview of a post or page, for one who may edit it; '' otherwise. */
function govblog_sync_preview_link($post) {
    $post = get_post($post);
    $url = rtrim(govblog_sync_setting('url'), '/');
    $secret = govblog_sync_setting('secret');
    if (!$post || $url === '' || $secret === '' || !govblog_sync_is_content($post) || !current_user_can('edit_post', $post->ID)) {
        return '';
    }
    $expires = time() + 10 * MINUTE_IN_SECONDS;
    $signature = hash_hmac('sha256', $expires . '.preview:' . $post->ID, $secret);
    return $url . '/preview/' . $post->ID . '/?expires=' . $expires . '&signature=' . $signature;
}

// "Preview on govblog" beside "Preview" for drafts, pending and scheduled posts and pages.
function govblog_sync_preview_action($actions, $post) {
    $link = $post->post_status === 'publish' ? '' : govblog_sync_preview_link($post);
    if ($link !== '') {
        $actions['govblog_preview'] = sprintf(
            '<a href="%s" rel="noopener" target="_blank">%s</a>',
            esc_url($link),
            esc_html__('Preview on govblog')
        );
    }
    return $actions;
}
add_filter('post_row_actions', 'govblog_sync_preview_action', 10, 2);
add_filter('page_row_actions', 'govblog_sync_preview_action', 10, 2);

add_action('rest_api_init', function () {
    register_rest_field(['post', 'page'], 'govblog_preview', [
        'get_callback' => function ($item) {
            return govblog_sync_preview_link($item['id']);
        },
        'schema' => [
            'description' => 'A signed link to the govblog preview, for users who may edit the item.',
            'type' => 'string',
            'context' => ['edit'],
            'readonly' => true,
        ],
    ]);
});
add_filter('page_row_actions', 'govblog_sync_view_link', 10, 2);
