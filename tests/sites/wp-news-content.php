<?php
/**
 * wp-news-content.php - the content behind tests/sites/wp-news (see tests/sites/README.md):
 * a few hundred posts and a couple of thousand threaded comments, so that requests per
 * article and per comment mean something.
 *
 * Run it once on a freshly reset site of /work/shared/tools/wordpress (WordPress 6.1, Debian):
 *
 *   cd /work/shared/tools/wordpress
 *   export WP_DEV_PORT=8191 WP_DEV_STATE=/var/lib/wp-dev-rest WP_DEV_CONFIG=rest
 *   ./setup.sh --reset --timezone America/New_York --posts-per-page 10 --comments-per-page 50
 *   ./wp-php.sh /path/to/tests/sites/wp-news-content.php
 *
 * Everything is drawn from mt_rand() with a fixed seed, so a reset site gets the same posts,
 * comments and ids every time. Dates are New York local time (WordPress derives the *_gmt
 * columns at insert time), spread over 2023-2024 so both EST and EDT occur, and one post and
 * one comment sit in the ambiguous fall-back hour.
 *
 * Content: 6 authors, 6 categories ('&' in two names), 30 tags, 240 published posts (one sticky,
 * about 8% in two categories, a quarter edited after publication, 12 with a featured image,
 * a third in block-editor markup, 8 with comments closed), 2 password-protected posts (one with
 * comments), 1 private post, 1 draft, a header menu of the categories; about 2,300 approved comments threaded up to depth 5
 * (a few threads long enough to span comment pages), plus held and spam comments.
 */

if (get_posts(['post_type' => ['post', 'attachment'], 'post_status' => 'any', 'numberposts' => 1])) {
    fwrite(STDERR, "wp-news-content.php: the site already has posts; run setup.sh --reset first\n");
    exit(1);
}
if (get_option('timezone_string') !== 'America/New_York') {
    fwrite(STDERR, "wp-news-content.php: timezone_string must be America/New_York (setup.sh --timezone)\n");
    exit(1);
}

function must($result, string $what) {
    if (is_wp_error($result) || !$result) {
        fwrite(STDERR, "failed: $what" . (is_wp_error($result) ? ': ' . $result->get_error_message() : '') . "\n");
        exit(1);
    }
    return $result;
}
function pick(array $list) { return $list[mt_rand(0, count($list) - 1)]; }
function local(int $ts): string { return gmdate('Y-m-d H:i:s', $ts); }  // $ts counts local seconds

mt_srand(13);
global $wpdb;
update_option('blogname', 'Defense News Replica');
update_option('blogdescription', 'Defense and national security news on stock WordPress');

// ---------------------------------------------------------------- authors
$authors = [];
foreach ([
    'ewhitfield' => 'Eleanor Whitfield', 'jnunez' => 'José Núñez', 'loconnor' => "Liam O'Connor",
    'mkowalski' => 'Marta Kowalski', 'dokafor' => 'David Okafor', 'hsato' => 'Hiroshi Sato',
] as $login => $display) {
    $uid = must(wp_create_user($login, "$login-pass", "$login@example.com"), "user $login");
    $parts = explode(' ', $display, 2);
    must(wp_update_user(['ID' => $uid, 'display_name' => $display, 'nickname' => $display,
        'first_name' => $parts[0], 'last_name' => $parts[1], 'role' => 'author',
        'description' => "$display writes about defense and national security."]), "update $login");
    $authors[] = $uid;
}

