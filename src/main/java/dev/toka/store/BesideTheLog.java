package dev.toka.store;

/** What a backend keeps beside its log, never in it: the projections' snapshots and the verified checkpoint. */
public interface BesideTheLog extends SnapshotStore, ChainCheckpoints {}
