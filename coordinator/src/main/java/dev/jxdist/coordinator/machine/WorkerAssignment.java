package dev.jxdist.coordinator.machine;

import dev.jxdist.common.files.FileTrees;
import dev.jxdist.common.files.PrivateFiles;
import dev.jxdist.common.sync.BlobStore;
import dev.jxdist.common.sync.Layout;
import dev.jxdist.common.sync.Workspace;
import dev.jxdist.common.wire.FetchStats;
import dev.jxdist.common.wire.JoinDirective;
import dev.jxdist.common.wire.JoinerEvent;
import dev.jxdist.common.wire.WorkerBootstrap;
import dev.jxdist.coordinator.config.JoinerConfig;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Consumer;

/**
 * One worker the coordinator assigned to this machine, carried out from end to end: fetch the blobs
 * the store lacks, lay the suite out in {@code <cache>/sessions/<run>/<worker>}, wait to be told to
 * launch, start the worker JVM with the bootstrap in its environment (its log {@code 0600}, the
 * directories {@code 0700}), report its start and exit (with the tail of its output), and remove
 * what it laid out. Runs on the machine's deciding thread; {@link #close} (from a shutdown hook)
 * kills the JVM and removes its directory.
 */
final class WorkerAssignment implements AutoCloseable {

  /** Lines of the worker JVM's output sent with its exit, for the coordinator's crash report. */
  private static final int TAIL_LINES = 40;

  private final JoinerConfig config;
  private final JoinLink link;
  private final BlobStore store;
  private final BlobFetcher fetcher;
  private final Consumer<String> out;
  private volatile WorkerJvm jvm;
  private volatile Path sessionDir;

  /** What fetching and laying out an assignment's manifest gave. */
  private record LaidOut(FetchStats stats, Workspace workspace) {}

  WorkerAssignment(
      JoinerConfig config,
      JoinLink link,
      BlobStore store,
      BlobFetcher fetcher,
      Consumer<String> say) {
    this.config = config;
    this.link = link;
    this.store = store;
    this.fetcher = fetcher;
    this.out = say;
  }

  /** Carries out assignment {@code a}; returns once its JVM exited or it was called off. */
  void run(JoinDirective.Assignment a) throws JoinFailure {
    String id = a.workerId();
    Path runDir = config.cache().resolve("sessions").resolve(safe(a.runId()));
    Path dir = runDir.resolve(safe(id));
    Path log = runDir.resolve(safe(id) + ".log");
    sessionDir = dir;
    WorkerJvm started = null;
    try {
      // Only this user may enter the cache, its sessions and what is laid out there.
      PrivateFiles.directory(config.cache());
      PrivateFiles.directory(runDir.getParent());
      PrivateFiles.directory(runDir);
      FileTrees.delete(dir); // what an earlier, killed joiner may have left
      Files.deleteIfExists(log);
      PrivateFiles.newFile(log);
      // What the store had stays until it is marked used: no deletion of unused blobs meanwhile.
      LaidOut laidOut =
          store.whileInUse(
              () -> {
                FetchStats fetched = fetcher.fetch(a.manifest(), () -> link.stopping(id));
                Workspace workspace = new Layout(store).materialize(a.manifest(), dir);
                store.markUsed(a.manifest().blobSizes().keySet());
                return new LaidOut(fetched, workspace);
              });
      FetchStats stats = laidOut.stats();
      Workspace workspace = laidOut.workspace();

      say(
          String.format(
              Locale.ROOT,
              "%s (%s): fetched %d of %d files (%s) in %.1fs",
              id,
              a.suiteName(),
              stats.blobsFetched(),
              stats.files(),
              bytes(stats.bytesFetched()),
              stats.durationMs() / 1000.0));
      Path project = workspace.projectDirectory().orElse(workspace.root());
      link.send(
          new JoinerEvent.LaidOut(
              id,
              workspace.classpath().stream().map(Path::toString).toList(),
              project.toString(),
              stats));
      if (!awaitLaunch(id)) {
        if (!link.isDone()) {
          link.send(new JoinerEvent.WorkerExited(id, -1, "cancelled before it started", List.of()));
        }
        return;
      }
      List<String> command = new ArrayList<>();
      command.add(config.java().toString());
      command.addAll(a.jvmArgs());
      command.add("-jar");
      command.add(workspace.classpath().get(workspace.classpath().size() - 1).toString());
      Map<String, String> env = new LinkedHashMap<>(a.environment());
      env.putAll(
          WorkerBootstrap.dialEnvironment(
              config.coordinator().toString(),
              id,
              config.tokenFile().toAbsolutePath().toString(),
              link.pin()));
      env.put(WorkerBootstrap.WORKER_COUNT, Integer.toString(a.workerCount()));
      env.put(WorkerBootstrap.RUN_ID, a.runId());
      started = WorkerJvm.start(command, project, env, log);
      jvm = started;
      Consumer<Object> post = link.poster();
      var unused =
          started.onExit().thenAccept(code -> post.accept(new JoinLink.JvmExited(id, code)));
      link.send(new JoinerEvent.WorkerStarted(id, started.pid(), started.commandLine()));
      say(id + " started (pid " + started.pid() + ")");
      int code = awaitExit(id, started);
      say(id + " exited with " + code);
      if (!link.isDone()) {
        link.send(new JoinerEvent.WorkerExited(id, code, "", started.tail(TAIL_LINES)));
      }
    } catch (IOException | RuntimeException e) {
      String why = e.getMessage() == null ? e.toString() : e.getMessage();
      if (link.stopping(id)) {
        why = "cancelled before it started";
      } else {
        say(id + " could not be started: " + why);
      }
      if (!link.isDone()) {
        link.send(new JoinerEvent.WorkerExited(id, -1, why, List.of()));
      }
    } finally {
      if (started != null) {
        started.close();
      }
      jvm = null;
      sessionDir = null;
      FileTrees.deleteQuietly(dir); // else left for the next assignment of that id
      deleteQuietly(log);
      deleteQuietly(runDir);
    }
  }