// ---------------------------------------------------------------- categories and tags
$cats = [];
foreach ([
    'military' => 'Military', 'politics' => 'Politics & Policy', 'sea-power' => 'Sea Power',
    'air-power' => 'Air Power', 'land-warfare' => 'Land Warfare', 'cyber-space' => 'Cyber & Space',
] as $slug => $name) {
    $cats[$slug] = (int) must(wp_insert_term($name, 'category', ['slug' => $slug]), "category $slug")['term_id'];
}
$tags = [];
foreach ([
    'Russia', 'China', 'NATO', 'Ukraine', 'Taiwan', 'Iran', 'North Korea', 'Israel', 'Navy', 'Army',
    'Air Force', 'Marines', 'Space Force', 'Nuclear Weapons', 'Hypersonics', 'Drones', 'Submarines',
    'Aircraft Carriers', 'F-35', 'B-21', 'Missile Defense', 'Congress', 'Pentagon Budget', 'R&D',
    'Shipbuilding', 'Arctic', 'Indo-Pacific', 'Baltic', 'Electronic Warfare', 'Artillery',
] as $name) {
    $slug = sanitize_title(str_replace('&', '-and-', $name));
    $tags[] = (int) must(wp_insert_term($name, 'post_tag', ['slug' => $slug]), "tag $name")['term_id'];
}

// ---------------------------------------------------------------- text banks
$subjects = ['The Navy', 'The Army', 'The Air Force', 'NATO', 'The Pentagon', 'Congress', 'Russia', 'China',
    'Ukraine', 'Taiwan', 'Japan', 'Poland', 'India', 'Iran', 'The Marine Corps', 'Space Force'];
$things = ['Frigate', 'Tank', 'Bomber', 'Submarine', 'Drone', 'Missile Defense', 'Artillery', 'Budget',
    'Shipyard', 'Fighter Jet', 'Radar', 'Satellite', 'Aircraft Carrier', 'Hypersonic Weapon', 'Stockpile'];
$problems = ['Readiness', 'Money', 'Industrial', 'Software', 'Recruiting', 'Strategy', 'Logistics', 'Time'];
$title_forms = [
    fn($s, $t, $p) => "$s's $t Problem Is a $p Problem",
    fn($s, $t, $p) => "Why $s Wants a New $t",
    fn($s, $t, $p) => "\"$t\" & Its Discontents: $s Faces a $p Test",
    fn($s, $t, $p) => "$s and the $t: Five Questions About $p",
    fn($s, $t, $p) => "The $t Gap... and What $s Can Do About It",
    fn($s, $t, $p) => "Is $s's $t Worth the $p?",
    fn($s, $t, $p) => "Inside $s's Plan for the $t",
    fn($s, $t, $p) => "$s Can't Fix Its $t Without Fixing $p",
];
$sentences = [
    'Officials have said little about the price beyond an average unit cost in 2022 dollars.',
    "The program's history of delays has made lawmakers wary of another open-ended commitment.",
    'Shipyards struggle to hire and keep welders, pipefitters and electricians.',
    'Planners in the Pacific want forces that can operate without large, vulnerable bases.',
    'The war in Ukraine has shown how quickly stockpiles of munitions can run down.',
    "Critics argue that the word \"deterrence\" has become a catch-all that answers no hard question.",
    'A steady, predictable order book lets industry invest in people and facilities.',
    'Electronic warfare now decides whether a drone survives for days or for minutes.',
    'The alliance has moved from a tripwire posture to forward defense on its eastern flank.',
    "Beijing's shipbuilding capacity dwarfs that of the United States by most measures.",
    'Testing failures have pushed the first deployment back by at least two years.',
    'Budget caps agreed in 2023 leave little room for growth, so every addition must be paid for elsewhere.',
    'Analysts disagree on whether the threat is new or simply newly visible.',
    'The service plans to buy at least 100 of them over the next decade.',
    "Sensors, not speed, are the harder part of the problem — and the more expensive one.",
    'European officials increasingly plan for a future in which Washington provides less.',
    "What matters more than the reveal is the program's pace.",
    'Maintenance backlogs keep a large share of the fleet at the pier.',
    'The Marines have reorganized around small, mobile units armed with anti-ship missiles.',
    "Satellites in low orbit promise tracking that ground radars can't provide...",
];
$headings = ['What comes next', 'The industrial base', 'Why it matters', 'The cost question', 'Lessons from Ukraine'];
$quotes = ['"This is not just a new platform. It is the backbone of our force for the next forty years."',
    '"We are buying the future with money we do not yet have."', '"Speed alone is not new; maneuverability is."'];
