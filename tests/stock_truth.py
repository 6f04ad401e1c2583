"""What the stock WordPress replicas (tests/sites/wp-tt3, wp-tt1, wp-api) hold, from WordPress's
database (tests/sites/wp-expected.md): shared by the tests that crawl them, so no test file
imports expected values from another."""

PUBLIC_POSTS = {7, 8, 9, 10, 11, 12, 13, 15, 16}  # 14 is password-protected, 17 a draft
COMMENTS_PER_POST = {7: 1, 10: 2, 11: 3, 12: 20, 15: 1}  # approved and visible
