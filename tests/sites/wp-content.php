<?php
/**
 * wp-content.php - the content behind the stock-WordPress fixtures in tests/sites/wp-tt3,
 * wp-tt1 and wp-rest (see tests/sites/README.md).
 *
 * Run it once on a freshly reset site of /work/shared/tools/wordpress (WordPress 6.1, Debian):
 *
 *   cd /work/shared/tools/wordpress
 *   ./setup.sh --reset --timezone America/New_York --posts-per-page 3 --comments-per-page 3
 *   ./wp-php.sh /path/to/tests/sites/wp-content.php
 *
 * The timezone must be America/New_York before this runs: every post_date / comment_date below
 * is local New York time and WordPress derives the *_gmt columns from it at insert time.
 * With the same script on a reset site the ids come out the same every time.
 *
 * Content: 2 authors, 2 categories, 9 tags, 10 published posts (one of them password
 * protected, one sticky, one in both categories, one with block-editor markup and images,
 * one with comments closed), 1 draft, 29 approved comments (a 20-comment thread 4 levels deep
 * on one post), 1 held and 2 spam comments.
 */

if (get_posts(['post_type' => ['post', 'attachment'], 'post_status' => 'any', 'numberposts' => 1])) {
    fwrite(STDERR, "wp-content.php: the site already has posts; run setup.sh --reset first\n");
    exit(1);
}
if (get_option('timezone_string') !== 'America/New_York') {
    fwrite(STDERR, "wp-content.php: timezone_string must be America/New_York (setup.sh --timezone)\n");
    exit(1);
}

function must($result, string $what) {
    if (is_wp_error($result) || !$result) {
        fwrite(STDERR, "failed: $what" . (is_wp_error($result) ? ': ' . $result->get_error_message() : '') . "\n");
        exit(1);
    }
    return $result;
}

update_option('blogname', '19FortyFive Stock Replica');
update_option('blogdescription', 'Defense and national security news, on a stock WordPress theme');

// ---------------------------------------------------------------- authors
$authors = [];
foreach ([
    'ewhitfield' => ['Eleanor Whitfield', 'Eleanor Whitfield covers naval and air power. She spent eight years as a congressional defense staffer before turning to journalism.'],
    'jnunez'     => ['José Núñez', 'José Núñez writes about Russia, NATO and missile technology. He was previously a research fellow at a European security think tank.'],
] as $login => [$display, $bio]) {
    $uid = must(wp_create_user($login, "$login-pass", "$login@example.com"), "user $login");
    $parts = explode(' ', $display, 2);
    must(wp_update_user(['ID' => $uid, 'display_name' => $display, 'nickname' => $display,
        'first_name' => $parts[0], 'last_name' => $parts[1], 'description' => $bio, 'role' => 'author']), "update $login");
    $authors[$login] = $uid;
}
$EW = $authors['ewhitfield'];
$JN = $authors['jnunez'];

// ---------------------------------------------------------------- categories and tags ('&' in names)
$cats = [];
foreach (['military' => 'Military', 'politics' => 'Politics & Policy'] as $slug => $name) {
    $cats[$slug] = (int) must(wp_insert_term($name, 'category', ['slug' => $slug]), "category $slug")['term_id'];
}
$tag_ids = [];
foreach ([
    'russia' => 'Russia', 'nato' => 'NATO', 'china' => 'China', 'navy' => 'Navy',
    'nuclear' => 'Nuclear Weapons', 'air-force' => 'Air Force', 'research-and-development' => 'R&D',
    'congress' => 'Congress', 'ukraine' => 'Ukraine',
] as $slug => $name) {
    $tag_ids[$slug] = (int) must(wp_insert_term($name, 'post_tag', ['slug' => $slug]), "tag $slug")['term_id'];
}

