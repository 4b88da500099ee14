/// Parameter sweeps (see docs/sweeps.md).
public enum SweepModule {}
