<?php
/**
 * themes-content.php - the one content set rendered through every theme under tests/sites/themes/
 * (see tests/sites/README.md, "themes"). Run once on a freshly reset site of the WordPress tool:
 *
 *   cd /work/shared/tools/wordpress
 *   ./setup.sh --reset --timezone America/New_York --posts-per-page 3 --comments-per-page 3
 *   ./wp-php.sh /path/to/tests/sites/themes-content.php
 *   python3 /path/to/tests/sites/wp-capture.py --set themes
 *
 * Content: 2 authors (one "Zoë Ångström"), 4 categories, 4 tags, 5 published posts: a long thread
 * (5 top-level threads = 2 comment pages at comments_per_page=3, one chain 5 levels deep,
 * non-ASCII commenter names, replies by the post's author, the repeated hour of 2025-11-02 in
 * New York on both of its instants), a closed thread, an updated post, a post without tags and
 * comments, a post with one comment. Times are New York local time.
 */

if (get_posts(['post_type' => ['post', 'attachment'], 'post_status' => 'any', 'numberposts' => 1])) {
    fwrite(STDERR, "themes-content.php: the site already has posts; run setup.sh --reset first\n");
    exit(1);
}
if (get_option('timezone_string') !== 'America/New_York') {
    fwrite(STDERR, "themes-content.php: timezone_string must be America/New_York (setup.sh --timezone)\n");
    exit(1);
}

function must($result, string $what) {
    if (is_wp_error($result) || !$result) {
        fwrite(STDERR, "failed: $what" . (is_wp_error($result) ? ': ' . $result->get_error_message() : '') . "\n");
        exit(1);
    }
    return $result;
}

update_option('blogname', 'Theme Test Desk');
update_option('blogdescription', 'One content set, every theme');

$authors = [];
foreach (['zangstrom' => 'Zoë Ångström', 'mwebb' => 'Marcus Webb'] as $login => $display) {
    $uid = must(wp_create_user($login, "$login-pass", "$login@example.com"), "user $login");
    must(wp_update_user(['ID' => $uid, 'display_name' => $display, 'nickname' => $display, 'role' => 'author']), "update $login");
    $authors[$login] = $uid;
}
$ZA = $authors['zangstrom'];
$MW = $authors['mwebb'];

$cats = [];
foreach (['military' => 'Military', 'politics' => 'Politics & Policy', 'north-korea' => 'North Korea', 'space' => 'Space'] as $slug => $name) {
    $cats[$slug] = (int) must(wp_insert_term($name, 'category', ['slug' => $slug]), "category $slug")['term_id'];
}
$tags = [];
foreach (['missiles' => 'Missiles', 'navy' => 'Navy', 'ukraine' => 'Ukraine', 'research-and-development' => 'R&D'] as $slug => $name) {
    $tags[$slug] = (int) must(wp_insert_term($name, 'post_tag', ['slug' => $slug]), "tag $slug")['term_id'];
}