// ---------------------------------------------------------------- images (uploaded before the post that uses them)
require_once ABSPATH . 'wp-admin/includes/image.php';
function add_image(string $name, string $title, string $caption, string $alt, string $date): array {
    $up = wp_upload_bits($name, null, file_get_contents('/usr/share/wordpress/wp-admin/images/w-logo-blue.png'), substr($date, 0, 4) . '/' . substr($date, 5, 2));
    if (!empty($up['error'])) {
        must(false, "upload $name: {$up['error']}");
    }
    $att = must(wp_insert_attachment(['post_mime_type' => 'image/png', 'post_title' => $title,
        'post_excerpt' => $caption, 'post_status' => 'inherit', 'post_date' => $date], $up['file'], 0, true), "attachment $name");
    wp_update_attachment_metadata($att, wp_generate_attachment_metadata($att, $up['file']));
    update_post_meta($att, '_wp_attachment_image_alt', $alt);
    return ['id' => $att, 'url' => wp_get_attachment_url($att)];
}
$img_feat  = add_image('b21-raider-rollout.png', 'B-21 Raider rollout', 'The B-21 Raider at its public unveiling in Palmdale, California. Image: U.S. Air Force.', 'A B-21 Raider bomber on the ramp', '2024-04-09 10:30:00');
$img_body  = add_image('b21-hangar-test.png', 'B-21 ground test', 'Ground testing of the B-21 continues at Edwards Air Force Base &amp; Palmdale.', 'The B-21 in a hangar during ground tests', '2024-04-09 10:31:00');
$img_drone = add_image('fpv-drone-training.png', 'FPV drone training', 'Soldiers train with first-person-view drones. Image: U.S. Army.', 'A soldier holding an FPV drone', '2024-10-01 07:00:00');

// ---------------------------------------------------------------- posts
// Classic-editor text: paragraphs separated by blank lines (wpautop adds the <p>s), like most
// older 19FortyFive articles. The B-21 post uses block-editor markup instead.
$block_b21 = <<<HTML
<!-- wp:paragraph -->
<p>When the B-21 Raider rolled out of its hangar in Palmdale, most of the coverage focused on what the public could not see. The Air Force kept the aircraft's exhaust, its sensors and most of its planform hidden, and officials said little about its price beyond an average unit cost of roughly $692 million in 2022 dollars.</p>
<!-- /wp:paragraph -->

<!-- wp:paragraph -->
<p>What matters more than the reveal is the program's pace. The service now has several aircraft in flight test, and it plans to buy at least 100 of them to replace the B-1B Lancer and the B-2 Spirit over the next decade.</p>
<!-- /wp:paragraph -->

<!-- wp:heading -->
<h2>Why the Air Force wants the Raider so badly</h2>
<!-- /wp:heading -->

<!-- wp:paragraph -->
<p>The B-2 fleet is tiny, with just 20 aircraft, and expensive to keep flying. The B-1B was never a stealth aircraft. Planners in the Pacific want a bomber that can reach deep into defended airspace without an escort, carry both conventional and nuclear weapons, and be maintained at ordinary bases rather than in climate-controlled shelters.</p>
<!-- /wp:paragraph -->

<!-- wp:list -->
<ul><!-- wp:list-item -->
<li>Range: enough to strike targets in the Western Pacific from bases in Guam, Australia or the continental United States.</li>
<!-- /wp:list-item -->

<!-- wp:list-item -->
<li>Stealth: a broadband low-observable design meant to defeat low-frequency radars.</li>
<!-- /wp:list-item -->

<!-- wp:list-item -->
<li>Open architecture: software and sensors that can be upgraded without rebuilding the airframe.</li>
<!-- /wp:list-item --></ul>
<!-- /wp:list -->

<!-- wp:image {"id":{$img_body['id']},"sizeSlug":"full","linkDestination":"none"} -->
<figure class="wp-block-image size-full"><img src="{$img_body['url']}" alt="The B-21 in a hangar during ground tests" class="wp-image-{$img_body['id']}"/><figcaption class="wp-element-caption">Ground testing of the B-21 continues at Edwards Air Force Base &amp; Palmdale.</figcaption></figure>
<!-- /wp:image -->

<!-- wp:quote -->
<blockquote class="wp-block-quote"><!-- wp:paragraph -->
<p>"The B-21 is not just a new airplane. It is the backbone of our long-range strike family of systems for the next forty years."</p>
<!-- /wp:paragraph --><cite>A senior Air Force Global Strike Command official</cite></blockquote>
<!-- /wp:quote -->

