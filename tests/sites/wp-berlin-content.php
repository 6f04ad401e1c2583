<?php
/**
 * wp-berlin-content.php - the content behind tests/sites/wp-berlin (a site known only by its
 * address: time zone, category base and categories are detected by the crawler; see
 * tests/sites/README.md and docs/sites.md).
 *
 * Run it once on a freshly reset site of /work/shared/tools/wordpress (WordPress 6.1, Debian):
 *
 *   cd /work/shared/tools/wordpress
 *   ./setup.sh --reset --timezone Europe/Berlin --posts-per-page 3 --comments-per-page 3
 *   ./wp-php.sh /path/to/tests/sites/wp-berlin-content.php
 *
 * Every post_date / comment_date below is local Berlin time; WordPress derives the *_gmt
 * columns from it at insert time. Dates straddle both 2024 clock changes (31 March: 02:00 CET
 * → 03:00 CEST; 27 October: 03:00 CEST → 02:00 CET, so 02:00-02:59 happens twice).
 *
 * Site: category base "themen" (not /category/), 3 categories (one a child, one with a
 * non-ASCII name), 8 published posts (one in two categories, one with comments closed), 1 draft,
 * 1 private post, 23 approved comments (a 13-comment thread 3 levels deep spanning 2 comment
 * pages), 1 held and 1 spam comment.
 */

if (get_posts(['post_type' => ['post', 'attachment'], 'post_status' => 'any', 'numberposts' => 1])) {
    fwrite(STDERR, "wp-berlin-content.php: the site already has posts; run setup.sh --reset first\n");
    exit(1);
}
if (get_option('timezone_string') !== 'Europe/Berlin') {
    fwrite(STDERR, "wp-berlin-content.php: timezone_string must be Europe/Berlin (setup.sh --timezone)\n");
    exit(1);
}

function must($result, string $what) {
    if (is_wp_error($result) || !$result) {
        fwrite(STDERR, "failed: $what" . (is_wp_error($result) ? ': ' . $result->get_error_message() : '') . "\n");
        exit(1);
    }
    return $result;
}

update_option('blogname', 'Sicherheitspolitik Aktuell');
update_option('blogdescription', 'European defence news on a stock WordPress');

$uid = must(wp_create_user('kbrandt', 'kbrandt-pass', 'kbrandt@example.com'), 'user kbrandt');
must(wp_update_user(['ID' => $uid, 'display_name' => 'Katrin Brandt', 'role' => 'author']), 'update kbrandt');

$cats = [];
$cats['heer'] = (int) must(wp_insert_term('Heer', 'category', ['slug' => 'heer']), 'category heer')['term_id'];
$cats['marine'] = (int) must(wp_insert_term('Marine', 'category', ['slug' => 'marine']), 'category marine')['term_id'];
$cats['ruestung'] = (int) must(wp_insert_term('Rüstung & Beschaffung', 'category',
    ['slug' => 'ruestung', 'parent' => $cats['heer']]), 'category ruestung')['term_id'];

$posts = [];
function post(string $slug, string $title, string $date, array $cats, string $body, array $extra = []): int {
    global $uid;
    return (int) must(wp_insert_post(array_merge([
        'post_name' => $slug, 'post_title' => $title, 'post_date' => $date, 'post_status' => 'publish',
        'post_author' => $uid, 'post_category' => $cats,
        'post_content' => $body,
    ], $extra), true), "post $slug");
}
// Every article ends with the same background paragraph, as news sites append their boilerplate;
// it also gives each body an article's length.
$background = 'Hintergrund: Die Bundeswehr soll bis zum Ende des Jahrzehnts voll einsatzbereit sein. '
    . 'Dafür stehen neben dem regulären Haushalt die Mittel des Sondervermögens zur Verfügung, '
    . 'deren Verwendung der Bundestag jährlich prüft. Kritiker bemängeln seit Jahren langsame '
    . 'Vergabeverfahren, fehlendes Personal in den Beschaffungsämtern und eine Industrie, die ohne '
    . 'verbindliche Aufträge keine neuen Kapazitäten aufbaut.';
$p = fn(string ...$texts) => implode("\n\n", array_map(fn($t) => "<!-- wp:paragraph -->\n<p>$t</p>\n<!-- /wp:paragraph -->", [...$texts, $background]));

