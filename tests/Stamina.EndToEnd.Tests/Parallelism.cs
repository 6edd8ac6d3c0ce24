// Fixtures run side by side: each fleet has its own database, vhost, directory and ports, and most of a fixture's
// time is spent waiting on its processes. A fixture that disturbs what others share (the shared broker, a fixed port,
// the machine's CPU or cgroups), or times something against the lease, is [NonParallelizable] and runs alone.
// Two at a time on two cores: with more, a starved worker misses its lease (3 s in the tests) on a loaded machine.
// scripts/test.sh takes another number from STAMINA_E2E_WORKERS. Benchmarks are never parallel
// (Guards/ParallelismRulesTests checks).
[assembly: Parallelizable(ParallelScope.Fixtures)]
[assembly: LevelOfParallelism(2)]
