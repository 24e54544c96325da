/**
 * Shards: a run cut into N parts that run apart, on CI machines that cannot reach one coordinator
 * ({@code --shard I/N}), and their reports merged back into one ({@code merge-reports}). The split
 * is pure and deterministic; reading and writing report directories lives in {@link
 * dev.jxdist.coordinator.shard.ShardMerge}.
 */
package dev.jxdist.coordinator.shard;
