"""The defense_news benchmark: synthetic replica, fast server, crawls and micro-benchmarks."""
