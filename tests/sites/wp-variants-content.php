<?php
/**
 * wp-variants-content.php - a small site for trying WordPress configurations the crawler has not
 * met (permalink structures, tag base, comment settings, REST disabled; tests/sites/README.md).
 *
 *   cd /work/shared/tools/wordpress
 *   export WP_DEV_PORT=8192 WP_DEV_STATE=/var/lib/wp-dev-variants WP_DEV_CONFIG=variants
 *   ./setup.sh --reset --timezone America/New_York --posts-per-page 2 --comments-per-page 3
 *   ./wp-php.sh /path/to/tests/sites/wp-variants-content.php
 *
 * Dates are local New York time. 6 published posts by 2 authors (one in two categories, one with
 * comments closed, one split into three pages by <!--nextpage-->), 1 draft, 13 approved comments (a thread of 5 top-level comments with replies
 * 3 levels deep, a reply by the post's author), 1 held, 1 spam.
 */

if (get_posts(['post_type' => ['post', 'attachment'], 'post_status' => 'any', 'numberposts' => 1])) {
    fwrite(STDERR, "wp-variants-content.php: the site already has posts; run setup.sh --reset first\n");
    exit(1);
}

function must($result, string $what) {
    if (is_wp_error($result) || !$result) {
        fwrite(STDERR, "failed: $what" . (is_wp_error($result) ? ': ' . $result->get_error_message() : '') . "\n");
        exit(1);
    }
    return $result;
}

update_option('blogname', 'Harbor Defense Review');
update_option('blogdescription', 'Naval and army news on a stock WordPress');

$users = [];
foreach ([['mreyes', 'María Reyes'], ['tgrant', 'Tom Grant']] as [$login, $name]) {
    $users[$login] = (int) must(wp_create_user($login, "$login-pass", "$login@example.com"), "user $login");
    must(wp_update_user(['ID' => $users[$login], 'display_name' => $name, 'role' => 'author']), "update $login");
}
$cats = [];
$cats['army'] = (int) must(wp_insert_term('Army', 'category', ['slug' => 'army']), 'category army')['term_id'];
$cats['navy'] = (int) must(wp_insert_term('Navy & Marines', 'category', ['slug' => 'navy']), 'category navy')['term_id'];
$cats['procurement'] = (int) must(wp_insert_term('Procurement', 'category',
    ['slug' => 'procurement', 'parent' => $cats['army']]), 'category procurement')['term_id'];

$filler = 'Analysts expect the program to face another round of budget scrutiny next spring, when the '
    . 'services present their requests and Congress weighs them against shipbuilding, munitions and '
    . 'readiness accounts that have all grown faster than the topline.';
function post(string $slug, string $title, string $date, string $author, array $cats, array $tags, string $body, array $extra = []): int {
    global $users, $filler;
    return (int) must(wp_insert_post(array_merge([
        'post_name' => $slug, 'post_title' => $title, 'post_date' => $date, 'post_status' => 'publish',
        'post_author' => $users[$author], 'post_category' => $cats, 'tags_input' => $tags,
        'post_content' => "<p>$body</p>\n\n<p>$filler</p>",
    ], $extra), true), "post $slug");
}
$posts = [];
$posts['frigate'] = post('constellation-frigate-delay', 'Constellation frigate slips another year', '2024-02-10 08:15:00',
    'mreyes', [$cats['navy']], ['frigates', 'shipbuilding'], 'The first Constellation-class frigate will arrive late.');
$posts['tank'] = post('abrams-m1e3', 'Army redesigns the Abrams as the M1E3', '2024-05-20 17:40:00',
    'tgrant', [$cats['army'], $cats['procurement']], ['tanks'], 'The Army ends the SEPv4 upgrade and starts the M1E3.');
$posts['drones'] = post('replicator-drones', 'Replicator: thousands of drones in two years', '2024-08-31 23:30:00',
    'mreyes', [$cats['procurement']], ['drones', 'shipbuilding'], 'The Pentagon wants attritable systems at scale.');
$posts['sub'] = post('columbia-submarine', 'Columbia submarine program under pressure', '2024-11-03 01:30:00',
    'tgrant', [$cats['navy']], [], 'The first boat is running twelve to eighteen months late.', ['comment_status' => 'closed']);