$posts = [
    // slug => [title, local date, author, categories, tags, content, extra]
    'missile-defense-long-thread' => ['Missile Defense After Pyongyang’s 12 Launches', '2025-10-28 09:00:00', $ZA, ['military', 'north-korea'], ['missiles', 'research-and-development'],
        "North Korea launched twelve ballistic missiles in the first ten months of the year, more than in any year since 2022. Each launch tested not only a missile but the radars, satellites and interceptors that Japan, South Korea and the United States have built to stop it.\n\n"
        . "The regional missile-defense network now shares tracking data in real time, a change that took a decade of diplomacy. Aegis destroyers in the Sea of Japan see a launch within seconds, and ground radars in South Korea follow the missile through its boost phase.\n\n"
        . "The weak point is volume. Interceptors cost millions of dollars each, and Pyongyang can build cheap short-range missiles faster than its neighbours can buy the weapons to stop them. Planners talk about layered defense, but the arithmetic of a salvo still favours the attacker.\n\n"
        . "Some officials argue that the answer lies in striking launchers before they fire. That doctrine, known in Seoul as the kill chain, raises its own questions about escalation on a peninsula where the two capitals are a few minutes' flight apart."],
    'budget-fight-closed-thread' => ['Five Budget Fights That Will Shape the Fleet', '2025-03-10 16:45:00', $MW, ['politics'], ['navy'],
        "The Pentagon's budget request is only the opening bid. Between now and the end of the fiscal year, the committees will rewrite it line by line, and several fights are already visible.\n\n"
        . "Shipbuilding comes first: lawmakers from shipbuilding states want a second submarine every year, even though the yards cannot deliver two. Munitions come next, where deliveries to allies have exposed thin stockpiles.\n\n"
        . "Pay and housing for junior enlisted sailors complete the list, an issue with rare support from both parties.",
        ['comment_status' => 'closed']],
    'space-force-updated-post' => ['Space Force Wants Its Own Satellites Faster', '2025-05-05 08:00:00', $ZA, ['space', 'military'], ['research-and-development'],
        "The Space Force has spent its first years building an institution. Now it wants hardware, and it wants it faster than the traditional acquisition system can deliver.\n\n"
        . "Its answer is a set of small, cheap satellites launched in batches every two years, each tranche better than the last. The first batch is already in orbit; the second slipped by several months because of supplier delays.\n\n"
        . "Update: the service confirmed on June 1 that the second tranche will launch in the autumn.",
        ['_modified' => '2025-06-01 12:30:00']],
    'no-tags-quiet-post' => ['A Quiet Week on the Hill', '2025-07-14 11:20:00', $MW, ['politics'], [],
        "Congress left town for its summer recess without passing the defense appropriations bill, which is not unusual. The authorization bill passed the House with amendments that the Senate is unlikely to accept.\n\n"
        . "Staff will spend August reconciling the two versions. Nothing in either bill is likely to surprise anyone who has followed the hearings this spring."],
    'drone-lessons-one-comment' => ['Drone Lessons From Ukraine, Three Years On', '2025-09-02 07:30:00', $ZA, ['military'], ['ukraine'],
        "<!-- wp:paragraph -->\n<p>The war in Ukraine has become the first conflict in which cheap drones shape the battlefield at every level.</p>\n<!-- /wp:paragraph -->\n\n"
        . "<!-- wp:heading -->\n<h2>What armies are learning</h2>\n<!-- /wp:heading -->\n\n"
        . "<!-- wp:list -->\n<ul><li>Drones survive for days, not months.</li><li>Electronic warfare changes week to week.</li><li>Supply chains decide who can keep flying.</li></ul>\n<!-- /wp:list -->\n\n"
        . "<!-- wp:quote -->\n<blockquote class=\"wp-block-quote\"><p>\"An army that wants to fight this way needs software updates at the speed of the battlefield.\"</p><cite>A European defense official</cite></blockquote>\n<!-- /wp:quote -->\n\n"
        . "<!-- wp:paragraph -->\n<p>Western armies are adding drone platoons to infantry units and asking industry for small systems that can be bought by the thousand.</p>\n<!-- /wp:paragraph -->"],
];

wp_set_current_user(1);
$ids = [];
foreach ($posts as $slug => [$title, $date, $author, $post_cats, $post_tags, $content]) {
    $extra = $posts[$slug][6] ?? [];
    $modified = $extra['_modified'] ?? null;
    unset($extra['_modified']);
    $ids[$slug] = must(wp_insert_post($extra + [
        'post_title' => wp_slash($title), 'post_name' => $slug, 'post_date' => $date, 'post_status' => 'publish',
        'post_author' => $author, 'post_category' => array_map(fn($c) => $cats[$c], $post_cats),
        'post_content' => wp_slash($content),
    ], true), "post $slug");
    wp_set_post_terms($ids[$slug], array_map(fn($t) => $tags[$t], $post_tags), 'post_tag');
    if ($modified) {
        global $wpdb;
        $wpdb->update($wpdb->posts, ['post_modified' => $modified, 'post_modified_gmt' => get_gmt_from_date($modified)], ['ID' => $ids[$slug]]);
        clean_post_cache($ids[$slug]);
    }
}
wp_set_current_user(0);