// Winter time (CET, UTC+1), the night of the spring change, summer time (CEST, UTC+2), the repeated hour.
$posts['panzer'] = post('leopard-nachfolger', 'Der Leopard-Nachfolger nimmt Gestalt an', '2024-01-15 09:30:00',
    [$cats['heer'], $cats['ruestung']], $p('Das Main Ground Combat System soll ab 2035 den Leopard 2 ablösen.', 'Deutschland und Frankreich ringen weiter um die Arbeitsteilung.'));
$posts['fregatte'] = post('fregatte-f127', 'Fregatte F127: Die Marine bekommt ihre Luftverteidiger', '2024-03-30 23:45:00',
    [$cats['marine']], $p('Der Haushaltsausschuss hat den Weg für sechs neue Fregatten freigemacht.', 'Die Schiffe sollen das Aegis-System tragen.'));
$posts['uboot'] = post('u-boote-212cd', 'U-Boote 212CD: Norwegen und Deutschland bestellen nach', '2024-03-31 03:15:00',
    [$cats['marine'], $cats['ruestung']], $p('Zwei weitere Boote der Klasse 212CD sind bestellt.', 'Die Werft in Kiel erweitert dafür ihre Hallen.'));
$posts['munition'] = post('munitionsproduktion', 'Munitionsproduktion: Warum es so lange dauert', '2024-06-12 14:05:00',
    [$cats['ruestung']], $p('Neue Pulverfabriken brauchen Jahre bis zur ersten Lieferung.', 'Die Industrie fordert langfristige Rahmenverträge.'));
$posts['brigade'] = post('brigade-litauen', 'Die Brigade in Litauen: Ein Jahr danach', '2024-10-27 02:30:00',
    [$cats['heer']], $p('Die Panzerbrigade 45 wächst langsamer als geplant.', 'Wohnungen und Schulen für die Familien fehlen noch.'));
$posts['ostsee'] = post('ostsee-kabel', 'Schutz der Ostsee-Kabel', '2024-11-05 18:00:00',
    [$cats['marine']], $p('Nach mehreren Zwischenfällen patrouillieren mehr Schiffe in der Ostsee.', 'Die Nato baut ein gemeinsames Lagebild auf.'),
    ['comment_status' => 'closed']);
$posts['drohnen'] = post('drohnenabwehr', 'Drohnenabwehr für die Truppe', '2024-12-02 07:10:00',
    [$cats['heer']], $p('Die Bundeswehr testet neue Störsender gegen kleine Drohnen.'));
$posts['haushalt'] = post('verteidigungshaushalt-2025', 'Verteidigungshaushalt 2025: Die Zahlen', '2025-01-20 12:00:00',
    [$cats['ruestung']], $p('Das Sondervermögen ist zu großen Teilen verplant.', 'Ab 2028 fehlt eine Anschlussfinanzierung.'));
// Not public: must never be stored.
must(wp_insert_post(['post_name' => 'entwurf-nato-gipfel', 'post_title' => 'Entwurf: Nato-Gipfel', 'post_status' => 'draft',
    'post_author' => $uid, 'post_category' => [$cats['heer']], 'post_content' => $p('Noch nicht fertig.')], true), 'draft');
must(wp_insert_post(['post_name' => 'intern-planung', 'post_title' => 'Interne Planung', 'post_status' => 'private',
    'post_author' => $uid, 'post_category' => [$cats['marine']], 'post_content' => $p('Nur intern.'),
    'post_date' => '2024-09-01 10:00:00'], true), 'private');

function comment(int $post, string $author, string $date, string $text, int $parent = 0, array $extra = []): int {
    return (int) must(wp_insert_comment(array_merge([
        'comment_post_ID' => $post, 'comment_author' => $author, 'comment_author_email' => strtolower(preg_replace('/\W+/', '', $author)) . '@example.com',
        'comment_content' => $text, 'comment_date' => $date, 'comment_parent' => $parent, 'comment_approved' => 1,
    ], $extra)), "comment by $author");
}

