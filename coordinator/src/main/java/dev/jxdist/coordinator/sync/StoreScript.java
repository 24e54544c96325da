package dev.jxdist.coordinator.sync;

import dev.jxdist.common.sync.ContentHash;
import dev.jxdist.coordinator.ssh.Shell;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Collection;
import java.util.List;
import java.util.SortedSet;
import java.util.TreeSet;

/**
 * The {@code sh} scripts that a sync runs on a host, and how their output is read. They need only
 * POSIX {@code sh}, {@code mkdir}, {@code cat}, {@code chmod} and {@code mv}.
 */
final class StoreScript {

  /**
   * What the check found.
   *
   * @param root the store's absolute directory on the host
   * @param manifestPresent whether {@code manifests/<hash>.txt} is already there
   * @param missing the blobs asked about that the store lacks, sorted
   */
  record Check(String root, boolean manifestPresent, SortedSet<String> missing) {}

  private static final String ROOT_PREFIX = "root ";
  private static final String MANIFEST_LINE = "manifest";

  private StoreScript() {}

  /**
   * Creates the store's directories under {@code cacheDir} if needed, then prints {@code root
   * <absolute dir>}, {@code manifest} if the manifest {@code manifestHash} is there, and each hash
   * read from stdin (whitespace-separated) whose blob is not; if any is missing, makes all 256 blob
   * directories so that uploads need not.
   */
  static String check(String cacheDir, String manifestHash) {
    ContentHash.requireValid(manifestHash);
    StringBuilder shards = new StringBuilder();
    for (int i = 0; i < 256; i++) {
      shards.append(String.format(" blobs/%02x", i));
    }
    return "set -f\n"
        + "umask 022\n"
        + prepare(cacheDir)
        + "printf 'root %s\\n' \"$(pwd)\"\n"
        + "if [ -f manifests/" + manifestHash + ".txt ]; then echo manifest; fi\n"
        + "missing=\n"
        + "for h in $(cat); do\n"
        + "  case $h in *[!0-9a-f]*) continue ;; esac\n"
        + "  [ ${#h} -eq 64 ] || continue\n"
        + "  p=${h%\"${h#??}\"}\n"
        + "  if [ ! -f \"blobs/$p/$h\" ]; then echo \"$h\"; missing=1; fi\n"
        + "done\n"
        + "if [ -n \"$missing\" ]; then mkdir -p" + shards + " || exit 3; fi\n";
  }

  /**
   * Writes stdin to {@code manifests/<manifestHash>.txt} under {@code cacheDir} through a temporary
   * file, read-only, renamed into place.
   */
  static String putManifest(String cacheDir, String manifestHash) {
    ContentHash.requireValid(manifestHash);
    String tmp = "manifests/." + manifestHash + ".$$.tmp";
    return "umask 022\n"
        + prepare(cacheDir)
        + "cat > " + tmp + " && chmod 444 " + tmp
        + " && mv -f " + tmp + " manifests/" + manifestHash + ".txt"
        + " || { rm -f " + tmp + "; exit 3; }\n";
  }

  /** Prints the store's absolute directory, creating it if needed. */
  static String root(String cacheDir) {
    return prepare(cacheDir) + "pwd\n";
  }

  private static String prepare(String cacheDir) {
    String dir = Shell.path(cacheDir);
    return "mkdir -p " + dir + "/blobs " + dir + "/manifests " + dir + "/sessions || exit 3\n"
        + "cd " + dir + " || exit 3\n";
  }

  /** Its stdin: the hashes, one a line. */
  static byte[] hashList(Collection<String> hashes) {
    StringBuilder out = new StringBuilder(hashes.size() * 65);
    for (String h : hashes) {
      out.append(ContentHash.requireValid(h)).append('\n');
    }
    return out.toString().getBytes(StandardCharsets.UTF_8);
  }

  /**
   * Reads the check's output.
   *
   * @throws IOException if it is not what the script prints, or names a hash not asked about
   */
  static Check parseCheck(String stdout, Collection<String> asked) throws IOException {
    List<String> lines = stdout.lines().toList();
    if (lines.isEmpty() || !lines.get(0).startsWith(ROOT_PREFIX)) {
      throw new IOException("the store check printed no 'root' line");
    }
    String root = lines.get(0).substring(ROOT_PREFIX.length());
    if (!root.startsWith("/")) {
      throw new IOException("the store check printed a relative root '" + root + "'");
    }
    boolean manifest = false;
    SortedSet<String> missing = new TreeSet<>();
    for (String line : lines.subList(1, lines.size())) {
      if (line.equals(MANIFEST_LINE)) {
        manifest = true;
      } else if (ContentHash.isValid(line) && asked.contains(line)) {
        missing.add(line);
      } else {
        throw new IOException("the store check printed an unexpected line '" + line + "'");
      }
    }
    return new Check(root, manifest, missing);
  }
}