<!-- wp:paragraph -->
<p>Skeptics point to the program's history of secrecy and to the cost growth of earlier bombers. Whether the Raider avoids the fate of the B-2, whose buy was cut from 132 aircraft to 21, will depend on Congress as much as on Northrop Grumman's production line.</p>
<!-- /wp:paragraph -->
HTML;

$posts = [
    // slug => [title, local date, author, categories, tags, content, extra]
    'russia-baltic-zapad-return' => ['Россия and the Baltic: Zapad’s Return', '2024-01-15 09:00:00', $JN, ['military', 'politics'], ['russia', 'nato'],
        "Every few years, Russia's Zapad exercise brings tens of thousands of troops to the borders of the Baltic states and Poland. The 2021 edition was the largest in decades, and it served as a dress rehearsal for the forces that invaded Ukraine a few months later.\n\n"
        . "With much of the Russian army tied down in Ukraine, the next Zapad will look different. Moscow has announced the creation of a new Leningrad Military District, and it has promised to station new divisions opposite Finland, which joined NATO in 2023.\n\n"
        . "For Estonia, Latvia and Lithuania, the question is not whether Russia can mass forces quickly today, but how fast it can rebuild. Baltic defense ministers now talk openly about a window of three to five years, and they have committed to spending well above NATO's two percent target.\n\n"
        . "The alliance's response has been to move from a tripwire posture to forward defense: a German brigade permanently based in Lithuania, larger multinational battlegroups, and pre-positioned equipment. Whether those forces arrive in time is the question Zapad is designed to test."],
    'navy-frigate-shipyard-problem' => ['The Navy’s Frigate Problem Is a Shipyard Problem', '2024-02-20 14:30:00', $EW, ['military'], ['navy'],
        "The Constellation-class frigate was supposed to be the easy program. The Navy chose a proven European design, the FREMM, to avoid the risks that sank the Littoral Combat Ship. Yet the first ship is now years behind schedule.\n\n"
        . "The problem is not the design so much as the shipyard. Fincantieri Marinette Marine, like most American yards, struggles to hire and keep welders, pipefitters and electricians. Changes to the design added weight and rework, and the share of parts in common with the Italian original fell far below what the Navy had promised.\n\n"
        . "The lesson is one the Navy keeps relearning: a ship is only as cheap and fast to build as the industrial base behind it. Without a steady, predictable order book, yards cannot invest in people or facilities, and delays compound across every program at once."],
    'deterrence-and-its-discontents' => ['"Deterrence" & Its Discontents', '2024-03-12 08:15:00', $JN, ['politics'], ['nuclear', 'russia', 'china'],
        "For most of the Cold War, American strategists could describe deterrence in a sentence: convince the Soviet Union that any attack would cost more than it could gain. Today the United States faces two nuclear peers at once, and the old formulas fit badly.\n\n"
        . "China's arsenal is growing faster than any since the 1980s. Russia has suspended its participation in New START and talks about tactical nuclear weapons with a casualness that would have shocked its Soviet predecessors. Meanwhile, Washington's own modernization program — the Sentinel ICBM, the Columbia-class submarine and the B-21 — is running late and over budget.\n\n"
        . "Critics argue that the word \"deterrence\" has become a catch-all that justifies every program and answers no hard question. Defenders reply that the alternative, a world where adversaries doubt American resolve, is far more dangerous. Both sides agree on one thing: the next arms-control framework, if there is one, will have to be trilateral."],
    'b-21-raider-matters' => ['Why the B-21 Raider Matters More Than Ever', '2024-04-09 11:00:00', $EW, ['military'], ['air-force', 'nuclear', 'research-and-development'],
        $block_b21, ['_thumbnail' => $img_feat['id'], '_modified' => '2024-04-10 15:20:00']],
    'defense-budget-five-fights' => ['Congress and the Defense Budget: Five Fights to Watch', '2024-05-22 16:45:00', $EW, ['politics'], ['congress'],
        "The Pentagon's budget request is only the opening bid. Between now and the end of the fiscal year, the armed services and appropriations committees will rewrite it line by line, and several fights are already visible.\n\n"
        . "First, shipbuilding: lawmakers from shipbuilding states want a second Virginia-class submarine every year, even though the yards cannot deliver two. Second, the Air Force's plan to retire older fighters and tankers before their replacements arrive. Third, munitions, where supplies sent to Ukraine and Israel have exposed thin stockpiles.\n\n"
        . "Fourth, pay and housing for junior enlisted troops, an issue with rare bipartisan support. And fifth, the topline itself: the spending caps agreed in 2023 leave little room for growth, so every addition has to be paid for somewhere else.",
        ['comment_status' => 'closed']],
    'hypersonic-missiles-hype-reality' => ['Hypersonic Missiles: Separating Hype From Reality', '2024-07-04 10:00:00', $JN, ['military'], ['china', 'russia', 'research-and-development'],
        "Few weapons have attracted as much breathless coverage as hypersonic missiles. Russia claims its Kinzhal and Zircon are unstoppable; China has tested a fractional orbital glide vehicle; and the United States has spent billions trying to catch up.\n\n"
        . "Speed alone is not new. Ballistic missile warheads have always reentered the atmosphere at hypersonic speeds. What is new is maneuverability: a glide vehicle or a scramjet-powered cruise missile can change course and fly lower, which complicates tracking and interception.\n\n"
        . "Ukraine has shown that the threat is real but not magical. Patriot batteries have intercepted Kinzhal missiles, which are essentially air-launched ballistic missiles. The harder problem is sensing: the Pentagon's proliferated low-Earth-orbit tracking layer is meant to give defenders the warning time that ground radars cannot.\n\n"
        . "For the U.S. Army and Navy, the priority is now fielding. The Dark Eagle long-range hypersonic weapon and the Navy's Conventional Prompt Strike have both suffered test failures, and neither is yet in service in numbers."],
    'nato-eastern-flank-after-washington' => ['NATO’s Eastern Flank After the Washington Summit', '2024-08-18 13:20:00', $JN, ['politics'], ['nato'],
        "NATO's 75th-anniversary summit in Washington was, above all, an exercise in reassurance. Allies pledged a new long-term commitment to Ukraine, agreed to expand air defense production, and celebrated the fact that 23 of 32 members now meet the two percent spending target.\n\n"
        . "On the eastern flank, the real work happens far from summit communiqués. Poland is building one of Europe's largest land armies. The Baltic states are constructing a chain of bunkers along their borders. Finland and Sweden are integrating into regional plans that did not exist two years ago.\n\n"
        . "The open question is American commitment. European officials increasingly plan for a future in which the United States provides less, and the summit's language on burden-sharing reflected that anxiety."],
    'submarine-readiness-briefing' => ['Classified Briefing: Attack Submarine Readiness', '2024-09-10 10:00:00', $EW, ['military'], ['navy'],
        "Nearly 40 percent of the Navy's attack submarines are waiting for or undergoing maintenance, according to figures shared with lawmakers.\n\n"
        . "Public shipyards have a backlog that stretches years, and some boats have sat idle at the pier for longer than their next deployment would last.",
        ['post_password' => 'briefing']],
    'drones-ukraine-lessons-army' => ['Drones Over Ukraine: Lessons for the U.S. Army', '2024-10-01 07:30:00', $EW, ['military'], ['ukraine'],
        "[caption id=\"attachment_{$img_drone['id']}\" align=\"alignright\" width=\"80\"]<img class=\"size-full wp-image-{$img_drone['id']}\" src=\"{$img_drone['url']}\" alt=\"A soldier holding an FPV drone\" width=\"80\" height=\"80\" /> Soldiers train with first-person-view drones. Image: U.S. Army.[/caption]\n\n"
        . "The war in Ukraine has become the first conflict in which cheap drones shape the battlefield at every level. Both sides fly thousands of first-person-view drones a day, and reconnaissance drones make it almost impossible to move a vehicle unseen near the front.\n\n"
        . "The U.S. Army has taken notice. Its transformation initiative adds drone platoons to infantry units, cancels programs judged too vulnerable, and asks industry for small unmanned systems that can be bought in the thousands.\n\n"
        . "The harder lessons are about electronic warfare and logistics. Drones in Ukraine survive for days, not months, and both sides constantly change frequencies to defeat jamming. An army that wants to fight this way needs software updates at the speed of the battlefield and a supply chain that does not depend on Chinese components."],
    'arctic-great-power-arena' => ['The Arctic Is the Next Great Power Arena', '2024-12-10 19:05:00', $JN, ['politics'], ['russia', 'nato', 'china'],
        "Melting sea ice is opening the Arctic to shipping, mining and military activity, and the region's great powers are moving in. Russia has reopened Soviet-era bases along its northern coast; China calls itself a \"near-Arctic state\" and sends research icebreakers north every summer.\n\n"
        . "With Finland and Sweden in NATO, seven of the eight Arctic states are now allies. That simplifies planning, but it also sharpens the divide with Moscow, and the Arctic Council, once a model of cooperation, has been largely frozen since 2022.\n\n"
        . "The United States has only two working heavy and medium polar icebreakers. Until the Polar Security Cutter arrives, its presence in the high north will depend on allies, submarines and aircraft."],
    // Not published: must never appear in a crawl.
    'taiwan-strait-scenarios-draft' => ['Taiwan Strait Scenarios: A War Game Preview', '2024-11-20 09:00:00', $JN, ['politics'], ['china'],
        "Draft text: this post is not published and must not appear on the site.",
        ['post_status' => 'draft']],
];