function add_comment(int $post, string $name, string $text, string $date, int $parent = 0, array $extra = []): int {
    $data = $extra + [
        'comment_post_ID' => $post, 'comment_author' => $name,
        'comment_author_email' => strtolower(preg_replace('/[^A-Za-z]+/', '.', trim(remove_accents($name)))) . '@example.com',
        'comment_author_url' => '', 'comment_author_IP' => '127.0.0.1', 'comment_agent' => 'Mozilla/5.0',
        'comment_content' => $text, 'comment_date' => $date, 'comment_parent' => $parent,
        'comment_approved' => 1, 'comment_type' => 'comment', 'user_id' => 0,
    ];
    $gmt = $data['comment_date_gmt'] ?? null;
    $data = wp_filter_comment(wp_slash($data));
    if ($gmt) { $data['comment_date_gmt'] = $gmt; }
    return must(wp_insert_comment($data), "comment by $name at $date");
}
$by = fn(int $uid) => ['user_id' => $uid, 'comment_author_email' => get_userdata($uid)->user_email];

// The long thread: 5 top-level threads (2 comment pages), a chain 5 deep, the post author's replies.
$p = $ids['missile-defense-long-thread'];
$t1 = add_comment($p, 'Søren Kjærgaard', 'Twelve launches, and each one tells the radars something new. Good overview.', '2025-10-28 10:05:00', 0, ['comment_author_url' => 'https://example.org/soren']);
$r2 = add_comment($p, 'Zoë Ångström', 'Thank you, Søren. The radar data is the part the public rarely hears about.', '2025-10-28 11:30:00', $t1, $by($ZA));
$r3 = add_comment($p, 'Łukasz Żółkiewski', "Does the data sharing include Japan's new long-range radars?\n\nI read that it only covers the ships.", '2025-10-28 12:45:00', $r2);
$r4 = add_comment($p, 'Søren Kjærgaard', 'It covers both, according to the joint statement from last year.', '2025-10-28 14:00:00', $r3, ['comment_author_url' => 'https://example.org/soren']);
add_comment($p, 'Łukasz Żółkiewski', 'Then the gap is the interceptors, not the sensors. Thanks.', '2025-10-28 15:10:00', $r4);
$t2 = add_comment($p, 'Dana Whitlock', 'The salvo arithmetic is the whole story. Cheap missiles against expensive interceptors is a losing trade.', '2025-10-29 08:20:00');
add_comment($p, '李明', 'Left-of-launch strikes are the only answer to that arithmetic, but the escalation risk is enormous.', '2025-10-29 09:40:00', $t2);
add_comment($p, 'Pat O\'Brien', 'Kill chain doctrine deserves <em>its own</em> article &amp; a map.', '2025-10-30 19:00:00');
// 2025-11-02 01:00-02:00 happens twice in New York. The first comment was written at 01:50 EDT
// (05:50Z), the reply 30 minutes later at 01:20 EST (06:20Z): the page prints "1:50 am" then
// "1:20 am", and only the order of the thread tells which 1:20 it was.
$t4 = add_comment($p, 'Night Owl', 'Reading this while the clocks go back. Has the new radar in Kyushu been switched on?', '2025-11-02 01:50:00', 0, ['comment_date_gmt' => '2025-11-02 05:50:00']);
add_comment($p, 'Zoë Ångström', 'Not yet: it is due to start operating next spring.', '2025-11-02 01:20:00', $t4, $by($ZA) + ['comment_date_gmt' => '2025-11-02 06:20:00']);
add_comment($p, 'Greg Alvarez', 'Any word on the interceptor budget for next year?', '2025-11-05 08:00:00');

// Comments closed, two approved comments still shown.
$p = $ids['budget-fight-closed-thread'];
$c = add_comment($p, 'Robert Chen', 'The munitions fight is the one to watch.', '2025-03-10 18:00:00', 0, ['comment_author_url' => 'https://robertchen.example.org/']);
add_comment($p, 'Marcus Webb', 'Agreed, Robert. Multiyear procurement should have started years ago.', '2025-03-11 09:30:00', $c, $by($MW));

// One comment.
add_comment($ids['drone-lessons-one-comment'], 'Oksana Kravets', 'Good summary. Jamming changes week to week where I am.', '2025-09-02 12:45:00');

foreach ($ids as $slug => $id) {
    printf("%4d  %s  comments=%d  %s\n", $id, get_post($id)->post_date, get_post($id)->comment_count, get_permalink($id));
}