$names = ['John Miller', 'Sarah K.', 'Veteran88', 'Jürgen Weiß', 'María José', 'T. Nguyen', 'Old Salt',
    'Pat from Ohio', 'Anna Lindqvist', 'Kenji', 'Robert "Bob" Hale', 'Ólafur', 'Chris P.', 'Defense Watcher',
    'Émilie Dubois', 'Mike', 'Grace Ho', 'Ivan P.', 'Lt. Col. (ret.) Dan Reyes', 'Priya S.', "Sean O'Neill",
    'Zoë Clarke', 'Tom', 'Li Wei', 'Natasha', 'Ahmed Y.', 'Carlos', 'Fiona', 'Greg T.', 'Hannah'];
$remarks = ['Great analysis.', 'I disagree with most of this.', 'The real issue is the budget, as always.',
    "Nobody in Congress will vote for that, let's be honest.", 'Source? I have seen very different numbers.',
    'Served 20 years, and this matches what I saw.', 'This article ignores the industrial base entirely.',
    "The \"experts\" said the same thing in 2014...", 'Thanks for explaining this clearly.',
    'Drones change everything & the brass still does not get it.', 'What about the Marines?',
    'Exactly right — procurement is broken.', 'China is building ships faster than we can count them.',
    'Good piece, but the headline oversells it.', 'Where is the money going to come from?'];

function paragraphs(array $sentences, int $n): array {
    $out = [];
    for ($i = 0; $i < $n; $i++) {
        $k = mt_rand(2, 4);
        $parts = [];
        for ($j = 0; $j < $k; $j++) {
            $parts[] = pick($sentences);
        }
        $out[] = implode(' ', $parts);
    }
    return $out;
}

// ---------------------------------------------------------------- images
require_once ABSPATH . 'wp-admin/includes/image.php';
$png = file_get_contents('/usr/share/wordpress/wp-admin/images/w-logo-blue.png');
$images = [];
for ($i = 1; $i <= 12; $i++) {
    $up = wp_upload_bits("news-photo-$i.png", null, $png, '2024/01');
    if (!empty($up['error'])) {
        must(false, "upload $i: {$up['error']}");
    }
    $att = must(wp_insert_attachment(['post_mime_type' => 'image/png', 'post_title' => "News photo $i",
        'post_excerpt' => "Photo $i of the story. Image: U.S. Department of Defense.", 'post_status' => 'inherit',
        'post_date' => '2023-01-01 08:00:00'], $up['file'], 0, true), "attachment $i");
    wp_update_attachment_metadata($att, wp_generate_attachment_metadata($att, $up['file']));
    update_post_meta($att, '_wp_attachment_image_alt', "Photo $i");
    $images[] = $att;
}