// Posts are written as the admin (who has unfiltered_html, like an editor on the real site), so
// kses leaves titles and post HTML alone; comments below are filtered as an anonymous visitor's.
wp_set_current_user(1);
$ids = [];
foreach ($posts as $slug => [$title, $date, $author, $post_cats, $tags, $content]) {
    $extra = $posts[$slug][6] ?? [];
    $meta_extra = array_filter($extra, fn($k) => $k[0] === '_', ARRAY_FILTER_USE_KEY);
    $extra = array_diff_key($extra, $meta_extra);
    $ids[$slug] = must(wp_insert_post($extra + [
        'post_title'    => wp_slash($title),
        'post_name'     => $slug,
        'post_date'     => $date,
        'post_status'   => 'publish',
        'post_author'   => $author,
        'post_category' => array_map(fn($c) => $cats[$c], $post_cats),
        'post_content'  => wp_slash($content),
    ], true), "post $slug");
    wp_set_post_terms($ids[$slug], array_map(fn($t) => $tag_ids[$t], $tags), 'post_tag');
    if (isset($meta_extra['_thumbnail'])) {
        set_post_thumbnail($ids[$slug], $meta_extra['_thumbnail']);
    }
    if (isset($meta_extra['_modified'])) {
        // A fixed "last modified" (wp_update_post would stamp the current time).
        global $wpdb;
        $wpdb->update($wpdb->posts, ['post_modified' => $meta_extra['_modified'],
            'post_modified_gmt' => get_gmt_from_date($meta_extra['_modified'])], ['ID' => $ids[$slug]]);
        clean_post_cache($ids[$slug]);
    }
}
// Attach the images to the posts that show them.
foreach ([[$img_feat, 'b-21-raider-matters'], [$img_body, 'b-21-raider-matters'], [$img_drone, 'drones-ukraine-lessons-army']] as [$img, $slug]) {
    $wpdb->update($wpdb->posts, ['post_parent' => $ids[$slug]], ['ID' => $img['id']]);
    clean_post_cache($img['id']);
}
stick_post($ids['navy-frigate-shipyard-problem']);
wp_set_current_user(0);

