package dev.jxdist.coordinator.cli;

import dev.jxdist.coordinator.config.UsageException;
import dev.jxdist.coordinator.history.DurationHistory;
import dev.jxdist.coordinator.report.ExitCode;
import dev.jxdist.coordinator.shard.ShardMerge;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code jxdist merge-reports OUT SHARD_DIR...}: the reports of the shards of one split run ({@code
 * jxdist run --shard I/N}) merged into one run's report, checked on the way ({@link ShardMerge}),
 * and the durations history brought up to date with what all shards measured, for the next split.
 */
@Command(
    name = "merge-reports",
    mixinStandardHelpOptions = true,
    sortOptions = false,
    description = {
      "Merges the reports of the shards of one split run (jxdist run --shard I/N) into OUT:",
      "report.json, TEST-*.xml, report.html and durations.json, the durations history that",
      "balances the next split. Checks that the shards come from one plan and split, that",
      "every shard 1..N is there once, and that no test is missing or in two shards."
    },
    footer = {
      "",
      "Exit codes: as a run on those results would give (0 all passed, 1 tests failed or",
      "crashed, 2 a shard was interrupted, 3 a shard had an internal error, 5 no tests);",
      "4 when the directories are not the shards of one split (the message names the one)."
    })
final class MergeReportsCommand implements Callable<Integer> {

  @Parameters(index = "0", paramLabel = "OUT", description = "Where the merged reports go.")
  Path out;

  @Parameters(
      index = "1..*",
      arity = "1..*",
      paramLabel = "SHARD_DIR",
      description = "Each shard's reports directory (its --reports-dir: report.json, TEST-*.xml).")
  List<Path> shardDirs;

  @Option(
      names = "--durations",
      paramLabel = "FILE",
      description =
          "Also record the shards' durations in this history (created or updated): the file the next split's shards get with --durations.")
  Path durations;

  @Override
  public Integer call() throws IOException {
    if (Files.exists(out) && !Files.isDirectory(out)) {
      throw new UsageException(out + " is a file; give the directory for the merged reports");
    }
    if (durations != null && Files.isDirectory(durations)) {
      throw new UsageException(
          "--durations " + durations + " is a directory; give the file to keep durations in");
    }
    for (Path dir : shardDirs) {
      if (dir.toAbsolutePath().normalize().equals(out.toAbsolutePath().normalize())) {
        throw new UsageException(out + " is also a shard's directory; give a directory of its own");
      }
    }
    ShardMerge.Merged merged = ShardMerge.read(shardDirs);
    ShardMerge.write(merged, out);
    int code = merged.summary().exitCode();
    Path ownHistory = out.resolve("durations.json");
    if (code == ExitCode.PASSED || code == ExitCode.TESTS_FAILED) {
      // As after a run: not when interrupted or broken, too little was measured.
      DurationHistory history =
          DurationHistory.load(durations != null ? durations.toAbsolutePath() : ownHistory);
      history.warning().ifPresent(w -> System.err.println("jxdist: " + w));
      history.record(merged.measurements());
      history.save();
      if (durations != null) {
        Files.copy(history.file(), ownHistory, StandardCopyOption.REPLACE_EXISTING);
      }
    }
    System.out.println(
        "jxdist: merged "
            + merged.shards()
            + (merged.shards() == 1 ? " shard" : " shards")
            + " into "
            + out);
    System.out.println(merged.summaryLine());
    return code;
  }
}
