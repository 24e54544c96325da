package dev.jxdist.coordinator.remote;

import dev.jxdist.common.wire.CertificatePin;
import dev.jxdist.common.wire.RunToken;
import dev.jxdist.coordinator.config.UsageException;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.nio.file.attribute.UserPrincipal;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * A run's secret kept in a file ({@code --token-file}): what the coordinator and the workers that
 * join it share. The token is the file's first line without surrounding whitespace; it is never
 * printed. A {@code coordinator-cert-sha256=} line after it carries the pin of the certificate of
 * the run that last used the file ({@link #PIN_LINE}), so that a copy of the file is all a joiner
 * needs. A file is taken only if it is readable by its owner alone and its token holds at least
 * {@value #MIN_TOKEN_CHARS} characters (128 bits as hex): anything else is refused with the command
 * that fixes it.
 */
public final class TokenFile {

  /** The start of the line that carries the coordinator's certificate pin. */
  public static final String PIN_LINE = "coordinator-cert-sha256=";

  /** The shortest token taken: 32 hex digits are 128 bits. */
  static final int MIN_TOKEN_CHARS = 32;

  private TokenFile() {}

  /**
   * The token in {@code file}, or a fresh one written to it, as {@link #readOrCreate(Path,
   * PrintStream)}; then {@code pin} is recorded in the file for joiners ({@link #recordPin}).
   */
  public static RunToken readOrCreate(Path file, CertificatePin pin, PrintStream err) {
    RunToken token = readOrCreate(file, err);
    recordPin(file, pin, err);
    return token;
  }

  /**
   * Writes {@code pin} into {@code file} (its token and other lines kept) unless it is there
   * already: a joiner with a copy of the file then accepts this run's coordinator and no other. If
   * the file cannot be written, says so on {@code err} with the option joiners need instead.
   */
  public static void recordPin(Path file, CertificatePin pin, PrintStream err) {
    try {
      List<String> lines = Files.readString(file, StandardCharsets.UTF_8).strip().lines().toList();
      String line = PIN_LINE + pin;
      if (lines.contains(line)) {
        return;
      }
      List<String> kept = new ArrayList<>();
      kept.add(lines.isEmpty() ? "" : lines.get(0));
      kept.add(line);
      lines.stream().skip(1).filter(l -> !l.startsWith(PIN_LINE)).forEach(kept::add);
      Path temp = file.resolveSibling(file.getFileName() + ".jxdist-tmp");
      Files.deleteIfExists(temp);
      createPrivate(temp);
      Files.writeString(temp, String.join("\n", kept) + "\n", StandardCharsets.UTF_8);
      Files.move(temp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    } catch (IOException e) {
      err.println(
          "jxdist: cannot write this run's certificate pin into --token-file "
              + file
              + " ("
              + e.getMessage()
              + "); start workers that join with --coordinator-cert-sha256 "
              + pin);
    }
  }

  /**
   * The coordinator's certificate pin in {@code file}, if it has a {@link #PIN_LINE}.
   *
   * @param option the option that named the file, for messages
   * @throws UsageException naming the file if it cannot be read or the pin is malformed
   */
  public static Optional<CertificatePin> readPin(Path file, String option) {
    List<String> lines;
    try {
      lines = Files.readString(file, StandardCharsets.UTF_8).lines().toList();
    } catch (NoSuchFileException e) {
      return Optional.empty(); // read() says so, with what to do
    } catch (IOException e) {
      throw new UsageException(option + " " + file + " cannot be read: " + e.getMessage());
    }
    for (String l : lines) {
      String line = l.strip();
      if (line.startsWith(PIN_LINE)) {
        try {
          return Optional.of(CertificatePin.parse(line.substring(PIN_LINE.length())));
        } catch (IllegalArgumentException e) {
          throw new UsageException(
              option + " " + file + ": its " + PIN_LINE + " line " + e.getMessage());
        }
      }
    }
    return Optional.empty();
  }

  /**
   * The token in {@code file}; if there is no such file, a fresh token written to it (readable by
   * its owner only), which is said on {@code err}.
   *
   * @throws UsageException naming the file if it is empty or cannot be read or written
   */
  public static RunToken readOrCreate(Path file, PrintStream err) {
    if (!Files.exists(file)) {
      RunToken token = RunToken.random();
      try {
        Path parent = file.toAbsolutePath().getParent();
        if (parent != null) {
          Files.createDirectories(parent);
        }
        write(file, token);
        err.println(
            "jxdist: wrote a new token for this run to "
                + file
                + " (readable by you only); give workers that join a copy of it");
        return token;
      } catch (FileAlreadyExistsException e) {
        // Someone else wrote it meanwhile: use theirs.
      } catch (IOException e) {
        throw new UsageException(
            "--token-file "
                + file
                + " cannot be created ("
                + e.getMessage()
                + "); give a file in a writable directory");
      }
    }
    return read(file, "--token-file");
  }

  /**
   * The token in {@code file}.
   *
   * @param option the option that named the file, for messages
   * @throws UsageException naming the file if it does not exist, cannot be read or is empty
   */
  public static RunToken read(Path file, String option) {
    currentUser(file).ifPresent(me -> requireOwnedBy(file, option, me));
    requireOwnerOnly(file, option);
    String token;
    try {
      token =
          Files.readString(file, StandardCharsets.UTF_8)
              .strip()
              .lines()
              .findFirst()
              .orElse("")
              .strip();
    } catch (NoSuchFileException e) {
      throw new UsageException(
          option + " " + file + " does not exist; give a copy of the coordinator's token file");
    } catch (IOException e) {
      throw new UsageException(option + " " + file + " cannot be read: " + e.getMessage());
    }
    if (token.isEmpty()) {
      throw new UsageException(
          option
              + " "
              + file
              + " is empty; put the run's secret in it, or name a file that does"
              + " not exist yet and jxdist run creates one");
    }
    if (token.length() < MIN_TOKEN_CHARS) {
      throw new UsageException(
          option
              + " "
              + file
              + " holds a token of "
              + token.length()
              + " characters, too short to keep strangers out; put at least "
              + MIN_TOKEN_CHARS
              + " random hex digits in it ('openssl rand -hex 32 > "
              + shellWord(file.toString())
              + "'), or name a file that does not exist yet and jxdist run creates one");
    }
    return RunToken.of(token);
  }

  /**
   * Refuses a token file that belongs to anyone but {@code reader} or root (as OpenSSH refuses
   * keys): its owner may know the token, and jxdist run as root would otherwise take a token
   * another user planted in a shared directory, and let that user join. A file whose owner cannot
   * be read is left to {@link #read}.
   */
  static void requireOwnedBy(Path file, String option, UserPrincipal reader) {
    UserPrincipal owner;
    try {
      owner = Files.getOwner(file);
      if (Integer.valueOf(0).equals(Files.getAttribute(file, "unix:uid"))) {
        return; // root's: no other user can have planted it
      }
    } catch (UnsupportedOperationException | IllegalArgumentException | IOException e) {
      return;
    }
    if (!owner.equals(reader)) {
      throw new UsageException(
          option
              + " "
              + file
              + " belongs to "
              + owner.getName()
              + ", not to "
              + reader.getName()
              + " who runs jxdist: its owner may know the token; name a token file of your own"
              + " instead ('umask 077; openssl rand -hex 32 > FILE' writes one), or a file that"
              + " does not exist yet, which jxdist run creates");
    }
  }

  /** Who runs this JVM, as {@code file}'s file system names users; empty if it cannot say. */
  private static Optional<UserPrincipal> currentUser(Path file) {
    try {
      return Optional.of(
          file.getFileSystem()
              .getUserPrincipalLookupService()
              .lookupPrincipalByName(System.getProperty("user.name")));
    } catch (UnsupportedOperationException | IOException e) {
      return Optional.empty();
    }
  }

  /**
   * Refuses a token file that its group or others may read or write, with the {@code chmod} that
   * fixes it. A file system without POSIX permissions is taken as it is.
   */
  private static void requireOwnerOnly(Path file, String option) {
    Set<PosixFilePermission> permissions;
    try {
      permissions = Files.getPosixFilePermissions(file);
    } catch (UnsupportedOperationException e) {
      return;
    } catch (IOException e) {
      return; // read() names the file that cannot be read
    }
    EnumSet<PosixFilePermission> others = EnumSet.noneOf(PosixFilePermission.class);
    others.addAll(permissions);
    others.removeAll(
        EnumSet.of(
            PosixFilePermission.OWNER_READ,
            PosixFilePermission.OWNER_WRITE,
            PosixFilePermission.OWNER_EXECUTE));
    if (!others.isEmpty()) {
      throw new UsageException(
          option
              + " "
              + file
              + " can be read or written by others than its owner ("
              + PosixFilePermissions.toString(permissions)
              + "); run 'chmod 600 "
              + shellWord(file.toAbsolutePath().toString())
              + "' and start again");
    }
  }

  /** {@code text} as one word for a POSIX shell, quoted only if it needs it. */
  private static String shellWord(String text) {
    return text.matches("[A-Za-z0-9_./,:@%+=-]+")
        ? text
        : "\"" + text.replaceAll("([\"\\\\$`])", "\\\\$1") + "\"";
  }

  private static void write(Path file, RunToken token) throws IOException {
    byte[] bytes = (token.reveal() + "\n").getBytes(StandardCharsets.UTF_8);
    createPrivate(file);
    Files.write(file, bytes, StandardOpenOption.WRITE, StandardOpenOption.TRUNCATE_EXISTING);
  }

  /**
   * Creates {@code file}, readable and writable by its owner only where the file system says so.
   */
  private static void createPrivate(Path file) throws IOException {
    if (file.getFileSystem().supportedFileAttributeViews().contains("posix")) {
      Files.createFile(
          file, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
    } else {
      Files.createFile(file);
    }
  }
}