// ---------------------------------------------------------------- comments
// Every comment goes through wp_filter_comment(), as a form post would: kses on the text,
// rel="nofollow ugc" on links, and the author name escaped ("O'Brien" is stored as O&#039;Brien).
function add_comment(int $post, string $name, string $text, string $date, int $parent = 0, array $extra = []): int {
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
$by_author = fn(int $uid) => ['user_id' => $uid, 'comment_author_email' => get_userdata($uid)->user_email,
                              'comment_author_url' => get_userdata($uid)->user_url];

// The long thread: 8 top-level threads (3 comment pages at comments_per_page=3), replies to
// depth 4, replies by the post's author, the ambiguous DST hour, a held and a spam comment.
$p = $ids['hypersonic-missiles-hype-reality'];
$t1 = add_comment($p, 'Mike Harrington', 'Good piece. People forget that every ICBM warhead is "hypersonic" on reentry. The maneuvering is what matters.', '2024-07-04 11:12:00', 0, ['comment_author_url' => 'https://example.org/mharrington']);
$r = add_comment($p, 'José Núñez', 'Exactly, Mike. That is the point the second section tries to make: speed has been around since the 1960s, maneuverability at those speeds has not.', '2024-07-04 12:40:00', $t1, $by_author($JN));
$r = add_comment($p, 'Mike Harrington', 'Fair. But does maneuvering cost so much energy that the terminal speed drops into Patriot range anyway?', '2024-07-04 13:05:00', $r, ['comment_author_url' => 'https://example.org/mharrington']);
add_comment($p, 'Dana Whitlock', 'It does for the glide vehicles we know about. That is why the Kinzhal intercepts were less surprising than the headlines suggested.', '2024-07-04 15:30:00', $r, ['comment_author_url' => 'https://dana-whitlock.example.com/']);

$t2 = add_comment($p, 'Dana Whitlock', "I worked on missile-warning radars for twelve years, so a few thoughts.\n\nFirst, the tracking problem is real. A glide vehicle flies below the horizon of most ground radars until very late, and it does not follow a predictable ballistic arc.\n\nSecond, the space layer helps, but only if the data gets to a shooter fast enough. That is a software and networking problem more than a satellite problem.", '2024-07-05 08:03:00', 0, ['comment_author_url' => 'https://dana-whitlock.example.com/']);
add_comment($p, 'Sgt. Ray Calloway (ret.)', 'Appreciate the insight, Dana. Sensor-to-shooter time was our biggest complaint on every exercise I did.', '2024-07-05 09:47:00', $t2);

add_comment($p, "Pat O'Brien", 'I&#8217;d push back on the "not magical" line &amp; the claim that Patriot solves it. See <a href="https://example.org/csis-missile-report">the CSIS report</a>: <b>interceptor inventory</b>, not physics, is the limit. 3 < 4 & "cost-exchange" matters.', '2024-07-09 22:15:00', 0, ['comment_author_url' => 'http://patobrien.example.net']);

$t4 = add_comment($p, 'Anonymous Analyst', 'The Dark Eagle delays are the real story here. Nobody in Congress seems to care.', '2024-07-21 06:30:00');
add_comment($p, 'Mike Harrington', 'They care when the test fails on camera.', '2024-07-21 07:10:00', $t4, ['comment_author_url' => 'https://example.org/mharrington']);
$r = add_comment($p, 'Lena Vogel', 'Congress funded it every year. The problem is test infrastructure: there are very few ranges where you can fly these things.', '2024-07-22 18:00:00', $t4, ['comment_author_url' => 'https://example.net/~lvogel/']);
add_comment($p, 'Anonymous Analyst', 'Fair point about the ranges.', '2024-07-23 09:00:00', $r);

add_comment($p, 'Lena Vogel', 'Would love a follow-up on the Navy’s Conventional Prompt Strike and the Zumwalt conversion.', '2024-08-14 14:14:00', 0, ['comment_author_url' => 'https://example.net/~lvogel/']);

$t6 = add_comment($p, 'Tomasz Wiśniewski', 'From Warsaw: we watch this debate closely. Poland is buying Patriot and its own interceptors precisely because of Kinzhal and Iskander.', '2024-09-30 23:59:00');
add_comment($p, 'José Núñez', 'Thank you, Tomasz. Poland’s air-defense buildup deserves its own article.', '2024-10-01 00:20:00', $t6, $by_author($JN));

// 01:30 on 2024-11-03 happens twice in New York (EDT, then EST after the clocks go back).
$t7 = add_comment($p, 'Night Owl', 'Up late with the clocks going back, reading about hypersonics. Is the tracking layer actually launched yet?', '2024-11-03 01:30:00');
add_comment($p, 'Mike Harrington', 'The first tranche is in orbit, yes. Operational capability is another matter.', '2024-11-03 03:05:00', $t7, ['comment_author_url' => 'https://example.org/mharrington']);

$t8 = add_comment($p, 'Greg Alvarez', 'Any update now that the year is ending? The budget documents cut CPS procurement again.', '2024-12-02 08:00:00');
$r = add_comment($p, 'Dana Whitlock', 'They moved money to testing, which is not a bad thing.', '2024-12-02 09:15:00', $t8, ['comment_author_url' => 'https://dana-whitlock.example.com/']);
$r = add_comment($p, 'Greg Alvarez', 'Maybe, but it pushes fielding to the 2030s.', '2024-12-03 10:00:00', $r);
add_comment($p, 'José Núñez', 'Greg, I am working on a follow-up about exactly that: the 2025 budget request and what it says about fielding dates.', '2024-12-03 11:30:00', $r, $by_author($JN));

// Held for moderation and spam: never shown to anonymous visitors, never in REST.
add_comment($p, 'Pending Person', 'This comment is held for moderation and must not appear.', '2024-12-05 10:00:00', 0, ['comment_approved' => 0]);
add_comment($p, 'Cheap Watches Online', 'Great article! Visit our store for discount watches.', '2024-08-01 12:00:00', 0, ['comment_approved' => 'spam', 'comment_author_url' => 'https://spam.example.com/watches']);

// Comments closed on the post, but 3 approved comments exist.
$p = $ids['defense-budget-five-fights'];
$c = add_comment($p, 'Robert Chen', 'The munitions fight is the one to watch. Multiyear procurement should have started years ago.', '2024-05-22 18:00:00', 0, ['comment_author_url' => 'https://robertchen.example.org/']);
add_comment($p, 'Eleanor Whitfield', 'Agreed, Robert. The 2024 bill finally includes multiyear authority for several missiles.', '2024-05-23 09:30:00', $c, $by_author($EW));
add_comment($p, 'Maria Santos', 'Junior enlisted pay is long overdue. Good to see it on the list.', '2024-05-24 12:00:00');

// The password-protected post: its comments are hidden on the page.
$p = $ids['submarine-readiness-briefing'];
$c = add_comment($p, 'Chief Petty Officer Lou Brandt', 'Maintenance backlog is the worst I have seen in 25 years.', '2024-09-10 15:00:00');
add_comment($p, 'Sam Ortiz', 'Same at Norfolk.', '2024-09-11 08:20:00', $c);

// A few ordinary comments elsewhere.
$p = $ids['b-21-raider-matters'];
$c = add_comment($p, 'Kevin Marsh', 'Great overview. Do we know anything about the engine choice?', '2024-04-09 13:00:00');
add_comment($p, 'Eleanor Whitfield', 'Pratt &amp; Whitney is the engine supplier; the exact model has not been disclosed.', '2024-04-09 14:10:00', $c, $by_author($EW));
$p = $ids['drones-ukraine-lessons-army'];
add_comment($p, 'Oksana Kravets', 'Good summary. Jamming changes week to week where I am.', '2024-10-02 06:45:00');
add_comment($p, 'Best SEO Services', 'Buy backlinks now!!!', '2024-10-03 02:00:00', 0, ['comment_approved' => 'spam', 'comment_author_url' => 'https://spam.example.com/seo']);
$p = $ids['russia-baltic-zapad-return'];
add_comment($p, 'Jaan Tamm', 'Tallinn takes the three-to-five-year warning very seriously.', '2024-01-15 16:20:00');

// ---------------------------------------------------------------- summary
foreach ($ids as $slug => $id) {
    $post = get_post($id);
    printf("%4d  %-9s %s  comments=%d  %s\n", $id, $post->post_status, $post->post_date, $post->comment_count,
        $post->post_status === 'publish' ? get_permalink($id) : "(draft) $slug");
}
