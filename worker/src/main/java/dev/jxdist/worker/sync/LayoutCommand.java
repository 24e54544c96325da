package dev.jxdist.worker.sync;

import dev.jxdist.common.sync.BlobStore;
import dev.jxdist.common.sync.Layout;
import dev.jxdist.common.sync.Manifest;
import dev.jxdist.common.sync.Workspace;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Lays a manifest out of this host's blob store into a session directory and prints the result, for
 * the coordinator that runs it over SSH before it starts workers here:
 *
 * <pre>java -cp jxdist-worker.jar dev.jxdist.worker.sync.LayoutCommand STORE MANIFEST SESSION</pre>
 *
 * <p>Output, one item a line: {@code classpath <absolute path>} for each classpath entry in order,
 * then {@code project <absolute path>} if the manifest carries project files. Exit codes: 0 laid
 * out; 2 bad arguments; 3 the store lacks a blob or the layout failed (one line on stderr says
 * which, and that the host must be synced again).
 */
public final class LayoutCommand {

  private LayoutCommand() {}

  /** Runs the command and exits with its code. */
  public static void main(String[] args) {
    System.exit(run(args, System.out, System.err));
  }

  /** Runs the command, writing to {@code out} and {@code err}; returns the exit code. */
  public static int run(String[] args, PrintStream out, PrintStream err) {
    if (args.length != 3) {
      err.println("usage: LayoutCommand STORE MANIFEST SESSION");
      return 2;
    }
    Path store = Path.of(args[0]);
    Path manifestFile = Path.of(args[1]);
    Path session = Path.of(args[2]);
    try {
      Manifest manifest = Manifest.parse(Files.readAllBytes(manifestFile));
      Workspace workspace = new Layout(new BlobStore(store)).materialize(manifest, session);
      StringBuilder text = new StringBuilder();
      for (Path entry : workspace.classpath()) {
        text.append("classpath ").append(entry.toAbsolutePath()).append('\n');
      }
      workspace
          .projectDirectory()
          .ifPresent(p -> text.append("project ").append(p.toAbsolutePath()).append('\n'));
      out.write(text.toString().getBytes(StandardCharsets.UTF_8));
      out.flush();
      return 0;
    } catch (IOException e) {
      err.println("layout of " + session + " failed: " + e.getMessage());
      return 3;
    }
  }
}