// ---------------------------------------------------------------- posts
// Written as the admin (unfiltered_html, like an editor), so kses leaves post HTML alone.
wp_set_current_user(1);
$cat_slugs = array_keys($cats);
$published = [];   // post id => local timestamp of publication
$closed = [];
$start = strtotime('2023-01-05 09:00:00 UTC');
$seen_titles = [];
for ($i = 0; $i < 240; $i++) {
    $ts = $start + $i * 3 * 86400 + mt_rand(0, 12 * 3600) + mt_rand(0, 59) * 60;
    if ($i === 103) {
        $ts = strtotime('2023-11-05 01:30:00 UTC');  // the ambiguous fall-back hour
    }
    do {
        $title = (pick($title_forms))(pick($subjects), pick($things), pick($problems));
    } while (isset($seen_titles[$title]));
    $seen_titles[$title] = true;
    $paras = paragraphs($sentences, mt_rand(3, 7));
    $block = mt_rand(0, 2) === 0;
    $content = '';
    foreach ($paras as $k => $p) {
        if ($k === 1 && mt_rand(0, 3) === 0) {
            $p .= ' <a href="https://www.defense.gov/News/">The Pentagon</a> has <em>not</em> commented.';
        }
        $content .= $block ? "<!-- wp:paragraph -->\n<p>$p</p>\n<!-- /wp:paragraph -->\n\n" : "$p\n\n";
        if ($k === 1 && mt_rand(0, 2) === 0) {
            $h = pick($headings);
            $content .= $block ? "<!-- wp:heading -->\n<h2>$h</h2>\n<!-- /wp:heading -->\n\n" : "<h2>$h</h2>\n\n";
        }
        if ($k === 2 && mt_rand(0, 3) === 0) {
            $q = pick($quotes);
            $content .= $block
                ? "<!-- wp:quote -->\n<blockquote class=\"wp-block-quote\"><!-- wp:paragraph -->\n<p>$q</p>\n<!-- /wp:paragraph --></blockquote>\n<!-- /wp:quote -->\n\n"
                : "<blockquote>$q</blockquote>\n\n";
        }
        if ($k === 2 && mt_rand(0, 4) === 0) {
            $content .= $block
                ? "<!-- wp:list -->\n<ul><!-- wp:list-item -->\n<li>Range</li>\n<!-- /wp:list-item -->\n\n<!-- wp:list-item -->\n<li>Cost &amp; schedule</li>\n<!-- /wp:list-item --></ul>\n<!-- /wp:list -->\n\n"
                : "<ul>\n<li>Range</li>\n<li>Cost &amp; schedule</li>\n</ul>\n\n";
        }
    }
    $post_cats = [$cats[pick($cat_slugs)]];
    if (mt_rand(0, 99) < 8) {
        $post_cats[] = $cats[pick($cat_slugs)];
    }
    $post_tags = [];
    for ($k = mt_rand(0, 4); $k > 0; $k--) {
        $post_tags[] = pick($tags);
    }
    $extra = [];
    if ($i === 60 || $i === 200) {
        $extra['post_password'] = 'briefing';
    } elseif ($i === 150) {
        $extra['post_status'] = 'private';
    } elseif ($i === 239) {
        $extra['post_status'] = 'draft';
    }
    $id = must(wp_insert_post($extra + [
        'post_title'    => wp_slash($title),
        'post_date'     => local($ts),
        'post_status'   => 'publish',
        'post_author'   => pick($authors),
        'post_category' => array_values(array_unique($post_cats)),
        'post_content'  => wp_slash($content),
        'post_excerpt'  => mt_rand(0, 4) === 0 ? wp_slash(pick($sentences)) : '',
    ], true), "post $i");
    wp_set_post_terms($id, array_values(array_unique($post_tags)), 'post_tag');
    if ($i % 20 === 7) {
        set_post_thumbnail($id, $images[intdiv($i, 20)]);
    }
    if (mt_rand(0, 3) === 0) {
        // Edited later (wp_update_post would stamp the current time).
        $modified = local($ts + mt_rand(3600, 40 * 86400));
        $wpdb->update($wpdb->posts, ['post_modified' => $modified,
            'post_modified_gmt' => get_gmt_from_date($modified)], ['ID' => $id]);
        clean_post_cache($id);
    }
    if (!isset($extra['post_status']) || $i === 150) {
        $published[$id] = $ts;
    }
    if ($i % 30 === 11) {
        $closed[] = $id;
    }
}
stick_post(array_keys($published)[5]);
wp_set_current_user(0);

// ---------------------------------------------------------------- comments
// Through wp_filter_comment(), as a form post would: kses on the text, rel="nofollow ugc" on
// links, the author name escaped.
function add_comment(int $post, string $name, string $text, string $date, int $parent, array $extra): int {
    $data = $extra + [
        'comment_post_ID'      => $post,
        'comment_author'       => $name,
        'comment_author_email' => strtolower(preg_replace('/[^A-Za-z]+/', '.', trim(remove_accents($name)))) . '@example.com',
        'comment_author_url'   => '',
        'comment_author_IP'    => '127.0.0.1',
        'comment_agent'        => 'Mozilla/5.0 (X11; Linux x86_64; rv:128.0) Gecko/20100101 Firefox/128.0',
        'comment_content'      => $text,
        'comment_date'         => $date,
        'comment_parent'       => $parent,
        'comment_approved'     => 1,
        'comment_type'         => 'comment',
        'user_id'              => 0,
    ];
    $data = wp_filter_comment(wp_slash($data));
    return must(wp_insert_comment($data), "comment by $name at $date");
}