$posts['budget'] = post('budget-2025', 'The 2025 budget request, by the numbers', '2025-03-09 03:30:00',
    'mreyes', [$cats['army'], $cats['navy']], ['budget'], 'Procurement accounts are flat in real terms.');
must(wp_insert_post(['post_name' => 'draft-notes', 'post_title' => 'Draft notes', 'post_status' => 'draft',
    'post_author' => $users['tgrant'], 'post_category' => [$cats['army']], 'post_content' => '<p>Not yet.</p>'], true), 'draft');

function comment(int $post, string $author, string $date, string $text, int $parent = 0, array $extra = []): int {
    return (int) must(wp_insert_comment(array_merge([
        'comment_post_ID' => $post, 'comment_author' => $author,
        'comment_author_email' => strtolower(preg_replace('/\W+/', '', $author)) . '@example.com',
        'comment_content' => $text, 'comment_date' => $date, 'comment_parent' => $parent, 'comment_approved' => 1,
    ], $extra)), "comment by $author");
}
// The long thread: 5 top-level comments (2 pages of 3), replies 3 levels deep.
$t = $posts['tank'];
$a1 = comment($t, 'Dale Hughes', '2024-05-20 18:05:00', 'About time the Army admitted the weight problem.');
$a2 = comment($t, 'Priya Nair', '2024-05-21 09:12:00', 'Weight is only half of it; power is the rest.', $a1);
$a3 = comment($t, 'Tom Grant', '2024-05-21 10:00:00', 'Both, according to the program office.', $a2, ['user_id' => $users['tgrant']]);
$a4 = comment($t, 'Chris O\'Neil', '2024-05-22 14:30:00', 'What happens to the SEPv3 fleet?');
$a5 = comment($t, 'Søren Dahl', '2024-06-01 07:45:00', 'Denmark is watching this closely.');
$a6 = comment($t, 'Dale Hughes', '2024-06-02 22:10:00', 'So is everyone buying Leopards.', $a5);
$a7 = comment($t, 'Ana Lima', '2024-11-03 01:15:00', 'Any news on the autoloader?');
$a8 = comment($t, 'Priya Nair', '2025-01-05 12:00:00', 'A prototype is due in 2026.');
comment($t, 'Held Back', '2024-11-05 10:00:00', 'Waiting for approval.', 0, ['comment_approved' => 0]);
comment($t, 'Spam Bot', '2024-11-05 10:05:00', 'Cheap watches!', 0, ['comment_approved' => 'spam']);
$f = $posts['frigate'];
$b1 = comment($f, 'Ana Lima', '2024-02-10 09:00:00', 'The design changed too much after selection.');
comment($f, 'María Reyes', '2024-02-11 11:11:00', 'That is what GAO found as well.', $b1, ['user_id' => $users['mreyes']]);
$s = $posts['sub'];
comment($s, 'Chris O\'Neil', '2024-11-03 01:45:00', 'Columbia has to come first.');
comment($s, 'Søren Dahl', '2024-11-04 08:00:00', 'Agreed.');
comment($posts['budget'], 'Dale Hughes', '2025-03-09 04:05:00', 'Flat is a cut.');
// A long read split into three pages by <!--nextpage--> (/archives/10, /archives/10/2, /archives/10/3).
$pages = [
    'Page one: readiness, and the budget that funds it. Units report more vehicles waiting for parts than at any time since the drawdown, and maintenance crews say the backlog grows faster than the depots can work it off, while the services argue over which programs should give up money first.',
    'Page two: shipyards and their workforce. Both public and private yards are short of welders, electricians and pipefitters; wages have risen, but training a new hire takes years, and the yards compete with construction and energy projects that pay as well and ask for less travel.',
    'Page three: what comes next. The committees will mark up the bill in June, the appropriators after them, and a continuing resolution is likely again, which freezes new starts and leaves every program in this story waiting for a budget that arrives months late.',
];
$posts['longread'] = post('long-read', 'A long read in three pages', '2025-04-01 10:00:00', 'tgrant', [$cats['army']], [], '',
    ['post_content' => implode("\n<!--nextpage-->\n", array_map(fn($t) => "<p>$t</p>", $pages))]);
echo "posts: ", implode(' ', array_map(fn($k, $v) => "$k=$v", array_keys($posts), $posts)), "\n";
