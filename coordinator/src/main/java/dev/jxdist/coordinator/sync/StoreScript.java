package dev.jxdist.coordinator.sync;

import dev.jxdist.common.sync.BlobStore;
import dev.jxdist.common.sync.ContentHash;
import dev.jxdist.coordinator.ssh.Shell;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Collection;
import java.util.List;
import java.util.SortedSet;
import java.util.TreeSet;
import java.util.regex.Pattern;

/**
 * The {@code sh} scripts that a sync runs on a host, and how their output is read. They need POSIX
 * {@code sh} and its utilities, {@code tar}, and {@code openssl} or {@code sha256sum}; {@code find
 * -mmin} and {@code flock} (util-linux) for the clean-up, which leaves session directories alone
 * without {@code flock}.
 *
 * <p>The store, {@code 0700} with its top directories, files created under {@code umask 077}:
 * {@code blobs/<2 hex>/<sha256>} (read-only, {@code 0400}), {@code manifests/<hash>.txt}, {@code
 * sessions/<run id>} (each locked by its run while it lasts, see {@link #holdSession}) and {@code
 * tmp/}, where uploads unpack before their blobs are checked and renamed into place.
 *
 * <p>A blob's or manifest's time says when a sync last used it: the check touches each blob it
 * finds and the manifest if it finds that, and an upload's blobs and manifest are new. Those no
 * sync used for 30 days ({@link BlobStore#KEPT_UNUSED}) are deleted ({@link #cleanup}), so a host's
 * store holds what its runs used in that time rather than every version of every file ever synced.
 * A session directory keeps the files of a deleted blob: it holds them as hard links. The check
 * finds and touches under the shared hold of {@code .use.lock} and the deletion runs only under its
 * exclusive hold, so a blob the check just found present is not deleted before the run lays it out.
 * Java processes that use the same directory as a store ({@link BlobStore}) hold the same file,
 * with locks of the other kind, and each side looks for the other's ({@code java_lock}).
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

  /**
   * What an upload did.
   *
   * @param moved how many blobs were checked and renamed into place
   * @param bad the blobs whose content did not hash to their name (discarded), sorted
   */
  record Received(int moved, SortedSet<String> bad) {}

  /** Temporaries of interrupted syncs older than this many minutes are deleted. */
  static final int STALE_TEMPORARY_MINUTES = 60;

  /** Session directories unlocked and unchanged for this many minutes are deleted. */
  static final int STALE_SESSION_MINUTES = 24 * 60;

  /** Blobs and manifests no sync used for more than this many days are deleted. */
  static final long UNUSED_DAYS = BlobStore.KEPT_UNUSED.toDays();

  /** The file whose lock keeps a check's finds and a deletion of unused blobs apart. */
  private static final String USE_LOCK = ".use.lock";

  /**
   * A shell function: whether a Java process holds {@code .use.lock} ({@link BlobStore#whileInUse}
   * shared, a deletion exclusive), {@code $1} {@code WRITE} for an exclusive hold only, {@code any}
   * for either. Java's locks are {@code fcntl(2)} locks, which Linux keeps apart from {@code
   * flock}'s and lists in {@code /proc/locks} as {@code POSIX}, naming the file by its device's
   * major and minor numbers in hex and its inode ({@code fe:00:2148445}); the Java side reads the
   * same table for the scripts' locks. Each side takes its own lock first, then looks for the
   * other's. Without {@code /proc/locks} (not Linux) there is nothing to look for: elsewhere the
   * two kinds of lock are one.
   */
  private static final String JAVA_LOCK =
      "java_lock() {\n"
          + "  [ -r /proc/locks ] || return 1\n"
          // The table first, with the shell's own read: most hosts list no such lock, and then
          // nothing is started.
          + "  jl_held=\n"
          + "  while read -r _ jl_kind _ jl_access _ jl_id _; do\n"
          + "    if [ \"$jl_kind\" = POSIX ] && { [ \"$1\" = any ] || [ \"$jl_access\" = \"$1\" ]; };"
          + " then jl_held=\"$jl_held $jl_id\"; fi\n"
          + "  done < /proc/locks\n"
          + "  [ -n \"$jl_held\" ] || return 1\n"
          + "  set -- $(stat -c '%d %i' "
          + USE_LOCK
          + " 2>/dev/null)\n"
          + "  [ $# -eq 2 ] || return 1\n"
          // glibc's encoding of dev_t: the major and minor numbers
          + "  jl_id=$(printf '%02x:%02x:%s' $(( ($1 >> 8 & 4095) | ($1 >> 32 & ~4095) ))"
          + " $(( ($1 & 255) | ($1 >> 12 & 4294967040) )) \"$2\")\n"
          + "  case \" $jl_held \" in *\" $jl_id \"*) return 0 ;; esac\n"
          + "  return 1\n"
          + "}\n";

  /** The first line of a session's held command when it holds the session's lock. */
  static final String LOCKED = "locked";

  /** The first line of a session's held command when the host has no {@code flock}. */
  static final String UNLOCKED = "unlocked";

  private static final String ROOT_PREFIX = "root ";
  private static final String MANIFEST_LINE = "manifest";
  private static final String MOVED_PREFIX = "moved ";
  private static final String BAD_PREFIX = "bad ";
  private static final Pattern TMP_NAME = Pattern.compile("[0-9a-f]{8,64}");
  private static final int MAX_MOVE_ARGS = 500;

  private StoreScript() {}

  /**
   * Creates the store's directories under {@code cacheDir} if needed; prints {@code root <absolute
   * dir>}, {@code manifest} if the manifest {@code manifestHash} is there, and each hash read from
   * stdin (whitespace-separated) whose blob is not, touching the manifest and the blobs it finds
   * (they are used now); if any is missing, makes all 256 blob directories so that uploads need
   * not. Then cleans up ({@link #cleanup}), which never deletes what it just found.
   */
  static String check(String cacheDir, String manifestHash) {
    ContentHash.requireValid(manifestHash);
    StringBuilder shards = new StringBuilder();
    for (int i = 0; i < 256; i++) {
      shards.append(String.format(" blobs/%02x", i));
    }
    return "umask 077\n"
        + prepare(cacheDir)
        + "set -f\n"
        + JAVA_LOCK
        + "if command -v flock >/dev/null 2>&1; then\n"
        + "  exec 9>>"
        + USE_LOCK
        + " && flock -s 9\n"
        + "  while java_lock WRITE; do sleep 0.05 2>/dev/null || sleep 1; done\n"
        + "fi\n"
        + "printf 'root %s\\n' \"$(pwd)\"\n"
        + "if [ -f manifests/"
        + manifestHash
        + ".txt ]; then touch -c manifests/"
        + manifestHash
        + ".txt 2>/dev/null; echo manifest; fi\n"
        + "missing=\n"
        + "set --\n"
        + "for h in $(cat); do\n"
        + "  case $h in *[!0-9a-f]*) continue ;; esac\n"
        + "  [ ${#h} -eq 64 ] || continue\n"
        + "  p=${h%\"${h#??}\"}\n"
        + "  if [ -f \"blobs/$p/$h\" ]; then\n"
        + "    set -- \"$@\" \"blobs/$p/$h\"\n"
        + "    if [ $# -ge "
        + MAX_MOVE_ARGS
        + " ]; then touch -c \"$@\" 2>/dev/null; set --; fi\n"
        + "  else echo \"$h\"; missing=1; fi\n"
        + "done\n"
        + "if [ $# -gt 0 ]; then touch -c \"$@\" 2>/dev/null; fi\n"
        + "if [ -n \"$missing\" ]; then mkdir -p"
        + shards
        + " || exit 3; fi\n"
        + "exec 9>&-\n"
        + "set +f\n"
        + cleanupSteps();
  }

  /**
   * Removes what interrupted syncs and ended runs left in the store (run from the store's
   * directory; never fails): temporary files and upload directories nothing in which changed for
   * {@value #STALE_TEMPORARY_MINUTES} minutes, and session directories unchanged for {@value
   * #STALE_SESSION_MINUTES} minutes whose lock no run holds. A run holds its session's lock while
   * its coordinator is connected, however long it lasts; the age keeps a session whose run has just
   * made it and not yet locked it (and those of runs by jxdist versions that did not lock). Then
   * deletes the blobs and manifests no sync used for 30 days ({@link BlobStore#KEPT_UNUSED}), if no
   * check is finding blobs meanwhile (else a later sync does), nor a Java process using the store
   * ({@link BlobStore#whileInUse}: this machine's own store, or a joiner's, may be a host's too).
   * Without {@code flock} it deletes neither sessions nor blobs.
   */
  static String cleanup() {
    return JAVA_LOCK + cleanupSteps();
  }

  private static String cleanupSteps() {
    return "find blobs -name '*.tmp' -type f -mmin +"
        + STALE_TEMPORARY_MINUTES
        + " -exec rm -f {} + 2>/dev/null\n"
        + "for d in tmp/*; do\n"
        + "  [ -e \"$d\" ] || continue\n"
        + "  [ -n \"$(find \"$d\" -mmin -"
        + STALE_TEMPORARY_MINUTES
        + " 2>/dev/null | head -n 1)\" ] || rm -rf \"$d\"\n"
        + "done\n"
        + "if command -v flock >/dev/null 2>&1; then\n"
        + "  for d in sessions/*; do\n"
        + "    [ -d \"$d\" ] || continue\n"
        + "    [ -n \"$(find \"$d\" -maxdepth 0 -mmin +"
        + STALE_SESSION_MINUTES
        + " 2>/dev/null)\" ] || continue\n"
        + "    flock -n \"$d/.lock\" rm -rf \"$d\" 2>/dev/null\n"
        + "  done\n"
        + "  (\n"
        + "    flock -n -x 9 || exit 0\n"
        + "    ! java_lock any || exit 0\n"
        + "    find blobs -type f ! -name '*.tmp' -mtime +"
        + UNUSED_DAYS
        + " -exec rm -f {} +\n"
        + "    find manifests -type f -name '*.txt' -mtime +"
        + UNUSED_DAYS
        + " -exec rm -f {} +\n"
        + "  ) 9>>"
        + USE_LOCK
        + " 2>/dev/null || :\n"
        + "fi\n";
  }

  /**
   * Receives a {@link BlobTar} on stdin into the store at {@code root}: unpacks it into {@code
   * tmp/<tmpName>} and hashes the blobs there ({@code openssl} if the host has it, else {@code
   * sha256sum}), each group as soon as tar names the marker after it (GNU tar and busybox name
   * members as they come; with a tar that names none, all are hashed at the end), and what came
   * after the last marker when the stream ends. Then renames the blobs whose content hashes to
   * their name into place (one {@code mv} per blob directory; a blob another sync put there
   * meanwhile is replaced by the same content, which {@code rename} does atomically) and prints
   * {@code bad <hash>} for the others, which are discarded; then, if none was bad, renames the
   * manifest to {@code manifests/<manifestHash>.txt}. Prints {@code moved <count>} last. The upload
   * directory is removed however the script ends.
   */
  static String receive(String root, String tmpName, String manifestHash) {
    ContentHash.requireValid(manifestHash);
    if (!TMP_NAME.matcher(tmpName).matches()) {
      throw new IllegalArgumentException("bad upload directory name " + tmpName);
    }
    return "set -f\n"
        + "umask 077\n"
        + "cd "
        + Shell.quote(root)
        + " || exit 3\n"
        + "mkdir -p tmp || exit 3\n"
        + "t=tmp/"
        + tmpName
        + "\n"
        + "mkdir \"$t\" || exit 3\n"
        + "trap 'rm -rf \"$t\"' EXIT\n"
        + "trap 'exit 129' HUP\n"
        + "trap 'exit 130' INT\n"
        + "trap 'exit 143' TERM\n"
        + "if command -v openssl >/dev/null 2>&1; then sum='openssl dgst -sha256 -r'\n"
        + "elif command -v sha256sum >/dev/null 2>&1; then sum=sha256sum\n"
        + "else echo 'neither openssl nor sha256sum is installed' >&2; exit 3; fi\n"
        // GNU tar reads a pipe in 10 KiB records unless told otherwise: 64 KiB halve its work.
        + "b=\n"
        + "case $(tar --version 2>/dev/null) in *GNU*) b='-b 128' ;; esac\n"
        + "{ (cd \"$t\" && exec tar $b -xvmf -); echo $? > \"$t/.tar\"; } | {\n"
        + "  k=0\n"
        + "  pids=\n"
        + "  seen=0\n"
        + "  set --\n"
        + "  while :; do\n"
        + "    n=\n"
        + "    IFS= read -r n || n=.end\n"
        + "    case $n in\n"
        + "      .g* | .end)\n"
        + "        if [ $# -gt 0 ]; then\n"
        + "          (cd \"$t\" && exec $sum \"$@\") > \"$t/.sums$k\" &\n"
        + "          pids=\"$pids $!\"\n"
        + "          k=$((k + 1))\n"
        + "          set --\n"
        + "        fi\n"
        + "        [ \"$n\" = .end ] && break ;;\n"
        + "      ??/*) set -- \"$@\" \"$n\"; seen=$((seen + 1)) ;;\n"
        + "    esac\n"
        + "  done\n"
        + "  for p in $pids; do wait \"$p\" || exit 3; done\n"
        + "  set --\n"
        + "  i=0\n"
        + "  while [ $i -lt $k ]; do set -- \"$@\" \"$t/.sums$i\"; i=$((i + 1)); done\n"
        + "  if [ $# -gt 0 ]; then cat \"$@\"; fi > \"$t/.sums\"\n"
        + "  echo $seen > \"$t/.seen\"\n"
        + "} || exit 3\n"
        + "read -r s < \"$t/.tar\"\n"
        + "[ \"$s\" = 0 ] || exit 3\n"
        // A tar that names nothing it unpacks: hash all now.
        + "read -r seen < \"$t/.seen\"\n"
        + "if [ \"$seen\" = 0 ]; then\n"
        + "  (cd \"$t\" && find . -path './??/*' -type f -exec $sum {} +) > \"$t/.sums\""
        + " || exit 3\n"
        + "fi\n"
        + "moved=0\n"
        + "bad=\n"
        + "d=\n"
        + "set --\n"
        + "while read -r h f; do\n"
        + "  f=${f#\\*}\n"
        + "  f=${f#./}\n"
        + "  n=${f##*/}\n"
        + "  if [ \"$h\" != \"$n\" ]; then echo \"bad $n\"; bad=1; continue; fi\n"
        + "  s=${f%/*}\n"
        + "  if [ \"$s\" != \"$d\" ] || [ $# -ge "
        + MAX_MOVE_ARGS
        + " ]; then\n"
        + "    if [ $# -gt 0 ]; then mv -f \"$@\" \"blobs/$d/\" || exit 3; fi\n"
        + "    d=$s\n"
        + "    set --\n"
        + "  fi\n"
        + "  set -- \"$@\" \"$t/$f\"\n"
        + "  moved=$((moved + 1))\n"
        + "done < \"$t/.sums\"\n"
        + "if [ $# -gt 0 ]; then mv -f \"$@\" \"blobs/$d/\" || exit 3; fi\n"
        + "if [ -z \"$bad\" ] && [ -f \"$t/"
        + BlobTar.MANIFEST
        + "\" ]; then\n"
        + "  mv -f \"$t/"
        + BlobTar.MANIFEST
        + "\" manifests/"
        + manifestHash
        + ".txt || exit 3\n"
        + "fi\n"
        + "echo \"moved $moved\"\n";
  }

  /**
   * Writes stdin to {@code manifests/<manifestHash>.txt} under {@code cacheDir} through a temporary
   * file, read-only, renamed into place.
   */
  static String putManifest(String cacheDir, String manifestHash) {
    ContentHash.requireValid(manifestHash);
    String tmp = "manifests/." + manifestHash + ".$$.tmp";
    return "umask 077\n"
        + prepare(cacheDir)
        + "cat > "
        + tmp
        + " && chmod 400 "
        + tmp
        + " && mv -f "
        + tmp
        + " manifests/"
        + manifestHash
        + ".txt"
        + " || { rm -f "
        + tmp
        + "; exit 3; }\n";
  }

  /**
   * Makes the session directory {@code dir} and holds its lock ({@code <dir>/.lock}) for as long as
   * the command runs, i.e. until its input ends; first prints {@value #LOCKED}, or {@value
   * #UNLOCKED} on a host without {@code flock}.
   */
  static String holdSession(String dir) {
    String d = Shell.quote(dir);
    return "umask 077\nmkdir -p "
        + d
        + " || exit 3\n"
        + "if command -v flock >/dev/null 2>&1; then\n"
        + "  exec flock -n "
        + Shell.quote(dir + "/.lock")
        + " sh -c 'echo "
        + LOCKED
        + "; exec cat >/dev/null'\n"
        + "fi\n"
        + "echo "
        + UNLOCKED
        + "\n"
        + "exec cat >/dev/null\n";
  }

  /** Prints the store's absolute directory, creating it if needed. */
  static String root(String cacheDir) {
    return "umask 077\n" + prepare(cacheDir) + "pwd\n";
  }

  private static String prepare(String cacheDir) {
    String dir = Shell.path(cacheDir);
    return "mkdir -p "
        + dir
        + "/blobs "
        + dir
        + "/manifests "
        + dir
        + "/sessions "
        + dir
        + "/tmp || exit 3\n"
        // Only the store's owner may enter it, whatever an older jxdist or the umask made.
        + "chmod 700 "
        + dir
        + " "
        + dir
        + "/blobs "
        + dir
        + "/manifests "
        + dir
        + "/sessions "
        + dir
        + "/tmp 2>/dev/null\n"
        + "cd "
        + dir
        + " || exit 3\n";
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

  /**
   * Reads the output of {@link #receive}.
   *
   * @throws IOException if it is not what the script prints
   */
  static Received parseReceive(String stdout) throws IOException {
    Integer moved = null;
    SortedSet<String> bad = new TreeSet<>();
    for (String line : stdout.lines().toList()) {
      if (line.startsWith(BAD_PREFIX) && ContentHash.isValid(line.substring(BAD_PREFIX.length()))) {
        bad.add(line.substring(BAD_PREFIX.length()));
      } else if (line.startsWith(MOVED_PREFIX) && moved == null) {
        try {
          moved = Integer.parseInt(line.substring(MOVED_PREFIX.length()));
        } catch (NumberFormatException e) {
          throw new IOException("the upload printed a bad count '" + line + "'", e);
        }
      } else {
        throw new IOException("the upload printed an unexpected line '" + line + "'");
      }
    }
    if (moved == null) {
      throw new IOException("the upload printed no 'moved' line");
    }
    return new Received(moved, bad);
  }
}
