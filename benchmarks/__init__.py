"""Speed and memory measurements; a package so that the tests can import `benchmarks.synth`."""
