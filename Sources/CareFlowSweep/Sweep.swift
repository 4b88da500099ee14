/// Parameter sweeps (see docs/sweeps.md): sweep files (SweepFile), designs
/// (Designs), SQLite results with resume (SweepStore), the task pool
/// (SweepExecutor), shards and merging (Shard, SweepDatabase.merge), Slurm
/// job arrays (SlurmScripts).
public enum SweepModule {}
