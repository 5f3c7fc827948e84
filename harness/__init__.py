"""Starting and faking the servers around CareerPath, for the tests and the benchmarks."""
