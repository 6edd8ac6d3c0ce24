// Fixtures run side by side: each fleet has its own database, vhost, directory and ports, and most of a fixture's
// time is spent waiting on its processes. A fixture that disturbs what others share (the shared broker, a fixed port,
// the machine's CPU or cgroups), or times something against the lease, is [NonParallelizable] and runs alone.
// Three at a time suits two cores: more makes every fleet slower than it saves. Benchmarks are never parallel
// (Guards/ParallelismRulesTests checks).
[assembly: Parallelizable(ParallelScope.Fixtures)]
[assembly: LevelOfParallelism(3)]