// The long thread: 6 top-level comments (2 pages of 3), replies 3 levels deep,
// dates across the autumn clock change, including both 02:30s of 27 October (CEST, then CET).
$b = $posts['brigade'];
$c1 = comment($b, 'Jonas Weber', '2024-10-27 02:40:00', 'Die Infrastruktur ist das eigentliche Problem.');
$c2 = comment($b, 'Marta Kowalska', '2024-10-27 04:10:00', 'Litauen baut schneller als erwartet.', $c1);
$c3 = comment($b, 'Katrin Brandt', '2024-10-27 05:00:00', 'Danke für die Hinweise, wir bleiben dran.', $c2, ['user_id' => $uid]);
$c4 = comment($b, 'Peter Schulz', '2024-10-27 09:15:00', 'Und wer bezahlt das alles?');
$c5 = comment($b, 'Anna Müller', '2024-10-28 08:00:00', 'Der Bund, wer sonst.', $c4);
$c6 = comment($b, 'Lukas Becker', '2024-10-29 21:30:00', 'Spannend wäre ein Vergleich mit Rukla.');
$c7 = comment($b, 'Sofia Rossi', '2024-11-02 11:11:00', 'Gute Zusammenfassung!');
$c8 = comment($b, 'Jonas Weber', '2024-11-03 16:45:00', 'Gibt es schon Zahlen zur Personalstärke?', $c7);
$c9 = comment($b, 'Marta Kowalska', '2024-11-04 06:20:00', 'Etwa 2.000 Soldaten im Moment.', $c8);
$c10 = comment($b, 'Henrik Larsen', '2025-03-30 01:30:00', 'Ein Update wäre schön.');
$c11 = comment($b, 'Anna Müller', '2025-03-30 03:30:00', 'Sehe ich auch so.', $c10);
$c12 = comment($b, 'Peter Schulz', '2025-03-30 12:00:00', 'Kommt bestimmt.', $c10);
$c13 = comment($b, 'Lukas Becker', '2025-04-01 08:00:00', 'Neue Bilder vom Gelände sind online.');
// Not public.
comment($b, 'Held Back', '2024-11-05 10:00:00', 'Wartet auf Freigabe.', 0, ['comment_approved' => 0]);
comment($b, 'Spam Bot', '2024-11-05 10:05:00', 'Billige Uhren!', 0, ['comment_approved' => 'spam']);

// Short threads on posts either side of the spring change.
$f = $posts['fregatte'];
$d1 = comment($f, 'Tobias Klein', '2024-03-31 01:59:00', 'Endlich!');
comment($f, 'Katrin Brandt', '2024-03-31 03:01:00', 'Ja, das hat gedauert.', $d1, ['user_id' => $uid]);
$u = $posts['uboot'];
$e1 = comment($u, 'Ingrid Olsen', '2024-03-31 10:00:00', 'Gute Nachricht für Kiel.');
comment($u, 'Tobias Klein', '2024-04-02 19:45:00', 'Und für Norwegen.', $e1);
comment($u, 'Marta Kowalska', '2024-04-03 07:30:00', 'Wie viele Boote insgesamt?');
// Comments on a post whose comments are now closed: still shown by the theme.
$o = $posts['ostsee'];
comment($o, 'Jonas Weber', '2024-11-05 19:00:00', 'Höchste Zeit.');
comment($o, 'Sofia Rossi', '2024-11-06 08:30:00', 'Wer koordiniert das?');
// Winter post, one comment in January and one reply in summer time.
$t = $posts['panzer'];
$g1 = comment($t, 'Peter Schulz', '2024-01-15 10:00:00', 'Frankreich will die Führung.');
comment($t, 'Anna Müller', '2024-07-01 12:00:00', 'Und Deutschland die Kanone.', $g1);
comment($posts['haushalt'], 'Lukas Becker', '2025-01-20 13:37:00', 'Das reicht nicht.');

// A custom category base: archives at /themen/<slug>/ (Settings → Permalinks → Category base).
// The category taxonomy was registered with the old base when WordPress loaded: register it
// again, then rebuild the rewrite rules (update_option alone would leave /category/ in them).
global $wp_rewrite;
update_option('category_base', 'themen');
create_initial_taxonomies();
$wp_rewrite->init();
$wp_rewrite->flush_rules(false);

echo "posts: ", implode(' ', array_map(fn($k, $v) => "$k=$v", array_keys($posts), $posts)), "\n";