$used_dates = [];
foreach ($published as $post => $ts) {
    $r = mt_rand(0, 99);
    $n = $r < 15 ? 0 : ($r < 85 ? mt_rand(2, 12) : ($r < 97 ? mt_rand(13, 30) : mt_rand(60, 130)));
    $thread = [];   // comment id => depth
    $when = $ts;
    $author = (int) get_post_field('post_author', $post);
    for ($k = 0; $k < $n; $k++) {
        do {
            $when += mt_rand(60, 9 * 3600);
        } while (isset($used_dates[$when]));
        $used_dates[$when] = true;
        $date = local($when);
        $parent = 0;
        if ($thread && mt_rand(0, 99) < 45) {
            $candidates = array_keys(array_filter($thread, fn($d) => $d < 5));
            $parent = $candidates ? pick($candidates) : 0;
        }
        $text = pick($remarks);
        if (mt_rand(0, 3) === 0) {
            $text .= "\n\n" . pick($remarks);
        }
        if (mt_rand(0, 9) === 0) {
            $text .= ' See <a href="https://www.example.org/report">this report</a>.';
        }
        $extra = [];
        if ($parent && mt_rand(0, 19) === 0) {
            $user = get_userdata($author);
            $name = $user->display_name;
            $extra = ['user_id' => $author, 'comment_author_email' => $user->user_email];
        } else {
            $name = pick($names);
            if (mt_rand(0, 9) < 3) {
                $extra['comment_author_url'] = 'https://www.example.com/~' . sanitize_title($name);
            }
        }
        $status = mt_rand(0, 99);
        if ($status === 0) {
            $extra['comment_approved'] = 0;    // held for moderation
        } elseif ($status === 1) {
            $extra['comment_approved'] = 'spam';
        }
        $id = add_comment($post, $name, $text, $date, $parent, $extra);
        if (!isset($extra['comment_approved'])) {
            $thread[$id] = $parent ? $thread[$parent] + 1 : 1;
        }
    }
}
// One comment in the ambiguous fall-back hour of 2024.
$last_post = array_key_last($published);
add_comment($last_post, 'Night Owl', 'Posted at the ambiguous hour.', '2024-11-03 01:30:00', 0, []);
// Comments closed after the discussion.
foreach ($closed as $post) {
    // Straight to the table: wp_update_post() would stamp the current time as "modified".
    $wpdb->update($wpdb->posts, ['comment_status' => 'closed'], ['ID' => $post]);
    clean_post_cache($post);
}

// The header menu: the site's sections, as news sites have (the Navigation block of
// twentytwentythree shows the most recent wp_navigation menu). Added last, so post ids stay put.
$links = '';
foreach ($cats as $slug => $term_id) {
    $term = get_term($term_id, 'category');
    $links .= '<!-- wp:navigation-link ' . wp_json_encode(['label' => wp_specialchars_decode($term->name), 'type' => 'category',
        'id' => $term_id, 'url' => get_category_link($term_id), 'kind' => 'taxonomy']) . ' /-->';
}
must(wp_insert_post(['post_type' => 'wp_navigation', 'post_title' => 'Sections', 'post_status' => 'publish',
    'post_content' => $links, 'post_date' => '2023-01-01 00:00:00']), 'navigation menu');

$count = fn($status) => (int) $wpdb->get_var($wpdb->prepare(
    "SELECT COUNT(*) FROM $wpdb->comments WHERE comment_approved = %s", $status));
printf("posts: %d published, comments: %d approved, %d held, %d spam\n",
    count(get_posts(['numberposts' => -1, 'fields' => 'ids', 'post_status' => 'publish'])),
    $count('1'), $count('0'), $count('spam'));