  /** Waits for Launch (true) or Cancel (false) of {@code id}; Done ends the wait too (false). */
  private boolean awaitLaunch(String id) throws JoinFailure {
    while (true) {
      Object item = link.take();
      if (item instanceof JoinDirective.Launch l && l.workerId().equals(id)) {
        return !link.isCancelled(id);
      }
      if (item instanceof JoinDirective.Cancel c && c.workerId().equals(id)) {
        return false;
      }
      if (item instanceof JoinDirective.Done) {
        return false;
      }
      if (item instanceof JoinLink.Ended e) {
        if (e.status() != null) {
          throw link.lost(e.status());
        }
        link.markDone();
        return false;
      }
    }
  }

  /** Waits for the JVM's exit; Cancel, Done or a lost coordinator kill it first. */
  private int awaitExit(String id, WorkerJvm started) throws JoinFailure {
    JoinFailure failure = null;
    while (true) {
      Object item = link.take();
      if (item instanceof JoinLink.JvmExited x && x.workerId().equals(id)) {
        if (failure != null) {
          throw failure;
        }
        return x.exitCode();
      }
      if (item instanceof JoinDirective.Cancel c && c.workerId().equals(id)) {
        say(id + ": the coordinator stopped it (" + c.reason() + ")");
        started.kill();
      } else if (item instanceof JoinDirective.Done) {
        started.kill();
      } else if (item instanceof JoinLink.Ended e) {
        if (e.status() != null) {
          failure = link.lost(e.status());
        } else {
          link.markDone();
        }
        started.kill();
      }
    }
  }

  private static String bytes(long n) {
    if (n < 1024) {
      return n + " B";
    }
    if (n < 1024 * 1024) {
      return String.format(Locale.ROOT, "%.1f KB", n / 1024.0);
    }
    return String.format(Locale.ROOT, "%.1f MB", n / (1024.0 * 1024));
  }

  /** An id from the wire as one safe path segment. */
  static String safe(String id) {
    String s = id.replaceAll("[^A-Za-z0-9._-]", "_");
    return s.isEmpty() || s.startsWith(".") ? "_" + s : s;
  }

  /** Removes a file, or a directory if it is empty (other joiners may share the cache). */
  private static void deleteQuietly(Path path) {
    try {
      Files.deleteIfExists(path);
    } catch (IOException e) {
      // Not empty, or gone meanwhile: either way nothing to do.
    }
  }

  private void say(String line) {
    out.accept(line);
  }

  /**
   * Kills the worker JVM if one runs and removes its session directory. Safe from a shutdown hook
   * while {@link #run} is still going.
   */
  @Override
  public void close() {
    WorkerJvm running = jvm;
    if (running != null) {
      running.close();
    }
    Path dir = sessionDir;
    if (dir != null) {
      FileTrees.deleteQuietly(dir); // else left for the next assignment of that id
      deleteQuietly(dir.getParent()); // the run's directory, if no other joiner uses it
    }
  }
}
